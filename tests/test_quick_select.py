"""The quick select of long lists writes the same markup as Django's own select."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms import QuickSelect

CHOICES = [
    ("", "Alle faculteiten"),
    (1, 'Recht & "Bestuur" <script>'),
    ("Opleidingen", [(2, "Verpleegkunde"), (3, "Logopedie")]),
]


@pytest.mark.parametrize("value", [None, "", "1", 3, "999"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_eenheid", "class": "form-select is-invalid", "aria-invalid": "true"}],
)
def test_the_same_markup_as_djangos_select(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("eenheid", value, attrs)
    theirs = forms.Select(choices=CHOICES).render("eenheid", value, attrs)
    assert parse_html(ours) == parse_html(theirs)
    assert "<script>" not in ours


def test_the_chosen_option_is_selected():
    html = QuickSelect(choices=CHOICES).render("eenheid", 3)
    assert '<option value="3" selected>Logopedie</option>' in html

"""The quick select of long lists and the quick inputs write the same markup as Django's own."""

import pytest
from django import forms
from django.test.html import parse_html

from core import widgets
from core.forms import QuickSelect

CHOICES = [
    ("", "Alle faculteiten"),
    (1, 'Recht & "Bestuur" <script>'),
    ("Opleidingen", [(2, "Verpleegkunde"), (3, "Logopedie"), (None, "Geen")]),
    (3, "Logopedie, nogmaals"),  # a value twice: only the first is selected, as in Django
]


@pytest.mark.parametrize("value", [None, "", "1", 3, "None", "999"])
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


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "chosen"])
def test_model_choices_the_same_markup_as_djangos_select_from_one_query(
    value, django_assert_num_queries
):
    from accounts.models import OrganisationUnit

    for code in ("B", "A", "C"):
        OrganisationUnit.objects.create(code=code, name=f"Eenheid <{code}>", kind="faculty")
    units = OrganisationUnit.objects.order_by("code")
    chosen = units.get(code="B").pk if value == "chosen" else value

    def select(widget):
        return forms.ModelChoiceField(queryset=units, empty_label="Alle", widget=widget)

    with django_assert_num_queries(1):
        ours = select(QuickSelect).widget.render("eenheid", chosen)
    theirs = select(forms.Select).widget.render("eenheid", chosen)
    assert parse_html(ours) == parse_html(theirs)
    assert ours.count("<option") == 4 and "&lt;B&gt;" in ours


INPUT_ATTRS = [
    None,
    {"id": "id_q", "class": "form-control is-invalid", "aria-invalid": "true", "required": True},
    {"type": "search", "maxlength": 100, "aria-describedby": "id_q_helptext", "disabled": False},
    {"data-x": 'a "quoted" <b>&</b>'},
]


@pytest.mark.parametrize("value", [None, "", "jan de vries", '"><script>alert(1)</script>', 7])
@pytest.mark.parametrize("attrs", INPUT_ATTRS)
def test_the_text_input_is_djangos(value, attrs):
    ours = widgets.TextInput(attrs={"class": "form-control"}).render("q", value, attrs)
    theirs = forms.TextInput(attrs={"class": "form-control"}).render("q", value, attrs)
    assert parse_html(ours) == parse_html(theirs)
    assert "<script>" not in ours


@pytest.mark.parametrize("value", [None, False, True, "", "on", "true"])
@pytest.mark.parametrize("attrs", INPUT_ATTRS)
def test_the_checkbox_is_djangos(value, attrs):
    ours = widgets.CheckboxInput().render("verlopen", value, attrs)
    theirs = forms.CheckboxInput().render("verlopen", value, attrs)
    assert parse_html(ours) == parse_html(theirs)


def test_templates_see_djangos_widget_types():
    class Form(forms.Form):
        q = forms.CharField(widget=widgets.TextInput)
        overdue = forms.BooleanField(widget=widgets.CheckboxInput)

    form = Form()
    assert (form["q"].widget_type, form["overdue"].widget_type) == ("text", "checkbox")

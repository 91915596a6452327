"""`{% field %}`: every form field with its label, help text and errors, linked for screen
readers, everything a person typed or an institution named escaped."""

import pytest
from django import forms
from django.template import TemplateSyntaxError, engines
from django.test.html import parse_html
from django.utils import translation

from core.forms import StyledForm

HOSTILE = '<script>alert("x")</script>'


class ExampleForm(StyledForm):
    name = forms.CharField(label=f"Naam {HOSTILE}", help_text=f"Zoals op je pas {HOSTILE}")
    note = forms.CharField(label="Notitie", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(
        label="Soort",
        choices=[("a", f"Eerste {HOSTILE}"), ("b", "Tweede")],
        widget=forms.RadioSelect,
    )
    places = forms.MultipleChoiceField(
        label="Plekken",
        choices=[("x", "Hier"), ("y", "Daar")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Kies er gerust meer",
    )
    agree = forms.BooleanField(label="Akkoord", help_text="Lees eerst de voorwaarden")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_name(self):
        raise forms.ValidationError(f"Klopt niet: {self.cleaned_data['name']}")


def render(source, **context):
    """In Dutch, the source language, whatever an earlier test left active."""
    with translation.override("nl"):
        return engines["django"].from_string(source).render(context)


@pytest.fixture
def checked_form():
    form = ExampleForm({"name": HOSTILE, "note": "", "token": "t"})
    with translation.override("nl"):
        form.is_valid()
    return form


def test_a_text_box_has_its_label_help_and_error_linked(checked_form):
    html = render("{% field form.name %}", form=checked_form)
    assert parse_html(html) == parse_html(
        '<div class="mb-3 zw-field">'
        '<label class="form-label fw-semibold" for="id_name">Naam '
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        '<span class="text-body-secondary fw-normal">(verplicht)</span></label>'
        '<input type="text" name="name" value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" '
        'class="form-control is-invalid" aria-invalid="true" '
        'aria-describedby="id_name_error id_name_helptext" required id="id_name">'
        '<div class="form-text" id="id_name_helptext">Zoals op je pas &lt;script&gt;alert('
        "&quot;x&quot;)&lt;/script&gt;</div>"
        '<div class="invalid-feedback d-block" id="id_name_error">Klopt niet: &lt;script&gt;'
        "alert(&quot;x&quot;)&lt;/script&gt;</div>"
        "</div>"
    )
    assert "<script>" not in html


def test_an_optional_field_says_nothing_of_being_required(checked_form):
    html = render("{% field form.note %}", form=checked_form)
    assert "verplicht" not in html
    assert '<label class="form-label fw-semibold" for="id_note">Notitie</label>' in html
    assert "<textarea" in html


def test_radio_buttons_are_a_fieldset_with_the_label_as_legend(checked_form):
    html = render("{% field form.kind %}", form=checked_form)
    assert parse_html(html) == parse_html(
        '<fieldset class="mb-3 zw-field" id="id_kind_group">'
        '<legend class="form-label fs-6 fw-semibold mb-1">Soort '
        '<span class="text-body-secondary fw-normal">(verplicht)</span></legend>'
        '<div class="form-check"><input type="radio" name="kind" value="a" '
        'class="form-check-input is-invalid" aria-invalid="true" aria-describedby="id_kind_error" '
        'required id="id_kind_0"><label class="form-check-label" for="id_kind_0">Eerste '
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</label></div>"
        '<div class="form-check"><input type="radio" name="kind" value="b" '
        'class="form-check-input is-invalid" aria-invalid="true" aria-describedby="id_kind_error" '
        'required id="id_kind_1"><label class="form-check-label" for="id_kind_1">Tweede</label>'
        "</div>"
        '<div class="invalid-feedback d-block" id="id_kind_error">Dit veld is verplicht.</div>'
        "</fieldset>"
    )


def test_inline_options_stand_side_by_side_with_the_help_first(checked_form):
    html = render("{% field form.places inline=True %}", form=checked_form)
    assert html.count('<div class="form-check form-check-inline">') == 2
    assert html.index('id="id_places_helptext"') < html.index('type="checkbox"')
    assert '<div class="form-text mt-0 mb-2" id="id_places_helptext">' in html
    assert "invalid-feedback" not in html


def test_a_checkbox_comes_before_its_label(checked_form):
    html = render("{% field form.agree %}", form=checked_form)
    assert parse_html(html) == parse_html(
        '<div class="form-check mb-3 zw-field">'
        '<input type="checkbox" name="agree" class="form-check-input is-invalid" '
        'aria-invalid="true" aria-describedby="id_agree_error id_agree_helptext" required '
        'id="id_agree">'
        '<label class="form-check-label" for="id_agree">Akkoord</label>'
        '<div class="form-text" id="id_agree_helptext">Lees eerst de voorwaarden</div>'
        '<div class="invalid-feedback d-block" id="id_agree_error">Dit veld is verplicht.</div>'
        "</div>"
    )


def test_a_hidden_field_is_only_its_input(checked_form):
    html = render("{% field form.token %}", form=checked_form)
    assert parse_html(html) == parse_html(
        '<input type="hidden" name="token" value="t" class="form-control" id="id_token">'
    )


def test_the_fields_of_a_form_in_a_loop_in_english():
    with translation.override("en"):
        source = "{% for field in form %}{% field field %}{% endfor %}"
        html = engines["django"].from_string(source).render({"form": ExampleForm()})
    # The name and the kind; a checkbox one must tick says so in its own words.
    assert html.count("(required)") == 2
    assert "verplicht" not in html
    assert "invalid" not in html  # an unchecked form marks nothing


def test_a_misspelt_field_is_an_error_not_an_empty_label(checked_form):
    with pytest.raises(TemplateSyntaxError, match="needs a form's field"):
        render("{% field form.nmae %}", form=checked_form)

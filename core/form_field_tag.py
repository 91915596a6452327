"""`{% field form.x %}`: a form field with its label, help text and errors, the one markup every
form of the product uses.

Written in Python rather than as an included template: an `{% include %}` builds a context and
renders a template of a dozen nodes per field, and the case list's seven filters paid more for
that than for their widgets (issue 20, `bench/per_request.py --cprofile`). The markup:

- text boxes, selects, text areas, dates: a bold label above the widget; "(verplicht)" after the
  label of a required field;
- radio buttons and checkbox lists: a fieldset with the label as its legend (`inline=True`
  puts the options side by side);
- a single checkbox: the box, then its label;
- help text and each error under the widget, with the ids the widgets' `aria-describedby`
  point to (`core.forms.StyledForm`).

Registered as a built-in of the template engine (settings: `TEMPLATES`), so no template loads it.
"""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.markup import format_html, format_html_join

register = template.Library()

_FIELDSET = frozenset({"radioselect", "checkboxselectmultiple"})


@register.simple_tag
def field(bound, inline=False):
    """The markup of one bound field (see the module's docstring)."""
    if not isinstance(bound, BoundField):
        # A misspelt name (`form.nmae`) is "" in a template: say so, not render an empty label.
        raise template.TemplateSyntaxError(f"{{% field %}} needs a form's field, not {bound!r}")
    if bound.is_hidden:
        return SafeString(str(bound))
    kind = bound.widget_type
    if kind in _FIELDSET:
        return _fieldset(bound, inline=inline)
    if kind == "checkbox":
        return format_html(
            '<div class="form-check mb-3 zw-field">\n  {}\n'
            '  <label class="form-check-label" for="{}">{}</label>\n{}{}</div>\n',
            bound,
            bound.id_for_label,
            bound.label,
            _help(bound, "form-text"),
            _errors(bound),
        )
    return format_html(
        '<div class="mb-3 zw-field">\n'
        '  <label class="form-label fw-semibold" for="{}">{}{}</label>\n  {}\n{}{}</div>\n',
        bound.id_for_label,
        bound.label,
        _required(bound),
        bound,
        _help(bound, "form-text"),
        _errors(bound),
    )


def _fieldset(bound, *, inline):
    option_class = "form-check form-check-inline" if inline else "form-check"
    options = format_html_join(
        "",
        '  <div class="{}">\n    {}\n'
        '    <label class="form-check-label" for="{}">{}</label>\n  </div>\n',
        (
            (option_class, option.tag(), option.id_for_label, option.choice_label)
            for option in bound
        ),
    )
    return format_html(
        '<fieldset class="mb-3 zw-field" id="{}_group">\n'
        '  <legend class="form-label fs-6 fw-semibold mb-1">{}{}</legend>\n{}{}{}</fieldset>\n',
        bound.auto_id,
        bound.label,
        _required(bound),
        _help(bound, "form-text mt-0 mb-2"),
        options,
        _errors(bound),
    )


def _required(bound):
    if not bound.field.required:
        return ""
    return format_html(' <span class="text-body-secondary fw-normal">({})</span>', _("verplicht"))


def _help(bound, classes):
    if not bound.help_text:
        return ""
    return format_html(
        '  <div class="{}" id="{}_helptext">{}</div>\n', classes, bound.auto_id, bound.help_text
    )


def _errors(bound):
    return format_html_join(
        "",
        '  <div class="invalid-feedback d-block" id="{}_error">{}</div>\n',
        ((bound.auto_id, error) for error in bound.errors),
    )

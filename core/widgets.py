"""Django's text box and checkbox written in Python, for the few that a much-read page shows
(the case list's filters, issue 20): Django renders each through its input template and an
attributes template, a template engine's worth of work for one tag. The same markup as
Django's templates (tests/test_quick_select.py compares them), and the same class names, so a
template's `field.widget_type` ("text", "checkbox") is Django's too."""

from django import forms
from django.utils.safestring import mark_safe

from core.markup import format_html


class _WrittenInPython:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if widget["value"] is None else format_html(' value="{}"', widget["value"]),
            mark_safe(  # noqa: S308 - every name and value is escaped here
                "".join(
                    format_html(" {}", key) if item is True else format_html(' {}="{}"', key, item)
                    for key, item in widget["attrs"].items()
                    if item is not False
                )
            ),
        )


class TextInput(_WrittenInPython, forms.TextInput):
    pass


class CheckboxInput(_WrittenInPython, forms.CheckboxInput):
    pass

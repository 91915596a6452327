"""`format_html` for markup written in Python in a loop: the case list's rows, a case's
timeline, the options of a long select.

Django's `format_html` escapes each value through `conditional_escape` and `escape`, which is
wrapped by `keep_lazy`: every value pays a check of every argument for lazy translations and a
`SafeString` of its own. For the 22 rows of a counsellor's list that was 570 values and a sixth
of the page's Python time (issue 20, `bench/per_request.py --cprofile`). This does the same
with the standard library's `html.escape`, which Django's `escape` calls: the same output
(tests/test_markup.py compares the two over awkward values), without the wrappers.
"""

from collections.abc import Mapping
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def _escaped(value):
    # As conditional_escape: a lazy translation is made text first; what is safe then (a
    # SafeString, a form's widget) stays as it is; anything else is made text and escaped.
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def format_html(template, /, *args, **kwargs):
    """`django.utils.html.format_html`: `template` with every value escaped, safe. Without a
    value it refuses, as Django 6 does: `format_html(f"<b>{name}</b>")` would mark a name safe."""
    if not (args or kwargs):
        raise TypeError("format_html needs the values to escape as arguments")
    return SafeString(
        template.format(
            *[_escaped(arg) for arg in args],
            **{name: _escaped(value) for name, value in kwargs.items()},
        )
    )


def format_html_join(separator, template, values):
    """`django.utils.html.format_html_join`: `template` filled with each tuple (or, for
    a mapping, its items by name) of `values`, joined by `separator` (escaped)."""
    return SafeString(
        _escaped(separator).join(
            format_html(template, **value)
            if isinstance(value, Mapping)
            else format_html(template, *value)
            for value in values
        )
    )

"""core.markup writes what Django's format_html and format_html_join write, for every kind of
value a page passes: text to escape, safe markup, lazy translations, numbers, dates, None."""

import datetime

import pytest
from django.utils import html as django_html
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core import markup

AWKWARD = [
    "plain",
    "<script>alert('x')</script>",
    "quote \" and apostrophe ' & ampersand",
    "&amp; already an entity",
    "",
    "één · naïef — “quotes”",
    mark_safe("<strong>safe</strong>"),
    SafeString("<em>&amp;</em>"),
    gettext_lazy("Onbekend"),
    mark_safe(gettext_lazy("verplicht")),
    lazy(lambda: "<b>lazy</b>", str)(),
    lazy(lambda: mark_safe("<i>lazy and safe</i>"), str)(),
    42,
    3.5,
    None,
    datetime.date(2026, 3, 3),
]


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_one_value_by_position_and_by_name(value, language):
    with translation.override(language):
        ours = markup.format_html("<td>{}</td><td>{v}</td>", value, v=value)
        djangos = django_html.format_html("<td>{}</td><td>{v}</td>", value, v=value)
    assert ours == djangos
    assert isinstance(ours, SafeString)


def test_format_html_join_with_tuples_mappings_and_a_separator_to_escape():
    rows = [(value, value) for value in AWKWARD]
    assert markup.format_html_join("<br>", "<li>{}|{}</li>", rows) == (
        django_html.format_html_join("<br>", "<li>{}|{}</li>", rows)
    )
    named = [{"a": value} for value in AWKWARD]
    assert markup.format_html_join(
        mark_safe("<br>"), "<li>{a}</li>", named
    ) == django_html.format_html_join(mark_safe("<br>"), "<li>{a}</li>", named)
    assert isinstance(markup.format_html_join("", "{}", []), SafeString)


def test_a_template_without_values_is_refused():
    name = "<script>alert(1)</script>"
    with pytest.raises(TypeError):
        markup.format_html(f"<b>{name}</b>")

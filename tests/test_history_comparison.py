"""History as a comparison (audit.comparison): values in words, long texts by the lines that
changed, and only the fields that changed."""

import datetime

from django.utils import translation

from audit.comparison import EMPTY, display, field_changes, line_changes
from incidents.models import IncidentTimelineEntry
from network import services
from network.models import Article
from network.selectors import HIDDEN_FIELDS
from tests.network_helpers import article_data, make_article


def _field(model, name):
    return model._meta.get_field(name)


def test_values_read_as_words_in_the_readers_language(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    category, published = _field(Article, "category"), _field(Article, "is_published")
    at = _field(IncidentTimelineEntry, "at")
    late_evening_utc = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    with translation.override("nl"):
        assert display(category, Article.Category.SIGNALS) == str(Article.Category.SIGNALS.label)
        assert (display(published, True), display(published, False)) == ("ja", "nee")
        assert display(at, late_evening_utc) == "2 maart 2026 00:30"  # local time, next day
        assert display(at, None) == display(category, "") == EMPTY
    with translation.override("en"):
        assert (display(published, True), display(published, False)) == ("yes", "no")


def test_a_long_text_shows_only_the_lines_that_went_and_came():
    old = "Eerste regel.\nTweede regel.\nDerde regel."
    new = "Eerste regel.\nTweede regel, aangevuld.\nDerde regel."
    assert line_changes(old, new) == ("Tweede regel.", "Tweede regel, aangevuld.")
    assert line_changes("", "Nieuw.") == (EMPTY, "Nieuw.")
    assert line_changes(old, old) == (EMPTY, EMPTY)


def test_only_the_fields_that_changed_and_on_creation_only_what_was_filled_in(
    functional_admin,
):
    article = make_article(functional_admin, body_nl="Regel een.\nRegel twee.")
    services.update_article(
        article,
        data=article_data(body_nl="Regel een.\nRegel drie.", is_published=False),
        reason="Bijgewerkt",
        acting_user=functional_admin,
    )
    created, changed = article.history.order_by("history_date", "pk")
    with translation.override("nl"):
        first = field_changes(Article, None, created, hidden=HIDDEN_FIELDS)
        then = field_changes(Article, created, changed, hidden=HIDDEN_FIELDS)
    labels = [change.label for change in first]
    assert "Titel (Nederlands)" in labels and "Gepubliceerd" in labels
    assert "Tonen op Hulp en contacten" not in labels  # false on creation: nothing to say
    assert "Samenvatting (Nederlands)" not in labels  # left empty
    assert {(c.label, c.old, c.new, c.is_text) for c in then} == {
        ("Tekst (Nederlands)", "Regel twee.", "Regel drie.", True),
        ("Gepubliceerd", "ja", "nee", False),
    }

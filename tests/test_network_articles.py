"""The knowledge base: safe rendering, search in both languages, who may edit, and history."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.roles import RoleCode
from accounts.services import get_system_user, set_user_language
from demo.network import ARTICLES, PARTNERS, seed_network
from network import services
from network.models import Article, Partner
from network.rendering import render_markdown
from tests.conftest import PERSONAS
from tests.network_helpers import article_data, elements_of, make_article
from tests.query_helpers import queries_of

EDITORS = {RoleCode.TRAINING_COORDINATOR, RoleCode.FUNCTIONAL_ADMIN}
ALL_PERSONAS = [*PERSONAS, "outsider"]

HOSTILE = """
# Kop

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[klik hier](javascript:alert(1)) en [ook hier](JaVaScRiPt:alert(1))
en [entiteit](jav&#x61;script:alert(1)) en ![plaatje](javascript:alert(1))

<iframe src="https://example.org/">binnenin</iframe>

<a href="https://example.org/" onclick="alert(1)">link met onclick</a>

<p style="color:red" onmouseover="alert(1)">gestyled</p><svg onload=alert(1)></svg>
<style>body{display:none}</style><object data="x.swf"></object>

<javascript:alert(1)>
"""


def _assert_harmless(html):
    for tag, attrs in elements_of(html):
        assert tag not in {"iframe", "img", "object", "embed", "svg", "style"}, tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs  # only the page's own
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, name)
    assert "alert(1)" not in html


def test_hostile_markdown_is_sanitised_by_the_renderer():
    html = render_markdown(HOSTILE)
    _assert_harmless(html)
    # The page title is the h1, so headings in the text start at h2.
    assert '<h2 class="h4 mt-4">Kop</h2>' in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">link met onclick</a>' in html
    assert "binnenin" not in html  # a frame goes with its content


def test_allowed_markdown_survives():
    html = render_markdown(
        "## Kop\n\n- **vet** en *schuin*\n\n> citaat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[web](https://example.org/) [mail](mailto:a@example.org) [bel](tel:112) [hier](/kennis/)"
    )
    for fragment in (
        '<h2 class="h4 mt-4">Kop</h2>',
        "<strong>vet</strong>",
        "<em>schuin</em>",
        "<blockquote",
        '<table class="table table-sm">',
        'href="https://example.org/"',
        'href="mailto:a@example.org"',
        'href="tel:112"',
        'href="/kennis/"',
    ):
        assert fragment in html


def test_hostile_article_page_has_no_script_event_or_javascript_url(
    client, training_coordinator, reporter
):
    make_article(
        training_coordinator,
        slug="vijandig",
        title_nl="<script>alert(1)</script> titel",
        summary_nl="<img src=x onerror=alert(1)>",
        body_nl=HOSTILE,
    )
    client.force_login(reporter)
    for url in (
        reverse("network:article", args=["vijandig"]),
        reverse("network:article_list"),
        reverse("network:article_history", args=["vijandig"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        for tag, attrs in elements_of(html):
            if tag == "script":
                assert attrs.get("src", "").startswith("/static/"), (url, attrs)
            for name, value in attrs.items():
                assert not name.lower().startswith("on"), (url, tag, name)
                assert not (value or "").lower().strip().startswith("javascript:"), (url, tag)
            assert tag not in {"iframe", "img", "object", "svg"}, (url, tag)
    article_html = client.get(reverse("network:article", args=["vijandig"])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; titel" in article_html  # titles are escaped


# --- Reading and search --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_every_staff_member_reads_the_knowledge_base(client, persona, training_coordinator):
    make_article(training_coordinator)
    client.force_login(persona)
    for url in (
        reverse("network:support"),
        reverse("network:article_list"),
        reverse("network:article", args=["signalen-herkennen"]),
        reverse("network:article_history", args=["signalen-herkennen"]),
    ):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("network:article_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_unpublished_articles_exist_only_for_editors(client, training_coordinator, counsellor):
    make_article(
        training_coordinator, slug="concept", title_nl="Conceptartikel", is_published=False
    )
    client.force_login(counsellor)
    assert client.get(reverse("network:article", args=["concept"])).status_code == 404
    assert "Conceptartikel" not in client.get(reverse("network:article_list")).content.decode()
    client.force_login(training_coordinator)
    response = client.get(reverse("network:article", args=["concept"]))
    assert response.status_code == 200
    assert "Niet gepubliceerd" in response.content.decode()


def _titles(client, **params):
    response = client.get(reverse("network:article_list"), params)
    assert response.status_code == 200
    return [a.title for a in response.context["articles"]]


@pytest.fixture
def three_articles(training_coordinator):
    make_article(
        training_coordinator,
        slug="toestemming",
        title_nl="Toestemming vragen",
        title_en="Asking for consent",
        body_nl="Vraag de student vooraf om instemming met delen.",
        body_en="Ask the student beforehand whether they agree to sharing.",
        category=Article.Category.SHARING,
    )
    make_article(
        training_coordinator,
        slug="gesprek",
        title_nl="Het gesprek",
        title_en="The conversation",
        body_nl="Kies een rustige plek en begin bij wat je zag.",
        body_en="Choose a quiet place and start from what you saw.",
        category=Article.Category.TIPS,
    )
    make_article(
        training_coordinator,
        slug="alleen-nederlands",
        title_nl="Vertrouwenspersoon",
        title_en="",
        body_nl="De vertrouwenspersoon luistert naar klachten over intimidatie.",
        body_en="",
        category=Article.Category.SUPPORT,
    )


def test_search_finds_dutch_words_in_title_and_body(client, reporter, three_articles):
    client.force_login(reporter)
    assert _titles(client, q="toestemming") == ["Toestemming vragen"]  # title
    assert _titles(client, q="RUSTIGE plek") == ["Het gesprek"]  # body, any case, every word
    assert _titles(client, q="intimidatie") == ["Vertrouwenspersoon"]
    assert _titles(client, q="rustige toestemming") == []
    assert _titles(client, q="student", categorie="sharing") == ["Toestemming vragen"]
    assert len(_titles(client)) == 3


def test_search_finds_english_words_and_shows_english_titles(client, reporter, three_articles):
    set_user_language(reporter, language="en", acting_user=reporter)
    client.force_login(reporter)
    assert _titles(client, q="consent") == ["Asking for consent"]  # title
    assert _titles(client, q="quiet place") == ["The conversation"]  # body
    # An article without English text is still found, and shown in Dutch.
    assert _titles(client, q="vertrouwenspersoon") == ["Vertrouwenspersoon"]


def test_english_reader_gets_dutch_text_marked_as_dutch_when_no_translation(
    client, reporter, three_articles
):
    set_user_language(reporter, language="en", acting_user=reporter)
    client.force_login(reporter)
    html = client.get(reverse("network:article", args=["alleen-nederlands"])).content.decode()
    assert 'lang="nl"' in html
    assert "De vertrouwenspersoon luistert" in html
    html = client.get(reverse("network:article", args=["gesprek"])).content.decode()
    assert "Choose a quiet place" in html
    assert "Kies een rustige plek" not in html


def test_an_unknown_category_is_a_clear_message_not_an_error(client, reporter, three_articles):
    client.force_login(reporter)
    response = client.get(reverse("network:article_list"), {"categorie": "geheim", "q": "x"})
    assert response.status_code == 200
    assert "Kies een categorie uit de lijst." in response.content.decode()


# --- Editing and history -------------------------------------------------------------------


def _form_data(article, **overrides):
    data = {**article_data(), "version": article.version, "reason": "Tekst aangescherpt"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not False}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_only_editors_may_create_and_edit(client, persona, training_coordinator):
    article = make_article(training_coordinator)
    client.force_login(persona)
    editor = persona.has_role(*EDITORS)
    urls = [
        reverse("network:article_create"),
        reverse("network:article_edit", args=[article.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if editor else 404), url
        response = client.post(url, _form_data(article, slug="nog-een", title_nl="Gewijzigd"))
        assert response.status_code == (302 if editor else 404), url
    if not editor:
        article.refresh_from_db()
        assert article.title_nl == "Signalen herkennen"
        assert not Article.objects.filter(slug="nog-een").exists()


def test_editing_needs_a_reason_and_keeps_what_was_typed(client, training_coordinator):
    article = make_article(training_coordinator)
    client.force_login(training_coordinator)
    url = reverse("network:article_edit", args=[article.slug])
    response = client.post(url, _form_data(article, title_nl="Nieuwe titel", reason=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf kort waarom je dit wijzigt." in html
    assert "Er ging iets mis" in html
    assert 'value="Nieuwe titel"' in html
    article.refresh_from_db()
    assert article.title_nl == "Signalen herkennen"
    assert article.history.count() == 1


def test_an_edit_is_in_the_history_with_who_what_and_why(
    client, training_coordinator, functional_admin, reporter
):
    article = make_article(training_coordinator, body_nl="Eerste regel.\nTweede regel.")
    client.force_login(functional_admin)
    response = client.post(
        reverse("network:article_edit", args=[article.slug]),
        _form_data(
            article,
            title_nl="Signalen op tijd herkennen",
            body_nl="Eerste regel.\nTweede regel, aangevuld.",
            slug="poging-tot-nieuw-adres",
            reason="Na de training aangevuld",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "signalen-herkennen"  # the address never changes
    latest = article.history.first()
    assert latest.history_user == functional_admin
    assert latest.history_change_reason == "Na de training aangevuld"

    client.force_login(reporter)
    response = client.get(reverse("network:article_history", args=[article.slug]))
    rows = response.context["rows"]
    assert [row.reason for row in rows] == ["Na de training aangevuld", "Nieuw artikel"]
    assert rows[0].who == functional_admin
    changed = {change.label: change for change in rows[0].changes}
    assert set(changed) == {"Titel (Nederlands)", "Tekst (Nederlands)"}
    assert changed["Titel (Nederlands)"].old == "Signalen herkennen"
    assert changed["Tekst (Nederlands)"].old == "Tweede regel."  # only the lines that changed
    assert changed["Tekst (Nederlands)"].new == "Tweede regel, aangevuld."
    html = response.content.decode()
    assert escape(functional_admin.get_full_name()) in html
    assert "Na de training aangevuld" in html


def test_a_stale_form_is_refused_and_keeps_the_input(client, training_coordinator):
    article = make_article(training_coordinator)
    services.update_article(
        article,
        data={"title_nl": "Tussendoor gewijzigd"},
        reason="Iemand anders",
        acting_user=training_coordinator,
    )
    client.force_login(training_coordinator)
    url = reverse("network:article_edit", args=[article.slug])
    data = _form_data(article, version=1, title_nl="Mijn versie")
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit net gewijzigd." in html
    assert 'value="Mijn versie"' in html
    assert 'name="version" value="2"' in html  # sending it again applies it knowingly
    article.refresh_from_db()
    assert article.title_nl == "Tussendoor gewijzigd"
    again = client.post(url, {**data, "version": 2})
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.title_nl == "Mijn versie"


def test_a_new_article_needs_a_free_and_valid_slug(client, training_coordinator):
    make_article(training_coordinator)
    client.force_login(training_coordinator)
    url = reverse("network:article_create")
    for slug, message in (
        ("signalen-herkennen", "Dit adres is al in gebruik door een ander artikel."),
        ("nieuw", "Dit adres is gereserveerd; kies een ander."),
        ("met spaties!", "letters, cijfers"),
    ):
        response = client.post(url, {**article_data(), "slug": slug, "reason": "Nieuw"})
        assert response.status_code == 200, slug
        assert message in response.content.decode(), slug
    assert Article.objects.count() == 1


def test_invalid_form_messages_follow_the_language(client, training_coordinator):
    set_user_language(training_coordinator, language="en", acting_user=training_coordinator)
    client.force_login(training_coordinator)
    response = client.post(reverse("network:article_create"), {"slug": "leeg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert 'value="leeg"' in html


def test_the_service_refuses_people_who_may_not_edit(counsellor):
    with pytest.raises(services.NotAllowed):
        services.create_article(
            slug="x", data=article_data(), reason="Poging", acting_user=counsellor
        )


# --- Query counts --------------------------------------------------------------------------


def _queries(client, url):
    return queries_of(client, url)


def test_the_article_list_does_not_query_per_article(client, training_coordinator, reporter):
    client.force_login(reporter)
    url = reverse("network:article_list")
    for n in range(3):
        make_article(training_coordinator, slug=f"artikel-{n}", title_nl=f"Artikel {n}")
    few = _queries(client, url)
    for n in range(3, 30):
        make_article(training_coordinator, slug=f"artikel-{n}", title_nl=f"Artikel {n}")
    assert len(client.get(url).context["articles"]) == 30
    assert _queries(client, url) == few


# --- Starter content -----------------------------------------------------------------------


NATIONAL_NUMBERS = {"112", "113", "0800-0113", "0800-2000"}


def test_the_starter_content_loads_once_and_links_only_to_existing_articles(db):
    system = get_system_user()
    assert seed_network(acting_user=system) == len(ARTICLES) >= 10
    assert seed_network(acting_user=system) == 0  # idempotent
    assert Article.objects.count() == len(ARTICLES)
    assert Partner.objects.count() == len(PARTNERS)
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert {"delen-met-derden", "zorgvuldig-proces", "wanneer-112-bellen"} <= slugs
    for article in Article.objects.all():
        assert article.body_en and article.title_en, article.slug
        for text in (article.body_nl, article.body_en):
            for slug in re.findall(r"\(/kennis/artikelen/([\w-]+)/\)", text):
                assert slug in slugs, (article.slug, slug)
            assert article.history.first().history_change_reason == "Startinhoud geladen"


def test_the_starter_content_names_only_national_numbers(db):
    seed_network(acting_user=get_system_user())
    texts = [f"{a.body_nl} {a.body_en}" for a in Article.objects.all()]
    texts += [
        f"{p.phone} {p.when_to_involve_nl} {p.when_to_involve_en}" for p in Partner.objects.all()
    ]
    numbers = set()
    for text in texts:
        numbers |= set(re.findall(r"\b\d[\d-]{2,}\d\b", text))
    assert numbers <= NATIONAL_NUMBERS
    assert Partner.objects.get(name="Veilig Thuis").phone == "0800-2000"
    assert all(
        "[vul in:" in p.phone or p.phone_uri or "113" in p.phone for p in Partner.objects.all()
    )

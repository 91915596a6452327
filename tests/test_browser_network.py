"""Help and knowledge in a real browser: a first-line staff member reaches Support and contacts in
one click from the home page and reads an article; a counsellor opens a partner; an editor and a
contact officer meet a form error. Every page on the way passes the axe WCAG 2.2 A/AA check."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from accounts.services import get_system_user
from demo.network import seed_network
from tests.browser import assert_accessible, log_in
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    seed_network(acting_user=get_system_user())
    return {
        "reporter": UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit]),
        "counsellor": UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit]),
        "coordinator": UserFactory(
            username="coordinator", roles=[RoleCode.TRAINING_COORDINATOR], first_name="Cor"
        ),
        "contact": UserFactory(username="aanspreekpunt", roles=[RoleCode.CONTACT_OFFICER]),
    }


def _to_support(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Hulp en contacten"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp en contacten")


def test_a_reporter_finds_help_in_one_click_and_reads_an_article(page, people):
    log_in(page, "melder")
    assert_accessible(page)
    _to_support(page)
    expect(page.get_by_role("link", name="112", exact=True)).to_have_attribute("href", "tel:112")
    expect(page.get_by_role("link", name="0800-2000", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Studentpsychologen")).to_be_visible()
    expect(page.get_by_role("link", name="Veilig Thuis")).to_have_count(0)  # external: readers
    assert_accessible(page)

    page.get_by_role("link", name="Wanneer bel je 112?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wanneer bel je 112?")
    expect(page.locator(".zw-article")).to_contain_text("Bel 112 als")
    assert_accessible(page)

    page.get_by_role("link", name="Kennisbank").click()
    page.get_by_label("Zoek in de kennisbank").fill("conflict van plichten")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_have_text("2 artikelen gevonden")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Delen zonder toestemming")).click()
    expect(page.get_by_role("heading", level=2, name="Conflict van plichten")).to_be_visible()
    assert_accessible(page)


def test_home_page_links_to_support_too(page, people):
    log_in(page, "melder")
    page.get_by_role("link", name="Naar hulp, noodnummers en contacten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp en contacten")


def test_a_counsellor_walks_from_home_to_a_partner(page, people):
    log_in(page, "begeleider")
    _to_support(page)
    assert_accessible(page)
    page.get_by_role("link", name="Veilig Thuis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig Thuis")
    expect(page.get_by_role("link", name="0800-2000", exact=True)).to_have_attribute(
        "href", "tel:08002000"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Partnerregister").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerregister")
    expect(page.get_by_text("loopt binnenkort af")).to_be_visible()  # the seeded covenant
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Politie")).click()
    expect(page.get_by_role("row", name=re.compile("Convenant veiligheid"))).to_be_visible()
    expect(page.get_by_role("link", name="Gegevens wijzigen")).to_have_count(0)
    assert_accessible(page)


def test_an_editor_meets_a_clear_error_and_then_saves(page, people):
    log_in(page, "coordinator")
    page.goto("/kennis/artikelen/signalen/")
    page.get_by_role("link", name="Bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Artikel bewerken")
    page.get_by_label("Titel (Nederlands)").fill("Signalen van zorgwekkend gedrag herkennen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    expect(page.get_by_text("Schrijf kort waarom je dit wijzigt.")).to_be_visible()
    expect(page.get_by_label("Titel (Nederlands)")).to_have_value(
        "Signalen van zorgwekkend gedrag herkennen"
    )
    assert_accessible(page)
    page.get_by_label("Reden van de wijziging").fill("Titel duidelijker gemaakt")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het artikel is opgeslagen.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Signalen van zorgwekkend gedrag herkennen"
    )
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_text("Titel duidelijker gemaakt")).to_be_visible()
    assert_accessible(page)


def test_a_contact_officer_is_told_an_agreement_cannot_end_before_it_starts(page, people):
    log_in(page, "aanspreekpunt")
    page.goto("/kennis/partners/")
    page.get_by_role("link", name="Veilig Thuis").click()
    page.get_by_role("link", name="Afspraak toevoegen").click()
    today = datetime.date.today()
    page.get_by_label("Naam van het convenant of de afspraak").fill("Samenwerkingsafspraak")
    page.get_by_label("Ingangsdatum").fill(today.isoformat())
    page.get_by_label("Einddatum").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Reden van de wijziging").fill("Nieuwe afspraak")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De einddatum ligt vóór de ingangsdatum")).to_be_visible()
    expect(page.get_by_label("Naam van het convenant of de afspraak")).to_have_value(
        "Samenwerkingsafspraak"
    )
    assert_accessible(page)

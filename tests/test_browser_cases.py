"""The careful process in a real browser: a reporter files a concern, a counsellor takes it,
records a conversation and adds a file; the reporter then sees only the new status.
Every page on the way passes the axe WCAG 2.2 A/AA check."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Case
from tests.browser import assert_accessible, log_in
from tests.factories import CategoryFactory, StudentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db, private_root):
    from tests.factories import ProgrammeFactory

    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    CategoryFactory(code="psychische-nood", label_nl="Psychische nood", label_en="Distress")
    CategoryFactory(code="agressie", label_nl="Agressie", label_en="Aggression")
    StudentFactory(
        student_number="5001234", first_name="Noor", last_name="Veenstra", programme=unit
    )
    return {
        "reporter": UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit]),
        "counsellor": UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit]),
        "dean": UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[unit.parent]),
        "unit": unit,
    }


def _file_a_concern(page):
    page.get_by_role("link", name="Zorg melden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorg melden")
    assert_accessible(page)
    page.get_by_role("button", name="Melding versturen").click()  # empty: errors, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    assert_accessible(page)
    page.get_by_label("Zoek de student op studentnummer of naam").fill("Veenstra")
    page.get_by_label(re.compile("Noor Veenstra")).check()
    page.get_by_label("Psychische nood").check()
    page.get_by_label("Wat heb je gezien of gehoord?").fill(
        "Zit al twee weken stil achterin en reageert niet meer op vragen."
    )
    page.get_by_label("Wanneer was dat?").fill("2026-11-20")
    page.get_by_label("Waar was dat?").fill("Lokaal B2.14")
    page.get_by_label("Binnen twee werkdagen oppakken").check()
    page.get_by_role("group", name="Heb je je zorg al met de student besproken?").get_by_label(
        "Nee"
    ).check()
    page.get_by_role("group", name="Heb je al met een collega overlegd?").get_by_label("Ja").check()
    assert_accessible(page)
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank je, je melding is ontvangen")
    assert_accessible(page)
    return Case.objects.get()


def test_from_report_to_handling_and_back_to_the_reporter(page, people, browser):
    log_in(page, "melder")
    case = _file_a_concern(page)
    page.get_by_role("link", name="Naar mijn meldingen").click()
    row = page.get_by_role("row", name=re.compile(case.reference))
    expect(row).to_contain_text("Ontvangen, nog niet opgepakt")
    assert_accessible(page)

    counsellor = browser.new_page(base_url=page.url.split("/casussen")[0])
    log_in(counsellor, "begeleider")
    expect(counsellor.get_by_role("link", name="1 nieuwe melding wacht in triage")).to_be_visible()
    assert_accessible(counsellor)
    counsellor.get_by_role("link", name="1 nieuwe melding wacht in triage").click()
    expect(counsellor.get_by_role("heading", level=1)).to_have_text("Casussen")
    assert_accessible(counsellor)
    counsellor.get_by_role("link", name=case.reference).click()
    expect(counsellor.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_accessible(counsellor)
    counsellor.get_by_role("button", name="Oppakken").click()
    expect(counsellor.get_by_role("status")).to_contain_text("Je bent nu behandelaar")

    counsellor.get_by_role("link", name="Tijdlijn aanvullen").click()
    assert_accessible(counsellor)
    counsellor.get_by_label("Wat leg je vast?").select_option(label="Gesprek met de student")
    counsellor.get_by_label("Datum").fill("2026-11-23")
    summary = counsellor.get_by_label("Wat is er besproken of gebeurd?")
    # A long field says how much room is left, and says it to a screen reader too.
    expect(summary).to_have_accessible_description(re.compile("Nog 10.000 tekens"))
    summary.fill("Gesprek over de stilte in de les; slaapt slecht sinds de stage.")
    expect(summary).to_have_accessible_description(re.compile("Nog 9.937 tekens"))
    counsellor.get_by_label("Uitkomst en afspraken").fill("Afspraak bij de studentpsycholoog.")
    counsellor.get_by_role("button", name="Vastleggen").click()
    expect(counsellor.get_by_text("slaapt slecht sinds de stage")).to_be_visible()

    counsellor.get_by_role("link", name="Bijlage toevoegen").click()
    counsellor.get_by_label("Bestand").set_input_files(
        {"name": "verslag.txt", "mimeType": "text/plain", "buffer": b"Gespreksverslag"}
    )
    counsellor.get_by_label("Omschrijving").fill("Verslag van het gesprek")
    assert_accessible(counsellor)
    counsellor.get_by_role("button", name="Toevoegen").click()
    expect(counsellor.get_by_role("link", name="verslag.txt")).to_be_visible()
    assert_accessible(counsellor)
    with counsellor.expect_download() as download:
        counsellor.get_by_role("link", name="verslag.txt").click()
    assert download.value.suggested_filename == "verslag.txt"

    counsellor.get_by_role("link", name="Geschiedenis").click()
    expect(counsellor.get_by_text("Melding opgepakt").first).to_be_visible()
    assert_accessible(counsellor)

    page.reload()
    row = page.get_by_role("row", name=re.compile(case.reference))
    expect(row).to_contain_text("In behandeling")
    expect(page.locator("main")).not_to_contain_text("slaapt slecht")
    expect(page.locator("main")).not_to_contain_text(people["counsellor"].last_name)
    parts = set(AccessLogEntry.objects.values_list("part", flat=True))
    assert {"detail", "history", "list:triage", "my_reports"} <= parts
    assert AccessLogEntry.objects.filter(action="download").exists()


def test_a_too_large_file_is_refused_with_a_clear_message(page, people, settings):
    from escalation.services import take_case
    from tests.factories import report_case

    settings.ZW_ATTACHMENT_MAX_BYTES = 10
    case = take_case(
        report_case(reporter=people["reporter"], unit=people["unit"]),
        acting_user=people["counsellor"],
    )
    log_in(page, "begeleider")
    page.goto(f"/casussen/{case.reference}/bijlagen/nieuw/")
    page.get_by_label("Bestand").set_input_files(
        {"name": "groot.txt", "mimeType": "text/plain", "buffer": b"x" * 100}
    )
    page.get_by_label("Omschrijving").fill("Te groot")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_label("Omschrijving")).to_have_value("Te groot")
    assert_accessible(page)


def test_a_dean_assigns_a_handler_and_changes_the_team(page, people):
    from tests.factories import report_case

    UserFactory(username="zorgteam", roles=[RoleCode.CARE_TEAM], first_name="Kim", last_name="Smit")
    case = report_case(reporter=people["reporter"], unit=people["unit"])
    log_in(page, "decaan")
    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("link", name="Behandelaar toewijzen").click()
    assert_accessible(page)
    page.get_by_label("Behandelaar").select_option(label=people["counsellor"].get_full_name())
    page.get_by_label("Reden").fill("Kent de opleiding goed")
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_role("status")).to_contain_text("De behandelaar is vastgelegd.")
    page.get_by_role("link", name="Team wijzigen").click()
    page.get_by_label("Kim Smit").check()
    page.get_by_label("Reden").fill("Zorgoverleg denkt mee")
    assert_accessible(page)
    page.get_by_role("button", name="Team opslaan").click()
    expect(page.get_by_role("region", name="Casusteam")).to_contain_text("Kim Smit")
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_text("Zorgoverleg denkt mee")).to_be_visible()
    assert_accessible(page)

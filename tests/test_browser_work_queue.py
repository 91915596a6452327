"""The process carries people (issue 18), in a real browser: after each step of the careful
process the next person's home page shows their task with its deadline, the navigation counts
it, they do it, and it is gone. The acute path shows the board its countdown. Axe on every
state."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from escalation import disclosures
from escalation.services import take_case
from tests.browser import assert_accessible, log_in
from tests.escalation_helpers import (
    fresh,
    meeting_decides,
    partner,
    ready_to_escalate,
    request_disclosure,
    to_care_meeting,
)
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    student = StudentFactory(
        student_number="5001234", first_name="Noor", last_name="Veenstra", programme=unit
    )
    people = {
        "unit": unit,
        "student": student,
        "reporter": UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit]),
        "counsellor": UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit]),
        "dean": UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[unit.parent]),
        "board": UserFactory(username="bestuurder", roles=[RoleCode.BOARD]),
        "contact": UserFactory(username="aanspreekpunt", roles=[RoleCode.CONTACT_OFFICER]),
    }
    partner("GGZ-crisisdienst regio")
    return people


def _as(browser, live_server, username):
    page = browser.new_page(base_url=live_server.url)
    log_in(page, username)
    return page


def _work(page):
    """The home page's work list."""
    page.goto("/")
    return page.get_by_role("region", name="Wat vraagt je aandacht")


def _badge(page, item):
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=item)


def test_each_step_lands_on_the_next_persons_home_and_leaves_it_when_done(
    browser, live_server, people
):
    case = report_case(reporter=people["reporter"], student=people["student"])

    counsellor = _as(browser, live_server, "begeleider")
    work = _work(counsellor)
    expect(work).to_contain_text("1 nieuwe melding wacht in triage")
    expect(work).to_contain_text("wacht al")
    expect(_badge(counsellor, re.compile(r"^Casussen \(1 taak\)$"))).to_be_visible()
    assert "Veenstra" not in work.inner_text()
    assert_accessible(counsellor)
    work.get_by_role("link", name="1 nieuwe melding wacht in triage").click()
    counsellor.get_by_role("link", name=case.reference).click()
    counsellor.get_by_role("button", name="Oppakken").click()
    expect(counsellor.get_by_role("status")).to_contain_text("Je bent nu behandelaar")
    expect(_work(counsellor)).not_to_contain_text("triage")

    reporter = _as(browser, live_server, "melder")
    work = _work(reporter)
    expect(work).to_contain_text("De status van 1 melding van je is veranderd")
    assert_accessible(reporter)
    work.get_by_role("link", name="De status van 1 melding van je is veranderd").click()
    expect(reporter.get_by_role("main")).to_contain_text("In behandeling")
    expect(_work(reporter)).to_contain_text("niets dat je aandacht vraagt")

    ready_to_escalate(fresh(case), people["counsellor"])
    counsellor.goto(f"/escalatie/{case.reference}/opschalen/")
    counsellor.get_by_label("Waarom is de zorg niet weggenomen?").fill("Zorg blijft.")
    counsellor.get_by_role("button", name="Verzoek indienen").click()
    expect(counsellor.get_by_role("status")).to_contain_text("Je verzoek ligt bij de decaan")

    dean = _as(browser, live_server, "decaan")
    work = _work(dean)
    expect(work).to_contain_text("1 verzoek tot opschaling wacht op je beoordeling")
    expect(_badge(dean, re.compile(r"^Verzoeken \(1 taak\)$"))).to_be_visible()
    assert_accessible(dean)
    work.get_by_role("link", name="1 verzoek tot opschaling wacht op je beoordeling").click()
    dean.get_by_role("link", name=re.compile(case.reference)).click()
    dean.get_by_label("Accepteren: de casus gaat naar het zorgoverleg").check()
    dean.get_by_role("button", name="Besluit vastleggen").click()
    expect(dean.get_by_role("status")).to_contain_text("zorgoverleg")
    expect(_work(dean)).not_to_contain_text("opschaling")
    expect(_badge(dean, re.compile(r"^Verzoeken$"))).to_be_visible()

    dean.goto(f"/casussen/{case.reference}/")
    expect(dean.get_by_role("region", name="Zorgoverleg")).to_contain_text("geen enkel gepland")
    assert_accessible(dean)


def test_a_disclosure_waits_on_the_board_then_on_the_contact_officer(browser, live_server, people):
    case = take_case(
        report_case(reporter=people["reporter"], student=people["student"]),
        acting_user=people["counsellor"],
    )
    case = to_care_meeting(case, people["counsellor"], people["dean"])
    from tests.escalation_helpers import horizontal_steps

    horizontal_steps(case, people["counsellor"])
    case = meeting_decides(case, people["dean"])
    request_disclosure(case, people["counsellor"])

    board = _as(browser, live_server, "bestuurder")
    work = _work(board)
    expect(work).to_contain_text("Verzoek om te delen met derden: besluit nodig")
    expect(work).to_contain_text(case.reference)
    expect(_badge(board, re.compile(r"^College van Bestuur \(1 taak\)$"))).to_be_visible()
    assert_accessible(board)
    work.get_by_role("link", name="Verzoek om te delen met derden: besluit nodig").click()
    board.get_by_role("link", name=re.compile(case.reference)).first.click()
    board.get_by_label("Goedkeuren").check()
    board.get_by_label("Toelichting bij je besluit").fill("Noodzakelijk en proportioneel.")
    board.get_by_role("button", name="Besluit vastleggen").click()
    expect(board.get_by_role("status")).to_contain_text("Je besluit is vastgelegd.")
    expect(_work(board)).to_contain_text("niets dat je aandacht vraagt")

    contact = _as(browser, live_server, "aanspreekpunt")
    work = _work(contact)
    expect(work).to_contain_text("Goedgekeurde verstrekking uitvoeren")
    expect(work).to_contain_text(case.reference)
    assert_accessible(contact)
    work.get_by_role("link", name="Goedgekeurde verstrekking uitvoeren").click()
    contact.get_by_role("link", name=re.compile(case.reference)).click()
    contact.get_by_label("Hoe gedeeld?").fill("Telefonisch")
    contact.get_by_label("Wat is er gedeeld?").fill("Naam en risico-inschatting.")
    contact.get_by_role("button", name="Uitgevoerd").click()
    expect(contact.get_by_role("status")).to_contain_text("uitgevoerd")
    expect(_work(contact)).to_contain_text("niets dat je aandacht vraagt")


def test_the_acute_path_shows_the_board_its_countdown_first(browser, live_server, people):
    from escalation import services

    case = take_case(
        report_case(reporter=people["reporter"], student=people["student"]),
        acting_user=people["counsellor"],
    )
    from tests.escalation_helpers import sign_framework2

    services.report_acute_risk(
        fresh(case),
        answers={
            "own_safety": True, "third_parties": False, "criminal_offence": False,
            "description": "Student staat op het dak.", "emergency_called": True,
            "emergency_details": "112 gebeld om 10:02",
        },
        acting_user=people["counsellor"],
        disclosure={
            "recipient": partner(), "framework2": sign_framework2(case, people["counsellor"]),
            "data_categories": ["identity"], "purpose": "Crisisdienst direct inschakelen",
            "student_informed": False, "not_informed_reason": "Acuut gevaar",
        },
    )  # fmt: skip

    board = _as(browser, live_server, "bestuurder")
    work = _work(board)
    first = work.get_by_role("listitem").first
    expect(first).to_contain_text("Acuut")
    expect(first).to_contain_text("Acuut verzoek om te delen: besluit nodig")
    expect(first).to_contain_text(case.reference)
    expect(first).to_contain_text(re.compile(r"nog (59|60) minuten"))
    expect(work.get_by_role("listitem").nth(1)).to_contain_text("noodactie (112)")
    assert_accessible(board)

    disclosure = case.disclosures.get()
    disclosures.approve_disclosure(disclosure, reason="Nodig", acting_user=people["board"])
    expect(_work(board)).not_to_contain_text("Acuut verzoek")
    expect(_work(board)).to_contain_text("noodactie (112)")

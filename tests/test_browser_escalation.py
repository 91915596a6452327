"""The ladder in a real browser: a counsellor escalates with framework 1, a dean accepts, the
care meeting decides, the counsellor asks to share with framework 2, a second
board member approves and the contact officer carries it out; and the acute path end to end.
The care meeting's decision comes from a held meeting's minutes (walked in test_browser_overleg).
Every page on the way passes the axe WCAG 2.2 A/AA check."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from cases.models import Case, Rung
from escalation import disclosures, services
from escalation.models import AcuteRiskReport, Disclosure, RungTransition
from escalation.services import take_case
from tests.browser import assert_accessible, log_in
from tests.escalation_helpers import (
    YES,
    fresh,
    horizontal_steps,
    meeting_decides,
    partner,
    ready_to_escalate,
)
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    student = StudentFactory(
        student_number="5001234", first_name="Noor", last_name="Veenstra", programme=unit
    )
    reporter = UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit])
    people = {
        "unit": unit,
        "reporter": reporter,
        "counsellor": UserFactory(
            username="begeleider",
            roles=[RoleCode.COUNSELLOR],
            units=[unit],
            first_name="Bo",
            last_name="Begeleider",
        ),
        "dean": UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[unit.parent]),
        "board": UserFactory(username="bestuurder", roles=[RoleCode.BOARD]),
        "board2": UserFactory(username="bestuurder2", roles=[RoleCode.BOARD]),
        "contact": UserFactory(username="aanspreekpunt", roles=[RoleCode.CONTACT_OFFICER]),
        "partner": partner("GGZ-crisisdienst regio"),
    }
    people["case"] = take_case(
        report_case(reporter=reporter, student=student), acting_user=people["counsellor"]
    )
    return people


def _new_page(browser, live_server, username):
    other = browser.new_page(base_url=live_server.url)
    log_in(other, username)
    return other


def _menu(page, name):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def _record(page, kind, summary):
    page.get_by_role("link", name="Tijdlijn aanvullen").click()
    page.get_by_label("Wat leg je vast?").select_option(label=kind)
    page.get_by_label("Datum").fill(datetime.date.today().isoformat())
    page.get_by_label("Wat is er besproken of gebeurd?").fill(summary)
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Vastgelegd in de tijdlijn")


def _answer(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _sign_framework1(page):
    page.get_by_role("link", name="Afwegingskader 1 invullen").click()
    expect(page.get_by_role("link", name=re.compile("hoe veilig is het"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ondertekenen").click()  # empty: errors, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    _answer(page, "Veiligheid van de student zelf", "Hoog")
    page.get_by_label("Motivering bij de veiligheid van de student zelf").fill(
        "Zegt geen zin meer te hebben."
    )
    _answer(page, "Veiligheid van medestudenten en medewerkers", "Laag")
    page.get_by_label("Motivering bij de veiligheid van anderen").fill("Geen dreiging.")
    _answer(page, "Veiligheid van omgeving en samenleving", "Geen")
    page.get_by_label("Motivering bij de veiligheid van omgeving").fill("Niet van toepassing.")
    assert_accessible(page)
    page.get_by_role("button", name="Ondertekenen").click()
    expect(page.get_by_role("status")).to_contain_text("Afwegingskader 1 is ondertekend.")


def _sign_framework2(page):
    page.get_by_role("link", name="Afwegingskader 2 invullen").click()
    assert_accessible(page)
    for question, label in (
        ("Zijn alle andere mogelijkheden benut?", "andere mogelijkheden"),
        ("Is alles gedaan om toestemming te krijgen?", "toestemming"),
        ("Is delen nodig om het risico te verkleinen?", "noodzaak"),
    ):
        _answer(page, question, "Ja")
        page.get_by_label(f"Motivering bij de {label}").fill(f"Onderbouwing: {label}.")
    page.get_by_role("button", name="Ondertekenen").click()
    expect(page.get_by_role("status")).to_contain_text("Afwegingskader 2 is ondertekend.")
    assert_accessible(page)


def test_from_framework1_to_a_disclosure_carried_out(page, browser, live_server, people):
    case = people["case"]
    log_in(page, "begeleider")
    page.goto(f"/casussen/{case.reference}/")
    ladder = page.get_by_role("region", name="Escalatieladder")
    expect(ladder.locator('[aria-current="step"]')).to_contain_text("Studentondersteuning")
    expect(ladder).to_contain_text("nog nodig")
    assert_accessible(page)
    _record(page, "Gesprek met de student", "Gesprek over slapen en de stage.")
    _record(page, "Collegiale consultatie", "Overlegd met een collega-begeleider.")
    _sign_framework1(page)
    expect(ladder.get_by_text("nog nodig")).to_have_count(0)
    page.get_by_role("link", name="Opschaling aanvragen").click()
    assert_accessible(page)
    page.get_by_label("Waarom is de zorg niet weggenomen?").fill(
        "Slaapt niet, uitspraken nemen toe."
    )
    page.get_by_role("button", name="Verzoek indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Je verzoek ligt bij de decaan")
    expect(ladder).to_contain_text("wacht op de decaan")

    dean = _new_page(browser, live_server, "decaan")
    _menu(dean, "Verzoeken")
    expect(dean.get_by_role("heading", level=1)).to_have_text("Verzoeken tot opschaling")
    assert_accessible(dean)
    dean.get_by_role("link", name=re.compile(case.reference)).click()
    expect(dean.get_by_text("Slaapt niet, uitspraken nemen toe.")).to_be_visible()
    assert_accessible(dean)
    dean.get_by_label("Accepteren: de casus gaat naar het zorgoverleg").check()
    dean.get_by_role("button", name="Besluit vastleggen").click()
    expect(dean.get_by_role("status")).to_contain_text("zorgoverleg")
    assert fresh(case).rung == Rung.CARE_MEETING

    page.reload()  # the counsellor: horizontal steps again, now at the care-meeting rung
    _record(page, "Gesprek met de student", "Tweede gesprek, samen met de mentor.")
    _record(page, "Collegiale consultatie", "Besproken in het team.")

    dean.goto(f"/casussen/{case.reference}/")
    # The case page says what the case waits for: a care meeting that is not planned yet.
    expect(dean.get_by_role("region", name="Zorgoverleg")).to_contain_text(
        "staat nog op de agenda van geen enkel gepland zorgoverleg"
    )
    expect(dean.get_by_role("link", name="Besluit zorgoverleg vastleggen")).to_have_count(0)
    assert_accessible(dean)
    # The meeting itself (planned, held, minuted) is walked in test_browser_overleg.py.
    meeting_decides(case, people["dean"], summary="Zorg blijft; CvB moet meebeslissen.")
    dean.reload()
    expect(dean.locator('[aria-current="step"]')).to_contain_text("College van Bestuur")
    assert_accessible(dean)

    page.reload()
    _sign_framework2(page)
    page.get_by_role("link", name="Delen met derden aanvragen").click()
    page.get_by_role("combobox", name="Ontvanger").select_option(label="GGZ-crisisdienst regio")
    page.get_by_label("Vitaal belang").check()
    page.get_by_label("Naam en contactgegevens").check()
    page.get_by_label("Risico-inschatting (afwegingskader 1)").check()
    page.get_by_label("Doel: wat moet de ontvanger ermee kunnen?").fill("Crisisbeoordeling")
    _answer(page, "Is de student geïnformeerd?", "Ja")
    assert_accessible(page)
    page.get_by_role("button", name="Ter goedkeuring aanbieden").click()
    expect(page.get_by_role("status")).to_contain_text("Het verzoek ligt bij het College")
    assert_accessible(page)

    board2 = _new_page(browser, live_server, "bestuurder2")
    _menu(board2, "College van Bestuur")
    assert_accessible(board2)
    board2.get_by_role("link", name=re.compile(case.reference)).first.click()
    # The board approves data, not labels: the package as the case holds it now.
    package = board2.get_by_role("region", name="Het pakket zoals de casus het nu bevat")
    expect(package).to_contain_text("Noor Veenstra")
    expect(package).to_contain_text("veiligheid van de student zelf", ignore_case=True)
    assert_accessible(board2)
    board2.get_by_label("Goedkeuren").check()
    board2.get_by_label("Toelichting bij je besluit").fill("Noodzakelijk en proportioneel.")
    board2.get_by_role("button", name="Besluit vastleggen").click()
    expect(board2.get_by_role("status")).to_contain_text("Je besluit is vastgelegd.")
    assert_accessible(board2)

    contact = _new_page(browser, live_server, "aanspreekpunt")
    _menu(contact, "Uitvoeren")
    assert_accessible(contact)
    contact.get_by_role("link", name=re.compile(case.reference)).click()
    approved = contact.get_by_role("region", name="Goedgekeurd pakket")
    expect(approved).to_contain_text("Noor Veenstra")  # identity was approved
    expect(approved).to_contain_text("Behandelaar bij ons")
    expect(approved.get_by_role("link", name="Pakket als PDF")).to_be_visible()
    shared = contact.get_by_label("Wat is er gedeeld?")
    expect(shared).to_have_value(re.compile("Naam en contactgegevens"))  # starts from the package
    contact.get_by_label("Hoe gedeeld?").fill("Telefonisch")
    shared.fill("Het goedgekeurde pakket, telefonisch doorgenomen.")
    assert_accessible(contact)
    contact.get_by_role("button", name="Uitgevoerd").click()
    expect(contact.get_by_role("status")).to_contain_text("uitgevoerd")
    assert_accessible(contact)

    disclosure = Disclosure.objects.get()
    assert (disclosure.state, disclosure.decided_by, disclosure.carried_out_by) == (
        "carried_out",
        people["board2"],
        people["contact"],
    )
    kinds = list(RungTransition.objects.order_by("at", "id").values_list("kind", "to_rung"))
    assert kinds == [
        ("take_on", "support"),
        ("escalate", "care_meeting"),
        ("escalate", "board"),
    ]


def _ordinary_request_at_the_board(people):
    """Another case at the board rung with an ordinary disclosure waiting (through services)."""
    counsellor, dean = people["counsellor"], people["dean"]
    student = StudentFactory(programme=people["unit"])
    case = take_case(
        report_case(reporter=people["reporter"], student=student), acting_user=counsellor
    )
    ready_to_escalate(case, counsellor)
    request = services.request_escalation(fresh(case), reason="Zorg", acting_user=counsellor)
    services.accept_escalation(request, reason="Akkoord", acting_user=dean)
    horizontal_steps(case, counsellor)
    meeting_decides(case, dean)
    framework2 = services.sign_framework2(
        fresh(case), answers=YES, consent_entries=[], acting_user=counsellor
    )
    return disclosures.prepare_disclosure(
        fresh(case),
        details={
            "recipient": people["partner"],
            "legal_basis": "consent",
            "data_categories": ["study"],
            "purpose": "Afstemming",
            "student_informed": True,
        },
        framework2=framework2,
        acting_user=counsellor,
        submit=True,
    )


def test_the_acute_path_end_to_end(page, browser, live_server, people):
    case = people["case"]
    ordinary = _ordinary_request_at_the_board(people)
    log_in(page, "begeleider")
    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("link", name="Acuut risico melden").click()
    expect(page.get_by_text("Bel bij direct gevaar eerst 112")).to_be_visible()
    assert_accessible(page)
    _answer(page, "Is er acuut gevaar voor de student zelf?", "Ja")
    _answer(page, "Is er acuut gevaar voor anderen?", "Nee")
    _answer(page, "Gaat het om een (dreigend) strafbaar feit?", "Nee")
    page.get_by_label("Wat is er aan de hand?").fill("Student staat op het dak.")
    page.get_by_label("Er is 112 gebeld").check()
    page.get_by_label("Wat is er met de hulpdiensten gedeeld?").fill("112 gebeld om 10:02.")
    page.get_by_label("Open nu ook een acuut verzoek").check()
    page.get_by_role("combobox", name="Ontvanger").select_option(label="GGZ-crisisdienst regio")
    page.get_by_label("Naam en contactgegevens").check()
    page.get_by_label("Gezondheidsgegevens").check()
    page.get_by_label("Doel: wat moet de ontvanger ermee kunnen?").fill("Crisisdienst inschakelen")
    _answer(page, "Is de student geïnformeerd?", "Nee")
    page.get_by_label("Waarom niet?").fill("Acuut gevaar; informeren kan later.")
    for question, label in (
        ("Zijn alle andere mogelijkheden benut?", "andere mogelijkheden"),
        ("Is alles gedaan om toestemming te krijgen?", "toestemming"),
        ("Is delen nodig om het risico te verkleinen?", "noodzaak"),
    ):
        _answer(page, question, "Ja")
        page.get_by_label(f"Motivering bij de {label}").fill(f"Acuut: {label}.")
    assert_accessible(page)
    page.get_by_role("button", name="Acuut risico melden").click()
    expect(page.get_by_role("status")).to_contain_text("Het acute risico is gemeld")
    expect(page.locator('[aria-current="step"]')).to_contain_text("College van Bestuur")
    assert_accessible(page)
    acute = Disclosure.objects.get(acute=True)

    board = _new_page(browser, live_server, "bestuurder")
    messages = board.get_by_role("link", name=re.compile("Berichten"))
    expect(messages).to_contain_text("ongelezen")
    messages.click()  # the notifications, by kind: the case's reference, never a name
    expect(board.locator("main")).not_to_contain_text("Veenstra")
    assert_accessible(board)
    acute_notices = board.get_by_role(
        "region", name=re.compile("Acuut risico: er is direct een besluit")
    )
    acute_notices.get_by_role("button", name=re.compile(case.reference)).first.click()
    expect(board.get_by_role("heading", level=1)).to_have_text("College van Bestuur")
    rows = board.get_by_role("region", name="Verzoeken om te delen").get_by_role("row")
    expect(rows.nth(1)).to_contain_text(case.reference)
    expect(rows.nth(1)).to_contain_text(re.compile(r"nog (5[0-9]|60) minuten"))
    expect(rows.nth(2)).to_contain_text(ordinary.case.reference)
    assert_accessible(board)
    rows.nth(1).get_by_role("link").click()
    assert_accessible(board)
    board.get_by_label("Goedkeuren").check()
    board.get_by_label("Toelichting bij je besluit").fill("Direct delen met de crisisdienst.")
    board.get_by_role("button", name="Besluit vastleggen").click()
    expect(board.get_by_role("status")).to_contain_text("Je besluit is vastgelegd.")

    _menu(board, "College van Bestuur")
    emergencies = board.get_by_role("region", name="Noodacties om kennis van te nemen")
    expect(emergencies).to_contain_text("hulpdiensten ingeschakeld")
    expect(emergencies).not_to_contain_text("112 gebeld om 10:02.")  # that stays in the case
    emergencies.get_by_role("button", name=re.compile("Kennisgenomen")).click()
    expect(board.get_by_role("status")).to_contain_text("Je hebt kennisgenomen")
    expect(emergencies).to_contain_text("Geen noodacties")
    assert_accessible(board)

    acute = Disclosure.objects.get(pk=acute.pk)
    assert (acute.state, acute.decided_by) == ("approved", people["board"])
    report = AcuteRiskReport.objects.get()
    assert (report.emergency_called, report.acknowledged_by) == (True, people["board"])
    assert Case.objects.get(pk=case.pk).rung == Rung.BOARD

"""The care meeting in a real browser: the dean plans a meeting and the app proposes the agenda;
the dean publishes it; the care-team member confirms confidentiality, opens a case under its
pseudonym and reveals the identity with a reason; the dean writes the minutes with a decision
that takes the case to the board, records attendance and an action, and approves; the case
shows the decision. Every page on the way passes the axe WCAG 2.2 A/AA check."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Case, Rung
from overleg.models import ActionItem, Meeting
from tests.browser import assert_accessible, log_in
from tests.escalation_helpers import fresh, horizontal_steps
from tests.factories import ProgrammeFactory, UserFactory
from tests.overleg_helpers import care_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    reporter = UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit])
    counsellor = UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit])
    dean = UserFactory(
        username="decaan",
        roles=[RoleCode.DEAN],
        units=[unit.parent],
        first_name="Dana",
        last_name="Decaan",
    )
    careteam = UserFactory(
        username="careteam", roles=[RoleCode.CARE_TEAM], first_name="Kim", last_name="Zorg"
    )
    case = care_case(reporter, counsellor, dean, unit)
    horizontal_steps(case, counsellor)  # the conversation and consultation at this rung
    return {"case": fresh(case), "dean": dean, "careteam": careteam}


def _menu(page, name):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def test_plan_publish_discuss_and_escalate_to_the_board(page, browser, live_server, people):
    case = people["case"]
    log_in(page, "decaan")
    _menu(page, "Zorgoverleg")
    assert_accessible(page)
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_role("button", name="Plannen").click()  # empty: errors, nothing saved
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Zorgoverleg december")
    start = timezone.localtime() - datetime.timedelta(minutes=30)
    page.get_by_label("Datum en begintijd").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Plaats").fill("Zaal B1.12")
    page.get_by_label("Voorzitter").select_option(label="Dana Decaan")
    page.get_by_label("Notulist").select_option(label="Dana Decaan")
    page.get_by_label("Nodig uit per persoon").select_option(label="Kim Zorg")
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("status")).to_contain_text("De app heeft de agenda voorgesteld")

    agenda = page.get_by_role("region", name="Agenda", exact=True)
    expect(agenda).to_contain_text(case.reference)
    expect(agenda).to_contain_text(case.student_pseudonym)
    expect(agenda).to_contain_text("casus op de trede zorgoverleg")
    expect(page.locator("body")).not_to_contain_text("Veenstra")
    page.get_by_label("Soort punt").select_option(label="Trends bespreken")
    page.get_by_label("Onderwerp").fill("Trends van dit kwartaal")
    page.get_by_role("button", name="Toevoegen").click()
    expect(agenda).to_contain_text("Trends van dit kwartaal")
    assert_accessible(page)
    page.get_by_role("button", name="Agenda publiceren").click()
    expect(page.get_by_role("status")).to_contain_text("De agenda is gepubliceerd")
    # The chair confirms confidentiality too before reading the published agenda.
    page.get_by_label(re.compile("Ik houd geheim")).check()
    page.get_by_role("button", name="Bevestigen en agenda openen").click()
    meeting = Meeting.objects.get()

    # The care-team member: confidentiality first, then the case under its pseudonym.
    other = browser.new_page(base_url=live_server.url)
    log_in(other, "careteam")
    _menu(other, "Zorgoverleg")
    other.get_by_role("link", name="Zorgoverleg december").click()
    expect(other.get_by_role("region", name="Agenda", exact=True)).not_to_contain_text(
        case.reference
    )
    assert_accessible(other)
    other.get_by_label(re.compile("Ik houd geheim")).check()
    other.get_by_role("button", name="Bevestigen en agenda openen").click()
    expect(other.get_by_role("status")).to_contain_text("De agenda is nu voor je open")
    other.get_by_role("link", name=re.compile(case.reference)).click()
    expect(other.get_by_role("heading", level=1)).to_contain_text(case.student_pseudonym)
    expect(other.locator("main")).to_contain_text(f"[{case.student_pseudonym}] huilde in de les")
    expect(other.locator("main")).not_to_contain_text("Veenstra")
    assert_accessible(other)
    other.get_by_role("link", name="Identiteit tonen…").click()
    assert_accessible(other)
    other.get_by_label("Waarom moet je weten wie de student is?").fill(
        "Ik ken de student uit de mentorgroep en wil dubbele hulp voorkomen."
    )
    other.get_by_role("button", name="Identiteit tonen en reden vastleggen").click()
    expect(other.get_by_role("status")).to_contain_text("je reden is vastgelegd")
    expect(other.locator("main")).to_contain_text("Noor Veenstra")
    reveal = AccessLogEntry.objects.get(action="reveal")
    assert reveal.user.username == "careteam" and "mentorgroep" in reveal.reason
    other.close()

    # The dean holds the meeting and writes the minutes.
    page.reload()
    page.get_by_role("button", name="Overleg is gehouden").click()
    expect(page.get_by_role("status")).to_contain_text("Het overleg staat op gehouden")
    page.get_by_role("link", name="Verslag", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Verslag schrijven punt 1").click()
    assert_accessible(page)
    page.get_by_label("Samenvatting van de bespreking").fill(
        "De zorg neemt toe ondanks hulp; het College van Bestuur moet meewegen."
    )
    page.get_by_label("Opschalen naar het College van Bestuur").check()
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het verslag van dit punt is vastgelegd")
    expect(page.locator("main")).to_contain_text("Besluit: Opschalen naar het College van Bestuur")

    page.get_by_role("link", name="Actiepunt toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Actie").fill("Student informeren over de stap naar het CvB")
    page.get_by_label("Eigenaar").select_option(label="Kim Zorg")
    page.get_by_label("Uiterlijk op").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het actiepunt is vastgelegd")

    for name in ("Dana Decaan", "Kim Zorg"):
        page.get_by_label(name).select_option(label="Aanwezig")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De aanwezigheid is vastgelegd")
    page.get_by_role("button", name="Verslag vaststellen").click()
    expect(page.get_by_role("status")).to_contain_text("Het verslag is vastgesteld")
    expect(page.get_by_role("link", name=re.compile("Verslag schrijven"))).to_have_count(0)
    assert_accessible(page)

    # The case itself shows the decision and its new rung.
    page.goto(f"/casussen/{case.reference}/")
    ladder = page.get_by_role("region", name="Escalatieladder")
    expect(ladder.locator('[aria-current="step"]')).to_contain_text("College van Bestuur")
    expect(ladder).to_contain_text(f"Besluit van zorgoverleg {meeting.code}")
    assert Case.objects.get(pk=case.pk).rung == Rung.BOARD
    assert Meeting.objects.get().state == Meeting.State.MINUTES_APPROVED
    assert ActionItem.objects.get().owner.username == "careteam"


def test_edit_a_planned_meeting_and_an_ad_hoc_meeting(page, people):
    from overleg import services
    from tests.overleg_helpers import plan

    case, dean = people["case"], people["dean"]
    regular = plan(dean)
    ad_hoc = plan(dean, kind=Meeting.Kind.AD_HOC, case=case, title="Ad hoc over één casus")
    assert list(ad_hoc.items.values_list("case_id", flat=True)) == [case.pk]
    services.add_item(regular, kind="other", title="Rondvraag", acting_user=dean)
    log_in(page, "decaan")
    for meeting in (regular, ad_hoc):
        page.goto(f"/overleg/{meeting.pk}/bewerken/")
        assert_accessible(page)
        page.get_by_label("Titel").fill(f"{meeting.title} (verzet)")
        page.get_by_label("Plaats").fill("Zaal C2.01")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("zijn bijgewerkt")
        expect(page.get_by_role("heading", level=1)).to_contain_text("(verzet)")
    assert Meeting.objects.get(pk=ad_hoc.pk).location == "Zaal C2.01"

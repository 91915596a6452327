"""The ladder pages as people use them: what they see, and what was recorded (the step's row,
the history row with who and why, the inbox item); refusals keep what was typed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import InboxItem
from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Rung, TimelineEntry
from cases.services import add_timeline_entry
from escalation import disclosures, services
from escalation.models import (
    AcuteRiskReport,
    CareMeetingDecision,
    Disclosure,
    EscalationRequest,
    Framework1,
    Framework2,
    RungTransition,
)
from escalation.services import take_case
from tests.escalation_helpers import (
    FRAMEWORK1,
    YES,
    fresh,
    ladder_on_page,
    partner,
    ready_to_escalate,
    request_disclosure,
    sign_framework2,
    to_board,
    to_care_meeting,
)
from tests.factories import StudentFactory, UserFactory, report_case

Decision = CareMeetingDecision.Decision


@pytest.fixture
def handled(case, counsellor):
    return take_case(case, acting_user=counsellor)


@pytest.fixture
def board2(db):
    return UserFactory(username="bestuurder2", roles=[RoleCode.BOARD])


def _url(name, case, *args):
    return reverse(f"escalation:{name}", args=[case.reference, *args])


FRAMEWORK1_POST = {
    **FRAMEWORK1,
    "instrument_name": "",
    "instrument_level": "",
    "instrument_rationale": "",
}


def _yes_no_post(answers):
    return {k: str(v) if isinstance(v, bool) else v for k, v in answers.items()}


# --- The ladder panel ------------------------------------------------------------------------


def test_the_case_page_shows_the_ladder_checklist_and_the_steps_allowed(
    client, handled, counsellor
):
    client.force_login(counsellor)
    response = client.get(reverse("cases:detail", args=[handled.reference]))
    panel = ladder_on_page(response)
    assert [r.state for r in panel.rungs] == ["done", "current", "ahead", "ahead"]
    assert 'aria-current="step"' in response.text
    assert "hier staat de casus nu" in response.text
    assert [r.met for r in panel.requirements] == [False, False, False]
    assert "nog nodig" in response.text
    assert _url("sign_framework1", handled) in response.text
    assert _url("acute", handled) in response.text
    assert _url("request_disclosure", handled) not in response.text
    assert "Opgepakt" in response.text  # the take-on step, with who and in which role
    assert escape(counsellor.get_full_name()) in response.text  # "d' Hoop" shows as d&#x27; Hoop


def test_the_panel_shows_the_pending_request_frameworks_and_disclosures(
    client, handled, counsellor, dean
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    client.force_login(counsellor)
    response = client.get(reverse("cases:detail", args=[case.reference]))
    text = response.text
    assert reverse("escalation:disclosure", args=[disclosure.pk]) in text
    assert "Wacht op besluit College van Bestuur" in text
    assert "Staat delen toe." in text
    assert _url("request_disclosure", case) in text
    assert text.count("Opgeschaald") >= 2


# --- Weighing frameworks ---------------------------------------------------------------------


def test_signing_framework1_records_it_with_its_author(client, handled, counsellor):
    client.force_login(counsellor)
    page = client.get(_url("sign_framework1", handled))
    assert reverse("network:article", args=["afwegingskader-1"]) in page.text
    response = client.post(_url("sign_framework1", handled), FRAMEWORK1_POST, follow=True)
    form = Framework1.objects.get()
    assert (form.author, form.own_safety, form.case) == (counsellor, "high", handled)
    assert form.history.get().history_user == counsellor
    assert "Afwegingskader 1 is ondertekend." in response.text
    assert response.redirect_chain[-1][0].startswith(
        reverse("cases:detail", args=[handled.reference])
    )


def test_an_instrument_score_needs_a_licence_and_keeps_the_input(client, handled, counsellor):
    client.force_login(counsellor)
    data = {
        **FRAMEWORK1_POST,
        "instrument_name": "Risicotaxatie-instrument v2",
        "instrument_level": "high",
        "instrument_rationale": "Score 31",
    }
    response = client.post(_url("sign_framework1", handled), data)
    assert response.status_code == 200
    assert "licentie" in response.text
    assert "Risicotaxatie-instrument v2" in response.text
    assert FRAMEWORK1["own_safety_motivation"] in response.text
    assert not Framework1.objects.exists()


def test_a_framework2_with_a_no_says_what_to_do_first(client, handled, counsellor):
    client.force_login(counsellor)
    page = client.get(_url("sign_framework2", handled))
    assert reverse("network:article", args=["delen-met-derden"]) in page.text
    data = _yes_no_post({**YES, "consent_pursued": False})
    response = client.post(_url("sign_framework2", handled), data, follow=True)
    assert response.status_code == 200
    framework = Framework2.objects.get()
    assert not framework.all_yes
    assert "Doe eerst dit" in response.text
    assert "Vraag de student om toestemming" in response.text


def test_framework2_links_only_this_cases_consent_entries(client, handled, counsellor, reporter):
    entry = add_timeline_entry(
        fresh(handled),
        kind=TimelineEntry.Kind.CONSENT_REQUEST,
        occurred_on=datetime.date.today(),
        summary="Toestemming gevraagd voor contact met de huisarts",
        outcome="",
        consent_given=None,
        acting_user=counsellor,
    )
    other = take_case(report_case(reporter=reporter, unit=handled.unit), acting_user=counsellor)
    foreign = add_timeline_entry(
        other,
        kind=TimelineEntry.Kind.CONSENT_REQUEST,
        occurred_on=datetime.date.today(),
        summary="Elders",
        outcome="",
        consent_given=None,
        acting_user=counsellor,
    )
    client.force_login(counsellor)
    page = client.get(_url("sign_framework2", handled))
    assert "Toestemming gevraagd voor contact" in page.text and "Elders" not in page.text
    refused = client.post(
        _url("sign_framework2", handled), {**_yes_no_post(YES), "consent_entries": [foreign.pk]}
    )
    assert refused.status_code == 200 and not Framework2.objects.exists()
    client.post(
        _url("sign_framework2", handled), {**_yes_no_post(YES), "consent_entries": [entry.pk]}
    )
    assert list(Framework2.objects.get().consent_entries.all()) == [entry]


# --- Support → care meeting ------------------------------------------------------------------


def test_requesting_escalation_too_early_says_what_is_missing_and_keeps_the_reason(
    client, handled, counsellor
):
    client.force_login(counsellor)
    response = client.post(_url("request", handled), {"reason": "De zorg blijft, want ..."})
    assert response.status_code == 200
    assert "Opschalen kan nog niet" in response.text
    assert "Collegiale consultatie" in response.text
    assert "De zorg blijft, want ..." in response.text
    assert not EscalationRequest.objects.exists()


def test_a_request_goes_to_the_dean_and_a_second_one_is_a_conflict(
    client, handled, counsellor, dean
):
    ready_to_escalate(handled, counsellor)
    client.force_login(counsellor)
    response = client.post(_url("request", handled), {"reason": "Zorg blijft"}, follow=True)
    assert "Je verzoek ligt bij de decaan" in response.text
    request = EscalationRequest.objects.get()
    assert (request.requested_by, request.history.get().history_user) == (counsellor, counsellor)
    assert InboxItem.objects.filter(user=dean, kind="escalation_request").exists()
    again = client.post(_url("request", handled), {"reason": "Nog een keer"})
    assert again.status_code == 409
    assert "Er ligt al een opschalingsverzoek" in again.text
    assert "Nog een keer" in again.text


def test_the_dean_sees_the_request_and_sends_it_back_with_a_reason(
    client, handled, counsellor, dean
):
    ready_to_escalate(handled, counsellor)
    request = services.request_escalation(fresh(handled), reason="Zorg", acting_user=counsellor)
    client.force_login(dean)
    inbox = client.get(reverse("escalation:dean_inbox"))
    assert handled.reference in inbox.text and "Noor Veenstra" in inbox.text
    row = AccessLogEntry.objects.get(part="dean_inbox")
    assert (row.case_reference, row.basis, row.action) == (
        handled.reference,
        "unit_oversight",
        "list",
    )
    review = _url("review", handled, request.pk)
    missing = client.post(review, {"decision": "send_back", "reason": ""})
    assert "Schrijf op waarom" in missing.text
    client.post(review, {"decision": "send_back", "reason": "Eerst de huisarts"})
    request = EscalationRequest.objects.get(pk=request.pk)
    assert (request.state, request.decided_by, request.decision_reason) == (
        "sent_back",
        dean,
        "Eerst de huisarts",
    )
    assert InboxItem.objects.filter(user=counsellor, kind="escalation_decided").exists()
    late = client.post(review, {"decision": "accept", "reason": ""})
    assert late.status_code == 409
    assert "Iemand anders heeft dit verzoek net beoordeeld" in late.text


def test_the_dean_accepts_and_the_step_is_recorded(client, handled, counsellor, dean):
    ready_to_escalate(handled, counsellor)
    request = services.request_escalation(fresh(handled), reason="Zorg", acting_user=counsellor)
    client.force_login(dean)
    response = client.post(
        _url("review", handled, request.pk), {"decision": "accept", "reason": ""}, follow=True
    )
    assert "zorgoverleg" in response.text
    step = RungTransition.objects.get(kind="escalate")
    assert (step.from_rung, step.to_rung, step.actor, step.role_held, step.reason) == (
        "support",
        "care_meeting",
        dean,
        "dean",
        "Zorg",
    )
    assert fresh(handled).history.latest().history_user == dean
    assert not client.get(reverse("escalation:dean_inbox")).context["requests"]


# --- Care meeting, step down, close, reopen ------------------------------------------------


def test_step_down_close_and_reopen_each_record_a_reason(client, handled, counsellor, dean):
    case = to_care_meeting(handled, counsellor, dean)
    client.force_login(counsellor)
    empty = client.post(_url("step_down", case), {"reason": ""})
    assert empty.status_code == 200 and fresh(case).rung == Rung.CARE_MEETING
    client.post(_url("step_down", case), {"reason": "Het gaat beter"})
    assert fresh(case).rung == Rung.SUPPORT
    no_outcome = client.post(_url("close", case), {"reason": "Klaar"})
    assert "Kies de uitkomst" in no_outcome.text
    client.post(_url("close", case), {"outcome": "referred", "reason": "Huisarts neemt over"})
    closed = RungTransition.objects.get(kind="close")
    assert (closed.outcome, closed.reason, closed.actor) == (
        "referred",
        "Huisarts neemt over",
        counsellor,
    )
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert "Verwezen naar reguliere zorg" in page.text and _url("reopen", case) in page.text
    client.post(_url("reopen", case), {"reason": "Nieuwe signalen"})
    assert fresh(case).rung == Rung.SUPPORT
    assert fresh(case).history.latest().history_change_reason == "Nieuwe signalen"


def test_a_step_that_is_not_possible_now_is_refused_on_the_form(client, handled, counsellor):
    client.force_login(counsellor)
    # Opening the form is refused (403, logged); a late POST gets the service's message.
    assert client.get(_url("step_down", handled)).status_code == 403
    assert AccessLogEntry.objects.filter(part="step_down_form", outcome="denied").exists()
    response = client.post(_url("step_down", handled), {"reason": "Het gaat beter"})
    assert response.status_code == 200
    assert "Afschalen kan vanaf het zorgoverleg" in response.text
    assert "Het gaat beter" in response.text


# --- Acute risk -----------------------------------------------------------------------------

ACUTE = {
    "own_safety": "True",
    "third_parties": "False",
    "criminal_offence": "False",
    "description": "Student staat op het dak.",
    "emergency_called": "on",
    "emergency_details": "112 gebeld om 10:02",
}


def _sharing_post():
    return {
        **ACUTE,
        "include_disclosure": "on",
        "recipient": partner().pk,
        "data_categories": ["identity", "health"],
        "purpose": "Crisisdienst direct inschakelen",
        "student_informed": "False",
        "not_informed_reason": "Acuut gevaar",
        **_yes_no_post(YES),
    }


def test_the_acute_form_needs_at_least_one_yes(client, handled, counsellor):
    client.force_login(counsellor)
    page = client.get(_url("acute", handled))
    assert "Bel bij direct gevaar eerst 112" in page.text
    data = {**ACUTE, "own_safety": "False"}
    response = client.post(_url("acute", handled), data)
    assert "minstens één van de drie vragen met ja" in response.text
    assert "Student staat op het dak." in response.text
    assert not AcuteRiskReport.objects.exists()


def test_acute_risk_goes_to_the_board_and_tells_board_and_contact_officer(
    client, handled, counsellor, board_member, contact_officer
):
    client.force_login(counsellor)
    response = client.post(_url("acute", handled), ACUTE, follow=True)
    assert "Het acute risico is gemeld" in response.text
    assert fresh(handled).rung == Rung.BOARD
    report = AcuteRiskReport.objects.get()
    assert (report.emergency_called, report.reported_by) == (True, counsellor)
    step = RungTransition.objects.get(kind="acute")
    assert (step.from_rung, step.acute_report, step.actor) == ("support", report, counsellor)
    for person in (board_member, contact_officer):
        assert InboxItem.objects.filter(user=person, kind="acute").exists()
    assert not Disclosure.objects.exists()


def test_acute_risk_with_an_acute_request_signs_framework2_first(
    client, handled, counsellor, board_member
):
    client.force_login(counsellor)
    client.post(_url("acute", handled), _sharing_post())
    framework = Framework2.objects.get()
    disclosure = Disclosure.objects.get()
    assert (disclosure.acute, disclosure.state, disclosure.framework2) == (
        True,
        "requested",
        framework,
    )
    assert disclosure.data_categories == ["identity", "health"]
    assert disclosure.decide_before is not None
    assert InboxItem.objects.filter(user=board_member, kind="acute").exists()


def test_an_acute_request_with_a_no_saves_nothing_and_keeps_the_input(client, handled, counsellor):
    client.force_login(counsellor)
    data = {**_sharing_post(), "sharing_necessary": "False"}
    response = client.post(_url("acute", handled), data)
    assert response.status_code == 200
    assert "alle drie de vragen van afwegingskader 2 met ja" in response.text
    assert "Crisisdienst direct inschakelen" in response.text
    assert not AcuteRiskReport.objects.exists() and not Framework2.objects.exists()
    assert fresh(handled).rung == Rung.SUPPORT


def test_the_board_acknowledges_an_emergency_action_once(client, handled, counsellor, board_member):
    services.report_acute_risk(
        fresh(handled),
        answers={k: v == "True" if v in ("True", "False") else v for k, v in ACUTE.items()}
        | {"emergency_called": True},
        acting_user=counsellor,
    )
    report = AcuteRiskReport.objects.get()
    client.force_login(board_member)
    inbox = client.get(reverse("escalation:board_inbox"))
    assert handled.reference in inbox.text
    assert "112 gebeld om 10:02" not in inbox.text  # what was told to 112 stays in the case
    url = reverse("escalation:acknowledge", args=[report.pk])
    response = client.post(url, follow=True)
    assert "Je hebt kennisgenomen" in response.text
    report.refresh_from_db()
    assert report.acknowledged_by == board_member
    again = client.post(url, follow=True)
    assert "één keer" in again.text


# --- Disclosure -----------------------------------------------------------------------------


def _disclosure_post(framework, **overrides):
    return {
        "recipient": partner().pk,
        "legal_basis": "vital_interest",
        "data_categories": ["identity", "risk"],
        "purpose": "Crisisbeoordeling",
        "framework2": framework.pk,
        "student_informed": "False",
        "not_informed_reason": "",
        **overrides,
    }


def test_a_disclosure_form_without_an_allowing_framework2_says_so(
    client, handled, counsellor, dean
):
    case = to_board(handled, counsellor, dean)
    sign_framework2(case, counsellor, sharing_necessary=False)
    client.force_login(counsellor)
    page = client.get(_url("request_disclosure", case))
    assert "Er is nog geen ondertekend afwegingskader 2" in page.text
    assert _url("sign_framework2", case) in page.text


def test_requesting_a_disclosure_as_draft_then_submitting(
    client, handled, counsellor, dean, board_member
):
    case = to_board(handled, counsellor, dean)
    framework = sign_framework2(case, counsellor)
    client.force_login(counsellor)
    missing = client.post(
        _url("request_disclosure", case), {**_disclosure_post(framework), "action": "draft"}
    )
    assert "Schrijf op waarom de student het niet weet" in missing.text
    assert "Crisisbeoordeling" in missing.text
    data = {**_disclosure_post(framework, not_informed_reason="Vergroot het risico")}
    response = client.post(
        _url("request_disclosure", case), {**data, "action": "draft"}, follow=True
    )
    disclosure = Disclosure.objects.get()
    assert disclosure.state == "draft"
    assert "nog een concept" in response.text
    client.post(reverse("escalation:submit", args=[disclosure.pk]))
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert disclosure.state == "requested"
    assert InboxItem.objects.filter(user=board_member, kind="disclosure_pending").exists()


def test_four_eyes_on_the_page_then_the_contact_officer_carries_it_out(
    client, handled, counsellor, dean, board2, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    also_handler = UserFactory(
        username="bestuur-begeleider",
        roles=[RoleCode.BOARD, RoleCode.COUNSELLOR],
        units=[handled.unit],
    )
    from escalation.services import assign_handler

    assign_handler(fresh(case), handler=also_handler, reason="Overdracht", acting_user=dean)
    url = reverse("escalation:disclosure", args=[disclosure.pk])
    client.force_login(also_handler)
    page = client.get(url)
    assert "Vier ogen" in page.text and 'value="approve"' not in page.text
    client.force_login(board2)
    page = client.get(url)
    assert 'value="approve"' in page.text
    empty = client.post(reverse("escalation:decide", args=[disclosure.pk]), {})
    assert empty.status_code == 200 and "Kies goedkeuren of afwijzen" in empty.text
    client.post(
        reverse("escalation:decide", args=[disclosure.pk]),
        {"besluit-decision": "approve", "besluit-reason": "Noodzakelijk"},
    )
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert (disclosure.state, disclosure.decided_by) == ("approved", board2)
    assert disclosure.history.latest().history_change_reason == "Noodzakelijk"
    assert InboxItem.objects.filter(user=contact_officer, kind="disclosure_carry_out").exists()

    client.force_login(contact_officer)
    listed = client.get(reverse("escalation:contact_list"))
    assert url in listed.text
    carry = reverse("escalation:carry_out", args=[disclosure.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = client.post(
        carry,
        {
            "uitvoering-carried_out_on": tomorrow.isoformat(),
            "uitvoering-channel": "Telefoon",
            "uitvoering-what_was_shared": "Naam en risico",
        },
    )
    assert "Deze datum ligt in de toekomst" in future.text and "Naam en risico" in future.text
    client.post(
        carry,
        {
            "uitvoering-carried_out_on": timezone.localdate().isoformat(),
            "uitvoering-channel": "Telefoon",
            "uitvoering-what_was_shared": "Naam en risico",
        },
    )
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert (disclosure.state, disclosure.carried_out_by, disclosure.channel) == (
        "carried_out",
        contact_officer,
        "Telefoon",
    )
    page = client.get(url)
    for state in ("Concept", "Wacht op besluit", "Goedgekeurd", "Uitgevoerd"):
        assert state in page.text
    row = AccessLogEntry.objects.filter(part=f"disclosure:{disclosure.pk}", user=contact_officer)
    assert row.latest("at").basis == "disclosure"


def test_approving_a_withdrawn_request_is_a_conflict(
    client, handled, counsellor, dean, board_member
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    client.force_login(counsellor)
    client.post(
        reverse("escalation:withdraw", args=[disclosure.pk]),
        {"intrekken-reason": "Niet meer nodig"},
    )
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert disclosure.state == "withdrawn"
    client.force_login(board_member)
    response = client.post(
        reverse("escalation:decide", args=[disclosure.pk]),
        {"besluit-decision": "reject", "besluit-reason": "Nee"},
    )
    assert response.status_code == 409
    assert "intussen ingetrokken" in response.text


@pytest.mark.parametrize("choice", ["approve", "reject"])
def test_the_losing_decision_on_a_stale_page_gets_a_conflict(
    client, handled, counsellor, dean, board_member, board2, choice
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    url = reverse("escalation:decide", args=[disclosure.pk])
    client.force_login(board2)
    assert (
        'value="approve"' in client.get(reverse("escalation:disclosure", args=[disclosure.pk])).text
    )
    # Another board member decides first; board2 then sends the form still on their screen.
    disclosures.approve_disclosure(disclosure, reason="Noodzakelijk", acting_user=board_member)
    response = client.post(url, {"besluit-decision": choice, "besluit-reason": "Mijn besluit"})
    assert response.status_code == 409
    assert "Deze verstrekking is intussen goedgekeurd, nog uit te voeren." in response.text
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert (disclosure.state, disclosure.decided_by, disclosure.decision_reason) == (
        "approved",
        board_member,
        "Noodzakelijk",
    )
    assert disclosure.history.filter(history_change_reason="Mijn besluit").count() == 0


def test_disclosure_reads_are_logged_with_the_readers_basis(
    client, handled, counsellor, dean, board_member
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    url = reverse("escalation:disclosure", args=[disclosure.pk])
    for user, basis in ((counsellor, "case_team"), (board_member, "board_rung")):
        client.force_login(user)
        assert client.get(url).status_code == 200
        row = AccessLogEntry.objects.filter(user=user, part=f"disclosure:{disclosure.pk}").get()
        assert (row.basis, row.outcome, row.case_reference) == (basis, "allowed", case.reference)


# --- Outsiders and reads ---------------------------------------------------------------------


def test_outsiders_get_a_logged_404_on_every_escalation_page(
    client, handled, counsellor, dean, outsider, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    client.force_login(outsider)
    for name in ("sign_framework1", "acute", "close", "request_disclosure"):
        for method in ("get", "post"):
            assert getattr(client, method)(_url(name, case)).status_code == 404
    assert client.get(reverse("escalation:disclosure", args=[disclosure.pk])).status_code == 404
    denied = AccessLogEntry.objects.filter(user=outsider, outcome="denied")
    assert denied.count() == 9
    assert set(denied.values_list("case_reference", flat=True)) == {case.reference}
    client.force_login(contact_officer)  # only once it is approved
    assert client.get(reverse("escalation:disclosure", args=[disclosure.pk])).status_code == 404


def test_framework_pages_log_the_read(client, handled, counsellor):
    form = services.sign_framework1(fresh(handled), answers=FRAMEWORK1, acting_user=counsellor)
    client.force_login(counsellor)
    response = client.get(_url("framework1", handled, form.pk))
    assert FRAMEWORK1["own_safety_motivation"] in response.text
    row = AccessLogEntry.objects.get(part="framework1")
    assert (row.user, row.basis, row.case_reference) == (counsellor, "case_team", handled.reference)


# --- Query counts of the inboxes -------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _pending_requests(total, reporter, counsellor, unit):
    while EscalationRequest.objects.count() < total:
        student = StudentFactory(programme=unit)
        case = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
        ready_to_escalate(case, counsellor)
        services.request_escalation(fresh(case), reason="Zorg", acting_user=counsellor)


def _acute_cases(total, reporter, counsellor, unit):
    """Cases gone acute with 112 called and an acute request, each at the board rung."""
    while AcuteRiskReport.objects.count() < total:
        student = StudentFactory(programme=unit)
        case = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
        services.report_acute_risk(
            case,
            answers={
                "own_safety": True,
                "third_parties": False,
                "criminal_offence": False,
                "description": "Acuut",
                "emergency_called": True,
                "emergency_details": "112",
            },
            acting_user=counsellor,
            disclosure={
                "recipient": partner(),
                "framework2": sign_framework2(case, counsellor),
                "data_categories": ["identity"],
                "purpose": "Crisis",
                "student_informed": True,
            },
        )


def test_the_dean_inbox_query_count_does_not_grow(client, reporter, counsellor, dean, unit):
    client.force_login(dean)
    counts = []
    for total in (3, 20):
        _pending_requests(total, reporter, counsellor, unit)
        counts.append(_count_queries(client, reverse("escalation:dean_inbox")))
    assert counts[0] == counts[1]


def test_the_board_inbox_query_count_does_not_grow(
    client, reporter, counsellor, board_member, unit
):
    client.force_login(board_member)
    counts = []
    for total in (3, 20):
        _acute_cases(total, reporter, counsellor, unit)
        response = client.get(reverse("escalation:board_inbox"))
        inbox = response.context["inbox"]
        assert len(inbox.disclosures) == len(inbox.cases) == len(inbox.emergencies) == total
        counts.append(_count_queries(client, reverse("escalation:board_inbox")))
    assert counts[0] == counts[1]


def test_the_contact_list_query_count_does_not_grow(
    client, reporter, counsellor, board_member, contact_officer, unit
):
    client.force_login(contact_officer)
    counts = []
    for total in (3, 20):
        _acute_cases(total, reporter, counsellor, unit)
        for disclosure in Disclosure.objects.filter(state="requested"):
            disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)
        done = Disclosure.objects.filter(state="approved").first()
        disclosures.record_carried_out(
            done,
            carried_out_on=timezone.localdate(),
            channel="Telefoon",
            what_was_shared="Naam",
            acting_user=contact_officer,
        )
        counts.append(_count_queries(client, reverse("escalation:contact_list")))
    assert counts[0] == counts[1]


def test_the_board_inbox_puts_acute_requests_first_with_time_left(
    client, handled, counsellor, dean, board_member, reporter, unit
):
    case = to_board(handled, counsellor, dean)
    ordinary = request_disclosure(case, counsellor)
    _acute_cases(1, reporter, counsellor, unit)
    acute = Disclosure.objects.get(acute=True)
    client.force_login(board_member)
    response = client.get(reverse("escalation:board_inbox"))
    listed = response.context["inbox"].disclosures
    assert [d.pk for d in listed] == [acute.pk, ordinary.pk]
    assert re.search(r"nog (5[0-9]|60) minuten", response.text)
    Disclosure.objects.filter(pk=acute.pk).update(
        decide_before=timezone.now() - datetime.timedelta(minutes=30)
    )
    assert "over tijd" in client.get(reverse("escalation:board_inbox")).text

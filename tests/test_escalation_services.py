"""The ladder's rules, step by step: what is allowed, what is refused and why, what is recorded."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import InboxItem
from accounts.roles import RoleCode
from cases.models import Rung
from cases.services import CaseActionRefused
from core.errors import EditConflict
from escalation import disclosures, services
from escalation.models import (
    CareMeetingDecision,
    Disclosure,
    EscalationRequest,
    Framework1,
    RungTransition,
)
from escalation.services import take_case
from tests.escalation_helpers import (
    FRAMEWORK1,
    fresh,
    horizontal_steps,
    partner,
    ready_to_escalate,
    request_disclosure,
    sign_framework2,
    to_board,
    to_care_meeting,
)
from tests.factories import UserFactory

Decision = CareMeetingDecision.Decision


@pytest.fixture
def handled(case, counsellor):
    return take_case(case, acting_user=counsellor)


@pytest.fixture
def board2(db):
    return UserFactory(username="bestuurder2", roles=[RoleCode.BOARD])


# --- Taking on and scaling up ----------------------------------------------------------


def test_taking_a_report_writes_its_own_transition_row(handled, counsellor):
    row = RungTransition.objects.get()
    assert (row.from_rung, row.to_rung, row.kind, row.actor, row.role_held) == (
        "signal",
        "support",
        "take_on",
        counsellor,
        "counsellor",
    )


def test_escalating_without_the_horizontal_steps_says_what_is_missing(handled, counsellor):
    with pytest.raises(services.LadderRefused) as refused:
        services.request_escalation(fresh(handled), reason="Zorg blijft", acting_user=counsellor)
    message = str(refused.value)
    assert "Gesprek met de student" in message
    assert "Collegiale consultatie" in message
    assert "afwegingskader 1" in message
    assert not EscalationRequest.objects.exists()
    assert fresh(handled).rung == Rung.SUPPORT


def test_an_old_framework1_no_longer_counts(handled, counsellor, settings, monkeypatch):
    horizontal_steps(handled, counsellor)
    services.sign_framework1(fresh(handled), answers=FRAMEWORK1, acting_user=counsellor)
    settings.ZW_FRAMEWORK1_VALID_DAYS = 1
    in_two_days = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr("escalation.ladder.timezone.now", lambda: in_two_days)
    with pytest.raises(services.LadderRefused, match="afwegingskader 1"):
        services.request_escalation(fresh(handled), reason="Zorg blijft", acting_user=counsellor)


def test_a_dean_accepts_and_the_case_moves_with_one_row(handled, counsellor, dean):
    ready_to_escalate(handled, counsellor)
    request = services.request_escalation(
        fresh(handled), reason="Zorg niet weggenomen", acting_user=counsellor
    )
    assert InboxItem.objects.filter(user=dean, kind="escalation_request").exists()
    services.accept_escalation(request, reason="Akkoord", acting_user=dean)
    case = fresh(handled)
    assert case.rung == Rung.CARE_MEETING
    row = RungTransition.objects.get(kind="escalate")
    assert (row.from_rung, row.to_rung, row.actor, row.role_held, row.reason) == (
        "support",
        "care_meeting",
        dean,
        "dean",
        "Zorg niet weggenomen",
    )
    assert row.framework1 == request.framework1 and row.request == request
    assert case.history.latest().history_user == dean
    assert case.next_review == timezone.localdate() + datetime.timedelta(days=28)


def test_a_dean_sends_back_with_a_reason_and_nothing_moves(handled, counsellor, dean):
    ready_to_escalate(handled, counsellor)
    request = services.request_escalation(fresh(handled), reason="Zorg", acting_user=counsellor)
    services.send_back_escalation(request, reason="Eerst huisarts", acting_user=dean)
    request = EscalationRequest.objects.get(pk=request.pk)
    assert (request.state, request.decision_reason) == ("sent_back", "Eerst huisarts")
    assert fresh(handled).rung == Rung.SUPPORT
    with pytest.raises(EditConflict):
        services.accept_escalation(request, reason="Toch wel", acting_user=dean)


def test_only_a_dean_of_the_unit_reviews(handled, counsellor, care_team_member):
    ready_to_escalate(handled, counsellor)
    request = services.request_escalation(fresh(handled), reason="Zorg", acting_user=counsellor)
    other_dean = UserFactory(username="anderedecaan", roles=[RoleCode.DEAN])
    for user in (counsellor, care_team_member, other_dean):
        with pytest.raises(CaseActionRefused):
            services.accept_escalation(request, reason="Akkoord", acting_user=user)


def test_the_board_rung_needs_a_care_meeting_decision_and_the_steps(handled, counsellor, dean):
    case = to_care_meeting(handled, counsellor, dean)
    decided = {"decision": Decision.ESCALATE_TO_BOARD, "summary": "CvB", "meeting_ref": "ZO-7"}
    with pytest.raises(services.LadderRefused, match="Gesprek met de student"):
        services.record_meeting_decision(case, role="dean", acting_user=dean, **decided)
    horizontal_steps(case, counsellor)
    services.record_meeting_decision(fresh(case), role="dean", acting_user=dean, **decided)
    assert fresh(case).rung == Rung.BOARD
    row = RungTransition.objects.get(to_rung="board")
    assert row.decision.decision == "escalate_to_board"


def test_step_down_close_and_reopen_each_need_a_reason_row(handled, counsellor, dean):
    case = to_care_meeting(handled, counsellor, dean)
    services.step_down(case, reason="Het gaat beter", acting_user=counsellor)
    assert fresh(case).rung == Rung.SUPPORT
    services.close_case(
        fresh(case), outcome="taken_away", reason="Zorg weg", acting_user=counsellor
    )
    assert (fresh(case).rung, fresh(case).next_review) == (Rung.CLOSED, None)
    services.reopen_case(fresh(case), reason="Nieuwe signalen", acting_user=dean)
    kinds = list(RungTransition.objects.order_by("at", "id").values_list("kind", "to_rung"))
    assert kinds[-3:] == [
        ("step_down", "support"),
        ("close", "closed"),
        ("reopen", "support"),
    ]


def test_signed_frameworks_are_never_changed_a_new_one_supersedes(handled, counsellor):
    first = services.sign_framework1(fresh(handled), answers=FRAMEWORK1, acting_user=counsellor)
    second = services.sign_framework1(
        fresh(handled), answers={**FRAMEWORK1, "own_safety": "acute"}, acting_user=counsellor
    )
    from escalation.ladder import current_framework1

    assert current_framework1(fresh(handled)) == second
    assert Framework1.objects.get(pk=first.pk).own_safety == "high"


def test_the_database_refuses_to_change_a_signed_framework(handled, counsellor):
    from django.db import DatabaseError, transaction

    form = services.sign_framework1(fresh(handled), answers=FRAMEWORK1, acting_user=counsellor)
    with pytest.raises(DatabaseError), transaction.atomic():
        Framework1.objects.filter(pk=form.pk).update(own_safety="none")


# --- Disclosure --------------------------------------------------------------------------


def test_a_disclosure_needs_the_board_rung(handled, counsellor):
    with pytest.raises(services.LadderRefused):
        request_disclosure(handled, counsellor)


def test_any_no_in_framework2_blocks_a_disclosure_and_says_what_first(handled, counsellor, dean):
    case = to_board(handled, counsellor, dean)
    no = sign_framework2(case, counsellor, consent_pursued=False)
    with pytest.raises(services.LadderRefused, match="vraag toestemming"):
        disclosures.prepare_disclosure(
            case,
            details={
                "recipient": partner(),
                "legal_basis": "consent",
                "data_categories": ["identity"],
                "purpose": "Doorverwijzing",
                "student_informed": True,
            },
            framework2=no,
            acting_user=counsellor,
            submit=True,
        )
    assert not Disclosure.objects.exists()


def test_four_eyes_approval_then_the_contact_officer_carries_it_out(
    handled, counsellor, dean, board_member, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    assert disclosure.state == "requested"
    assert InboxItem.objects.filter(user=board_member, kind="disclosure_pending").exists()
    disclosures.approve_disclosure(disclosure, reason="Noodzakelijk", acting_user=board_member)
    assert InboxItem.objects.filter(user=contact_officer, kind="disclosure_carry_out").exists()
    disclosures.record_carried_out(
        disclosure,
        carried_out_on=timezone.localdate(),
        channel="Telefoon",
        what_was_shared="Naam en risico-inschatting",
        acting_user=contact_officer,
    )
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert (disclosure.state, disclosure.decided_by, disclosure.carried_out_by) == (
        "carried_out",
        board_member,
        contact_officer,
    )
    states = [row.state for row in disclosure.history.order_by("history_date", "history_id")]
    assert states == ["draft", "requested", "approved", "carried_out"]


def test_nobody_approves_their_own_request_or_a_case_they_handle(
    handled, counsellor, dean, board_member
):
    handled_by_board = UserFactory(
        username="bestuurder-begeleider",
        roles=[RoleCode.BOARD, RoleCode.COUNSELLOR],
        units=[handled.unit],
    )
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for user in (counsellor, dean, root):
        with pytest.raises(CaseActionRefused):
            disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=user)
    from escalation.services import assign_handler

    assign_handler(fresh(case), handler=handled_by_board, reason="Overdracht", acting_user=dean)
    with pytest.raises(CaseActionRefused, match="vier ogen"):
        disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=handled_by_board)
    disclosures.reject_disclosure(disclosure, reason="Nee", acting_user=handled_by_board)
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert disclosure.state == "rejected"


def test_only_the_contact_officer_carries_out(handled, counsellor, dean, board_member):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)
    for user in (counsellor, dean, board_member):
        with pytest.raises(CaseActionRefused):
            disclosures.record_carried_out(
                disclosure,
                carried_out_on=timezone.localdate(),
                channel="Mail",
                what_was_shared="x",
                acting_user=user,
            )


def test_a_withdrawn_request_cannot_be_approved(handled, counsellor, dean, board_member):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    disclosures.withdraw_disclosure(disclosure, reason="Niet meer nodig", acting_user=counsellor)
    with pytest.raises(EditConflict):
        disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)


# --- Acute risk ----------------------------------------------------------------------------


def test_acute_risk_goes_straight_to_the_board_and_tells_everyone(
    handled, counsellor, board_member, contact_officer
):
    answers = {
        "own_safety": True,
        "third_parties": False,
        "criminal_offence": False,
        "description": "Student staat op het dak.",
        "emergency_called": True,
        "emergency_details": "112 gebeld om 10:02",
    }
    fw2 = sign_framework2(handled, counsellor)
    report = services.report_acute_risk(
        fresh(handled),
        answers=answers,
        acting_user=counsellor,
        disclosure={
            "recipient": partner(),
            "framework2": fw2,
            "data_categories": ["identity"],
            "purpose": "Crisisdienst direct inschakelen",
            "student_informed": False,
            "not_informed_reason": "Acuut gevaar",
        },
    )
    case = fresh(handled)
    assert case.rung == Rung.BOARD
    row = RungTransition.objects.get(kind="acute")
    assert (row.from_rung, row.acute_report) == ("support", report)
    for person in (board_member, contact_officer):  # told once, not once per record
        assert InboxItem.objects.filter(user=person, kind="acute").count() == 1
    disclosure = Disclosure.objects.get()
    assert (disclosure.acute, disclosure.state, disclosure.legal_basis) == (
        True,
        "requested",
        "vital_interest",
    )
    assert disclosure.decide_before - disclosure.created_at <= datetime.timedelta(minutes=61)
    services.acknowledge_emergency_action(report, acting_user=board_member)
    with pytest.raises(CaseActionRefused):
        services.acknowledge_emergency_action(report, acting_user=board_member)


def test_acute_reminders_repeat_until_decided_but_never_twice_at_once(
    handled, counsellor, board_member, settings
):
    from accounts.services import get_system_user

    fw2 = sign_framework2(handled, counsellor)
    services.report_acute_risk(
        fresh(handled),
        answers={
            "own_safety": True,
            "third_parties": False,
            "criminal_offence": False,
            "description": "Acuut",
        },
        acting_user=counsellor,
        disclosure={
            "recipient": partner(),
            "framework2": fw2,
            "data_categories": ["identity"],
            "purpose": "Crisis",
            "student_informed": True,
        },
    )
    system = get_system_user()
    later = timezone.now() + datetime.timedelta(minutes=settings.ZW_ACUTE_REMINDER_MINUTES + 1)
    assert disclosures.remind_acute_disclosures(now=later, acting_user=system) == 1
    assert disclosures.remind_acute_disclosures(now=later, acting_user=system) == 0
    even_later = later + datetime.timedelta(minutes=settings.ZW_ACUTE_REMINDER_MINUTES + 1)
    assert disclosures.remind_acute_disclosures(now=even_later, acting_user=system) == 1


# --- Review deadlines -----------------------------------------------------------------------


def test_the_overdue_job_run_twice_notifies_once_without_names(
    handled, counsellor, dean, django_capture_on_commit_callbacks
):
    later = timezone.localdate() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_overdue_reviews(today=later) == 1
        assert services.flag_overdue_reviews(today=later) == 0
    assert InboxItem.objects.filter(kind="review_overdue", user__in=[counsellor, dean]).count() == 2
    overdue_mail = [m for m in mail.outbox if "evaluatiedatum" in m.body]
    assert {m.to[0] for m in overdue_mail} == {counsellor.email, dean.email}
    for message in overdue_mail:  # a link, never the student or what the case is about
        for canary in ("Veenstra", "Noor", "5001234", "Student oogt somber"):
            assert canary not in message.body
            assert canary not in message.alternatives[0][0]


# --- Review findings: the rules hold around handovers, closing and one's own requests -----


def test_leaving_the_board_withdraws_open_disclosures(handled, counsellor, dean, board_member):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    services.close_case(fresh(case), outcome="taken_away", reason="Opgelost", acting_user=dean)
    assert Disclosure.objects.get(pk=disclosure.pk).state == "withdrawn"
    with pytest.raises(EditConflict):
        disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)


def test_the_handler_at_request_may_not_approve_after_handing_over(handled, counsellor, dean, unit):
    from escalation.services import assign_handler

    board_counsellor = UserFactory(
        username="cvb-begeleider", roles=[RoleCode.BOARD, RoleCode.COUNSELLOR], units=[unit]
    )
    from cases.services import change_team

    case = to_board(handled, counsellor, dean)
    change_team(fresh(case), members=[counsellor], reason="Blijft in team", acting_user=dean)
    assign_handler(fresh(case), handler=board_counsellor, reason="Overdracht", acting_user=dean)
    disclosure = request_disclosure(case, counsellor)  # asked while board_counsellor handles it
    assign_handler(fresh(case), handler=counsellor, reason="Terug", acting_user=dean)
    with pytest.raises(CaseActionRefused, match="vier ogen"):
        disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_counsellor)


def test_nobody_reviews_their_own_escalation_request(handled, counsellor, unit):
    from escalation.services import assign_handler

    both = UserFactory(
        username="beide", roles=[RoleCode.COUNSELLOR, RoleCode.DEAN], units=[unit.parent]
    )
    assign_handler(fresh(handled), handler=both, reason="Overdracht", acting_user=both)
    ready_to_escalate(handled, both)
    request = services.request_escalation(fresh(handled), reason="Zorg", acting_user=both)
    with pytest.raises(CaseActionRefused, match="nooit het eigen verzoek"):
        services.accept_escalation(request, reason="Akkoord", acting_user=both)
    assert fresh(handled).rung == Rung.SUPPORT


def test_a_board_member_cannot_decide_their_own_request_but_can_withdraw_it(
    handled, counsellor, dean, unit, board_member
):
    from cases.services import change_team

    requester = UserFactory(
        username="cvb-decaan", roles=[RoleCode.BOARD, RoleCode.DEAN], units=[unit.parent]
    )
    case = to_board(handled, counsellor, dean)
    change_team(fresh(case), members=[requester], reason="Erbij", acting_user=counsellor)
    disclosure = request_disclosure(case, requester)
    with pytest.raises(CaseActionRefused):
        disclosures.reject_disclosure(disclosure, reason="Nee", acting_user=requester)
    disclosures.withdraw_disclosure(disclosure, reason="Niet nodig", acting_user=requester)
    assert Disclosure.objects.get(pk=disclosure.pk).state == "withdrawn"


def test_a_disclosure_is_not_carried_out_before_it_was_approved(
    handled, counsellor, dean, board_member, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)
    with pytest.raises(services.LadderRefused, match="vóór de goedkeuring"):
        disclosures.record_carried_out(
            disclosure,
            carried_out_on=timezone.localdate() - datetime.timedelta(days=3),
            channel="Telefoon",
            what_was_shared="Naam",
            acting_user=contact_officer,
        )


def test_the_contact_officer_is_sent_to_their_own_list_on_acute_risk(
    handled, counsellor, contact_officer
):
    services.report_acute_risk(
        fresh(handled),
        answers={
            "own_safety": True,
            "third_parties": False,
            "criminal_offence": False,
            "description": "Acuut",
        },
        acting_user=counsellor,
    )
    item = InboxItem.objects.get(user=contact_officer, kind="acute")
    assert item.path == "/escalatie/uitvoeren/"


def test_the_contact_officer_sees_a_carried_out_disclosure_for_a_month(
    handled, counsellor, dean, board_member, contact_officer, monkeypatch
):
    from escalation.permissions import can_view_disclosure

    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)
    disclosures.record_carried_out(
        disclosure,
        carried_out_on=timezone.localdate(),
        channel="Telefoon",
        what_was_shared="Naam",
        acting_user=contact_officer,
    )
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert can_view_disclosure(contact_officer, disclosure)
    # Local dates throughout: between midnight in Amsterdam and midnight UTC the UTC date is a
    # day behind the date the disclosure was carried out on.
    later = timezone.localdate() + datetime.timedelta(days=31)
    monkeypatch.setattr("escalation.permissions.timezone.localdate", lambda: later)
    assert not can_view_disclosure(contact_officer, disclosure)

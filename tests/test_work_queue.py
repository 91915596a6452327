"""Every person's work queue (issue 18): what the system knows someone must do shows on their
home page with its deadline, most urgent first, is counted in the navigation, and disappears
when it is done. Never a student's name."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.roles import RoleCode
from audit.models import AccessAnomaly
from cases.models import Case, TimelineEntry
from cases.services import add_timeline_entry
from escalation import disclosures
from escalation import services as ladder
from escalation.services import take_case
from overleg import services as meetings
from tests.escalation_helpers import (
    fresh,
    partner,
    ready_to_escalate,
    request_disclosure,
    sign_framework2,
    to_board,
)
from tests.factories import StudentFactory, UserFactory, report_case
from tests.overleg_helpers import plan
from tests.training_helpers import make_course, make_session

ACUTE_ANSWERS = {
    "own_safety": True,
    "third_parties": False,
    "criminal_offence": False,
    "description": "Student staat op het dak.",
    "emergency_called": True,
    "emergency_details": "112 gebeld om 10:02",
}


def _published(dean, **kwargs):
    """A published meeting with one point on its agenda; chair and minute-taker confirmed."""
    meeting = plan(dean, **kwargs)
    meetings.add_item(meeting, kind="other", title="Rondvraag", acting_user=dean)
    meeting = meetings.publish_agenda(meeting, acting_user=dean)
    for user in {meeting.chair, meeting.minute_taker}:
        meetings.confirm_confidentiality(meeting, acting_user=user)
    return meeting


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _work(response):
    """The home page's work list as (label, subject, when) in the order shown."""
    return [(i.label, i.subject, i.when) for i in response.context["work"]]


def _labels(response):
    return [item.label for item in response.context["work"]]


def _nav_badge(response, url_name):
    item = next(i for i in response.context["nav_items"] if i["url"] == reverse(url_name))
    return item.get("badge", 0)


@pytest.fixture
def handled(reporter, counsellor, student):
    return take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)


def _acute(case, counsellor):
    ladder.report_acute_risk(
        fresh(case),
        answers=ACUTE_ANSWERS,
        acting_user=counsellor,
        disclosure={
            "recipient": partner(),
            "framework2": sign_framework2(case, counsellor),
            "data_categories": ["identity"],
            "purpose": "Crisisdienst direct inschakelen",
            "student_informed": False,
            "not_informed_reason": "Acuut gevaar",
        },
    )
    return fresh(case)


# --- The board and the contact officer: the acute path ------------------------------------


def test_the_board_sees_the_acute_request_first_with_its_countdown_then_the_112_call(
    client, handled, counsellor, board_member
):
    case = _acute(handled, counsellor)
    response = _home(client, board_member)
    work = _work(response)
    assert work[0][0] == "Acuut verzoek om te delen: besluit nodig"
    assert work[0][1] == case.reference
    assert re.fullmatch(r"nog (59|60) minuten", work[0][2]), work[0][2]
    assert work[1][0] == "1 noodactie (112) om kennis van te nemen"
    text = response.content.decode()
    assert "Acuut</span>" in text
    assert escape(case.student.last_name) not in text and case.student.first_name not in text
    assert _nav_badge(response, "escalation:board_inbox") == 2


def test_a_late_acute_request_says_how_late_in_red(client, handled, counsellor, board_member):
    case = _acute(handled, counsellor)
    later = timezone.now() + datetime.timedelta(minutes=75)
    from accounts.work import shown_work

    shown = shown_work(board_member, now=later)
    assert shown[0].subject == case.reference
    assert shown[0].late and shown[0].when == "15 minuten over tijd"


def test_four_eyes_the_board_member_who_handles_the_case_has_no_decision_waiting(
    client, reporter, student, board_member, counsellor
):
    board_member.units.add(student.programme)
    # The board member also counsels (several roles): they handle the case themselves.
    from accounts.services import set_user_roles

    set_user_roles(
        board_member,
        codes=[RoleCode.BOARD, RoleCode.COUNSELLOR],
        acting_user=UserFactory(username="fb", roles=[RoleCode.FUNCTIONAL_ADMIN]),
        reason="test",
    )
    board_member.__dict__.pop("role_codes", None)
    case = take_case(report_case(reporter=reporter, student=student), acting_user=board_member)
    _acute(case, board_member)
    labels = _labels(_home(client, board_member))
    assert "Acuut verzoek om te delen: besluit nodig" not in labels
    assert "1 noodactie (112) om kennis van te nemen" in labels  # taking note is anyone's


def test_deciding_moves_the_task_to_the_contact_officer_and_it_leaves_the_board(
    client, handled, counsellor, dean, board_member, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    assert _labels(_home(client, board_member)) == ["Verzoek om te delen met derden: besluit nodig"]
    assert _labels(_home(client, contact_officer)) == []
    disclosures.approve_disclosure(disclosure, reason="Noodzakelijk", acting_user=board_member)
    response = _home(client, board_member)
    assert _labels(response) == []
    assert _nav_badge(response, "escalation:board_inbox") == 0
    response = _home(client, contact_officer)
    assert _work(response)[0][:2] == ("Goedgekeurde verstrekking uitvoeren", case.reference)
    assert _work(response)[0][2].startswith("wacht al")
    assert _nav_badge(response, "escalation:contact_list") == 1


# --- Deans and counsellors ------------------------------------------------------------------


def test_the_dean_sees_escalation_requests_and_reports_not_picked_up_in_time(
    client, handled, counsellor, dean, reporter, student
):
    ready_to_escalate(handled, counsellor)
    ladder.request_escalation(fresh(handled), reason="Zorg blijft", acting_user=counsellor)
    waiting = report_case(reporter=reporter, student=student)
    assert "1 melding in je eenheden is nog niet opgepakt" not in _labels(_home(client, dean))
    Case.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    response = _home(client, dean)
    assert _labels(response) == [
        "1 melding in je eenheden is nog niet opgepakt",
        "1 verzoek tot opschaling wacht op je beoordeling",
    ]
    assert _nav_badge(response, "escalation:dean_inbox") == 1
    assert _nav_badge(response, "cases:list") == 1


def test_the_counsellor_sees_triage_reviews_consent_and_meeting_actions(
    client, handled, counsellor, reporter, student, dean
):
    report_case(reporter=reporter, student=student)
    case = fresh(handled)
    add_timeline_entry(
        case,
        kind=TimelineEntry.Kind.CONSENT_REQUEST,
        occurred_on=timezone.localdate(),
        summary="Gevraagd of we de huisarts mogen bellen",
        outcome="",
        consent_given=None,
        acting_user=counsellor,
    )
    ladder.plan_review(
        fresh(case), on=timezone.localdate() + datetime.timedelta(days=3), reason="x",
        acting_user=counsellor,
    )  # fmt: skip
    meeting = _published(dean, people=[counsellor])
    meetings.confirm_confidentiality(meeting, acting_user=counsellor)
    meetings.mark_held(meeting, acting_user=dean)
    meetings.add_action(
        meeting, item=None, description="Huisarts bellen", owner=counsellor,
        due_on=timezone.localdate() - datetime.timedelta(days=1), acting_user=dean,
    )  # fmt: skip
    labels = _labels(_home(client, counsellor))
    assert labels == [
        "1 actiepunt uit het zorgoverleg is over de datum",
        "1 nieuwe melding wacht in triage",
        "Toestemming gevraagd en nog niet beantwoord in 1 casus",
        "1 van je casussen wordt binnen een week geëvalueerd",
    ]
    add_timeline_entry(
        fresh(case), kind=TimelineEntry.Kind.CONSENT_ANSWER, occurred_on=timezone.localdate(),
        summary="Student stemt in", outcome="", consent_given=True, acting_user=counsellor,
    )  # fmt: skip
    assert "Toestemming gevraagd en nog niet beantwoord in 1 casus" not in _labels(
        _home(client, counsellor)
    )


# --- Care meetings --------------------------------------------------------------------------


def test_the_care_team_confirms_the_agenda_before_the_meeting_and_sees_it_coming(
    client, dean, care_team_member
):
    soon = timezone.now() + datetime.timedelta(days=2)
    meeting = _published(dean, people=[care_team_member], starts_at=soon)
    work = _work(_home(client, care_team_member))
    assert work == [("Geheimhouding bevestigen en de agenda lezen", meeting.code, work[0][2])]
    assert work[0][2].startswith("uiterlijk ") or work[0][2].startswith("nog ")
    meetings.confirm_confidentiality(meeting, acting_user=care_team_member)
    assert _labels(_home(client, care_team_member)) == ["Zorgoverleg"]


def test_the_minute_taker_is_reminded_of_unfinished_minutes(client, dean, care_team_member):
    meeting = _published(dean, people=[care_team_member], minute_taker=care_team_member)
    meetings.mark_held(meeting, acting_user=dean)
    work = _work(_home(client, care_team_member))
    assert ("Verslag afmaken en laten vaststellen", meeting.code) in [w[:2] for w in work]


# --- Training -------------------------------------------------------------------------------


def test_the_trainer_sees_sessions_soon_with_their_waitlist_and_attendance_to_record(
    client, trainer
):
    from tests.training_helpers import first_trainer
    from training import services as training

    course = make_course(title="Signalen herkennen")
    first_trainer(course, trainer)
    session = make_session(course, [trainer], days=3, capacity=1)
    for n in range(3):
        person = UserFactory(username=f"deelnemer{n}")
        training.enrol(session, participant=person, acting_user=person)
    work = _work(_home(client, trainer))
    assert work[0][0] == "Je geeft een training: vol, 2 op de wachtlijst"
    assert work[0][1].startswith("Signalen herkennen · ")


def test_the_coordinator_sees_team_requests_waiting(client, training_coordinator, unit):
    from training import services as training

    training.request_team_training(
        data={
            "unit": unit,
            "team_name": "Docenten jaar 1",
            "team_size": 12,
            "course_kind": "basic_knowledge",
            "question": "Wat doen we bij zorgen?",
            "preferred_period": "voorjaar",
        },
        acting_user=training_coordinator,
    )
    assert "1 aanvraag voor een teamtraining staat open" in _labels(
        _home(client, training_coordinator)
    )


# --- The privacy officer and the functional administrator ---------------------------------


def test_the_privacy_officer_sees_signals_to_review_and_old_legal_holds(
    client, privacy_officer, handled, counsellor, functional_admin
):
    AccessAnomaly.objects.create(kind="denied", user=counsellor, day=timezone.localdate(), count=5)
    from retention import services as retention
    from retention.models import LegalHold

    hold = retention.set_legal_hold(
        reference=handled.reference, reason="Klacht loopt", acting_user=functional_admin
    )
    assert _labels(_home(client, privacy_officer)) == [
        "1 signaal uit het toegangslogboek om te beoordelen"
    ]
    LegalHold.objects.filter(pk=hold.pk).update(
        set_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert "1 bewaarplicht staat langer dan een jaar: is die nog nodig?" in _labels(
        _home(client, privacy_officer)
    )


def test_the_functional_administrator_sees_what_is_still_to_fill_in(client, functional_admin):
    from accounts.services import get_system_user
    from core.history import save_with_history
    from network.models import Partner

    save_with_history(
        Partner(
            name="Decanaat",
            kind=Partner.Kind.INTERNAL,
            partner_type="deanery",
            phone="[vul in: telefoonnummer decanaat]",
            when_to_involve_nl="Bij zorgen over een student.",
        ),
        acting_user=get_system_user(),
        reason="test",
    )
    assert "1 partner heeft nog gegevens in te vullen" in _labels(_home(client, functional_admin))


# --- Across roles ---------------------------------------------------------------------------


def _busy(reporter, counsellor, dean, board_member, n):
    """`n` of each kind of task for a person who is dean, counsellor and board member."""
    for _i in range(n):
        student = StudentFactory(programme=counsellor.units.first())
        case = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
        _acute(case, counsellor)
        report_case(reporter=reporter, student=student)


def test_the_home_page_costs_the_same_queries_however_much_work_waits(
    client, reporter, counsellor, dean, board_member
):
    from accounts.services import set_user_roles

    set_user_roles(
        dean,
        codes=[RoleCode.DEAN, RoleCode.COUNSELLOR, RoleCode.BOARD, RoleCode.CARE_TEAM],
        acting_user=UserFactory(username="fb", roles=[RoleCode.FUNCTIONAL_ADMIN]),
        reason="test",
    )
    dean.units.add(counsellor.units.first())
    _busy(reporter, counsellor, dean, board_member, 1)
    client.force_login(dean)
    client.get(reverse("home"))
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    _busy(reporter, counsellor, dean, board_member, 6)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert len(many.captured_queries) == len(few.captured_queries), [
        q["sql"] for q in many.captured_queries
    ]
    assert len(few.captured_queries) <= 30
    labels = _labels(response)
    assert labels[:5] == ["Acuut verzoek om te delen: besluit nodig"] * 5
    assert "En nog 2 verzoeken om te delen" in labels


def test_the_navigation_counts_come_from_the_cache_and_go_when_work_is_done(
    client, handled, counsellor, dean
):
    ready_to_escalate(handled, counsellor)
    request = ladder.request_escalation(
        fresh(handled), reason="Zorg blijft", acting_user=counsellor
    )
    client.force_login(dean)
    inbox = reverse("escalation:dean_inbox")
    response = client.get(inbox)
    assert _nav_badge(response, "escalation:dean_inbox") == 1
    with CaptureQueriesContext(connection) as kept:
        client.get(inbox)
    with CaptureQueriesContext(connection) as counted:
        cache.clear()
        client.get(inbox)
    assert len(kept.captured_queries) < len(counted.captured_queries)
    response = client.post(
        reverse("escalation:review", args=[handled.reference, request.pk]),
        {"decision": "accept", "reason": "Akkoord"},
        follow=True,
    )
    assert _nav_badge(response, "escalation:dean_inbox") == 0


def test_the_dean_counts_the_overdue_reviews_of_their_units(
    client, handled, counsellor, dean, reporter
):
    from cases.services import change_team
    from tests.factories import ProgrammeFactory

    elsewhere = ProgrammeFactory(code="ELD", name="Elders")
    other_counsellor = UserFactory(
        username="begeleider-elders", roles=[RoleCode.COUNSELLOR], units=[elsewhere]
    )
    other = take_case(report_case(reporter=reporter, unit=elsewhere), acting_user=other_counsellor)
    # The dean sits on that case's team: they may see it, but it is not in their units.
    change_team(other, members=[dean], reason="Meekijken", acting_user=other_counsellor)
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    Case.objects.filter(pk__in=[handled.pk, other.pk]).update(next_review=last_week)

    assert "1 casus in je eenheden is aan evaluatie toe" in _labels(_home(client, dean))

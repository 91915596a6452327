"""Training services: who may schedule, seats and the waitlist, attendance and certificates, the
cascade, team requests, reminders that go out once, and the certificate rule for case handlers."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.models import InboxItem, OrganisationUnit
from accounts.roles import RoleCode
from cases.services import CaseActionRefused
from core.dates import add_months
from core.errors import InvalidChange
from core.registry import notification_kind
from escalation.services import assign_handler, take_case
from tests.factories import report_case
from tests.training_helpers import (
    after,
    attend,
    coordinator,
    first_trainer,
    make_course,
    make_session,
    session_data,
    staff,
)
from training import notice_kinds as training_kinds
from training import permissions, selectors, services
from training.models import (
    Certificate,
    CourseKind,
    Enrolment,
    Session,
    SessionStatus,
    TeamRequest,
    TrainerQualification,
)

pytestmark = pytest.mark.django_db


def fresh(session):
    return Session.objects.get(pk=session.pk)


def _kinds(user):
    # The inbox keeps a kind's code; the registry gives back the kind the service sent.
    codes = InboxItem.objects.filter(user=user).values_list("kind", flat=True)
    return [notification_kind(code) for code in codes]


# --- Who may schedule -----------------------------------------------------------------------------


def test_only_a_certified_trainer_or_the_coordinator_schedules_a_course(trainer):
    course, other = make_course(), make_course()
    first_trainer(course, trainer)
    with pytest.raises(services.TrainingActionRefused):
        services.schedule_session(
            other,
            data=session_data([trainer]),
            open_enrolment=True,
            reason="x",
            acting_user=trainer,
        )
    session = make_session(course, [trainer], acting_user=trainer)
    assert session.status == SessionStatus.OPEN
    assert session.history.first().history_user == trainer
    uncertified = staff("trainer2", RoleCode.TRAINER)
    with pytest.raises(services.TrainingActionRefused):
        make_session(course, [trainer], acting_user=uncertified)


def test_a_session_names_only_certified_trainers(trainer):
    course = make_course()
    first_trainer(course, trainer)
    uncertified = staff("trainer2", RoleCode.TRAINER)
    with pytest.raises(InvalidChange) as refused:
        make_session(course, [trainer, uncertified])
    assert refused.value.field == "trainers"


def test_a_lapsed_train_the_trainer_certificate_no_longer_qualifies(trainer):
    basic = make_course()
    ttt = make_course(CourseKind.TRAIN_THE_TRAINER, months=12, qualifies_for=[basic])
    first_trainer(ttt, trainer)
    colleague = staff("collega")
    session = make_session(ttt, [trainer])
    attend(session, [colleague], trainer=trainer)
    colleague.refresh_from_db()
    assert permissions.is_certified_trainer_for(colleague, basic)
    certificate = Certificate.objects.get(holder=colleague)
    later = certificate.expires_on + datetime.timedelta(days=1)
    assert not permissions.valid_qualifications(later).filter(trainer=colleague).exists()


# --- Seats and the waitlist -----------------------------------------------------------------------


def test_enrolment_fills_seats_then_the_waitlist_in_order(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=2)
    people = [staff(f"mw{i}") for i in range(4)]
    enrolments = [services.enrol(session, participant=p, acting_user=p) for p in people]
    assert [e.status for e in enrolments] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert fresh(session).status == SessionStatus.FULL
    assert selectors.waitlist_position(enrolments[3]) == 2
    assert _kinds(people[0]) == [training_kinds.TRAINING_ENROLLED]
    assert _kinds(people[2]) == [training_kinds.TRAINING_WAITLISTED]
    with pytest.raises(services.TrainingActionRefused, match="al ingeschreven"):
        services.enrol(session, participant=people[0], acting_user=people[0])


def test_cancelling_a_seat_promotes_exactly_the_first_waitlisted(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=1)
    first, second, third = (staff(f"mw{i}") for i in range(3))
    seat = services.enrol(session, participant=first, acting_user=first)
    services.enrol(session, participant=second, acting_user=second)
    services.enrol(session, participant=third, acting_user=third)
    services.cancel_enrolment(seat, acting_user=first)
    statuses = dict(session.enrolments.values_list("participant__username", "status"))
    assert statuses == {"mw0": "cancelled", "mw1": "enrolled", "mw2": "waitlisted"}
    assert training_kinds.TRAINING_PROMOTED in _kinds(second)
    assert training_kinds.TRAINING_PROMOTED not in _kinds(third)
    assert fresh(session).status == SessionStatus.FULL


def test_a_freed_seat_without_waitlist_reopens_the_session(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=1)
    person = staff("mw")
    seat = services.enrol(session, participant=person, acting_user=person)
    assert fresh(session).status == SessionStatus.FULL
    services.cancel_enrolment(seat, acting_user=person)
    assert fresh(session).status == SessionStatus.OPEN


def test_someone_else_cannot_cancel_your_enrolment(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    person, other = staff("mw"), staff("ander")
    seat = services.enrol(session, participant=person, acting_user=person)
    with pytest.raises(services.TrainingActionRefused):
        services.cancel_enrolment(seat, acting_user=other)


def test_no_enrolment_after_the_deadline_or_before_opening(trainer):
    course = make_course()
    first_trainer(course, trainer)
    person = staff("mw")
    planned = make_session(course, [trainer], opened=False)
    with pytest.raises(services.TrainingActionRefused, match="niet"):
        services.enrol(planned, participant=person, acting_user=person)
    session = make_session(course, [trainer])
    late = session.enrolment_deadline + datetime.timedelta(minutes=1)
    with pytest.raises(services.TrainingActionRefused, match="gesloten"):
        services.enrol(session, participant=person, acting_user=person, now=late)


def test_more_seats_take_people_off_the_waitlist(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=1)
    people = [staff(f"mw{i}") for i in range(3)]
    for person in people:
        services.enrol(session, participant=person, acting_user=person)
    data = session_data([trainer], capacity=2)
    services.update_session(fresh(session), data=data, reason="Grotere zaal", acting_user=trainer)
    assert session.enrolments.filter(status="enrolled").count() == 2
    assert fresh(session).status == SessionStatus.FULL
    with pytest.raises(InvalidChange):
        small = session_data([trainer], capacity=1)
        services.update_session(fresh(session), data=small, reason="x", acting_user=trainer)


def test_cancelling_a_session_tells_everyone_enrolled_or_waiting(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=1)
    seated, waiting = staff("mw1"), staff("mw2")
    services.enrol(session, participant=seated, acting_user=seated)
    services.enrol(session, participant=waiting, acting_user=waiting)
    services.cancel_session(session, reason="Trainer ziek", acting_user=trainer)
    assert fresh(session).status == SessionStatus.CANCELLED
    assert training_kinds.TRAINING_CANCELLED in _kinds(seated)
    assert training_kinds.TRAINING_CANCELLED in _kinds(waiting)
    with pytest.raises(services.TrainingActionRefused):
        services.cancel_session(fresh(session), reason="nogmaals", acting_user=trainer)


# --- Attendance, certificates, the cascade --------------------------------------------------------


def test_attendance_gives_certificates_to_those_present_naming_their_trainers(trainer):
    course = make_course(months=18)
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    came, absent = staff("kwam"), staff("afwezig")
    before = session.enrolment_deadline - datetime.timedelta(days=1)
    e1 = services.enrol(session, participant=came, acting_user=came, now=before)
    e2 = services.enrol(session, participant=absent, acting_user=absent, now=before)
    marks = {e1.pk: "present", e2.pk: "no_show"}
    certificates = services.record_attendance(
        session, marks=marks, acting_user=trainer, now=after(session)
    )
    assert [c.holder for c in certificates] == [came]
    certificate = certificates[0]
    assert list(certificate.trained_by.all()) == [trainer]
    issued = timezone.localtime(session.ends_at).date()
    assert certificate.issued_on == issued
    assert certificate.expires_on == add_months(issued, 18)
    assert Enrolment.objects.get(pk=e2.pk).attendance == "no_show"
    assert fresh(session).status == SessionStatus.HELD
    assert certificate.history.first().history_user == trainer
    # Recording again changes nothing: attendance already recorded stays.
    again = services.record_attendance(
        session, marks={e1.pk: "no_show"}, acting_user=trainer, now=after(session)
    )
    assert again == [] and Certificate.objects.count() == 1


def test_only_the_sessions_trainers_or_the_coordinator_record_attendance(trainer):
    course = make_course()
    first_trainer(course, trainer)
    other_trainer = first_trainer(course, staff("trainer2", RoleCode.TRAINER))
    session = make_session(course, [trainer])
    with pytest.raises(services.TrainingActionRefused):
        services.record_attendance(session, marks={}, acting_user=other_trainer, now=after(session))
    with pytest.raises(services.TrainingActionRefused):  # not started yet
        services.record_attendance(session, marks={}, acting_user=trainer)
    services.record_attendance(session, marks={}, acting_user=coordinator(), now=after(session))


def test_a_train_the_trainer_certificate_makes_a_new_trainer(trainer):
    basic = make_course(title="Basiskennis")
    ttt = make_course(CourseKind.TRAIN_THE_TRAINER, title="TtT", qualifies_for=[basic])
    first_trainer(ttt, trainer)
    newcomer = staff("nieuw", RoleCode.REPORTER)
    attend(make_session(ttt, [trainer]), [newcomer], trainer=trainer)
    newcomer.refresh_from_db()
    assert newcomer.role_codes == {RoleCode.REPORTER, RoleCode.TRAINER}
    qualified = TrainerQualification.objects.filter(trainer=newcomer)
    assert {q.course.title for q in qualified} == {"Basiskennis", "TtT"}
    assert all(q.certificate.trained_by.get() == trainer for q in qualified)
    assert newcomer.history.first().history_change_reason.startswith("Rol trainer")
    session = make_session(basic, [newcomer], acting_user=newcomer)
    assert session.trainers.get() == newcomer


def test_issuing_a_certificate_twice_gives_one(trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    [certificate] = attend(session, [staff("mw")], trainer=trainer)
    again = services.issue_certificate(certificate.enrolment, acting_user=trainer)
    assert again == certificate


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 24) == datetime.date(2028, 11, 15)


# --- Reminders: each sent once, even when the job runs twice --------------------------------------


def test_session_reminders_go_out_once(trainer, django_capture_on_commit_callbacks):
    course = make_course()
    first_trainer(course, trainer)
    soon = make_session(course, [trainer], days=1)
    later = make_session(course, [trainer], days=10)
    people = [staff(f"mw{i}") for i in range(2)]
    for person in people:
        services.enrol(soon, participant=person, acting_user=person)
        services.enrol(later, participant=person, acting_user=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_upcoming_sessions() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_upcoming_sessions() == 0
    assert sorted(m.to[0] for m in mail.outbox) == [p.email for p in people]
    assert all(people[0].last_name not in m.body for m in mail.outbox)


def test_certificate_expiry_reminders_go_out_once(trainer, django_capture_on_commit_callbacks):
    course = make_course(months=1)
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    holder = staff("houder")
    [certificate] = attend(session, [holder], trainer=trainer)
    mail.outbox.clear()
    before_expiry = certificate.expires_on - datetime.timedelta(days=10)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.remind_expiring_certificates(today=before_expiry)
    assert [m.to for m in mail.outbox] == [[holder.email]]
    assert _kinds(holder).count(training_kinds.CERTIFICATE_EXPIRING) == 1


def test_tasks_are_thin_and_scheduled():
    from django.conf import settings

    from training import tasks

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"training.tasks.remind_upcoming_sessions"} <= scheduled
    assert "training.tasks.remind_expiring_certificates" in scheduled
    assert tasks.remind_upcoming_sessions() == 0


# --- Team requests --------------------------------------------------------------------------------


def _team_request(requester):
    return services.request_team_training(
        data={
            "team_name": "Team jaar 1",
            "unit": None,
            "team_size": 12,
            "course_kind": CourseKind.BASIC_KNOWLEDGE,
            "question": "Signalen online",
            "preferred_period": "",
        },
        acting_user=requester,
    )


INTAKE = {
    "held_on": datetime.date(2026, 11, 1),
    "team_context": "Twaalf docenten",
    "concern_kinds": "Terugtrekken",
    "learning_needs": "Wanneer bel je de decaan",
    "constraints": "",
    "recommended_course": None,
}


def test_a_team_request_goes_through_intake_to_a_linked_session(trainer):
    boss = coordinator()
    requester = staff("teamleider", RoleCode.REPORTER)
    team_request = _team_request(requester)
    assert training_kinds.TEAM_REQUEST in _kinds(boss)
    other_trainer = staff("trainer2", RoleCode.TRAINER)
    with pytest.raises(services.TrainingActionRefused):
        services.record_intake(team_request, data=INTAKE, acting_user=trainer)
    services.assign_intake(team_request, trainer=trainer, reason="Faculteit", acting_user=boss)
    with pytest.raises(services.TrainingActionRefused):
        services.record_intake(team_request, data=INTAKE, acting_user=other_trainer)
    services.record_intake(team_request, data=INTAKE, acting_user=trainer)
    assert TeamRequest.objects.get().status == TeamRequest.Status.INTAKE_HELD
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    services.link_session(team_request, session=session, reason="Op maat", acting_user=trainer)
    assert TeamRequest.objects.get().status == TeamRequest.Status.SCHEDULED
    assert fresh(session).team_request == team_request
    assert _kinds(requester).count(training_kinds.TEAM_REQUEST_UPDATE) == 2


def test_a_session_is_linked_only_after_the_intake(trainer):
    team_request = _team_request(staff("teamleider"))
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    with pytest.raises(InvalidChange, match="intake"):
        services.link_session(team_request, session=session, reason="x", acting_user=coordinator())


# --- The certificate rule for case handlers -------------------------------------------------------


def _certify(person, trainer):
    course = make_course(CourseKind.ACTION_PERSPECTIVE)
    first_trainer(course, trainer)
    attend(make_session(course, [trainer]), [person], trainer=trainer)


@override_settings(ZW_CASE_ROLE_CERTIFICATE="enforce")
def test_enforced_a_counsellor_without_certificate_cannot_become_handler(
    case, counsellor, dean, trainer
):
    with pytest.raises(CaseActionRefused, match="certificaat Handelingsperspectief"):
        assign_handler(case, handler=counsellor, reason="Jij", acting_user=dean)
    with pytest.raises(CaseActionRefused, match="certificaat Handelingsperspectief"):
        take_case(case, acting_user=counsellor)
    _certify(counsellor, trainer)
    case = assign_handler(case, handler=counsellor, reason="Jij", acting_user=dean)
    assert case.handler == counsellor


@override_settings(ZW_CASE_ROLE_CERTIFICATE="warn")
def test_warned_a_counsellor_without_certificate_can_still_take_a_case(case, counsellor):
    assert not permissions.meets_certificate_rule(counsellor)
    assert take_case(case, acting_user=counsellor).handler == counsellor


def test_off_by_default(reporter, counsellor, student):
    assert permissions.certificate_rule() == "off"
    case = report_case(reporter=reporter, student=student)
    assert take_case(case, acting_user=counsellor).handler == counsellor


# --- The seeded demo: cascade and coverage --------------------------------------------------------


@pytest.fixture
def seeded(db):
    from accounts.services import get_system_user
    from demo.cases import TEACHERS
    from demo.people import seed_accounts
    from demo.training import seed_training

    system = get_system_user()
    seed_accounts(acting_user=system)
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    for username, _first, _last, unit_code in TEACHERS:
        staff(username, RoleCode.REPORTER, units=[units[unit_code]])
    assert seed_training(acting_user=system) > 0
    return system


def test_the_seeded_cascade_has_three_generations(seeded):
    from demo.training import seed_training

    tree = selectors.cascade_tree()
    shape = {
        n.person.username: (n.generation, [c.person.username for c in n.children])
        for n in selectors.flatten_tree(tree)
    }
    assert shape == {
        "trainer": (1, ["counsellor", "careteam"]),
        "counsellor": (2, ["counsellor2"]),
        "careteam": (2, []),
        "counsellor2": (3, []),
    }
    assert seed_training(acting_user=seeded) == 0  # idempotent


def test_the_seeded_coverage_per_unit(seeded):
    rows = {r.unit.code: (r.staff, r.covered, r.share) for r in selectors.coverage_per_unit()}
    # Basic certificates: docent1-4 and the reporter; the faculty counts its programmes.
    assert rows["FGW-VPK"] == (3, 2, 67)  # reporter, counsellor, docent1
    assert rows["FGW"] == (6, 3, 50)
    assert rows["ITI-ICT"] == (3, 1, 33)  # trainer, counsellor2, docent3
    assert rows["FBE"] == (3, 0, 0)


def test_the_seeded_demo_has_a_full_session_and_an_open_request(seeded):
    full = Session.objects.get(status=SessionStatus.FULL)
    assert full.enrolments.filter(status="waitlisted").count() == 2
    request = TeamRequest.objects.get()
    assert request.status == TeamRequest.Status.INTAKE_HELD and request.intake.held_by
    assert {c.course.kind for c in Certificate.objects.select_related("course")} >= {
        CourseKind.BASIC_KNOWLEDGE,
        CourseKind.ACTION_PERSPECTIVE,
        CourseKind.TRAIN_THE_TRAINER,
    }

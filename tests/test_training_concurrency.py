"""On PostgreSQL, with real threads: enrolments lock the session row, so fifty people enrolling
at once in twenty seats give exactly twenty seats and thirty on the waitlist, in order of
arrival; cancellations at once each promote exactly one person."""

import pytest

from tests.threads import run_together
from tests.training_helpers import first_trainer, make_course, make_session, staff
from training import services
from training.models import Enrolment, Session, SessionStatus

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(trainer):
    course = make_course()
    first_trainer(course, trainer)
    return make_session(course, [trainer], capacity=20)


def test_fifty_enrolling_at_once_in_twenty_seats(session):
    people = [staff(f"mw{i:02d}") for i in range(50)]
    outcomes = run_together(
        [lambda p=p: services.enrol(session, participant=p, acting_user=p) for p in people]
    )
    errors = [result for _i, result in outcomes if isinstance(result, Exception)]
    assert errors == []
    enrolments = list(Enrolment.objects.filter(session=session).order_by("pk"))
    statuses = [e.status for e in enrolments]
    # In order of arrival (the order the lock was granted): the first twenty have a seat.
    assert statuses == ["enrolled"] * 20 + ["waitlisted"] * 30
    assert [e.created_at for e in enrolments] == sorted(e.created_at for e in enrolments)
    assert len({e.participant_id for e in enrolments}) == 50
    assert Session.objects.get(pk=session.pk).status == SessionStatus.FULL


def test_cancellations_at_once_each_promote_exactly_one(session):
    people = [staff(f"mw{i:02d}") for i in range(26)]
    for person in people:
        services.enrol(session, participant=person, acting_user=person)
    seats = list(Enrolment.objects.filter(session=session, status="enrolled").order_by("pk"))
    waiting = list(Enrolment.objects.filter(session=session, status="waitlisted").order_by("pk"))
    leaving = seats[:3]
    outcomes = run_together(
        [lambda e=e: services.cancel_enrolment(e, acting_user=e.participant) for e in leaving]
    )
    assert all(not isinstance(result, Exception) for _i, result in outcomes)
    now = {e.pk: e.status for e in Enrolment.objects.filter(session=session)}
    assert [now[e.pk] for e in waiting] == ["enrolled"] * 3 + ["waitlisted"] * 3
    assert list(now.values()).count("enrolled") == 20


def test_one_person_cancelling_twice_at_once_promotes_one(session):
    people = [staff(f"mw{i:02d}") for i in range(22)]
    for person in people:
        services.enrol(session, participant=person, acting_user=person)
    seat = Enrolment.objects.filter(session=session, status="enrolled").first()
    outcomes = run_together(
        [lambda: services.cancel_enrolment(seat, acting_user=seat.participant) for _ in range(5)]
    )
    refused = [r for _i, r in outcomes if isinstance(r, services.TrainingActionRefused)]
    assert len(refused) == 4
    statuses = list(Enrolment.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("enrolled") == 20 and statuses.count("waitlisted") == 1

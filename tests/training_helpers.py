"""Building blocks for the training tests: courses, qualified trainers and sessions, all made
through `training.services` so history, roles and qualifications are real."""

import datetime
import itertools

from django.utils import timezone

from accounts.roles import RoleCode
from tests.factories import UserFactory
from training import services
from training.models import CourseKind

_titles = itertools.count(1)


def coordinator():
    return UserFactory(username="coordinator", roles=[RoleCode.TRAINING_COORDINATOR])


def staff(username, *roles, units=()):
    return UserFactory(username=username, roles=list(roles) or None, units=list(units) or None)


def make_course(kind=CourseKind.BASIC_KNOWLEDGE, *, title=None, months=24, qualifies_for=()):
    data = {
        "title": title or f"Cursus {next(_titles)}",
        "kind": kind,
        "description": "Wat je leert",
        "learning_goals": "Signalen herkennen",
        "duration_minutes": 180,
        "validity_months": months,
        "is_active": True,
        "qualifies_for": list(qualifies_for),
    }
    return services.create_course(data=data, reason="test", acting_user=coordinator())


def first_trainer(course, user):
    services.grant_first_generation(course, trainer=user, reason="test", acting_user=coordinator())
    user.__dict__.pop("role_codes", None)
    user.__dict__.pop("_zw_qualified_courses", None)
    return user


def session_data(trainers, *, days=7, capacity=20, hours=3):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return {
        "trainers": list(trainers),
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "enrolment_deadline": starts - datetime.timedelta(hours=1),
        "capacity": capacity,
        "location": "Lokaal D0.12",
        "online_url": "",
        "notes": "",
    }


def make_session(course, trainers, *, days=7, capacity=20, opened=True, acting_user=None):
    return services.schedule_session(
        course,
        data=session_data(trainers, days=days, capacity=capacity),
        open_enrolment=opened,
        reason="test",
        acting_user=acting_user or coordinator(),
    )


def after(session, hours=1):
    """A moment after the session ended (to record attendance)."""
    return session.ends_at + datetime.timedelta(hours=hours)


def attend(session, people, *, trainer, mark="present"):
    """Enrol these people (before the deadline) and record them as `mark`."""
    before = session.enrolment_deadline - datetime.timedelta(days=1)
    enrolments = [services.enrol(session, participant=p, acting_user=p, now=before) for p in people]
    marks = {e.pk: mark for e in enrolments}
    return services.record_attendance(session, marks=marks, acting_user=trainer, now=after(session))

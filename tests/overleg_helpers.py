"""Care meetings for tests: a case at the care-meeting rung, a planned and a published meeting."""

import datetime

from django.utils import timezone

from accounts.models import Role
from accounts.roles import RoleCode
from escalation.services import take_case
from overleg import services
from overleg.models import Meeting
from tests.escalation_helpers import fresh, to_care_meeting
from tests.factories import StudentFactory, report_case


def care_case(reporter, counsellor, dean, unit, *, first_name="Noor", last_name="Veenstra"):
    """A case about a named student, taken and moved to the care-meeting rung."""
    student = StudentFactory(first_name=first_name, last_name=last_name, programme=unit)
    case = report_case(
        reporter=reporter, student=student, what=f"{first_name} {last_name} huilde in de les"
    )
    take_case(case, acting_user=counsellor)
    return to_care_meeting(fresh(case), counsellor, dean)


def plan(dean, *, chair=None, minute_taker=None, people=(), roles=(), starts_at=None, **extra):
    fields = {
        "kind": Meeting.Kind.REGULAR,
        "title": "Zorgoverleg december",
        "starts_at": starts_at or timezone.now() - datetime.timedelta(hours=1),
        "duration_minutes": 90,
        "location": "Zaal B1.12",
        "online_link": "",
        "unit": None,
        "case": None,
        "chair": chair or dean,
        "minute_taker": minute_taker or dean,
        **extra,
    }
    return services.plan_meeting(
        acting_user=dean,
        invited_roles=list(Role.objects.filter(code__in=roles)),
        invited_people=list(people),
        **fields,
    )


def published(dean, **kwargs):
    """Planned and published; the chair and minute-taker have confirmed confidentiality."""
    meeting = plan(dean, **kwargs)
    meeting = services.publish_agenda(meeting, acting_user=dean)
    for user in {meeting.chair, meeting.minute_taker}:
        services.confirm_confidentiality(meeting, acting_user=user)
    return meeting


def reload(meeting):
    return Meeting.objects.get(pk=meeting.pk)


CARE_TEAM = RoleCode.CARE_TEAM

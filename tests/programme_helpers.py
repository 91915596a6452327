"""Programme dashboard tests: a seeded quarter (and the one before) made through the services
where the product has them, and an independent count of every figure straight from the models —
plain Python loops, none of the dashboard's queries."""

import datetime
import statistics

from django.utils import timezone

from accounts.models import User
from accounts.roles import RoleCode
from accounts.services import get_system_user
from cases.models import Case
from core.history import save_with_history
from escalation import services as ladder
from escalation.models import AcuteRiskReport, Disclosure, RungTransition
from escalation.services import take_case
from overleg.models import ActionItem, Meeting
from programme.periods import ReportPeriod
from tests.escalation_helpers import fresh, to_care_meeting
from tests.factories import ProgrammeFactory, UserFactory
from tests.training_helpers import attend, first_trainer, make_course, make_session
from tests.trend_helpers import moment, report
from training.models import Certificate, CourseKind, Intake, Session, SessionStatus

ACUTE = {"own_safety": True, "third_parties": False, "criminal_offence": False,
         "description": "Acuut gevaar"}  # fmt: skip


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def weekday_on_or_after(day, weekday):
    """The first day on or after `day` that is `weekday` (Monday 0)."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def training_period(coordinator_user, staff_by_unit, *, certified):
    """A basic-knowledge session, held, that certifies the first `certified[unit]` staff of each
    unit; returns the quarter it was held in (sessions are planned a week from now)."""
    trainer = UserFactory(username="cascadetrainer", roles=[RoleCode.TRAINER])
    course = make_course(CourseKind.BASIC_KNOWLEDGE)
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=200)
    people = [p for unit, staff in staff_by_unit.items() for p in staff[: certified[unit]]]
    attend(session, people, trainer=trainer)
    return ReportPeriod.quarter_of(timezone.localtime(session.starts_at).date())


def seed_quarter(period, *, reporter, counsellor, dean, units):
    """Reports in both quarters, picked up on time or late, escalations, step-downs, an acute
    case, meetings and action items, all at chosen moments."""
    near, far = units
    before = period.previous
    # Previous quarter: six reports on a Monday, picked up on the Wednesday (on time).
    monday = weekday_on_or_after(before.first + datetime.timedelta(days=7), 0)
    earlier = []
    for n in range(6):
        with moment(at(monday, 9 + n)):
            earlier.append(report(reporter=reporter, unit=near, categories=[], when=monday))
        with moment(at(monday + datetime.timedelta(days=2), 9 + n)):
            take_case(earlier[-1], acting_user=counsellor)
    # This quarter: thirteen reports on a Thursday; six picked up the Monday after (on time),
    # five the Wednesday after (late), two not picked up.
    thursday = weekday_on_or_after(period.first + datetime.timedelta(days=3), 3)
    far_counsellor = UserFactory(username="ictbegeleider", roles=[RoleCode.COUNSELLOR], units=[far])
    cases = []
    for n in range(13):
        with moment(at(thursday, 8 + n)):
            unit = near if n < 8 else far
            cases.append(report(reporter=reporter, unit=unit, categories=[], when=thursday))
    for n, case in enumerate(cases[:11]):
        offset = 4 if n < 6 else 6
        with moment(at(thursday + datetime.timedelta(days=offset), 9 + n % 6)):
            take_case(case, acting_user=counsellor if n < 8 else far_counsellor)
    # Six escalated to the care meeting three weeks later; two stepped down; one acute.
    later = thursday + datetime.timedelta(days=21)
    for n, case in enumerate(cases[:6]):
        with moment(at(later, 8 + n)):
            to_care_meeting(fresh(case), counsellor, dean)
    for n, case in enumerate(cases[:2]):
        with moment(at(later + datetime.timedelta(days=1), 9 + n)):
            ladder.step_down(fresh(case), reason="Het gaat beter", acting_user=counsellor)
    with moment(at(later + datetime.timedelta(days=2), 15)):
        ladder.report_acute_risk(fresh(cases[6]), answers=ACUTE, acting_user=counsellor)
    _meetings_and_actions(period, dean)
    return cases


def _meeting(day, chair, *, held=True):
    system = get_system_user()
    meeting = Meeting(
        kind=Meeting.Kind.REGULAR,
        title="Zorgoverleg",
        starts_at=at(day, 14),
        chair=chair,
        minute_taker=chair,
        organised_by=chair,
        state=Meeting.State.MINUTES_APPROVED if held else Meeting.State.PLANNED,
        held_at=at(day, 16) if held else None,
    )
    return save_with_history(meeting, acting_user=system, reason="test")


def _meetings_and_actions(period, chair):
    """Five meetings held in the quarter; twelve action items due in it: seven done at the first
    meeting after their due date, two done a meeting late, two not done, one still open after
    later meetings."""
    days = [period.first + datetime.timedelta(days=10 + 14 * n) for n in range(5)]
    meetings = [_meeting(day, chair) for day in days]
    system = get_system_user()
    # (due before meeting n, reviewed in meeting m, state): seven on time, five not.
    plan = [(1, 1, "done")] * 7 + [(1, 2, "done")] * 2 + [(1, 1, "not_done")] * 2
    plan += [(2, None, "open")]  # meetings were held since: judged, not on time
    for index, (due, reviewed, state) in enumerate(plan):
        due_on = days[due] - datetime.timedelta(days=1)
        action = ActionItem(
            meeting=meetings[0],
            description=f"Actie {index}",
            owner=chair,
            due_on=due_on,
            state=state,
            reviewed_in=meetings[reviewed] if reviewed is not None else None,
            reviewed_at=at(days[reviewed], 17) if reviewed is not None else None,
        )
        save_with_history(action, acting_user=system, reason="test")


def staff_in(unit, count, prefix):
    return [
        UserFactory(username=f"{prefix}{n}", roles=[RoleCode.REPORTER], units=[unit])
        for n in range(count)
    ]


def two_faculties(unit):
    """`unit` (in its faculty) and a programme in a second faculty."""
    return unit, ProgrammeFactory(code="ICT", name="HBO-ICT")


# --- The independent count ----------------------------------------------------------------------


def _local_day(moment_):
    return timezone.localtime(moment_).date()


def _in(period, day):
    return period.first <= day < period.end


def _faculty(unit):
    return unit.parent if unit.parent_id else unit


def expected_reports(periods):
    """{(faculty name, period code): reports}, from every case's report moment."""
    counts = {}
    for case in Case.objects.select_related("unit__parent"):
        for period in periods:
            if _in(period, _local_day(case.created_at)):
                key = (_faculty(case.unit).name, period.code)
                counts[key] = counts.get(key, 0) + 1
    return counts


def _picked_up_at(case):
    steps = [t.at for t in case.transitions.all() if t.kind == RungTransition.Kind.TAKE_ON]
    if steps:
        return min(steps)
    handled = [h.history_date for h in case.history.all() if h.handler_id]
    return min(handled) if handled else None


def _second_working_day_after(day):
    found = 0
    while found < 2:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            found += 1
    return day


def expected_pickup(period):
    on_time, late, waits = 0, 0, []
    for case in Case.objects.all():
        picked = _picked_up_at(case)
        if picked is None or not _in(period, _local_day(picked)):
            continue
        waits.append(picked - case.created_at)
        if _local_day(picked) <= _second_working_day_after(_local_day(case.created_at)):
            on_time += 1
        else:
            late += 1
    median = statistics.median(waits) if waits else None
    return {"on_time": on_time, "late": late, "median": median}


def expected_ladder(period):
    steps = [t for t in RungTransition.objects.all() if _in(period, _local_day(t.at))]
    acute = {
        r.case_id for r in AcuteRiskReport.objects.all() if _in(period, _local_day(r.reported_at))
    }
    decided = [
        d
        for d in Disclosure.objects.all()
        if d.decided_at and _in(period, _local_day(d.decided_at))
    ]
    return {
        "escalations": sum(1 for t in steps if t.kind == RungTransition.Kind.ESCALATE),
        "step_downs": sum(1 for t in steps if t.kind == RungTransition.Kind.STEP_DOWN),
        "acute_cases": len(acute),
        "approved": sum(1 for d in decided if d.state in ("approved", "carried_out")),
        "rejected": sum(1 for d in decided if d.state == "rejected"),
    }


def expected_meetings(period):
    held = [m for m in Meeting.objects.all() if m.held_at and _in(period, _local_day(m.held_at))]
    return len(held)


def expected_actions(period):
    """Done at the first meeting held on or after the due date (or before it) is on time."""
    held = sorted(
        (m for m in Meeting.objects.all() if m.state in ("held", "minutes_approved")),
        key=lambda m: m.starts_at,
    )
    on_time = late = 0
    for action in ActionItem.objects.select_related("reviewed_in"):
        if not _in(period, action.due_on):
            continue
        after = [m for m in held if _local_day(m.starts_at) >= action.due_on]
        if action.state == "open" and not after:
            continue  # cannot be judged yet
        reviewed = action.reviewed_in.starts_at if action.reviewed_in else action.reviewed_at
        if action.state == "done" and (not after or reviewed <= after[0].starts_at):
            on_time += 1
        else:
            late += 1
    return {"on_time": on_time, "late": late}


def expected_coverage(day):
    """{faculty name: (with a valid basic-knowledge certificate, without)}, staff with a role."""
    result = {}
    for user in User.objects.filter(is_active=True, is_system=False).prefetch_related(
        "units__parent", "groups"
    ):
        if not user.groups.filter(role__isnull=False).exists():
            continue
        certified = any(
            c.course.kind == CourseKind.BASIC_KNOWLEDGE and c.issued_on <= day <= c.expires_on
            for c in Certificate.objects.filter(holder=user).select_related("course")
        )
        for faculty in {_faculty(u) for u in user.units.all()}:
            have, lack = result.get(faculty.name, (0, 0))
            result[faculty.name] = (have + certified, lack + (not certified))
    return result


def expected_training(period):
    trainers = set()
    for session in Session.objects.filter(status=SessionStatus.HELD).prefetch_related("trainers"):
        if _in(period, _local_day(session.starts_at)):
            trainers |= {t.pk for t in session.trainers.all()}
    intakes = sum(1 for i in Intake.objects.all() if _in(period, i.held_on))
    return {"trainers": len(trainers), "intakes": intakes}

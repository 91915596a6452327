"""The programme's raw figures, counted in the database: one grouped query per figure, the
same number of queries however much data there is. Nothing here is suppressed yet and nothing
here leaves this app unsuppressed: `programme.sections` puts every count through
`overleg.suppression` before a page, an export or a PDF sees it.

Which moment counts:
- a report counts in the period it was made (`Case.created_at`);
- a report is picked up at its take-on step on the ladder (`RungTransition` of kind take-on),
  or, for a case that never had one (acute straight from the signal rung), when it first got a
  handler (the case's history); pick-up figures are about the reports picked up in the period;
- ladder steps, acute reports, disclosure decisions and meetings by when they happened;
- action items by their due date; training coverage at the end of the period (today while it
  is still going on), over the staff who hold a role in the unit now.
"""

import datetime

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncDate

from accounts.models import OrganisationUnit, Role, User
from cases.models import Case
from escalation.models import AcuteRiskReport, Disclosure, RungTransition
from overleg.models import ActionItem, Meeting
from overleg.trends import time_per_rung
from training.models import CourseKind, Intake, Session, SessionStatus
from training.permissions import valid_certificates

# Calendar days from a report's day to the end of its second working day, per ISO weekday
# (Monday 1 … Sunday 7). Public holidays are not known to the app and count as working days.
PICKUP_DAYS = {1: 2, 2: 2, 3: 2, 4: 4, 5: 4, 6: 3, 7: 2}
HELD = (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED)


def _in(period, field):
    start, end = period.moments()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _on_days_of(period, field):
    return Q(**{f"{field}__gte": period.first, f"{field}__lt": period.end})


def faculties():
    """The faculties a per-unit figure has a row for: the active ones."""
    return list(
        OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.FACULTY, is_active=True)
        .order_by("name")
        .only("pk", "name")
    )


# --- Reports ------------------------------------------------------------------------------------


def reports_per_faculty(periods):
    """{(faculty id, index of the period): reports}; a case on a programme counts for its
    faculty."""
    start, end = periods[0].moments()[0], periods[-1].moments()[1]
    which = Choose(
        *[When(_in(p, "created_at"), then=Value(i)) for i, p in enumerate(periods)],
        output_field=IntegerField(),
    )
    rows = (
        Case.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(faculty=Coalesce("unit__parent_id", "unit_id"), period=which)
        .values("faculty", "period")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["faculty"], row["period"]): row["n"] for row in rows}


def _picked_up_cases():
    """Cases with the moment they were picked up (`picked`) and how long that took (`wait`)."""
    take_on = RungTransition.objects.filter(
        case=OuterRef("pk"), kind=RungTransition.Kind.TAKE_ON
    ).order_by("at", "pk")
    first_handler = Case.history.model.objects.filter(
        id=OuterRef("pk"), handler__isnull=False
    ).order_by("history_date", "history_id")
    picked = Coalesce(
        Subquery(take_on.values("at")[:1]), Subquery(first_handler.values("history_date")[:1])
    )
    wait = ExpressionWrapper(F("picked") - F("created_at"), output_field=DurationField())
    return Case.objects.annotate(picked=picked).filter(picked__isnull=False).annotate(wait=wait)


def pickup(period):
    """Reports picked up in the period: how many within two working days, how many later, and
    the median time it took (a timedelta, None without any). Three small queries."""
    cases = _picked_up_cases().filter(_in(period, "picked"))
    allowed = Choose(
        *[
            When(weekday=day, then=Value(datetime.timedelta(days=days)))
            for day, days in PICKUP_DAYS.items()
        ],
        output_field=DurationField(),
    )
    # On time: picked up on or before the last day allowed (whole local days).
    deadline = ExpressionWrapper(
        TruncDate("created_at") + F("allowed"), output_field=DateTimeField()
    )
    counted = (
        cases.annotate(weekday=ExtractIsoWeekDay("created_at"), allowed=allowed)
        .annotate(deadline=deadline, picked_day=TruncDate("picked"))
        .aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(picked_day__lte=F("deadline"))),
        )
    )
    total = counted["total"]
    return {
        "on_time": counted["on_time"],
        "late": total - counted["on_time"],
        "median": _median(cases, total),
    }


def _median(cases, total):
    """The median wait, picked out by the database: the middle one or two of the sorted waits."""
    if not total:
        return None
    middle = list(
        cases.order_by("wait", "pk").values_list("wait", flat=True)[
            (total - 1) // 2 : total // 2 + 1
        ]
    )
    return sum(middle, datetime.timedelta()) / len(middle)


def rung_stays(period):
    """Per rung left in the period: (rung, cases, average stay), as the trends page counts it."""
    return time_per_rung(period.trend_filters())


# --- Ladder, disclosures, acute -----------------------------------------------------------------


def ladder_counts(period):
    """Escalations, step-downs, cases with an acute-risk report, and disclosures decided."""
    steps = RungTransition.objects.filter(_in(period, "at")).aggregate(
        escalations=Count("pk", filter=Q(kind=RungTransition.Kind.ESCALATE)),
        step_downs=Count("pk", filter=Q(kind=RungTransition.Kind.STEP_DOWN)),
    )
    acute = AcuteRiskReport.objects.filter(_in(period, "reported_at")).aggregate(
        acute_cases=Count("case", distinct=True)
    )
    approved = [Disclosure.State.APPROVED, Disclosure.State.CARRIED_OUT]
    decided = Disclosure.objects.filter(_in(period, "decided_at")).aggregate(
        approved=Count("pk", filter=Q(state__in=approved)),
        rejected=Count("pk", filter=Q(state=Disclosure.State.REJECTED)),
    )
    return {**steps, **acute, **decided}


# --- Care meetings ------------------------------------------------------------------------------


def meetings_held(period):
    return Meeting.objects.filter(_in(period, "held_at"), state__in=HELD).count()


def actions_due(period):
    """Action items due in the period that can be judged: reviewed, or still open while a
    meeting has been held since their due date. On time: reviewed as done at the first meeting
    held on or after the due date (or earlier)."""
    first_after_due = (
        Meeting.objects.filter(state__in=HELD, starts_at__date__gte=OuterRef("due_on"))
        .order_by("starts_at", "pk")
        .values("starts_at")[:1]
    )
    rows = (
        ActionItem.objects.filter(_on_days_of(period, "due_on"))
        .annotate(first_after=Subquery(first_after_due))
        .filter(~Q(state=ActionItem.State.OPEN) | Q(first_after__isnull=False))
        .annotate(reviewed=Coalesce("reviewed_in__starts_at", "reviewed_at"))
        .aggregate(
            total=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(state=ActionItem.State.DONE)
                & (Q(first_after__isnull=True) | Q(reviewed__lte=F("first_after"))),
            ),
        )
    )
    return {"on_time": rows["on_time"], "late": rows["total"] - rows["on_time"]}


# --- Training -----------------------------------------------------------------------------------


def coverage_per_faculty(day):
    """{faculty id: (staff with a valid basic-knowledge certificate on `day`, staff without)}.
    Staff: active people holding a role, in the faculty or one of its programmes."""
    through = User.units.through
    holds_role = Role.objects.filter(group__user=OuterRef("user_id"))
    valid = valid_certificates(day).filter(
        holder_id=OuterRef("user_id"), course__kind=CourseKind.BASIC_KNOWLEDGE, issued_on__lte=day
    )
    rows = (
        through.objects.filter(Exists(holds_role), user__is_active=True, user__is_system=False)
        .annotate(
            faculty=Coalesce("organisationunit__parent_id", "organisationunit_id"),
            certified=Exists(valid),
        )
        .values("faculty")
        .annotate(
            staff=Count("user_id", distinct=True),
            covered=Count("user_id", distinct=True, filter=Q(certified=True)),
        )
        .order_by()
    )
    return {row["faculty"]: (row["covered"], row["staff"] - row["covered"]) for row in rows}


def training_counts(period):
    """Trainers who gave a held session in the period, and team intakes held in it."""
    trainers = (
        Session.objects.filter(_in(period, "starts_at"), status=SessionStatus.HELD)
        .values("trainers")
        .aggregate(n=Count("trainers", distinct=True))["n"]
    )
    intakes = Intake.objects.filter(_on_days_of(period, "held_on")).count()
    return {"trainers": trainers, "intakes": intakes}

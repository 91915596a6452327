"""Reading care meetings: the series a meeting belongs to, what it inherits from earlier ones."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cases.models import Rung
from core.dates import on_days_of, within
from core.registry import Panel
from overleg import permissions as rules
from overleg.models import ActionItem, AgendaItem, Meeting


def series(meeting):
    """The earlier meetings this one follows on from: regular meetings of the same faculty (or,
    for an institution-wide meeting, of the same organiser), and ad-hoc meetings about a case in
    this meeting's scope. Their undiscussed points and open actions come to this meeting."""
    if meeting.unit_id is not None:
        regular = Q(kind=Meeting.Kind.REGULAR, unit_id=meeting.unit_id)
    else:
        regular = Q(
            kind=Meeting.Kind.REGULAR, unit__isnull=True, organised_by_id=meeting.organised_by_id
        )
    ad_hoc = Q(kind=Meeting.Kind.AD_HOC, case__unit_id__in=rules.meeting_unit_scope(meeting))
    return (
        Meeting.objects.filter(regular | ad_hoc)
        .filter(starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
    )


def previous_approved(meeting):
    """The last regular meeting of the series whose minutes are approved: what it left
    undiscussed carries forward."""
    return (
        series(meeting)
        .filter(kind=Meeting.Kind.REGULAR, state=Meeting.State.MINUTES_APPROVED)
        .order_by("-starts_at", "-id")
        .first()
    )


def previous_held(meeting):
    """The last regular meeting of the series that took place (acute cases since then)."""
    return (
        series(meeting)
        .filter(
            kind=Meeting.Kind.REGULAR,
            state__in=[Meeting.State.HELD, Meeting.State.MINUTES_APPROVED],
        )
        .order_by("-starts_at", "-id")
        .first()
    )


def earlier_open_actions(meeting):
    """Action items of earlier meetings in the series that nobody has reviewed yet."""
    return ActionItem.objects.filter(
        state=ActionItem.State.OPEN,
        meeting__in=series(meeting).filter(
            state__in=[Meeting.State.HELD, Meeting.State.MINUTES_APPROVED]
        ),
    )


def open_actions_of(user):
    return ActionItem.objects.filter(
        owner=user,
        state=ActionItem.State.OPEN,
        meeting__state__in=[Meeting.State.HELD, Meeting.State.MINUTES_APPROVED],
    )


# --- Aggregates (the programme dashboard): counts, never a case -------------------------------

HELD = (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED)


def meetings_held(period):
    return Meeting.objects.filter(within(period, "held_at"), state__in=HELD).count()


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
        ActionItem.objects.filter(on_days_of(period, "due_on"))
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


# --- The case page's care-meeting panel ------------------------------------------------------


@dataclass(frozen=True)
class CaseMeetingPanel:
    next_meeting: Meeting | None
    may_plan_ad_hoc: bool


def case_meeting_panel(user, case, *, timeline=None):
    """For a case at the care-meeting rung: the meeting whose decision it waits for (the next
    one with the case on its agenda), or that none is planned yet. Registered as a case-page
    panel in `overleg.apps`; one query."""
    if case.rung != Rung.CARE_MEETING:
        return None
    item = (
        AgendaItem.objects.filter(
            case=case, meeting__state__in=[Meeting.State.PLANNED, Meeting.State.AGENDA_PUBLISHED]
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")
        .first()
    )
    panel = CaseMeetingPanel(
        next_meeting=item.meeting if item else None,
        may_plan_ad_hoc=rules.can_plan_meetings(user) and case.unit_id in rules.unit_scope(user),
    )
    return Panel("overleg/_case_panel.html", panel)

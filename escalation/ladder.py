"""What must be in place before a case may go up a rung. Conditions only, no side effects: the
case page shows them as a checklist and the services refuse a step while one is missing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Rung, TimelineEntry
from escalation.models import Framework1, RungTransition

Kind = TimelineEntry.Kind
NEXT_RUNG = {Rung.SUPPORT: Rung.CARE_MEETING, Rung.CARE_MEETING: Rung.BOARD}


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    met: bool


def entered_current_rung_at(case, transitions=None):
    """When the case reached the rung it is on now. `transitions`, newest first, when the caller
    already loaded them (the case page does), saves a query."""
    if transitions is not None:
        return next((t.at for t in transitions if t.to_rung == case.rung), case.created_at)
    step = (
        RungTransition.objects.filter(case=case, to_rung=case.rung).order_by("-at", "-id").first()
    )
    return step.at if step else case.created_at


def is_recent(framework1):
    """Whether a signed framework 1 is recent enough to support a step up."""
    valid_days = datetime.timedelta(days=settings.ZW_FRAMEWORK1_VALID_DAYS)
    return framework1 is not None and framework1.signed_at >= timezone.now() - valid_days


def current_framework1(case):
    """The newest signed framework 1, if it is recent enough to support a step up."""
    newest = Framework1.objects.filter(case=case).order_by("-signed_at", "-id").first()
    return newest if is_recent(newest) else None


_NOT_LOADED = object()


def requirements_to_escalate(
    case, *, transitions=None, timeline=None, newest_framework1=_NOT_LOADED
):
    """The horizontal key points of the current rung and a recent framework 1.

    The case page passes what it already loaded — the transitions (newest first), the whole
    timeline and the newest framework 1 — so the checklist costs no queries of its own; the
    services call it bare and read the database."""
    since = entered_current_rung_at(case, transitions)
    if timeline is not None:
        kinds = {entry.kind for entry in timeline if entry.created_at >= since}
    else:
        kinds = set(
            case.timeline.filter(created_at__gte=since).values_list("kind", flat=True).distinct()
        )
    if newest_framework1 is _NOT_LOADED:
        framework1 = current_framework1(case)
    else:
        framework1 = newest_framework1 if is_recent(newest_framework1) else None
    return [
        Requirement(
            "conversation",
            _("Gesprek met de student op deze trede, of vastgelegd waarom dat niet kon"),
            bool(kinds & {Kind.CONVERSATION, Kind.NO_CONVERSATION}),
        ),
        Requirement(
            "consultation",
            _("Collegiale consultatie op deze trede"),
            Kind.CONSULTATION in kinds,
        ),
        Requirement(
            "framework1",
            _("Ondertekend afwegingskader 1 van de laatste %(days)d dagen")
            % {"days": settings.ZW_FRAMEWORK1_VALID_DAYS},
            framework1 is not None,
        ),
    ]


def missing_to_escalate(case):
    return [r for r in requirements_to_escalate(case) if not r.met]

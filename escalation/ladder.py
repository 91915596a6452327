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


def entered_current_rung_at(case):
    """When the case reached the rung it is on now."""
    step = (
        RungTransition.objects.filter(case=case, to_rung=case.rung).order_by("-at", "-id").first()
    )
    return step.at if step else case.created_at


def current_framework1(case):
    """The newest signed framework 1, if it is recent enough to support a step up."""
    newest = Framework1.objects.filter(case=case).order_by("-signed_at", "-id").first()
    if newest is None:
        return None
    valid_days = datetime.timedelta(days=settings.ZW_FRAMEWORK1_VALID_DAYS)
    return newest if newest.signed_at >= timezone.now() - valid_days else None


def requirements_to_escalate(case):
    """The horizontal key points of the current rung and a recent framework 1."""
    since = entered_current_rung_at(case)
    kinds = set(
        case.timeline.filter(created_at__gte=since).values_list("kind", flat=True).distinct()
    )
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
            current_framework1(case) is not None,
        ),
    ]


def missing_to_escalate(case):
    return [r for r in requirements_to_escalate(case) if not r.met]

"""Demo data for the programme dashboard: the targets of the seed's anchoring slide. The lead
calls `add_default_targets()` from seed_demo; running it twice changes nothing."""

from decimal import Decimal

from accounts.services import get_system_user
from core.history import save_with_history
from programme.models import Metric, Target

DEFAULT_TARGETS = {
    Metric.COVERAGE_PER_UNIT: Decimal("80"),
    Metric.PICKUP_ON_TIME: Decimal("90"),
    Metric.PICKUP_MEDIAN_DAYS: Decimal("2"),
    Metric.ACTIONS_ON_TIME: Decimal("90"),
}


def add_default_targets():
    """The default targets, each once; returns how many were added."""
    system, added = get_system_user(), 0
    for metric, value in DEFAULT_TARGETS.items():
        if Target.objects.filter(metric=metric).exists():
            continue
        save_with_history(Target(metric=metric, value=value), acting_user=system, reason="Demo")
        added += 1
    return added

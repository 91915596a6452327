"""What the retention page shows: cases due soon, the holds, and the latest tombstones."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from retention import policy
from retention.models import LegalHold, Tombstone

UPCOMING_DAYS = 90
LIST_LIMIT = 100


def upcoming_deletions(today=None):
    """Closed cases whose retention date falls within the next 90 days (or has passed)."""
    day = (today or timezone.localdate()) + datetime.timedelta(days=UPCOMING_DAYS)
    return policy.due_by(day)[:LIST_LIMIT]


def active_holds():
    return LegalHold.objects.filter(lifted_at__isnull=True).select_related("case", "set_by")[
        :LIST_LIMIT
    ]


def lifted_holds():
    return LegalHold.objects.filter(lifted_at__isnull=False).select_related(
        "case", "set_by", "lifted_by"
    )[:20]


def recent_tombstones():
    return Tombstone.objects.all()[:20]


# The access log is append-only and hash-chained: retention never rewrites its rows. What it
# shows for a deleted case is decided when it is read; the tombstones say which case ids went
# (registered for the access log in retention/apps.py).


def with_deleted_flag(entries):
    """Access-log rows annotated with `case_deleted` (one EXISTS per row, in the same query)."""
    return entries.annotate(
        case_deleted=Exists(Tombstone.objects.filter(case_id=OuterRef("case_id")))
    )


def deleted_case_ids(case_ids):
    """Which of these case ids retention deleted (one query)."""
    return set(Tombstone.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True))

"""Unusual access for the privacy officer: finding it in the log, announcing it, and the review.

Each day (UTC) of the log is checked for: reads on the basis of an emergency (access outside the
case team and the unit's pools); a person refused access several times; a person reading more
distinct cases than `ZW_ANOMALY_CASES_PER_DAY`; every grant and revocation of a role (or of
units that widen one) that took effect, one line per person and day; and, each run, rows the
sealer left unsealed too long, and whether the hash chain still holds (when it does, its head is
written outside the database as an anchor).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleChange, User
from accounts.notifications import notify_users
from accounts.roles import RoleCode
from accounts.services import get_system_user
from audit import chain, notice_kinds
from audit.models import AccessAnomaly, AccessLogEntry
from audit.permissions import can_read_access_log
from core.errors import ActionRefused
from core.history import save_with_history

Kind = AccessAnomaly.Kind
Entry = AccessLogEntry
logger = logging.getLogger(__name__)

# How many days back the report looks each run, so a missed night is caught up.
CATCH_UP_DAYS = 7


class AlreadyReviewed(ActionRefused):
    """Someone else recorded a review of this signal first."""


def _day_bounds(day):
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=1)


def local_days_of(day):
    """The first and last local date (the access log's filters) of a signal's UTC day: in
    Amsterdam a UTC day ends at 01:00 or 02:00 the next local day, and the rows of that last
    hour or two belong to it too."""
    start, end = _day_bounds(day)
    last = end - datetime.timedelta(microseconds=1)
    return timezone.localtime(start).date(), timezone.localtime(last).date()


def patterns_on(day):
    """(kind, user id, count) for each pattern in the log on this UTC day."""
    start, end = _day_bounds(day)
    rows = Entry.objects.filter(at__gte=start, at__lt=end)
    per_user = rows.values("user_id").order_by("user_id")
    emergency = per_user.filter(
        basis=Entry.Basis.EMERGENCY, outcome=Entry.Outcome.ALLOWED
    ).annotate(n=Count("id"))
    denied = (
        per_user.filter(outcome=Entry.Outcome.DENIED)
        .annotate(n=Count("id"))
        .filter(n__gte=settings.ZW_ANOMALY_DENIED_PER_DAY)
    )
    volume = (
        per_user.filter(outcome=Entry.Outcome.ALLOWED, case_id__isnull=False)
        .annotate(n=Count("case_id", distinct=True))
        .filter(n__gt=settings.ZW_ANOMALY_CASES_PER_DAY)
    )
    for kind, found in ((Kind.EMERGENCY, emergency), (Kind.DENIED, denied), (Kind.VOLUME, volume)):
        for row in found:
            yield kind, row["user_id"], row["n"]


def role_changes_on(day):
    """(user id, count, detail) per person whose roles or units changed on this UTC day; the
    detail says what changed, by whom and on what approval (one query)."""
    start, end = _day_bounds(day)
    changes = (
        RoleChange.objects.filter(at__gte=start, at__lt=end)
        .select_related("role", "acting_user")
        .order_by("user_id", "at", "pk")
    )
    per_user = {}
    for change in changes:
        per_user.setdefault(change.user_id, []).append(_describe(change))
    for user_id, lines in per_user.items():
        yield user_id, len(lines), "; ".join(lines)[:300]


def _describe(change):
    what = change.role.code if change.role_id else change.units
    if change.approved_by_source:
        how = _("goedgekeurd door de bron")
    elif change.request_id:
        how = _("goedgekeurd door %(user)s") % {"user": change.acting_user.username}
    else:
        how = _("door %(user)s") % {"user": change.acting_user.username}
    return f"{change.get_kind_display()}: {what} ({how}, {change.get_source_display()})"


def report_access_anomalies(*, today=None):
    """Record the patterns of the last days that are not recorded yet, check the chain, and
    tell the privacy officers once if anything is new. Safe to run twice."""
    today = today or timezone.now().astimezone(datetime.UTC).date()
    new = []
    for back in range(CATCH_UP_DAYS, 0, -1):
        day = today - datetime.timedelta(days=back)
        for kind, user_id, count in patterns_on(day):
            new += _record(kind=kind, user_id=user_id, day=day, count=count)
        for user_id, count, detail in role_changes_on(day):
            new += _record(kind=Kind.ROLES, user_id=user_id, day=day, count=count, detail=detail)
    new += _record_unsealed(today)
    chain.seal()  # what the sealer has not done yet is checked tonight too
    verdict = chain.verify()
    if not verdict.ok:
        detail = _("regel %(id)s: %(problem)s") % {
            "id": verdict.entry_id,
            "problem": verdict.problem,
        }
        new += _record(kind=Kind.CHAIN, user_id=None, day=today, count=1, detail=detail)
    if new:
        officers = User.objects.filter(
            is_active=True, groups__role__code=RoleCode.PRIVACY_OFFICER
        ).distinct()
        notify_users(officers, path=reverse("audit:anomalies"), kind=notice_kinds.ACCESS_ANOMALIES)
    _write_anchor(verdict.anchor)
    return new


def _record_unsealed(today):
    """Rows that waited longer than `ZW_SEAL_ALERT_SECONDS` for the sealer, named by id: the
    sealer was not running, or a writer's transaction stayed open that long."""
    threshold = settings.ZW_SEAL_ALERT_SECONDS
    count, ids = chain.unsealed_before(timezone.now() - datetime.timedelta(seconds=threshold))
    if not count:
        return []
    detail = _(
        "%(count)s regels wachten langer dan %(minutes)s minuten op verzegeling: %(ids)s"
    ) % {
        "count": count,
        "minutes": max(round(threshold / 60), 1),
        "ids": ", ".join(map(str, ids)) + (" …" if count > len(ids) else ""),
    }
    return _record(kind=Kind.UNSEALED, user_id=None, day=today, count=count, detail=detail[:300])


def _write_anchor(anchor):
    """The checked head, outside the database: the application log and, if configured, a file
    only appended to (`ZW_ACCESS_LOG_ANCHOR_FILE`). `verify_access_log --anchor` checks it. A
    file that cannot be written is an error in the log, never a lost report."""
    if not anchor:
        return
    logger.info("access log anchor %s", anchor)
    if not settings.ZW_ACCESS_LOG_ANCHOR_FILE:
        return
    try:
        with open(settings.ZW_ACCESS_LOG_ANCHOR_FILE, "a", encoding="ascii") as anchors:
            anchors.write(f"{timezone.now().isoformat(timespec='seconds')} {anchor}\n")
    except OSError:
        logger.exception("access log anchor not written to ZW_ACCESS_LOG_ANCHOR_FILE")


def _record(*, kind, user_id, day, count, detail=""):
    if AccessAnomaly.objects.filter(kind=kind, user_id=user_id, day=day).exists():
        return []
    anomaly = AccessAnomaly(kind=kind, user_id=user_id, day=day, count=count, detail=detail)
    try:
        with transaction.atomic():
            save_with_history(
                anomaly, acting_user=get_system_user(), reason="Gesignaleerd in het logboek"
            )
    except IntegrityError:  # a second run at the same moment recorded it first
        return []
    return [anomaly]


def review_anomaly(anomaly, *, conclusion, note, acting_user):
    """Record the privacy officer's review of one signal: who, when, what they concluded."""
    ActionRefused.unless(can_read_access_log(acting_user))
    with transaction.atomic():
        anomaly = AccessAnomaly.objects.select_for_update().get(pk=anomaly.pk)
        if anomaly.reviewed_at is not None:
            raise AlreadyReviewed(_("Dit signaal is al beoordeeld."))
        anomaly.conclusion, anomaly.note = conclusion, note
        anomaly.reviewed_by, anomaly.reviewed_at = acting_user, timezone.now()
        reason = note or str(AccessAnomaly.Conclusion(conclusion).label)
        save_with_history(anomaly, acting_user=acting_user, reason=reason)
    return anomaly


def anomalies_for_review(*, limit=200):
    """Open signals first (oldest day first), then the most recently reviewed ones."""
    base = AccessAnomaly.objects.select_related("user", "reviewed_by")
    open_ = list(base.filter(reviewed_at__isnull=True).order_by("day", "id")[:limit])
    done = list(base.filter(~Q(reviewed_at=None)).order_by("-reviewed_at", "-id")[:limit])
    return open_, done

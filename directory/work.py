"""What the directory import puts on the functional administrator's work queue: an upload left
waiting for confirmation, and rows the latest import of each kind rejected (to fix in the
source system). Two queries."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from core.registry import Urgency, WorkItem, register_work
from directory.models import ImportRun
from directory.permissions import can_import_directory

SECTION = "directory:upload"
RECENT_DAYS = 30
# An upload is a preview first; after this long without confirmation it waits on someone.
WAITING_AFTER = datetime.timedelta(hours=1)


def import_work(user, now):
    if not can_import_directory(user):
        return []
    since = now - datetime.timedelta(days=RECENT_DAYS)
    return [*_unconfirmed(user, now, since), *_rejected_rows(since)]


def _unconfirmed(user, now, since):
    waiting = ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEWED,
        source=ImportRun.Source.UPLOAD,
        created_by=user,
        created_at__gte=since,
        created_at__lt=now - WAITING_AFTER,
    ).order_by("created_at")
    first = waiting.first()
    if first is None:
        return []
    label = _("Een import wacht op je bevestiging")
    url = reverse("directory:preview", args=[first.pk])
    return [WorkItem(label, url, SECTION, subject=first.file_name, since=first.created_at)]


def _rejected_rows(since):
    """The latest applied import of each kind, when it left rows out."""
    latest = {}
    for run in ImportRun.objects.filter(
        status=ImportRun.Status.APPLIED, applied_at__gte=since
    ).order_by("-applied_at")[:20]:
        latest.setdefault(run.kind, run)
    items = []
    for run in latest.values():
        left_out = run.summary.get("rejected", 0) + run.summary.get("conflicts", 0)
        if not left_out:
            continue
        label = ngettext(
            "De laatste import van %(kind)s liet %(count)d regel buiten beschouwing",
            "De laatste import van %(kind)s liet %(count)d regels buiten beschouwing",
            left_out,
        ) % {"kind": run.get_kind_display().lower(), "count": left_out}
        url = reverse("directory:preview", args=[run.pk])
        items.append(
            WorkItem(label, url, SECTION, Urgency.DUE, subject=run.file_name, since=run.applied_at,
                     count=1)
        )  # fmt: skip
    return items


def register_providers():
    register_work(RoleCode.FUNCTIONAL_ADMIN, import_work)

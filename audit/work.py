"""What the access log puts on the privacy officer's work queue: signals of unusual access
still to review (one query)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from audit.models import AccessAnomaly
from audit.permissions import can_read_access_log
from core.registry import WorkItem, register_work


def anomalies_work(user, now):
    if not can_read_access_log(user):
        return []
    counted = AccessAnomaly.objects.filter(reviewed_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("day")
    )
    if not counted["n"]:
        return []
    label = ngettext(
        "%(count)d signaal uit het toegangslogboek om te beoordelen",
        "%(count)d signalen uit het toegangslogboek om te beoordelen",
        counted["n"],
    ) % {"count": counted["n"]}
    url = reverse("audit:anomalies")
    return [WorkItem(label, url, "audit:access_log", since=counted["oldest"], count=counted["n"])]


def register_providers():
    register_work(RoleCode.PRIVACY_OFFICER, anomalies_work)

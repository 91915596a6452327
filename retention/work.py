"""What retention puts on the work queue of those who manage legal holds: holds set more than
a year ago, to review whether the case must still be kept past its retention date (a hold is
meant to end: a complaint settled, a court case closed). One query."""

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from core.registry import WorkItem, register_work
from retention.models import LegalHold
from retention.permissions import can_manage_legal_holds

REVIEW_AFTER = datetime.timedelta(days=365)


def legal_holds_work(user, now):
    if not can_manage_legal_holds(user):
        return []
    counted = LegalHold.objects.filter(
        lifted_at__isnull=True, set_at__lt=now - REVIEW_AFTER
    ).aggregate(n=Count("pk"), oldest=Min("set_at"))
    if not counted["n"]:
        return []
    label = ngettext(
        "%(count)d bewaarplicht staat langer dan een jaar: is die nog nodig?",
        "%(count)d bewaarplichten staan langer dan een jaar: zijn die nog nodig?",
        counted["n"],
    ) % {"count": counted["n"]}
    url = reverse("retention:overview")
    return [WorkItem(label, url, "retention:overview", since=counted["oldest"], count=counted["n"])]


def register_providers():
    for role in (RoleCode.PRIVACY_OFFICER, RoleCode.FUNCTIONAL_ADMIN):
        register_work(role, legal_holds_work)

"""What the register puts on the privacy officer's work queue: each open subject-access request
with its legal deadline, late ones first (one query; a register holds a handful at a time)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import RoleCode
from core.registry import Urgency, WorkItem, register_work
from subject_access.models import SubjectAccessRequest
from subject_access.permissions import can_answer_subject_access

SHOWN = 10


def requests_work(user, now):
    if not can_answer_subject_access(user):
        return []
    today = timezone.localdate(now)
    url = reverse("subject_access:requests")
    open_requests = SubjectAccessRequest.objects.filter(answered_on__isnull=True).order_by(
        "due_on", "pk"
    )[:SHOWN]
    return [
        WorkItem(
            _("Inzageverzoek beantwoorden"),
            url,
            "subject_access:search",
            Urgency.OVERDUE if request.due_on < today else Urgency.DUE,
            subject=request.code,
            due=request.due_on,
        )
        for request in open_requests
    ]


def register_providers():
    register_work(RoleCode.PRIVACY_OFFICER, requests_work)

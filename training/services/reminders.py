"""Reminders run by celery beat; each goes out once, however often the job runs."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import notify_user
from accounts.services import get_system_user
from core.history import save_with_history
from training import notice_kinds
from training.models import (
    Certificate,
    Enrolment,
    SessionStatus,
)
from training.services.base import Reason, Status, session_subject


def remind_upcoming_sessions(now=None):
    """Remind everyone with a seat, once, that their session starts within the window."""
    from django.conf import settings

    now = now or timezone.now()
    until = now + datetime.timedelta(hours=settings.ZW_SESSION_REMINDER_HOURS)
    due = Enrolment.objects.filter(
        status=Status.ENROLLED,
        reminder_sent_at__isnull=True,
        session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.FULL],
        session__starts_at__gt=now,
        session__starts_at__lte=until,
    )
    system_user = get_system_user()
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            enrolment = Enrolment.objects.select_for_update().get(pk=pk)
            if enrolment.reminder_sent_at is not None or enrolment.status != Status.ENROLLED:
                continue
            enrolment.reminder_sent_at = now
            save_with_history(enrolment, acting_user=system_user, reason=Reason.REMINDER_SENT)
            notify_user(
                enrolment.participant,
                path=reverse("training:session_detail", args=[enrolment.session_id]),
                kind=notice_kinds.TRAINING_REMINDER,
                subject=session_subject(enrolment.session),
            )
        sent += 1
    return sent


def remind_expiring_certificates(today=None):
    """Tell holders, once per certificate, that it lapses soon — unless they renewed it."""
    from django.conf import settings

    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=settings.ZW_CERTIFICATE_REMINDER_DAYS)
    due = Certificate.objects.filter(
        expiry_reminder_sent_on__isnull=True,
        expires_on__gte=today,
        expires_on__lte=until,
        holder__is_active=True,
    )
    system_user = get_system_user()
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=pk)
            if certificate.expiry_reminder_sent_on is not None or _renewed(certificate):
                continue
            certificate.expiry_reminder_sent_on = today
            save_with_history(
                certificate, acting_user=system_user, reason=Reason.EXPIRY_REMINDER_SENT
            )
            path = reverse("training:my_trainings")
            notify_user(
                certificate.holder,
                path=path,
                kind=notice_kinds.CERTIFICATE_EXPIRING,
                subject=certificate.course.title[:80],
            )
        sent += 1
    return sent


def _renewed(certificate):
    return Certificate.objects.filter(
        holder_id=certificate.holder_id,
        course_id=certificate.course_id,
        expires_on__gt=certificate.expires_on,
    ).exists()

"""What training puts on people's work queues (`core.registry`): the sessions a trainer teaches
soon (full? a waitlist?), attendance still to record, team requests to take up and certificates
about to lapse per unit for the coordinator. A fixed number of queries."""

import datetime

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from core.registry import Urgency, WorkItem, register_work
from training import permissions, selectors
from training.models import Certificate, Enrolment, Session

SECTION = "training:course_list"
TEACHING_AHEAD_DAYS = 14
SHOWN = 5


def _session_url(session):
    return reverse("training:session_detail", args=[session.pk])


def _session_subject(session):
    when = date_format(timezone.localtime(session.starts_at), "j N H:i")
    return f"{session.course.title} · {when}"


def teaching_work(user, now):
    """Sessions this trainer teaches in the next two weeks, with how full they are (one query)."""
    until = now + datetime.timedelta(days=TEACHING_AHEAD_DAYS)
    status = Enrolment.Status
    sessions = (
        Session.objects.filter(trainers=user, starts_at__gte=now, starts_at__lt=until)
        .filter(status__in=selectors.ACTIVE_STATUSES)
        .select_related("course")
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status=status.ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=status.WAITLISTED)),
        )
        .order_by("starts_at", "pk")[:SHOWN]
    )
    return [_teaching_item(session) for session in sessions]


def _teaching_item(session):
    if session.waiting:
        label = ngettext(
            "Je geeft een training: vol, %(count)d op de wachtlijst",
            "Je geeft een training: vol, %(count)d op de wachtlijst",
            session.waiting,
        ) % {"count": session.waiting}
    elif session.taken >= session.capacity:
        label = _("Je geeft een training: vol")
    else:
        label = _("Je geeft een training: %(taken)d van %(capacity)d plaatsen bezet") % {
            "taken": session.taken,
            "capacity": session.capacity,
        }
    return WorkItem(
        label,
        _session_url(session),
        SECTION,
        Urgency.UPCOMING,
        subject=_session_subject(session),
        due=session.starts_at,
    )


def attendance_work(user, now):
    """Sessions that took place without their attendance recorded (one query for the count
    and the oldest, one for the link)."""
    if not permissions.can_view_training(user):
        return []
    waiting = selectors.sessions_needing_attendance(user)
    counted = waiting.aggregate(n=Count("pk"), oldest=Min("starts_at"))
    if not counted["n"]:
        return []
    first = waiting.order_by("starts_at", "pk").first()
    label = ngettext(
        "%(count)d sessie wacht op de aanwezigheidsregistratie",
        "%(count)d sessies wachten op de aanwezigheidsregistratie",
        counted["n"],
    ) % {"count": counted["n"]}
    url = reverse("training:attendance", args=[first.pk])
    return [
        WorkItem(label, url, SECTION, Urgency.OVERDUE, since=counted["oldest"], count=counted["n"])
    ]


def coordinator_work(user, now):
    if not permissions.can_manage_team_requests(user):
        return []
    return [*_team_requests(), *_lapsing_certificates(now)]


def _team_requests():
    counted = selectors.open_team_requests().aggregate(n=Count("pk"), oldest=Min("created_at"))
    if not counted["n"]:
        return []
    label = ngettext(
        "%(count)d aanvraag voor een teamtraining staat open",
        "%(count)d aanvragen voor een teamtraining staan open",
        counted["n"],
    ) % {"count": counted["n"]}
    url = reverse("training:team_request_list")
    section = "training:team_request_list"
    return [WorkItem(label, url, section, since=counted["oldest"], count=counted["n"])]


def _lapsing_certificates(now):
    """Per unit (the faculty or programme of the holder), certificates that lapse within the
    reminder period: the units with the most first (one grouped query)."""
    today = timezone.localdate(now)
    until = today + datetime.timedelta(days=settings.ZW_CERTIFICATE_REMINDER_DAYS)
    rows = (
        Certificate.objects.filter(expires_on__gte=today, expires_on__lte=until)
        .values("holder__units__name")
        .annotate(n=Count("pk", distinct=True), first=Min("expires_on"))
        .order_by("-n", "first", "holder__units__name")[:SHOWN]
    )
    url = reverse("training:coverage")
    return [
        WorkItem(
            ngettext(
                "%(count)d certificaat verloopt binnenkort",
                "%(count)d certificaten verlopen binnenkort",
                row["n"],
            )
            % {"count": row["n"]},
            url,
            "training:cascade",
            Urgency.UPCOMING,
            subject=row["holder__units__name"] or _("zonder eenheid"),
            due=row["first"],
            count=row["n"],
        )
        for row in rows
    ]


def register_providers():
    register_work(RoleCode.TRAINER, teaching_work)
    register_work(RoleCode.TRAINER, attendance_work)
    register_work(RoleCode.TRAINING_COORDINATOR, attendance_work)
    register_work(RoleCode.TRAINING_COORDINATOR, coordinator_work)

"""What every training service shares: history reasons, the named refusal, field lists."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from core.errors import ActionRefused
from training.models import Enrolment

Status = Enrolment.Status
Attendance = Enrolment.Attendance

COURSE_FIELDS = (
    "title", "kind", "description", "learning_goals", "duration_minutes", "validity_months",
    "is_active",
)  # fmt: skip
SESSION_FIELDS = (
    "starts_at", "ends_at", "location", "online_url", "capacity", "enrolment_deadline", "notes",
)  # fmt: skip
TEAM_REQUEST_FIELDS = (
    "unit", "team_name", "team_size", "course_kind", "question", "preferred_period",
)  # fmt: skip
INTAKE_FIELDS = (
    "held_on", "team_context", "concern_kinds", "learning_needs", "constraints",
    "recommended_course",
)  # fmt: skip


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    ENROLLED = gettext_noop("Ingeschreven")
    WAITLISTED = gettext_noop("Op de wachtlijst gezet")
    PROMOTED = gettext_noop("Van de wachtlijst ingeschreven: er kwam een plek vrij")
    CANCELLED_ENROLMENT = gettext_noop("Uitgeschreven")
    SESSION_FULL = gettext_noop("Sessie vol: nieuwe aanmeldingen op de wachtlijst")
    SEAT_FREED = gettext_noop("Er is weer plek")
    ENROLMENT_OPENED = gettext_noop("Inschrijving geopend")
    ATTENDANCE = gettext_noop("Aanwezigheid vastgelegd")
    HELD = gettext_noop("Sessie gehouden")
    CERTIFICATE = gettext_noop("Certificaat uitgereikt na aanwezigheid")
    QUALIFIED = gettext_noop("Trainer geworden met een train-de-trainercertificaat")
    TRAINER_ROLE = gettext_noop("Rol trainer gekregen met een train-de-trainercertificaat")
    REMINDER_SENT = gettext_noop("Herinnering verstuurd: de sessie begint binnenkort")
    EXPIRY_REMINDER_SENT = gettext_noop("Herinnering verstuurd: het certificaat verloopt")
    TEAM_REQUESTED = gettext_noop("Teamtraining aangevraagd")
    INTAKE = gettext_noop("Intake vastgelegd")
    FEED_CREATED = gettext_noop("Agendakoppeling aangemaakt")
    FEED_RESET = gettext_noop("Agendakoppeling vernieuwd; de oude link werkt niet meer")


class TrainingActionRefused(ActionRefused):
    """The user may see this but not do it (now); the message says why."""


def apply_fields(obj, data, fields):
    """Copy the given fields that `data` holds onto `obj` (not saved)."""
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def session_path(session):
    """The session page, for links in notifications."""
    return reverse("training:session_detail", args=[session.pk])


def session_subject(session):
    """What a notification about a session names: the course and when, never a person."""
    when = date_format(timezone.localtime(session.starts_at), "j N H:i")
    return f"{session.course.title} · {when}"[:80]

"""What every training service shares: history reasons, named errors, locking and saving."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.history import save_with_history
from training.models import (
    Enrolment,
)

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


class TrainingActionRefused(PermissionDenied):
    """The user may see this but not do it (now); the message says why."""


class EditConflict(Exception):
    """Someone else saved the same course or session since this user opened it."""


class InvalidChange(ValueError):
    """The change breaks a rule across objects; `field` names the form field it belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _require(allowed, message=None):
    if not allowed:
        raise TrainingActionRefused(message or _("Je mag dit niet doen."))


def _lock(model, obj, expected_version=None):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict(
            _(
                "Iemand anders heeft dit net gewijzigd. Bekijk de nieuwe versie en probeer het "
                "opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def _save(obj, *, acting_user, reason, bump=True):
    if bump and obj.pk is not None and hasattr(obj, "version"):
        obj.version += 1
    return save_with_history(obj, acting_user=acting_user, reason=reason)


def _apply(obj, data, fields):
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _session_path(session):
    return reverse("training:session_detail", args=[session.pk])


def add_months(day, months):
    """The same day `months` later; the last day of the month where that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

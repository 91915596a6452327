"""What every care-meeting service shares: refusals, history reasons, the meeting lock."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.errors import ActionRefused
from core.locking import lock_for_edit

MEETING_CHANGED = _(
    "Iemand anders heeft dit overleg net gewijzigd. Bekijk de nieuwe stand en probeer het "
    "opnieuw; je invoer staat nog in het formulier."
)


class MeetingRefused(ActionRefused):
    """The step is not allowed for this person or in this state; the message says why."""


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    PLANNED = gettext_noop("Zorgoverleg gepland")
    EDITED = gettext_noop("Gegevens van het overleg gewijzigd")
    AGENDA = gettext_noop("Agenda aangepast")
    PUBLISHED = gettext_noop("Agenda gepubliceerd")
    GRANTED = gettext_noop("Inzage gegeven voor het zorgoverleg")
    WITHDRAWN = gettext_noop("Inzage voor het zorgoverleg beëindigd")
    CONFIRMED = gettext_noop("Geheimhouding bevestigd")
    REVEALED = gettext_noop("Identiteit getoond, met reden")
    HELD = gettext_noop("Overleg gehouden")
    ATTENDANCE = gettext_noop("Aanwezigheid vastgelegd")
    MINUTES = gettext_noop("Verslag van een agendapunt vastgelegd")
    ACTION = gettext_noop("Actiepunt afgesproken")
    ACTION_REVIEWED = gettext_noop("Actiepunt beoordeeld")
    APPROVED = gettext_noop("Verslag vastgesteld")
    REMINDED = gettext_noop("Herinnering verstuurd: actiepunt over de datum")


def lock(meeting, expected_version=None):
    """The meeting's row, locked for this transaction (a conflict when it changed since the
    form was opened on `expected_version`)."""
    return lock_for_edit(meeting, expected_version, message=MEETING_CHANGED)


def meeting_path(meeting):
    return reverse("overleg:meeting_detail", args=[meeting.pk])


def not_editable():
    return _("Alleen de organisator of voorzitter wijzigt de agenda, tot het overleg gehouden is.")

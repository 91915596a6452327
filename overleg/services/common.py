"""What every care-meeting service shares: refusals, history reasons, the meeting lock."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.history import save_with_history
from overleg.models import Meeting


class MeetingRefused(PermissionDenied):
    """The step is not allowed for this person or in this state; the message says why."""


class MeetingConflict(Exception):
    """Someone else changed the meeting since this form was opened."""


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


def refuse_unless(allowed, message):
    if not allowed:
        raise MeetingRefused(message)


def lock(meeting, expected_version=None):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise MeetingConflict(
            _(
                "Iemand anders heeft dit overleg net gewijzigd. Bekijk de nieuwe stand en probeer "
                "het opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def save_meeting(meeting, *, acting_user, reason):
    meeting.version += 1
    save_with_history(meeting, acting_user=acting_user, reason=reason)


def meeting_path(meeting):
    return f"/overleg/{meeting.pk}/"


def not_editable():
    return _("Alleen de organisator of voorzitter wijzigt de agenda, tot het overleg gehouden is.")

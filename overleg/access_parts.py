"""How the access log names the care meeting's pages this app logs reads of."""

from django.utils.translation import gettext_lazy as _

PARTS = {
    "meeting": _("Zorgoverleg"),
    "meeting_case": _("Casus in het zorgoverleg"),
    "meeting_identity": _("Identiteit getoond in het zorgoverleg"),
    "meeting_agenda": _("Agenda van het zorgoverleg"),
    "meeting_agenda_pdf": _("Agenda van het zorgoverleg (PDF)"),
    "meeting_minutes": _("Verslag van het zorgoverleg"),
    "meeting_minutes_pdf": _("Verslag van het zorgoverleg (PDF)"),
    "meeting_actions": _("Mijn actiepunten"),
}

"""The notifications the ladder sends. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

ESCALATION_REQUEST = NotificationKind(
    "escalation_request", _("Een opschalingsverzoek wacht op je beoordeling")
)
ESCALATION_DECIDED = NotificationKind(
    "escalation_decided", _("Er is besloten over je opschalingsverzoek")
)
CASE_MOVED = NotificationKind("case_moved", _("Een casus ligt nu bij het College van Bestuur"))
DISCLOSURE_PENDING = NotificationKind(
    "disclosure_pending", _("Een verzoek om te delen met derden wacht op besluit")
)
DISCLOSURE_DECIDED = NotificationKind(
    "disclosure_decided", _("Er is besloten over een verzoek om te delen")
)
DISCLOSURE_TO_CARRY_OUT = NotificationKind(
    "disclosure_carry_out", _("Een goedgekeurde verstrekking wacht op uitvoering")
)
ACUTE = NotificationKind("acute", _("Acuut risico: er is direct een besluit nodig"))
REVIEW_OVERDUE = NotificationKind(
    "review_overdue", _("De evaluatiedatum van een casus is verstreken")
)

KINDS = (
    ESCALATION_REQUEST,
    ESCALATION_DECIDED,
    CASE_MOVED,
    DISCLOSURE_PENDING,
    DISCLOSURE_DECIDED,
    DISCLOSURE_TO_CARRY_OUT,
    ACUTE,
    REVIEW_OVERDUE,
)

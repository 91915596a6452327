"""The notifications training sends. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

TRAINING_ENROLLED = NotificationKind(
    "training_enrolled", _("Je bent ingeschreven voor een training")
)
TRAINING_WAITLISTED = NotificationKind(
    "training_waitlisted", _("Je staat op de wachtlijst voor een training")
)
TRAINING_PROMOTED = NotificationKind(
    "training_promoted", _("Er is een plek vrijgekomen: je bent ingeschreven voor een training")
)
TRAINING_REMINDER = NotificationKind("training_reminder", _("Je training begint over twee dagen"))
TRAINING_CANCELLED = NotificationKind("training_cancelled", _("Een training van je gaat niet door"))
CERTIFICATE_ISSUED = NotificationKind("certificate_issued", _("Je hebt een certificaat gekregen"))
CERTIFICATE_EXPIRING = NotificationKind(
    "certificate_expiring", _("Je certificaat verloopt binnenkort")
)
TEAM_REQUEST = NotificationKind("team_request", _("Er is een aanvraag voor een teamtraining"))
TEAM_REQUEST_UPDATE = NotificationKind(
    "team_request_update", _("Er is nieuws over een aanvraag voor een teamtraining")
)

KINDS = (
    TRAINING_ENROLLED,
    TRAINING_WAITLISTED,
    TRAINING_PROMOTED,
    TRAINING_REMINDER,
    TRAINING_CANCELLED,
    CERTIFICATE_ISSUED,
    CERTIFICATE_EXPIRING,
    TEAM_REQUEST,
    TEAM_REQUEST_UPDATE,
)

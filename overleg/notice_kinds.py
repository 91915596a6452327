"""The notifications the care meetings send. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

MEETING_INVITED = NotificationKind("meeting_invited", _("Je bent uitgenodigd voor een zorgoverleg"))
MEETING_CHANGED = NotificationKind(
    "meeting_changed", _("Een zorgoverleg waarvoor je bent uitgenodigd is verplaatst of gewijzigd")
)
MEETING_ACTION = NotificationKind(
    "meeting_action", _("Een actiepunt uit een zorgoverleg vraagt je aandacht")
)

KINDS = (MEETING_INVITED, MEETING_CHANGED, MEETING_ACTION)

"""The notifications the access log sends. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

ACCESS_ANOMALIES = NotificationKind(
    "access_anomalies", _("Er zijn signalen uit het toegangslogboek om te beoordelen")
)

KINDS = (ACCESS_ANOMALIES,)

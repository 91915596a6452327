"""The notifications the partner register sends. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

AGREEMENT_LAPSING = NotificationKind(
    "agreement_lapsing", _("Een afspraak met een partner loopt binnenkort af")
)

KINDS = (AGREEMENT_LAPSING,)

"""The notifications the case file sends. A kind and a link, never a name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

TRIAGE = NotificationKind("triage", _("Er is een nieuwe melding voor je eenheid"))
ASSIGNED = NotificationKind("assigned", _("Je bent behandelaar van een casus geworden"))

REPORT_STATUS = NotificationKind("report_status", _("De status van je melding is veranderd"))

KINDS = (TRIAGE, ASSIGNED, REPORT_STATUS)

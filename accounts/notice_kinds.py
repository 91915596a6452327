"""The notification any app may send when no kind of its own fits: a kind and a link, never a
name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

ATTENTION = NotificationKind("attention", _("Er vraagt iets je aandacht"))

# Role administration (four eyes): a request waits for a second person; a role changed.
ROLE_REQUEST = NotificationKind("role_request", _("Een rol wacht op je goedkeuring"))
ROLE_CHANGED = NotificationKind("role_changed", _("Rollen van een medewerker gewijzigd"))

KINDS = (ATTENTION, ROLE_REQUEST, ROLE_CHANGED)

"""The notification any app may send when no kind of its own fits: a kind and a link, never a
name or case content."""

from django.utils.translation import gettext_lazy as _

from core.registry import NotificationKind

ATTENTION = NotificationKind("attention", _("Er vraagt iets je aandacht"))

KINDS = (ATTENTION,)

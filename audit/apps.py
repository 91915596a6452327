from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from audit import access_parts, notice_kinds
        from audit.permissions import can_read_access_log
        from audit.work import register_providers
        from core.registry import (
            NavEntry,
            register_access_parts,
            register_navigation,
            register_notification_kinds,
        )

        register_notification_kinds(*notice_kinds.KINDS)

        register_navigation(NavEntry(_("Toegangslogboek"), "audit:access_log", can_read_access_log))
        register_providers()
        register_access_parts(access_parts.PARTS)

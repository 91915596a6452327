from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlegConfig(AppConfig):
    name = "overleg"
    verbose_name = _("Zorgoverleg")

    def ready(self):
        from core.registry import (
            NavEntry,
            register_access_parts,
            register_case_panel,
            register_navigation,
            register_notification_kinds,
        )
        from overleg import access_parts, notice_kinds, permissions, selectors, work

        register_notification_kinds(*notice_kinds.KINDS)

        work.register_providers()
        register_case_panel("meeting", selectors.case_meeting_panel, order=20)
        register_navigation(
            NavEntry(_("Zorgoverleg"), "overleg:meeting_list", permissions.may_use_meetings)
        )
        register_access_parts(access_parts.PARTS)

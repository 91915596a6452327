from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Casussen")

    def ready(self):
        from cases import access_parts, notice_kinds, permissions
        from cases.work import register_providers
        from core.registry import (
            NavEntry,
            everyone,
            register_access_parts,
            register_navigation,
            register_notification_kinds,
        )

        register_notification_kinds(*notice_kinds.KINDS)

        register_navigation(
            NavEntry(_("Zorg melden"), "cases:report", permissions.can_report_concern),
            NavEntry(_("Mijn meldingen"), "cases:my_reports", everyone),
            NavEntry(_("Casussen"), "cases:list", permissions.may_use_case_lists),
        )

        register_providers()
        register_access_parts(access_parts.PARTS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = _("Escalatieladder")

    def ready(self):
        from core.registry import (
            NavEntry,
            register_access_parts,
            register_case_panel,
            register_navigation,
            register_notification_kinds,
        )
        from escalation import access_parts, notice_kinds, permissions, selectors, work

        register_notification_kinds(*notice_kinds.KINDS)
        register_case_panel("ladder", selectors.ladder_case_panel, order=10)
        work.register_providers()

        register_navigation(
            NavEntry(_("Verzoeken"), "escalation:dean_inbox", permissions.may_use_dean_inbox),
            NavEntry(
                _("College van Bestuur"), "escalation:board_inbox", permissions.may_use_board_inbox
            ),
            NavEntry(_("Uitvoeren"), "escalation:contact_list", permissions.may_use_contact_list),
        )
        register_access_parts(access_parts.PARTS)

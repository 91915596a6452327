from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Bewaartermijnen")

    def ready(self):
        from core.registry import (
            DeletedCases,
            NavEntry,
            register_deleted_cases,
            register_navigation,
        )
        from retention import selectors
        from retention.permissions import can_manage_legal_holds
        from retention.work import register_providers

        register_deleted_cases(
            DeletedCases(flag=selectors.with_deleted_flag, ids=selectors.deleted_case_ids)
        )
        register_navigation(
            NavEntry(_("Bewaartermijnen"), "retention:overview", can_manage_legal_holds)
        )
        register_providers()

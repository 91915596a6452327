from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Bewaartermijnen")

    def ready(self):
        from core.registry import NavEntry, register_navigation
        from retention.permissions import can_manage_legal_holds

        register_navigation(
            NavEntry(_("Bewaartermijnen"), "retention:overview", can_manage_legal_holds)
        )

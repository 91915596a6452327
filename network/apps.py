from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Kennis en netwerk")

    def ready(self):
        from core.registry import (
            NavEntry,
            everyone,
            register_navigation,
            register_notification_kinds,
        )
        from network import notice_kinds
        from network.work import register_providers

        register_notification_kinds(*notice_kinds.KINDS)

        register_navigation(NavEntry(_("Hulp en contacten"), "network:support", everyone))

        register_providers()

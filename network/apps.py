from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Kennis en netwerk")

    def ready(self):
        from network.attention import register_providers

        register_providers()

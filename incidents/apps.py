from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidentanalyse")

    def ready(self):
        from core.registry import register_access_parts
        from incidents import access_parts

        register_access_parts(access_parts.PARTS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programma")

    def ready(self):
        from core.registry import NavEntry, register_navigation
        from programme.permissions import can_view_dashboard

        register_navigation(NavEntry(_("Programma"), "programme:dashboard", can_view_dashboard))

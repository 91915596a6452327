from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlegConfig(AppConfig):
    name = "overleg"
    verbose_name = _("Zorgoverleg")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoadgenConfig(AppConfig):
    name = "loadgen"
    verbose_name = _("Belastingsdata")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectAccessConfig(AppConfig):
    name = "subject_access"
    verbose_name = _("Inzageverzoeken")

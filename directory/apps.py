from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Studenten- en medewerkersimport")

    def ready(self):
        from core.registry import NavEntry, register_navigation
        from directory.conf import column_aliases, role_names
        from directory.permissions import can_import_directory
        from directory.work import register_providers

        register_navigation(NavEntry(_("Importeren"), "directory:upload", can_import_directory))
        register_providers()
        # A malformed mapping in the environment stops the start, naming the variable.
        column_aliases()
        role_names()

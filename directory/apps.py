from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Studenten- en medewerkersimport")

    def ready(self):
        # A malformed mapping in the environment stops the start, naming the variable.
        from directory.conf import column_aliases, role_names

        column_aliases()
        role_names()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectAccessConfig(AppConfig):
    name = "subject_access"
    verbose_name = _("Inzageverzoeken")

    def ready(self):
        from core.registry import NavEntry, register_access_parts, register_navigation
        from subject_access import access_parts
        from subject_access.permissions import can_answer_subject_access
        from subject_access.work import register_providers

        register_navigation(
            NavEntry(_("Inzageverzoek"), "subject_access:search", can_answer_subject_access)
        )
        register_providers()
        register_access_parts(access_parts.PARTS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from core.registry import NavEntry, register_navigation, register_notification_kinds
        from training import notice_kinds, permissions
        from training.work import register_providers

        register_notification_kinds(*notice_kinds.KINDS)

        register_navigation(
            NavEntry(_("Trainingen"), "training:course_list", permissions.can_view_training),
            NavEntry(_("Olievlek"), "training:cascade", permissions.can_view_cascade),
            NavEntry(
                _("Teamtrainingen"),
                "training:team_request_list",
                permissions.can_manage_team_requests,
            ),
        )

        register_providers()

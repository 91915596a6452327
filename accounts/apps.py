from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        # Permissions exist only after migrate has run, so roles are synchronised then.
        post_migrate.connect(_ensure_roles_after_migrate, sender=self)
        from accounts import signals  # noqa: F401  (sign-in clock, deactivation ends sessions)


def _ensure_roles_after_migrate(sender, using, **kwargs):
    from accounts.services import ensure_roles

    ensure_roles(using=using)

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from accounts import notice_kinds
        from accounts.permissions import can_decide_role_grants
        from accounts.roles import ROLE_APPROVERS
        from accounts.work import role_requests_work
        from core.registry import (
            NavEntry,
            everyone,
            register_navigation,
            register_notification_kinds,
            register_work,
        )

        register_notification_kinds(*notice_kinds.KINDS)

        register_navigation(
            NavEntry(_("Start"), "home", everyone),
            NavEntry(_("Berichten"), "accounts:inbox", everyone, badge=_unread_messages),
            NavEntry(_("Rollen"), "accounts:role_requests", can_decide_role_grants),
            NavEntry(_("Beheer"), "admin:index", _functional_admin),
        )
        for code in sorted(ROLE_APPROVERS):
            register_work(code, role_requests_work)

        # Permissions exist only after migrate has run, so roles are synchronised then.
        post_migrate.connect(_ensure_roles_after_migrate, sender=self)
        from accounts import signals  # noqa: F401  (sign-in clock, deactivation ends sessions)


def _ensure_roles_after_migrate(sender, using, **kwargs):
    from accounts.services import ensure_roles

    ensure_roles(using=using)


def _unread_messages(user):
    """The count on the inbox item (a notice whose task is done no longer asks for attention);
    kept with the navigation's task counts and forgotten with them (`accounts.work`)."""
    return user.inbox.filter(read_at__isnull=True, done_at__isnull=True).count()


def _functional_admin(user):
    from accounts.roles import RoleCode

    return user.is_active and user.has_role(RoleCode.FUNCTIONAL_ADMIN)

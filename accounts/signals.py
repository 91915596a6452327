"""What happens around signing in and deactivation, whoever triggers it (views, admin, imports)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.sessions import end_sessions_of, start_session_clock


@receiver(user_logged_in, dispatch_uid="accounts_start_session_clock")
def _start_session_clock(sender, request, user, **kwargs):
    # Django has already given the session a new key (django.contrib.auth.login cycles it).
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session)


@receiver(post_save, sender=User, dispatch_uid="accounts_end_sessions_of_inactive")
def _end_sessions_of_inactive_user(sender, instance, created, update_fields, **kwargs):
    """An inactive account has no session: deactivating someone (admin, import, anywhere that
    saves the user) signs them out everywhere at once, in the same transaction."""
    if created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions_of([instance.pk])

"""Notifications: 'something needs your attention' and a link — never a name or case content."""

from django.db import transaction

from accounts.tasks import send_attention_email


def notify_user(user, *, path):
    """Queue an attention e-mail to one user, sent only once the current transaction commits."""
    user_id = user.pk
    transaction.on_commit(lambda: send_attention_email.delay(user_id, path))

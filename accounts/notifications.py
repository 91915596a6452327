"""Notifications: what kind of thing needs attention and a link — never a name or case content.

Each one lands in the person's in-app inbox and goes out by e-mail once the transaction commits.
"""

from django.db import transaction

from accounts.models import InboxItem
from accounts.tasks import send_attention_email

Kind = InboxItem.Kind


def notify_user(user, *, path, kind=Kind.ATTENTION):
    """Put an item in one person's inbox and queue the e-mail for after the commit."""
    InboxItem.objects.create(user=user, kind=kind, path=path)
    user_id = user.pk
    transaction.on_commit(lambda: send_attention_email.delay(user_id, path, str(kind)))


def notify_users(users, *, path, kind=Kind.ATTENTION):
    for user in users:
        notify_user(user, path=path, kind=kind)

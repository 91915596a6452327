"""Notifications: what kind of thing needs attention and a link — never a name or case content.

Each one lands in the person's in-app inbox and goes out by e-mail once the transaction commits:
the e-mail is a row of the outbox, written in the same transaction (`accounts.outbox`).
"""

from django.utils import timezone

from accounts import notice_kinds, outbox
from accounts.models import InboxItem
from accounts.tasks import send_attention_email
from accounts.work import forget_counts
from core.registry import notification_kind


def notify_user(user, *, path, kind=notice_kinds.ATTENTION, subject="", task="", email=None):
    """Put an item in one person's inbox and queue the e-mail for after the commit. `subject`
    names what it is about (a case reference, a meeting code; never a person); `task` is the
    key of the task it announces, which `complete_task` marks done. `email` is the task
    signature that sends it when an app adds to the plain message (it is called with the
    person's id, the path and the kind); by default `send_attention_email`."""
    code = str(kind)
    if notification_kind(code) is None:
        raise LookupError(f"Notification kind {code!r} is not registered")
    InboxItem.objects.create(user=user, kind=code, path=path, subject=subject, task=task)
    forget_counts(user.pk)  # something new waits for them: the navigation counts again
    outbox.enqueue(email or send_attention_email, user.pk, path, code)


def notify_users(users, *, path, kind=notice_kinds.ATTENTION, subject="", task=""):
    for user in users:
        notify_user(user, path=path, kind=kind, subject=subject, task=task)


def complete_task(task, *, user=None):
    """The task is done (by whoever did it): its notifications say so and stop counting as
    unread. `user`: only that person's (a task each invitee does for themselves)."""
    items = InboxItem.objects.filter(task=task, done_at__isnull=True)
    if user is not None:
        items = items.filter(user=user)
    told = set(items.values_list("user_id", flat=True))
    # Inbox items are the person's own reminders, not audited records: a plain update.
    items.update(done_at=timezone.now())
    for user_id in told:
        forget_counts(user_id)  # their unread count (kept with the navigation counts) fell


# Inbox items are the person's own reminders, not audited records: read marks are plain writes.
def mark_read(item):
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])


def mark_all_read(user):
    user.inbox.filter(read_at__isnull=True).update(read_at=timezone.now())

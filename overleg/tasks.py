"""Scheduled jobs of the care meeting: thin, id-free, safe to run twice."""

from celery import shared_task

from overleg import invitations, services, trends


@shared_task
def end_expired_access():
    return services.end_expired_access()


@shared_task
def remind_overdue_actions():
    return services.remind_overdue_actions()


# Queued through the outbox (`accounts.notifications.notify_user`), whose delivery retries it.
@shared_task
def send_meeting_invitation(user_id, path, kind, *, meeting_id):
    """The invitation (or the news of a change) with the meeting as a calendar item."""
    return invitations.send_invitation(user_id, path, kind, meeting_id=meeting_id)


@shared_task
def recount_trends():
    """Keeps the trends page's first view counted (`overleg.trends.recount`)."""
    trends.recount()

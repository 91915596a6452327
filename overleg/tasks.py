"""Scheduled jobs of the care meeting: thin, id-free, safe to run twice."""

from celery import shared_task

from overleg import services


@shared_task
def end_expired_access():
    return services.end_expired_access()


@shared_task
def remind_overdue_actions():
    return services.remind_overdue_actions()

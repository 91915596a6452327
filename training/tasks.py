from celery import shared_task

from training import services


@shared_task
def remind_upcoming_sessions():
    """Hourly (celery beat): remind people with a seat that their session starts in two days."""
    return services.remind_upcoming_sessions()


@shared_task
def remind_expiring_certificates():
    """Daily (celery beat): remind holders whose certificate lapses within the reminder window."""
    return services.remind_expiring_certificates()

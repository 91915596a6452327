from celery import shared_task

from network import services


@shared_task
def remind_lapsing_agreements():
    """Daily (celery beat): remind the register's managers of agreements about to lapse."""
    return services.remind_lapsing_agreements()

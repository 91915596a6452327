from celery import shared_task

from incidents import services


@shared_task
def remind_overdue_improvement_actions():
    """Daily (celery beat): tell owners, once per action, that an improvement action is overdue."""
    return services.remind_overdue_improvement_actions()

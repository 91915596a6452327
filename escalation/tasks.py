"""Scheduled jobs of the ladder: thin, id-free, safe to run twice."""

from celery import shared_task

from accounts.services import get_system_user
from escalation import disclosures, services


@shared_task
def flag_overdue_reviews():
    return services.flag_overdue_reviews()


@shared_task
def remind_acute_disclosures():
    return disclosures.remind_acute_disclosures(acting_user=get_system_user())

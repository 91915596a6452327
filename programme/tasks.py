"""Scheduled job of the programme: thin, id-free, safe to run twice."""

from celery import shared_task

from programme import services


@shared_task
def produce_quarterly_report():
    report = services.produce_quarterly_report()
    return report.pk if report else None

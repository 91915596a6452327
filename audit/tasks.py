from celery import shared_task

from audit import anomalies


@shared_task
def report_access_anomalies():
    """Daily (celery beat): signals of unusual access for the privacy officer; checks the chain."""
    return len(anomalies.report_access_anomalies())

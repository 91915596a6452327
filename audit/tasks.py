from celery import shared_task

from audit import anomalies, chain


@shared_task
def seal_access_log():
    """Every few seconds (celery beat): link the rows written since into the hash chain."""
    return chain.seal()


@shared_task
def report_access_anomalies():
    """Daily (celery beat): signals of unusual access for the privacy officer; checks the chain."""
    return len(anomalies.report_access_anomalies())

from celery import shared_task


@shared_task
def apply_retention_policy():
    """Nightly (celery beat): delete the cases past their retention date; safe to run twice."""
    from retention.services import apply_retention

    return sum(1 for _retention, tombstone in apply_retention() if tombstone)

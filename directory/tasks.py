from celery import shared_task

from accounts.services import get_system_user
from directory import services


@shared_task
def discard_stale_uploads():
    """Nightly: delete the kept files of previews that nobody confirmed within a day."""
    return services.discard_stale_uploads(acting_user=get_system_user())

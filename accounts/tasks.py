from smtplib import SMTPException

from celery import shared_task

from accounts.emails import attention_message, recipient


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_attention_email(user_id, path, kind="attention"):
    """Tell one person what kind of thing in Zorgwekkend needs them, in their own language."""
    user = recipient(user_id)
    if user is None:
        return False
    attention_message(user, path, kind).send()
    return True

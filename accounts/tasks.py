from smtplib import SMTPException

from celery import shared_task

from accounts import outbox
from accounts.emails import attention_message, password_link_message, recipient


# Queued through the outbox (`accounts.outbox.enqueue`), which retries it: see deliver below.
@shared_task
def send_attention_email(user_id, path, kind="attention"):
    """Tell one person what kind of thing in Zorgwekkend needs them, in their own language."""
    user = recipient(user_id)
    if user is None:
        return False
    attention_message(user, path, kind).send()
    return True


# Queued through the outbox; the token is made when the e-mail is sent, so it is fresh.
@shared_task
def send_password_link(user_id):
    """Send one person a link to set their own password (no administrator sets it)."""
    user = recipient(user_id)
    if user is None:
        return False
    password_link_message(user).send()
    return True


# A mail server or network that fails is tried again, with growing pauses; after the last try
# the row waits for the relay, which hands it over again later.
@shared_task(bind=True, autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def deliver_outbox_message(self, message_id):
    """Run one outbox row's task, once (`accounts.outbox.deliver`)."""
    outcome = outbox.deliver(message_id)
    if outcome == outbox.BUSY:  # another worker runs it now: look again when it has finished
        raise self.retry(countdown=5)
    return outcome


@shared_task
def relay_outbox():
    """Celery beat, every 30 s: hand over what the fast path after the commit missed."""
    return outbox.relay_waiting()


@shared_task
def prune_outbox():
    return outbox.prune_done()

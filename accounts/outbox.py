"""The outbox: every e-mail and task a change causes is a row written in the change's own
transaction, so a broker or worker that is down delays it and never loses it, and never turns a
saved action into an error page.

- `enqueue` writes the row. Right after the commit a fast path hands it to the broker, waiting
  at most about a second (short connect and socket timeouts, no retries); when the broker fails,
  this process leaves it alone for a few seconds, so a request that notifies ten people waits
  once, not ten times.
- `relay_waiting` (Celery beat, every 30 s) hands over what the fast path missed: rows never
  handed over, and rows handed over `ZW_OUTBOX_REDELIVER_MINUTES` ago that are still not done
  (a message the broker lost, a worker killed with it, an e-mail that kept failing).
- `deliver` runs a row's task in a worker: it locks the row (`SKIP LOCKED`), runs the task and
  records it done in that same transaction. A row handed over twice runs once; a worker killed
  halfway leaves the row undone and unlocked, and the task runs again.

The guarantee is at-least-once delivery, de-duplicated by row id: an e-mail goes out once unless
the worker dies in the moment between the mail server taking it and the commit that records
it, when it goes out a second time. Rows never lose their turn: nothing gives up on them.
"""

import logging
import time
from datetime import timedelta
from functools import partial

from celery import current_app
from celery.canvas import Signature
from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from accounts.models import OutboxMessage

logger = logging.getLogger(__name__)

# What the broker gets in a request: a second to connect, a second for each reply.
FAST_PATH_SECONDS = 1
# After the broker failed the fast path, this process leaves it alone for so long: the rows
# wait for the beat relay instead of each costing a request another second.
FAST_PATH_PAUSE_SECONDS = 10
# The beat relay is a worker's task: it may wait on the broker a little longer.
RELAY_SECONDS = 5
RELAY_BATCH = 500
# Done rows say when an e-mail went; after a week they go.
KEEP_DONE_DAYS = 7

DONE, ALREADY_DONE, BUSY = "done", "already done", "busy"

_paused_until = {}  # broker URL → time.monotonic() before which the fast path skips it


def enqueue(task, *args, **kwargs):
    """Have `task` (a Celery task, or a partial signature of one) run with these JSON-ready
    arguments once the current transaction commits. The row is part of that transaction: if it
    rolls back nothing runs; once it commits, the task runs however long the broker is away."""
    signature = task if isinstance(task, Signature) else task.s()
    message = OutboxMessage.objects.create(
        task=signature.task,
        args=[*args, *signature.args],  # as Celery merges a partial signature's arguments
        kwargs={**signature.kwargs, **kwargs},
    )
    transaction.on_commit(partial(_relay_after_commit, message.pk), robust=True)
    return message


def _relay_after_commit(message_id):
    """The fast path; it never raises: the data is saved, the row waits for the relay."""
    if _paused(current_app.conf.broker_url):
        return
    try:
        waiting = OutboxMessage.objects.filter(
            pk=message_id, relayed_at__isnull=True, done_at__isnull=True
        )
        _hand_over(list(waiting), now=timezone.now(), seconds=FAST_PATH_SECONDS)
    except Exception:  # the database itself, after the commit: the relay finds the row later
        logger.exception("Outbox row %s is left for the relay", message_id)


def relay_waiting(*, now=None):
    """Hand over every row that waits (see the module's docstring); returns how many went. It
    stops at the first broker failure: the rest waits for the next run."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.ZW_OUTBOX_REDELIVER_MINUTES)
    due = OutboxMessage.objects.filter(
        Q(relayed_at__isnull=True) | Q(relayed_at__lte=stale), done_at__isnull=True
    ).order_by("pk")
    handed, after = 0, 0
    while batch := list(due.filter(pk__gt=after)[:RELAY_BATCH]):
        went, complete = _hand_over(batch, now=now, seconds=RELAY_SECONDS)
        handed += went
        if not complete:
            break
        after = batch[-1].pk
    return handed


def _hand_over(rows, *, now, seconds):
    """Claim each row and publish its delivery; returns (how many went, whether all did)."""
    if current_app.conf.task_always_eager:  # the embedded default: run them here and now
        return sum(_run_here(row, now) for row in rows), True
    from accounts.tasks import deliver_outbox_message  # the tasks module imports this one

    handed, claimed = 0, None
    broker = current_app.conf.broker_url
    try:
        with _broker_connection(seconds) as connection:
            for row in rows:
                claimed = row if _claim(row, now) else None
                if claimed:
                    deliver_outbox_message.apply_async(
                        (row.pk,), connection=connection, retry=False
                    )
                    handed, claimed = handed + 1, None
    except Exception as error:  # kombu's errors differ per transport: all mean "not now"
        if claimed is not None:
            _release(claimed, now)
        _paused_until[broker] = time.monotonic() + FAST_PATH_PAUSE_SECONDS
        logger.warning("Broker unavailable, %s outbox rows wait: %s", len(rows) - handed, error)
        return handed, False
    return handed, True


def _run_here(row, now):
    from accounts.tasks import deliver_outbox_message

    if not _claim(row, now):
        return 0
    try:
        deliver_outbox_message.apply_async((row.pk,))
    except Exception:  # saved is saved: the failure is logged, the row stays undone
        logger.exception("Outbox row %s failed", row.pk)
        _release(row, now)
        return 0
    return 1


def load_broker_client():
    """Import the broker's client library when a process starts (`zorgwekkend.wsgi`), not in
    the first request that hands a row over: without byte-code that import takes seconds."""
    if not current_app.conf.task_always_eager:
        with current_app.connection_for_write():  # resolves the transport; connects to nothing
            pass


def _broker_connection(seconds):
    return current_app.connection_for_write(
        connect_timeout=seconds,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": seconds,
            "socket_timeout": seconds,
        },
    )


def _paused(broker):
    return not current_app.conf.task_always_eager and _paused_until.get(broker, 0) > (
        time.monotonic()
    )


def _claim(row, now):
    """Mark the row handed over, unless another relay did since it was read or a worker runs
    it just now (its lock is skipped, never waited for)."""
    with transaction.atomic():
        free = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            pk=row.pk, relayed_at=row.relayed_at, done_at__isnull=True
        )
        if not free.values_list("pk", flat=True):
            return False
        free.update(relayed_at=now, relay_count=F("relay_count") + 1)
    return True


def _release(row, now):
    """The broker did not take it: the row waits as it did before the claim."""
    OutboxMessage.objects.filter(pk=row.pk, relayed_at=now).update(
        relayed_at=row.relayed_at, relay_count=F("relay_count") - 1
    )


def deliver(message_id):
    """Run one row's task unless it ran already. The row stays locked while the task runs and
    is recorded done in the same transaction, so a second delivery of the row finds it done (or
    busy, when the first is still at work) and a worker that dies halfway leaves it to run
    again."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at__isnull=True)
            .first()
        )
        if message is None:
            waiting = OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True)
            return BUSY if waiting.exists() else ALREADY_DONE
        task = current_app.tasks[message.task]
        task(*message.args, **message.kwargs)
        message.done_at = timezone.now()
        message.save(update_fields=["done_at"])
    return DONE


def oldest_waiting_seconds(*, now=None):
    """How long the oldest row not yet done has waited, in whole seconds; None when none
    waits."""
    oldest = OutboxMessage.objects.filter(done_at__isnull=True).aggregate(oldest=Min("created_at"))[
        "oldest"
    ]
    if oldest is None:
        return None
    return max(0, int(((now or timezone.now()) - oldest).total_seconds()))


def prune_done(*, now=None):
    """Remove the rows done more than a week ago; returns how many."""
    before = (now or timezone.now()) - timedelta(days=KEEP_DONE_DAYS)
    return OutboxMessage.objects.filter(done_at__lt=before).delete()[0]

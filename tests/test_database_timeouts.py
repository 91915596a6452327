"""PostgreSQL connections carry `lock_timeout` and `idle_in_transaction_session_timeout`: a
stuck transaction cannot hold a case's row lock (every service takes it through
core.locking) for long, and a writer behind it fails fast instead of hanging; a stuck sealer of
the access log holds up no reader and only delays the chain until the server ends it."""

import threading
import time

import pytest
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.test import RequestFactory

from audit import chain
from audit.models import AccessLogEntry
from audit.services import log_case_access
from cases.models import Case
from core.locking import lock_for_edit

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

LOCK_SECONDS, IDLE_SECONDS = 1, 3


def _show(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_web_and_worker_connections_carry_the_timeouts():
    # Web requests and Celery tasks use the same settings; these are the defaults.
    assert _show("lock_timeout") == "5s"
    assert _show("idle_in_transaction_session_timeout") == "1min"
    seen = []

    def in_another_thread():  # a new connection, as each worker process opens one
        try:
            seen.append(_show("lock_timeout"))
        finally:
            connection.close()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()
    assert seen == ["5s"]


@pytest.fixture
def short_timeouts(monkeypatch):
    """The configured options with short values, for connections opened from now on."""
    options = connections.settings["default"]["OPTIONS"]
    assert "-c lock_timeout=5s" in options["options"]
    monkeypatch.setitem(
        options,
        "options",
        options["options"]
        .replace("lock_timeout=5s", f"lock_timeout={LOCK_SECONDS}s")
        .replace("session_timeout=60s", f"session_timeout={IDLE_SECONDS}s"),
    )


def _read(user, case):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    log_case_access(request, case=case, part="detail", basis="unit_pool")


def test_a_stuck_transaction_cannot_hold_a_case_lock(short_timeouts, case, counsellor):
    holding, results = threading.Event(), {}

    def stuck():
        """Locks the case, then sits idle in its transaction (a hung process)."""
        try:
            with transaction.atomic():
                lock_for_edit(case)
                holding.set()
                time.sleep(IDLE_SECONDS + 2)
                Case.objects.count()
            results["stuck"] = "still there"
        except DatabaseError as error:
            results["stuck"] = error
        finally:
            connection.close()

    def writer():
        """A change of the same case behind it: fails fast, then gets through once the server
        ended the stuck transaction."""
        attempts = []
        try:
            holding.wait(10)
            started = time.monotonic()
            while time.monotonic() - started < IDLE_SECONDS + 5:
                try:
                    with transaction.atomic():
                        lock_for_edit(case)
                    attempts.append(("ok", time.monotonic() - started))
                    break
                except OperationalError as error:
                    attempts.append((error, time.monotonic() - started))
        finally:
            results["writer"] = attempts
            connection.close()

    threads = [threading.Thread(target=stuck), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    attempts = results["writer"]
    first_error, first_after = attempts[0]
    assert "lock timeout" in str(first_error)
    assert first_after < LOCK_SECONDS + 1  # failed fast, did not hang
    outcome, done_after = attempts[-1]
    assert outcome == "ok"
    assert IDLE_SECONDS - 1 < done_after < IDLE_SECONDS + LOCK_SECONDS + 1.5
    # The server ended the idle transaction's session; its next statement finds it gone.
    assert isinstance(results["stuck"], OperationalError)
    assert "closed the connection" in str(results["stuck"])


def test_a_stuck_sealer_holds_up_no_reader_and_is_ended(short_timeouts, case, counsellor, settings):
    settings.ZW_SEAL_ON_COMMIT = False
    holding, results = threading.Event(), {}

    def stuck():
        """Takes the sealer's lock, then sits idle in its transaction (a hung worker)."""
        try:
            with transaction.atomic():
                chain._take_sealer_lock()
                holding.set()
                time.sleep(IDLE_SECONDS + 2)
                AccessLogEntry.objects.count()
        except DatabaseError as error:
            results["stuck"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=stuck)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    _read(counsellor, case)
    assert chain.seal() is None  # another sealer has the lock: skipped, not waited for
    assert time.monotonic() - started < LOCK_SECONDS
    thread.join()
    assert isinstance(results["stuck"], OperationalError)  # the server ended it
    assert chain.seal() == 1
    assert AccessLogEntry.objects.filter(user=counsellor, case_id=case.pk).count() == 1
    assert chain.verify().ok

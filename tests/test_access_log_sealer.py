"""The sealer on PostgreSQL with real threads: readers never wait on it or on each other, a row
whose transaction commits late is sealed at the end of the chain (never into the sealed past),
sealers running at once seal every row exactly once, and a check running meanwhile never
reports a problem that is not there."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from audit import chain
from audit.models import AccessLogEntry, AccessLogSeal, PendingSeal
from audit.services import log_case_access, log_list_access

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def sealer_apart(settings):
    """As in production: the beat's sealer, not the request's commit, seals."""
    settings.ZW_SEAL_ON_COMMIT = False


def _read(user, case):
    request = RequestFactory().get("/casussen/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    log_case_access(request, case=case, part="detail", basis="unit_pool")


def _in_thread(target, *args):
    errors = []

    def run():
        try:
            target(*args)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_row_that_commits_late_is_sealed_at_the_end_not_in_the_sealed_past(case, counsellor):
    written, sealed_meanwhile = threading.Event(), threading.Event()

    def slow_request():  # e.g. the meeting's identity reveal logs inside its own transaction
        with transaction.atomic():
            _read(counsellor, case)
            written.set()
            assert sealed_meanwhile.wait(10)

    thread, errors = _in_thread(slow_request)
    assert written.wait(10)
    _read(counsellor, case)  # a later row, committed first
    assert chain.seal() == 1
    sealed_meanwhile.set()
    thread.join()
    assert not errors
    early, late = AccessLogEntry.objects.order_by("id")
    assert early.pk < late.pk
    assert late.seal.position == 1  # sealed while the early row was not committed yet
    assert chain.seal() == 1
    assert AccessLogSeal.objects.get(entry=early).position == 2
    verdict = chain.verify()
    assert (verdict.ok, verdict.checked, verdict.last_id) == (True, 2, early.pk)


def test_readers_do_not_wait_for_a_sealer_that_holds_its_lock(case, counsellor):
    holding, release = threading.Event(), threading.Event()

    def stuck_sealer():
        with transaction.atomic():
            assert chain._take_sealer_lock()
            holding.set()
            assert release.wait(20)

    thread, errors = _in_thread(stuck_sealer)
    assert holding.wait(10)
    started = time.monotonic()
    for _n in range(20):
        _read(counsellor, case)
    took = time.monotonic() - started
    assert chain.seal() is None  # the other sealer's turn: no waiting for it either
    assert time.monotonic() - started < 2.0, took
    release.set()
    thread.join()
    assert not errors
    assert chain.seal() == 20
    assert chain.verify().checked == 20


def test_writers_and_sealers_at_once_seal_every_row_exactly_once(case, counsellor):
    done = threading.Event()

    def write(n):
        request = RequestFactory().get("/casussen/")
        request.user = counsellor
        for i in range(n):
            if i % 3:
                log_case_access(request, case=case, part="detail", basis="unit_pool")
            else:
                log_list_access(request, cases_with_basis=[(case, "unit_pool")] * 5, part="l")

    def keep_sealing():
        while not done.is_set():
            chain.seal(batch=7)

    verdicts = []

    def keep_checking():  # rows written and sealed during a check are the next check's
        while not done.is_set():
            verdicts.append(chain.verify())

    sealers = [_in_thread(keep_sealing) for _s in range(3)] + [_in_thread(keep_checking)]
    writers = [_in_thread(write, 15) for _w in range(6)]
    for thread, errors in writers:
        thread.join()
        assert not errors
    done.set()
    for thread, errors in sealers:
        thread.join()
        assert not errors
    chain.seal()
    total = AccessLogEntry.objects.count()
    assert total == 6 * (10 + 5 * 5)
    assert not PendingSeal.objects.exists()
    assert AccessLogSeal.objects.count() == total
    positions = sorted(AccessLogSeal.objects.values_list("position", flat=True))
    assert positions == list(range(1, total + 1))
    verdict = chain.verify()
    assert (verdict.ok, verdict.checked) == (True, total)
    assert verdicts and all(verdict.ok for verdict in verdicts), verdicts

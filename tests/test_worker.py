"""Tasks through a real Celery worker on Redis, against the PostgreSQL test database: an e-mail
goes out; with the broker down during an acute report nothing is lost and every e-mail goes out
once Redis is back; a worker killed in the middle of sending runs the task again and the person
gets the e-mail once.

Run by `make test-worker` (in .ci/run) with CELERY_BROKER_URL and a PostgreSQL DATABASE_URL set.
"""

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts.models import InboxItem, OutboxMessage
from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.tasks import deliver_outbox_message, relay_outbox
from escalation.services import take_case
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink
from zorgwekkend.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
REDIS_DOWN = "redis://127.0.0.1:6390/13"  # nothing listens there
_numbers = itertools.count(1)


class Worker:
    """A `celery worker` process on the test database, in a session of its own so that a test
    can kill it with its pool, as when its machine goes away."""

    def __init__(self, tmp_path, *, pool="solo", email=None):
        db = connection.settings_dict
        self.name = f"test-{os.getpid()}-{next(_numbers)}@localhost"
        self.log = tmp_path / f"{self.name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            **(email or {}),
        }
        options = ["--pool", pool] + (["--concurrency", "1"] if pool == "prefork" else [])
        command = [str(Path(sys.executable).parent / "celery"), "-A", "zorgwekkend", "worker"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*command, *options, "--loglevel", "INFO", "--hostname", self.name],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until(self._answers, 60, "the Celery worker did not come up in time")

    def _answers(self):
        replies = celery_app.control.ping(destination=[self.name], timeout=0.5)
        return any(self.name in reply for reply in replies)

    def pool_processes(self):
        return [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent_of(entry) == self.process.pid
        ]

    def kill_everything(self):
        """SIGKILL the worker and its pool at once: nothing runs its clean-up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def _parent_of(proc_entry):
    try:
        return int((proc_entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _wait_until(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


@pytest.fixture
def workers(settings, tmp_path):
    """Start workers with `workers(...)`; each is stopped afterwards. Messages left in the queue
    by an earlier run are purged first: they belong to another database."""
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "set CELERY_BROKER_URL to a Redis URL"
    assert connection.vendor == "postgresql", "the worker needs a shared PostgreSQL database"
    celery_app.control.purge()
    started = []

    def start(**options):
        started.append(Worker(tmp_path, **options))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def smtp():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def _smtp_settings(sink):
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
    }


def test_attention_mail_is_sent_by_a_real_worker(workers, tmp_path):
    mail_dir = tmp_path / "mail"
    workers(
        email={
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
    )
    person = UserFactory(username="ontvanger", first_name="Femke", last_name="Hofstra")
    notify_user(person, path="/casussen/7/")  # no transaction is open: queued at once
    _wait_until(lambda: mail_dir.exists() and any(mail_dir.iterdir()), 60, "no e-mail came")
    sent = next(mail_dir.iterdir()).read_text()
    assert "To: ontvanger@hogeschool.example" in sent
    assert "/casussen/7/" in sent
    assert "Femke" not in sent and "Hofstra" not in sent


# --- The broker goes away --------------------------------------------------------------------

ACUTE = {
    "own_safety": "True",
    "third_parties": "False",
    "criminal_offence": "False",
    "description": "Student staat op het dak.",
    "emergency_called": "on",
    "emergency_details": "112 gebeld om 10:02",
}


def test_broker_down_during_an_acute_report_and_every_email_goes_once_it_is_back(
    workers, smtp, client, monkeypatch, case, counsellor, board_member, contact_officer
):
    workers(email=_smtp_settings(smtp))
    second_board_member = UserFactory(username="bestuurder2", roles=[RoleCode.BOARD])
    case = take_case(case, acting_user=counsellor)
    # The reporter hears that their report was taken up, while Redis is still there.
    _wait_until(lambda: len(smtp.messages) == 1, 60, "the reporter's status e-mail did not come")
    smtp.messages.clear()
    redis = os.environ["CELERY_BROKER_URL"]  # Celery reads it before the settings
    monkeypatch.setenv("CELERY_BROKER_URL", REDIS_DOWN)  # the web process loses Redis
    client.force_login(counsellor)
    form = reverse("escalation:acute", args=[case.reference])
    assert client.get(form).status_code == 200

    started = time.monotonic()
    response = client.post(form, ACUTE)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content[:500]
    assert elapsed < 2, f"the acute report took {elapsed:.2f} s with Redis down"
    assert "Het acute risico is gemeld" in client.get(response["Location"]).text
    told = [board_member, second_board_member, contact_officer]
    assert InboxItem.objects.filter(kind="acute").count() == 3
    assert OutboxMessage.objects.filter(done_at__isnull=True, relayed_at__isnull=True).count() == 3
    health = client.get(reverse("healthz")).json()
    assert health["outbox_oldest_unsent_seconds"] is not None
    time.sleep(2)
    assert smtp.messages == []

    monkeypatch.setenv("CELERY_BROKER_URL", redis)  # Redis is back: the beat relay's next run
    relay_outbox.apply_async()
    _wait_until(lambda: len(smtp.messages) >= 3, 60, f"{len(smtp.messages)} of 3 e-mails came")
    time.sleep(2)  # nothing more comes
    for person in told:
        assert len(smtp.received_by(person.email)) == 1, person.username
    assert len(smtp.messages) == 3
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
    assert client.get(reverse("healthz")).json()["outbox_oldest_unsent_seconds"] is None


# --- A worker dies in the middle of a task ---------------------------------------------------


def _notify_and_hold(smtp, username):
    """Notify someone; the mail server holds the e-mail at DATA: the worker is mid-send."""
    person = UserFactory(username=username)
    smtp.hold_next.set()
    notify_user(person, path="/casussen/7/")
    assert smtp.holding.wait(60), "the worker never started sending"
    return person, OutboxMessage.objects.get()


def test_a_pool_process_killed_while_sending_runs_the_task_again_and_sends_once(workers, smtp):
    worker = workers(pool="prefork", email=_smtp_settings(smtp))
    person, row = _notify_and_hold(smtp, "ontvanger")
    [pool_process] = worker.pool_processes()
    os.kill(pool_process, signal.SIGKILL)  # as the kernel's out-of-memory killer would

    _wait_until(lambda: smtp.messages, 60, "the task did not run again")
    time.sleep(3)
    assert len(smtp.received_by(person.email)) == 1
    assert smtp.connections == 2  # the killed attempt and the one that delivered
    row.refresh_from_db()
    assert row.done_at is not None and row.relay_count == 1


def test_a_worker_lost_with_its_task_is_handed_over_again_and_sends_once(workers, smtp, settings):
    first = workers(pool="prefork", email=_smtp_settings(smtp))
    person, row = _notify_and_hold(smtp, "ontvanger")
    first.kill_everything()  # its machine went away; Redis keeps the message unacknowledged
    second = workers(pool="prefork", email=_smtp_settings(smtp))
    time.sleep(3)
    assert smtp.messages == []  # nobody hands it over yet: it waits for the relay

    # The relay hands over what stayed undone longer than ZW_OUTBOX_REDELIVER_MINUTES.
    later = timezone.now() + timedelta(minutes=settings.ZW_OUTBOX_REDELIVER_MINUTES, seconds=1)
    assert outbox.relay_waiting(now=later) == 1
    _wait_until(lambda: smtp.messages, 60, "the handed-over task did not run")
    row.refresh_from_db()
    assert row.done_at is not None and row.relay_count == 2

    # An hour on, Redis hands the lost message out again: the row is done, nothing is sent.
    again = deliver_outbox_message.apply_async((row.pk,))
    finished = f"{again.id}] succeeded"
    _wait_until(lambda: finished in second.log.read_text(), 60, "the second delivery never ran")
    assert f"{finished}" in second.log.read_text() and "'already done'" in second.log.read_text()
    assert len(smtp.received_by(person.email)) == 1
    assert smtp.connections == 2

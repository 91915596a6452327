"""A task through a real Celery worker on Redis, against the PostgreSQL test database.

Run by `make test-worker` (in .ci/run) with CELERY_BROKER_URL and a PostgreSQL DATABASE_URL set.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from accounts.notifications import notify_user
from tests.factories import UserFactory
from zorgwekkend.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def worker(settings, tmp_path):
    """Start a Celery worker on the test database; stop it by its PID afterwards."""
    db = connection.settings_dict
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "set CELERY_BROKER_URL to a Redis URL"
    assert db["ENGINE"].endswith("postgresql"), "the worker needs a shared PostgreSQL database"
    mail_dir = tmp_path / "mail"
    pidfile = tmp_path / "worker.pid"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    celery = Path(sys.executable).parent / "celery"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            str(celery),
            "-A",
            "zorgwekkend",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--pidfile",
            str(pidfile),
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _wait_until(lambda: pidfile.exists() and celery_app.control.ping(timeout=0.5), 60)
    yield mail_dir
    os.kill(int(pidfile.read_text()), signal.SIGTERM)
    process.wait(timeout=60)
    log.close()


def _wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the Celery worker did not come up in time")


def test_attention_mail_is_sent_by_a_real_worker(worker):
    person = UserFactory(username="ontvanger", first_name="Femke", last_name="Hofstra")
    notify_user(person, path="/casussen/7/")  # no transaction is open: queued at once
    _wait_until(lambda: worker.exists() and any(worker.iterdir()), 60)
    sent = next(worker.iterdir()).read_text()
    assert "To: ontvanger@hogeschool.example" in sent
    assert "/casussen/7/" in sent
    assert "Femke" not in sent and "Hofstra" not in sent

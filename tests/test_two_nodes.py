"""Two web nodes (issue 20.5): two gunicorn servers, each its own process on its own port, with
production settings (debug off, two-step sign-in on, behind a TLS proxy) on one PostgreSQL
database, one Redis (broker and cache) and one S3-compatible bucket. A counsellor signs in on
node A, reports a concern, takes it on and adds an attachment; the balancer then sends the same
browser to node B, which never saw any of it: B shows the case and hands back the attachment
byte for byte, and the reads of both nodes are rows of one valid access-log chain.

Run by `make test-worker` (in .ci/run) with CELERY_BROKER_URL and a PostgreSQL DATABASE_URL set.
"""

import os
import re
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import OutboxMessage
from accounts.roles import RoleCode
from audit.models import AccessLogEntry, AccessLogSeal
from cases.models import Case
from tests.factories import CategoryFactory, ProgrammeFactory, UserFactory
from tests.node_helpers import HOST, ROOT, Browser, Node, collect_static
from tests.test_mfa import code_for
from zorgwekkend.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PASSWORD = "twee nodes, één database"
# A PDF whose body no other test makes: what B hands back must be these very bytes.
CONTENT = b"%PDF-1.4\n%" + secrets.token_hex(4096).encode() + b"\n%%EOF\n"


def _node_environment(s3_server, bucket, tmp_path):
    """What every node of one installation is given, as if each ran on a host of its own: the
    same database, Redis, bucket and secret key (sessions and CSRF tokens are signed with it)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    redis = os.environ["CELERY_BROKER_URL"]  # the suite's Redis database: broker and cache
    options = s3_server.options(bucket)
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis,
        "ZW_CACHE_URL": redis,
        "ZW_S3_BUCKET": bucket,
        "ZW_S3_ACCESS_KEY_ID": options["access_key"],
        "ZW_S3_SECRET_ACCESS_KEY": options["secret_key"],
        "ZW_S3_ENDPOINT_URL": options["endpoint_url"],
        "ZW_S3_REGION": options["region_name"],
        # Each node's own folder, that nothing may end up in: files live in the bucket.
        "ZW_PRIVATE_FILES_ROOT": str(tmp_path / "local-folder"),
    }


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def installation(transactional_db, s3_server, tmp_path):
    """Nodes A and B, started and answering their health check; stopped afterwards."""
    assert connection.vendor == "postgresql", "the nodes need a shared PostgreSQL database"
    assert os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"), "set CELERY_BROKER_URL"
    bucket = s3_server.new_bucket()
    env = _node_environment(s3_server, bucket, tmp_path)
    collect_static(env)
    nodes = [Node(name, env, tmp_path) for name in ("a", "b")]
    try:
        for node in nodes:
            health = node.wait_until_ready()
            assert health.status == 200, health.text  # database and broker reachable
        yield env, bucket, nodes
    finally:
        for node in nodes:
            node.stop()
        celery_app.control.purge()  # no worker runs here: what the nodes queued goes too


@pytest.fixture
def counsellor_with_app():
    """A counsellor with an authenticator app, as production has them (no demo account)."""
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    person = UserFactory(
        username="begeleider",
        email="begeleider@hogeschool.test",
        roles=[RoleCode.COUNSELLOR],
        units=[unit],
    )
    # The nodes check passwords with Django's default hashers; the suite's MD5 is not one.
    hasher = PBKDF2PasswordHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    return person, device, unit


def _sign_in(browser, person, device):
    """Password, then the code from the app."""
    step = browser.post("/account/inloggen/", {"username": person.username, "password": PASSWORD})
    assert step.status == 302, step.text
    second = browser.get(step.location)
    assert second.status == 302 and "/account/tweestaps/controle/" in second.location
    verified = browser.post("/account/tweestaps/controle/", {"code": code_for(device)})
    assert verified.status == 302, verified.text


def _report_and_take(browser, unit):
    """Report a concern about someone in the unit and take it on; the case's reference."""
    category = CategoryFactory(code="psychische-nood", label_nl="Psychische nood")
    report = {
        "unit": unit.pk,
        "student_unknown": "on",
        "student_description": "Tweedejaars, groep B",
        "categories": category.pk,
        "signals_what": "Zit al twee weken stil achterin en reageert niet meer op vragen.",
        "signals_when": date(2026, 11, 20).isoformat(),
        "urgency": "soon",
        "discussed": "False",
        "consulted": "True",
    }
    received = browser.post("/casussen/melden/", report)
    assert received.status == 302, received.text
    reference = re.search(r"ZW-\d{4}-\d+", received.location).group()
    taken = browser.post(f"/escalatie/{reference}/oppakken/", {}, form_on=f"/casussen/{reference}/")
    assert taken.status == 302 and taken.location.endswith(f"/casussen/{reference}/")
    return reference


def test_a_case_made_on_one_node_is_read_with_its_attachment_on_the_other(
    installation, counsellor_with_app, s3_server
):
    env, bucket, (node_a, node_b) = installation
    person, device, unit = counsellor_with_app
    queued_before = OutboxMessage.objects.count()
    browser = Browser(node_a)
    _sign_in(browser, person, device)
    reference = _report_and_take(browser, unit)
    # The counsellor's triage notice and their report's new status: rows in PostgreSQL, handed
    # to the shared broker by node A right after its commits, for a worker on any host.
    queued = OutboxMessage.objects.order_by("pk")[queued_before:]
    assert [(row.relay_count, row.done_at) for row in queued] == [(1, None), (1, None)]
    upload = f"/casussen/{reference}/bijlagen/nieuw/"
    added = browser.post(
        upload, {"description": "Verslag"}, files={"file": ("verslag.pdf", CONTENT)}
    )
    assert added.status == 302, added.text
    on_a = browser.get(f"/casussen/{reference}/")
    assert "De bijlage is toegevoegd." in on_a.text
    attachment = Case.objects.get(reference=reference).attachments.get()
    assert s3_server.keys(bucket) == [attachment.file.name]
    assert not Path(env["ZW_PRIVATE_FILES_ROOT"]).exists()
    logged_on_a = AccessLogEntry.objects.order_by("pk").last().pk

    # The balancer sends the same browser to node B: the session, the passed second step and
    # the file are all where B looks for them.
    browser.node = node_b
    page = browser.get(f"/casussen/{reference}/")
    assert page.status == 200, page.location if page.status == 302 else page.text
    download = f"/casussen/{reference}/bijlagen/{attachment.pk}/"
    assert f'href="{download}"' in page.text and "verslag.pdf" in page.text
    served = browser.get(download)
    assert served.status == 200
    assert served.body == CONTENT
    assert served.headers["Content-Disposition"] == 'attachment; filename="verslag.pdf"'

    # Each node served only its own part: B never saw the upload, A never served the file.
    served_by_a = node_a.requests(ending_with=f"GET /casussen/{reference}/ 200")
    served_by_b = node_b.requests(ending_with=f"GET {download} 200")
    assert f"POST {upload} 302" in served_by_a
    assert not [line for line in served_by_b if line.startswith("POST")]
    assert not [line for line in served_by_a if download in line]

    # Both nodes' reads are in the one access log, and the chain over them holds.
    rows = AccessLogEntry.objects.filter(user=person, case_reference=reference).order_by("pk")
    from_a = {(r.part, r.action) for r in rows if r.pk <= logged_on_a}
    from_b = [(r.part, r.action) for r in rows if r.pk > logged_on_a]
    assert ("detail", "view") in from_a
    assert from_b == [("detail", "view"), (f"attachment:{attachment.pk}", "download")]
    # The nodes only inserted their rows; the installation's one sealer links them into the chain.
    assert not AccessLogSeal.objects.filter(entry__in=rows).exists()
    sealed = _manage("seal_access_log", env=env)
    assert sealed.returncode == 0, sealed.stdout + sealed.stderr
    assert AccessLogSeal.objects.filter(entry__in=rows).count() == len(rows)
    verified = _manage("verify_access_log", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "OK" in verified.stdout and "wachten nog" not in verified.stdout

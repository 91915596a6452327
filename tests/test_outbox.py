"""The outbox: an e-mail is a row of the transaction that causes it; nothing is lost when the
broker is down, no request waits on it for more than about a second, and a row delivered twice
is one e-mail. (With a real Redis and a real worker: tests/test_worker.py.)"""

import datetime
import socket
import threading
import time

import pytest
from django.core import mail
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts.models import InboxItem, OutboxMessage
from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.tasks import deliver_outbox_message, prune_outbox, relay_outbox
from cases.models import Rung
from escalation.services import take_case
from tests.escalation_helpers import fresh
from tests.factories import UserFactory

REFUSED = "redis://127.0.0.1:6390/13"  # nothing listens there: Redis is down

ACUTE = {
    "own_safety": "True",
    "third_parties": "False",
    "criminal_offence": "False",
    "description": "Student staat op het dak.",
    "emergency_called": "on",
    "emergency_details": "112 gebeld om 10:02",
}


def _sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


# --- One transaction -------------------------------------------------------------------------


def test_the_email_is_a_row_of_the_transaction_and_goes_once_after_the_commit(
    counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/casussen/42/")
        row = OutboxMessage.objects.get()
        assert (row.task, row.args) == (
            "accounts.tasks.send_attention_email",
            [counsellor.pk, "/casussen/42/", "attention"],
        )
        assert (row.relayed_at, row.done_at, mail.outbox) == (None, None, [])
    row.refresh_from_db()
    assert (row.relay_count, len(_sent_to(counsellor))) == (1, 1)
    assert row.relayed_at is not None and row.done_at is not None
    assert outbox.oldest_waiting_seconds() is None


def test_a_rolled_back_change_sends_nothing_even_from_an_inner_block(
    counsellor, dean, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify_user(counsellor, path="/blijft/")
        with pytest.raises(RuntimeError), transaction.atomic():
            notify_user(dean, path="/teruggedraaid/")
            raise RuntimeError("the inner change fails")
    assert [m.to for m in mail.outbox] == [[counsellor.email]]
    assert list(OutboxMessage.objects.values_list("args", flat=True)) == [
        [counsellor.pk, "/blijft/", "attention"]
    ]
    assert not InboxItem.objects.filter(user=dean).exists()


def test_arguments_are_plain_values_or_the_change_fails_before_it_commits(counsellor):
    with pytest.raises(TypeError), transaction.atomic():
        outbox.enqueue(relay_outbox, counsellor)  # a model instance, not its id
    assert not OutboxMessage.objects.exists()


# --- Once ------------------------------------------------------------------------------------


def test_a_row_delivered_twice_is_one_email(counsellor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/casussen/42/")
    row = OutboxMessage.objects.get()
    deliver_outbox_message.apply_async((row.pk,))  # the broker hands the message over again
    assert outbox.deliver(row.pk) == outbox.ALREADY_DONE
    assert relay_outbox() == 0
    assert len(_sent_to(counsellor)) == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_is_sending_is_left_to_it(counsellor):
    """While one delivery holds the row, a second finds it busy and sends nothing, and the
    relay leaves it alone; when the first ends without finishing (its worker died), it runs."""
    with transaction.atomic():
        notify_user(counsellor, path="/casussen/42/")
        row = OutboxMessage.objects.get()
        row.relayed_at = timezone.now()  # handed over: the fast path leaves it alone
        row.save()
    held, done = threading.Event(), threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=row.pk)
                held.set()
                done.wait(10)
        finally:
            connections.close_all()

    worker = threading.Thread(target=first_worker)
    worker.start()
    assert held.wait(10)
    try:
        assert outbox.deliver(row.pk) == outbox.BUSY
        later = timezone.now() + datetime.timedelta(hours=1)
        started = time.monotonic()
        assert outbox.relay_waiting(now=later) == 0  # nor does the relay hand it over again
        assert time.monotonic() - started < 1  # or wait for the worker's lock
        assert mail.outbox == []
    finally:
        done.set()
        worker.join(10)
    assert outbox.deliver(row.pk) == outbox.DONE
    assert len(_sent_to(counsellor)) == 1


# --- The broker is down ----------------------------------------------------------------------


@pytest.fixture
def hung_broker():
    """A 'Redis' that takes connections and never answers (a host gone away behind a firewall
    looks the same): the fast path must give up after its timeout. Yields its URL and a list
    of the connections it got."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/13", accepted
    server.close()
    for peer in accepted:
        peer.close()


@pytest.fixture
def acute_case(case, counsellor, board_member, contact_officer):
    UserFactory(username="bestuurder2", roles=[RoleCode.BOARD])
    return take_case(case, acting_user=counsellor)


@pytest.mark.django_db(transaction=True)  # real commits: the request runs its on-commit work
@pytest.mark.parametrize("down", ["refused", "hung"])
def test_broker_down_during_an_acute_report_answers_at_once_and_loses_nothing(
    down, client, settings, acute_case, counsellor, hung_broker
):
    mail.outbox.clear()  # the reporter's status e-mail of the take-on, sent before the outage
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = REFUSED if down == "refused" else hung_broker[0]
    outbox.load_broker_client()  # as zorgwekkend.wsgi does when the web process starts
    client.force_login(counsellor)
    form = reverse("escalation:acute", args=[acute_case.reference])
    assert client.get(form).status_code == 200  # the person opens the form, then sends it
    started = time.monotonic()
    response = client.post(form, ACUTE)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content[:500]
    assert elapsed < 2, f"the acute report took {elapsed:.2f} s with the broker {down}"
    if down == "hung":  # one attempt for three e-mails, then this process left the broker alone
        assert len(hung_broker[1]) == 1
    page = client.get(response["Location"])
    assert "Het acute risico is gemeld" in page.text
    assert fresh(acute_case).rung == Rung.BOARD

    told = sorted(InboxItem.objects.filter(kind="acute").values_list("user__username", flat=True))
    assert told == ["aanspreekpunt", "bestuurder", "bestuurder2"]
    waiting = OutboxMessage.objects.filter(done_at=None)
    assert [(row.args[2], row.relayed_at) for row in waiting] == [("acute", None)] * 3
    assert mail.outbox == []
    assert outbox.oldest_waiting_seconds() is not None

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is back (here: tasks run in-process)
    assert relay_outbox() == 3
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == told
    assert relay_outbox() == 0 and len(mail.outbox) == 3
    assert outbox.oldest_waiting_seconds() is None


def test_a_mail_server_that_fails_leaves_the_row_waiting_and_the_change_saved(
    counsellor, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 6390  # no mail server there
    with django_capture_on_commit_callbacks(execute=True):  # nothing is raised after the commit
        notify_user(counsellor, path="/casussen/42/")
    row = OutboxMessage.objects.get()
    assert (row.relayed_at, row.done_at) == (None, None)
    assert InboxItem.objects.filter(user=counsellor).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert relay_outbox() == 1
    assert len(_sent_to(counsellor)) == 1


# --- The relay -------------------------------------------------------------------------------


def test_the_relay_hands_over_again_only_what_stayed_undone_too_long(
    counsellor, settings, django_capture_on_commit_callbacks
):
    settings.ZW_OUTBOX_REDELIVER_MINUTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/casussen/lang/")
    lost = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=lost.pk).update(
        relayed_at=timezone.now() - datetime.timedelta(minutes=11), done_at=None
    )
    with django_capture_on_commit_callbacks(execute=False):  # the fast path never ran
        notify_user(counsellor, path="/casussen/kort/")
    recent = OutboxMessage.objects.exclude(pk=lost.pk).get()
    OutboxMessage.objects.filter(pk=recent.pk).update(relayed_at=timezone.now())
    mail.outbox.clear()

    assert relay_outbox() == 1
    assert [m.body.count("/casussen/lang/") for m in mail.outbox] == [1]
    lost.refresh_from_db()
    assert lost.relay_count == 2 and lost.done_at is not None
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert outbox.relay_waiting(now=later) == 1  # now the other one has waited too long
    assert len(mail.outbox) == 2


def test_health_reports_the_oldest_waiting_row_and_says_behind_past_the_threshold(
    client, counsellor, settings
):
    settings.ZW_OUTBOX_ALERT_SECONDS = 300
    with transaction.atomic():
        notify_user(counsellor, path="/")  # the test's transaction never commits: it waits
    row = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=120)
    )
    fine = client.get(reverse("healthz"))
    assert fine.status_code == 200
    assert fine.json()["outbox"] == "ok"
    assert 120 <= fine.json()["outbox_oldest_unsent_seconds"] < 180
    OutboxMessage.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=301)
    )
    behind = client.get(reverse("healthz"))
    assert behind.status_code == 200  # for monitoring; the node still serves every request
    assert behind.json()["outbox"] == "behind"
    assert behind.json()["outbox_oldest_unsent_seconds"] >= 301


def test_done_rows_are_kept_a_week(counsellor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/oud/")
        notify_user(counsellor, path="/nieuw/")
    with django_capture_on_commit_callbacks(execute=False):
        notify_user(counsellor, path="/wacht/")
    old, new, waiting = OutboxMessage.objects.order_by("pk")
    week_ago = timezone.now() - datetime.timedelta(days=8)
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=week_ago)
    OutboxMessage.objects.filter(pk=waiting.pk).update(created_at=week_ago)
    assert prune_outbox() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {new.pk, waiting.pk}

"""The database itself keeps the record: the same refusals on SQLite and on PostgreSQL.

Every test here runs on both databases (no `postgresql` marker): the access log refuses UPDATE and
DELETE, a signed weighing framework refuses UPDATE (plain `save()` included), a decided
disclosure keeps its decision, and retention's deletion still goes through.
"""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from django.utils import timezone

from audit.models import AccessLogEntry
from audit.services import log_case_access
from cases.models import Case
from escalation import disclosures
from escalation import services as ladder
from escalation.models import CloseOutcome, Disclosure, Framework1, Framework2
from escalation.services import take_case
from retention import services as retention
from tests.escalation_helpers import FRAMEWORK1, fresh, request_disclosure, to_board


def _refused(match):
    return pytest.raises(DatabaseError, match=match)


def _read(user, case):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    log_case_access(request, case=case, part="detail", basis="unit_pool")
    return AccessLogEntry.objects.latest("id")


def test_the_access_log_refuses_update_save_and_delete(case, counsellor):
    entry = _read(counsellor, case)
    entry.part = "iets anders"
    with _refused("append-only"), transaction.atomic():
        entry.save()
    with _refused("append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(basis="none")
    with _refused("append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).part == "detail"


def test_a_signed_framework1_refuses_a_plain_save(case, counsellor):
    handled = take_case(case, acting_user=counsellor)
    form = ladder.sign_framework1(fresh(handled), answers=FRAMEWORK1, acting_user=counsellor)
    form.own_safety = "none"
    with _refused("signed weighing framework"), transaction.atomic():
        form.save()
    with _refused("signed weighing framework"), transaction.atomic():
        Framework1.objects.filter(pk=form.pk).update(own_safety_motivation="anders")
    assert Framework1.objects.get(pk=form.pk).own_safety == "high"


@pytest.fixture
def board_case(case, counsellor, dean):
    return to_board(take_case(case, acting_user=counsellor), counsellor, dean)


def test_a_signed_framework2_refuses_update(board_case, counsellor):
    disclosure = request_disclosure(board_case, counsellor)
    with _refused("signed weighing framework"), transaction.atomic():
        Framework2.objects.filter(pk=disclosure.framework2_id).update(consent_motivation="x")


def test_a_decided_disclosure_keeps_its_decision(board_case, counsellor, board_member):
    disclosure = request_disclosure(board_case, counsellor)
    # Undecided: the services may still change it (here: a reminder time).
    Disclosure.objects.filter(pk=disclosure.pk).update(last_reminder_at=timezone.now())
    disclosures.reject_disclosure(disclosure, reason="Niet nodig", acting_user=board_member)
    for change in (
        {"decision_reason": "Toch wel nodig"},
        {"state": "approved"},
        {"purpose": "Iets anders"},
        {"last_reminder_at": timezone.now()},
    ):
        with _refused("decided disclosure"), transaction.atomic():
            Disclosure.objects.filter(pk=disclosure.pk).update(**change)
    kept = Disclosure.objects.get(pk=disclosure.pk)
    assert (kept.state, kept.decision_reason) == ("rejected", "Niet nodig")


def test_an_approved_disclosure_is_carried_out_but_not_redecided(
    board_case, counsellor, board_member, contact_officer
):
    disclosure = request_disclosure(board_case, counsellor)
    disclosures.approve_disclosure(disclosure, reason="Akkoord", acting_user=board_member)
    with _refused("decided disclosure"), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(decided_by=counsellor)
    with _refused("decided disclosure"), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(data_categories=["identity"])
    done = disclosures.record_carried_out(
        disclosure,
        carried_out_on=timezone.localdate(),
        channel="Telefoon",
        what_was_shared="Naam en risico",
        acting_user=contact_officer,
    )
    assert Disclosure.objects.get(pk=done.pk).state == "carried_out"
    with _refused("decided disclosure"), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(channel="E-mail")


def test_retention_still_deletes_frameworks_and_disclosures_but_not_the_log(
    board_case, counsellor, board_member, client
):
    disclosure = request_disclosure(board_case, counsellor)
    disclosures.approve_disclosure(disclosure, reason="Akkoord", acting_user=board_member)
    ladder.close_case(
        fresh(board_case), outcome=CloseOutcome.REFERRED, reason="Afgerond", acting_user=counsellor
    )
    _read(counsellor, board_case)
    logged = list(AccessLogEntry.objects.filter(case_id=board_case.pk).values())

    later = timezone.localdate() + datetime.timedelta(days=366 * 6)
    results = retention.apply_retention(today=later)

    assert [t.reference for _r, t in results] == [board_case.reference]
    assert not Case.objects.filter(pk=board_case.pk).exists()
    assert not Framework1.objects.filter(case_id=board_case.pk).exists()
    assert not Framework2.objects.filter(case_id=board_case.pk).exists()
    assert not Disclosure.objects.filter(pk=disclosure.pk).exists()
    assert list(AccessLogEntry.objects.filter(case_id=board_case.pk).values()) == logged

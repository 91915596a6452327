"""What only PostgreSQL enforces around retention: the signed-framework trigger refuses UPDATE
but lets retention DELETE, and the append-only access log is never touched by a deletion."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AccessLogEntry
from cases.models import Case
from escalation import services as ladder
from escalation.models import CloseOutcome, Framework1, Framework2
from escalation.services import take_case
from retention import services
from tests.escalation_helpers import fresh, request_disclosure, to_board
from tests.factories import report_case

pytestmark = pytest.mark.postgresql


def _closed_board_case(reporter, counsellor, dean, unit):
    case = take_case(report_case(reporter=reporter, unit=unit), acting_user=counsellor)
    case = to_board(case, counsellor, dean)
    request_disclosure(case, counsellor)
    ladder.close_case(
        fresh(case), outcome=CloseOutcome.REFERRED, reason="Afgerond", acting_user=counsellor
    )
    return fresh(case)


def _triggers(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def test_signed_frameworks_refuse_update_but_retention_deletes_them(
    reporter, counsellor, dean, unit
):
    case = _closed_board_case(reporter, counsellor, dean, unit)
    assert "escalation_framework1_signed_immutable" in _triggers("escalation_framework1")
    framework = Framework1.objects.filter(case=case).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        Framework1.objects.filter(pk=framework.pk).update(own_safety_motivation="anders")

    later = timezone.localdate() + datetime.timedelta(days=366 * 6)
    results = services.apply_retention(today=later)

    assert [t.reference for _r, t in results] == [case.reference]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Framework1.objects.filter(case_id=case.pk).exists()
    assert not Framework2.objects.filter(case_id=case.pk).exists()
    # The triggers are still in place afterwards: nothing was switched off.
    assert "escalation_framework2_signed_immutable" in _triggers("escalation_framework2")


def test_the_append_only_access_log_is_left_alone(reporter, counsellor, dean, unit, client):
    from django.urls import reverse

    case = _closed_board_case(reporter, counsellor, dean, unit)
    client.force_login(counsellor)
    client.get(reverse("cases:detail", args=[case.reference]))
    rows = list(AccessLogEntry.objects.filter(case_id=case.pk).values())
    assert rows
    assert "audit_accesslog_append_only" in _triggers("audit_accesslogentry")
    services.apply_retention(today=timezone.localdate() + datetime.timedelta(days=366 * 6))
    assert list(AccessLogEntry.objects.filter(case_id=case.pk).values()) == rows

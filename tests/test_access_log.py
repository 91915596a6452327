import pytest
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access, log_list_access


def _request(user, path="/casussen/ZW-2026-0001/"):
    request = RequestFactory().get(path, REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


def test_a_read_is_logged_with_who_what_and_why(case, counsellor):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    entry = AccessLogEntry.objects.get()
    assert entry.user == counsellor
    assert entry.roles == "counsellor"
    assert (entry.case_id, entry.case_reference) == (case.pk, case.reference)
    assert entry.student_pseudonym == case.student.pseudonym
    assert (entry.part, entry.action, entry.outcome, entry.basis) == (
        "detail",
        "view",
        "allowed",
        "unit_pool",
    )
    assert entry.access_point == "GET /casussen/ZW-2026-0001/"
    assert entry.ip_address == "10.1.2.3"
    assert entry.at.tzinfo is not None


def test_a_denied_attempt_is_logged(case, outsider):
    log_denied_access(_request(outsider), case=case, part="detail")
    entry = AccessLogEntry.objects.get()
    assert (entry.outcome, entry.basis) == ("denied", "none")


def test_a_list_logs_each_case_shown(case, counsellor, reporter, student):
    from tests.factories import report_case

    other = report_case(reporter=reporter, student=student)
    log_list_access(
        _request(counsellor, "/casussen/?q=Noor"),
        part="list",
        action="search",
        query="Noor",
        cases_with_basis=[(case, "unit_pool"), (other, "unit_pool")],
    )
    assert sorted(AccessLogEntry.objects.values_list("case_reference", "query")) == [
        (case.reference, "Noor"),
        (other.reference, "Noor"),
    ]


def test_the_database_refuses_to_change_or_delete_the_log(case, counsellor):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    entry = AccessLogEntry.objects.get()
    entry.part = "iets anders"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get().part == "detail"

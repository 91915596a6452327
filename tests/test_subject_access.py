"""Subject-access requests: only the privacy officer, the student number never in an address,
the whole picture as JSON and PDF, every search and export in the access log."""

import io
import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.sessions import AUTHENTICATED_AT
from audit.models import AccessLogEntry
from cases.services import add_timeline_entry
from escalation.services import take_case
from tests.escalation_helpers import fresh, request_disclosure, to_board
from tests.factories import report_case

SEARCH = "subject_access:search"


def _fresh_sign_in(client):
    session = client.session
    session[AUTHENTICATED_AT] = time.time()
    session.save()


@pytest.fixture
def disclosed_case(reporter, counsellor, dean, student, client):
    """A case about `student` at the board with a disclosure, read once by its counsellor."""
    case = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
    add_timeline_entry(
        fresh(case),
        kind="conversation",
        occurred_on=case.signals_when,
        summary="Gesprek over de zorgen",
        outcome="Student herkent het",
        consent_given=None,
        acting_user=counsellor,
    )
    case = to_board(fresh(case), counsellor, dean)
    request_disclosure(case, counsellor)
    client.force_login(counsellor)
    client.get(reverse("cases:detail", args=[case.reference]))
    client.logout()
    return fresh(case)


@pytest.mark.parametrize(
    "persona",
    ["counsellor", "dean", "board", "functional_admin", "care_team", "outsider"],
    indirect=True,
)
def test_everyone_but_the_privacy_officer_gets_404(persona, client, student):
    client.force_login(persona)
    assert client.get(reverse(SEARCH)).status_code == 404
    assert (
        client.post(reverse(SEARCH), {"student_number": student.student_number}).status_code == 404
    )
    export = reverse("subject_access:export", args=["json"])
    assert client.post(export, {"student_number": student.student_number}).status_code == 404


def test_search_by_number_in_the_body_shows_the_student_and_is_logged(
    client, privacy_officer, disclosed_case, student
):
    client.force_login(privacy_officer)
    page = client.get(reverse(SEARCH)).content.decode()
    assert "binnen een maand" in page
    response = client.post(reverse(SEARCH), {"student_number": " 5001234 "})
    text = response.content.decode()
    assert "Noor Veenstra" in text and disclosed_case.reference in text
    assert "5001234" not in response.request["PATH_INFO"]
    row = AccessLogEntry.objects.filter(user=privacy_officer, part="subject_access_search").get()
    assert (row.query, row.basis, row.action) == (student.pseudonym, "privacy_officer", "search")
    assert row.student_pseudonym == student.pseudonym  # so the student's own report shows it


def test_the_report_shows_the_privacy_officers_own_searches_and_exports(
    client, privacy_officer, student
):
    """A student without cases still sees who looked them up for their request, and when."""
    client.force_login(privacy_officer)
    _fresh_sign_in(client)
    client.post(reverse(SEARCH), {"student_number": "5001234"})
    export = reverse("subject_access:export", args=["json"])
    client.post(export, {"student_number": "5001234"})
    report = json.loads(client.post(export, {"student_number": "5001234"}).content)
    assert report["cases"] == []
    seen = [(row["who"], row["part"], row["action"]) for row in report["access_log"]]
    who = privacy_officer.get_full_name()
    assert seen == [
        (who, "subject_access_search", "gezocht"),
        (who, "subject_access_json", "geëxporteerd"),
    ]


def test_an_unknown_number_says_so(client, privacy_officer, db):
    client.force_login(privacy_officer)
    response = client.post(reverse(SEARCH), {"student_number": "9999999"})
    assert "Er is geen student met dit studentnummer" in response.content.decode()
    empty = client.post(reverse(SEARCH), {"student_number": ""})
    assert "verplicht" in empty.content.decode()


def test_export_needs_a_fresh_sign_in(client, privacy_officer, disclosed_case):
    client.force_login(privacy_officer)
    session = client.session
    session[AUTHENTICATED_AT] = time.time() - 3600  # signed in an hour ago
    session.save()
    response = client.post(
        reverse("subject_access:export", args=["json"]), {"student_number": "5001234"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert "5001234" not in response["Location"]


def test_json_export_holds_cases_timeline_decisions_disclosures_and_access(
    client, privacy_officer, disclosed_case, counsellor, student
):
    client.force_login(privacy_officer)
    _fresh_sign_in(client)
    response = client.post(
        reverse("subject_access:export", args=["json"]), {"student_number": "5001234"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    report = json.loads(response.content)
    assert report["student"]["last_name"] == "Veenstra"
    [case] = report["cases"]
    assert case["reference"] == disclosed_case.reference
    assert any(e["summary"] == "Gesprek over de zorgen" for e in case["timeline"])
    assert [step["step"] for step in case["ladder"]][:2] == ["Opgepakt", "Opgeschaald"]
    assert case["care_meeting_decisions"]
    [disclosure] = case["disclosures"]
    assert disclosure["recipient"] == "GGZ-crisisdienst regio"
    assert disclosure["requested_at"]
    reads = [row for row in report["access_log"] if row["action"] == "bekeken"]
    assert reads and reads[0]["who"] == counsellor.get_full_name()
    assert reads[0]["basis"] == "casusteam"
    # The export itself is in the access log: action export, basis privacy officer.
    row = AccessLogEntry.objects.get(user=privacy_officer, part="subject_access_json")
    assert (row.action, row.basis, row.case_reference) == (
        "export",
        "privacy_officer",
        disclosed_case.reference,
    )
    assert row.student_pseudonym == student.pseudonym


def test_pdf_export_reads_as_the_report(client, privacy_officer, disclosed_case):
    from pypdf import PdfReader

    client.force_login(privacy_officer)
    _fresh_sign_in(client)
    response = client.post(
        reverse("subject_access:export", args=["pdf"]), {"student_number": "5001234"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Veenstra" in text and disclosed_case.reference in text
    assert "GGZ-crisisdienst regio" in text
    assert AccessLogEntry.objects.filter(part="subject_access_pdf", action="export").exists()


def test_an_unknown_format_or_number_is_refused_without_a_file(client, privacy_officer, student):
    client.force_login(privacy_officer)
    _fresh_sign_in(client)
    url = reverse("subject_access:export", args=["xml"])
    assert client.post(url, {"student_number": "5001234"}).status_code == 400
    url = reverse("subject_access:export", args=["json"])
    assert client.post(url, {"student_number": "0000"}).status_code == 400
    assert client.get(url).status_code == 405


def test_the_report_takes_the_same_queries_for_5_and_50_cases(reporter, counsellor, student):
    from subject_access.selectors import subject_access_report

    counts = []
    for total in (5, 50):
        while student.cases.count() < total:
            take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
        with CaptureQueriesContext(connection) as queries:
            report = subject_access_report(student)
        assert len(report["cases"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]

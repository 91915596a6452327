"""A subject-access request in a real browser: the privacy officer searches a student by number
(an unknown number is said so), sees what there is, confirms who they are and downloads the
PDF and the JSON. Every page state passes the axe WCAG 2.2 A/AA check, and every search and
export is in the access log."""

import io
import json
import os
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.sessions import AUTHENTICATED_AT
from audit.models import AccessLogEntry
from audit.services import log_case_access
from cases.services import add_timeline_entry
from escalation.services import take_case
from tests.browser import assert_accessible, log_in
from tests.escalation_helpers import fresh
from tests.factories import report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZW_SCREENSHOTS")
Action = AccessLogEntry.Action


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/subject_access_{name}.png", full_page=True)


@pytest.fixture
def handled_case(reporter, counsellor, student):
    """A case about the student with a timeline entry, read once by its counsellor."""
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
    request = RequestFactory().get(f"/casussen/{case.reference}/", REMOTE_ADDR="10.1.2.3")
    request.user = counsellor
    log_case_access(request, case=case, part="detail", basis="case_team")
    return fresh(case)


def _go_stale(page):
    """As if the sign-in was ten minutes ago: a weighty step asks for the password again."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[AUTHENTICATED_AT] = timezone.now().timestamp() - 600
    session.save()


def _search(page, number):
    page.get_by_label("studentnummer").fill(number)
    page.get_by_role("button", name="Zoeken").click()


def _exports(privacy_officer):
    return AccessLogEntry.objects.filter(user=privacy_officer, action=Action.EXPORT)


def test_privacy_officer_answers_a_subject_access_request(
    page, handled_case, student, counsellor, privacy_officer
):
    log_in(page, privacy_officer.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Inzageverzoek"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzageverzoek van een student")
    expect(page.get_by_role("note")).to_contain_text("Antwoord binnen een maand")
    assert_accessible(page)
    _shot(page, "search")

    # An unknown number: said so at the field, the number stays, the search is logged.
    _search(page, "9999999")
    number = page.get_by_label("studentnummer")
    expect(page.get_by_role("alert")).to_contain_text("Kijk de gemarkeerde velden na")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(
        re.compile("Er is geen student met dit studentnummer.")
    )
    expect(number).to_have_value("9999999")
    expect(page.get_by_role("button", name="Download als PDF")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "unknown_number")
    missed = AccessLogEntry.objects.get(user=privacy_officer, action=Action.SEARCH)
    assert missed.query == "geen student gevonden" and missed.case_id is None

    _search(page, " 5001234 ")
    found = page.get_by_role("region", name="Noor Veenstra (5001234)")
    expect(found).to_contain_text(student.pseudonym)
    expect(found).to_contain_text(handled_case.reference)
    expect(found).to_contain_text("Regels in het toegangslogboek")
    assert "5001234" not in page.url  # the number travels in the request body only
    assert_accessible(page)
    _shot(page, "found")
    searched = AccessLogEntry.objects.filter(user=privacy_officer, action=Action.SEARCH)
    assert searched.filter(query=student.pseudonym).count() == 1

    # Exporting needs a fresh proof of identity; nothing is exported before it.
    _go_stale(page)
    found.get_by_role("button", name="Download als PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig dat jij het bent")
    expect(page.get_by_role("status")).to_contain_text("Er is nog niets opgeslagen")
    assert "5001234" not in page.url
    assert_accessible(page)
    _shot(page, "reauthenticate")

    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_label("Wachtwoord")).to_have_accessible_description(
        re.compile("Dit wachtwoord klopt niet.")
    )
    assert_accessible(page)
    _shot(page, "reauthenticate_wrong_password")

    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versturen wat je invulde")
    assert_accessible(page)
    _shot(page, "resume")
    assert not _exports(privacy_officer).exists()

    with page.expect_download() as download:
        page.get_by_role("button", name="Nu versturen").click()
    pdf = download.value
    assert re.fullmatch(rf"inzageverzoek-{student.pseudonym}-\d{{8}}\.pdf", pdf.suggested_filename)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf.path()).pages).split())
    assert "Inzage in persoonsgegevens (artikel 15 AVG)" in text
    assert student.pseudonym in text and "Noor" in text and "Veenstra" in text
    assert f"Casus {handled_case.reference}" in text
    assert "Gesprek over de zorgen" in text
    assert "Wie heeft wat ingezien" in text
    assert counsellor.get_full_name() in text and "bekeken: detail" in text
    [pdf_row] = _exports(privacy_officer)
    assert (pdf_row.case_id, pdf_row.part, pdf_row.basis) == (
        handled_case.pk,
        "subject_access_pdf",
        "privacy_officer",
    )
    assert pdf_row.student_pseudonym == student.pseudonym

    # Back to the form; within the next few minutes the JSON needs no second confirmation.
    page.get_by_role("link", name="Terug naar het formulier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzageverzoek van een student")
    _search(page, "5001234")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als JSON").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzageverzoek van een student")
    assert_accessible(page)
    data = download.value
    assert data.suggested_filename.endswith(".json")
    with open(data.path(), encoding="utf-8") as handle:
        report = json.load(io.StringIO(handle.read()))
    assert report["student"]["pseudonym"] == student.pseudonym
    assert [case["reference"] for case in report["cases"]] == [handled_case.reference]
    assert any(row["action"] == "geëxporteerd" for row in report["access_log"])  # the PDF
    assert _exports(privacy_officer).filter(part="subject_access_json").count() == 1
    assert _exports(privacy_officer).count() == 2


def test_the_page_does_not_exist_for_anyone_else(page, handled_case, counsellor):
    log_in(page, counsellor.username)
    expect(page.get_by_role("link", name="Inzageverzoek")).to_have_count(0)
    assert page.goto("/inzageverzoek/").status == 404

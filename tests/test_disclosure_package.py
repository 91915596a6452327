"""The disclosure package: the board approves concrete data, frozen at approval, and the
contact officer shares exactly that — on the page and as a PDF, access-logged, with whom to call."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AccessLogEntry
from cases.models import TimelineEntry
from cases.services import add_timeline_entry
from escalation import disclosures
from escalation import permissions as rules
from escalation.models import Disclosure, DisclosurePackage
from escalation.permissions import CONTACT_OFFICER_DAYS
from escalation.services import take_case
from tests.escalation_helpers import fresh, partner, request_disclosure, to_board
from tests.factories import UserFactory
from tests.test_overleg import _pdf_text


@pytest.fixture
def handled(case, counsellor):
    counsellor.phone = "030 123 45 67"
    counsellor.save()
    return take_case(case, acting_user=counsellor)


@pytest.fixture
def requested(handled, counsellor, dean):
    """A request to share identity, signals, risk and measures with the crisis service."""
    case = to_board(handled, counsellor, dean)
    crisis = partner()
    crisis.contact_person, crisis.phone, crisis.email = "Dienstdoende", "088 000 11 22", "c@ggz.nl"
    crisis.save()
    disclosure = request_disclosure(case, counsellor)
    disclosure.data_categories = ["identity", "signals", "risk", "actions"]
    disclosure.save()
    return disclosure


def _note(case, user, summary):
    add_timeline_entry(
        fresh(case),
        kind=TimelineEntry.Kind.NOTE,
        occurred_on=datetime.date.today(),
        summary=summary,
        outcome="",
        consent_given=None,
        acting_user=user,
    )


def _decide(client, disclosure, page, decision="approve"):
    seen = re.search(r'name="besluit-package" value="([0-9a-f]*)"', page.text).group(1)
    return client.post(
        reverse("escalation:decide", args=[disclosure.pk]),
        {"besluit-decision": decision, "besluit-reason": "Noodzakelijk", "besluit-package": seen},
    )


def test_the_board_sees_the_data_itself_and_approving_freezes_exactly_that(
    client, requested, counsellor, board_member
):
    case = requested.case
    url = reverse("escalation:disclosure", args=[requested.pk])
    client.force_login(board_member)
    page = client.get(url)
    assert "Het pakket zoals de casus het nu bevat" in page.text
    student = case.student
    for shown in (student.last_name, student.student_number, case.signals_what, "Hoog"):
        assert escape(shown) in page.text
    assert "Uitspraken over geen zin meer hebben." in page.text  # framework-1 motivation
    assert "conversation vastgelegd" in page.text  # a measure from the timeline

    assert _decide(client, requested, page).status_code == 302
    frozen = DisclosurePackage.objects.get(disclosure=requested)
    titles = [section["category"] for section in frozen.sections]
    assert titles == ["identity", "signals", "risk", "actions"]

    _note(case, counsellor, "Later gezien: een nieuwe zorg")  # after approval: not in the package
    client.force_login(board_member)
    after = client.get(url)
    assert "Goedgekeurd pakket" in after.text
    assert "Later gezien" not in after.text
    assert escape(case.signals_what) in after.text


def test_a_change_after_the_board_member_looked_sends_them_back_to_look_again(
    client, requested, counsellor, board_member
):
    client.force_login(board_member)
    page = client.get(reverse("escalation:disclosure", args=[requested.pk]))
    _note(requested.case, counsellor, "Nieuw signaal tussendoor")
    response = _decide(client, requested, page)
    assert response.status_code == 409
    assert "Bekijk het pakket opnieuw" in response.text
    assert "Nieuw signaal tussendoor" in response.text  # the page shows the package as it is now
    assert Disclosure.objects.get(pk=requested.pk).state == "requested"
    assert not DisclosurePackage.objects.exists()
    assert _decide(client, requested, response).status_code == 302
    assert "Nieuw signaal" in str(DisclosurePackage.objects.get().sections)


def test_rejecting_freezes_nothing(client, requested, board_member):
    client.force_login(board_member)
    page = client.get(reverse("escalation:disclosure", args=[requested.pk]))
    assert _decide(client, requested, page, decision="reject").status_code == 302
    assert not DisclosurePackage.objects.exists()
    after = client.get(reverse("escalation:disclosure", args=[requested.pk]))
    assert "pakket" not in after.text.lower()


def test_the_contact_officer_shares_the_package_with_contacts_and_a_logged_pdf(
    client, requested, counsellor, board_member, contact_officer
):
    disclosures.approve_disclosure(requested, reason="Ja", acting_user=board_member)
    client.force_login(contact_officer)
    url = reverse("escalation:disclosure", args=[requested.pk])
    page = client.get(url)
    for shown in ("Dienstdoende", "088 000 11 22", "c@ggz.nl"):  # the recipient, from the register
        assert shown in page.text
    for shown in (counsellor.get_full_name(), "030 123 45 67", counsellor.email):  # the handler
        assert escape(shown) in page.text
    assert escape(requested.case.student.last_name) in page.text  # identity was approved
    # "What was shared" starts from the package
    textarea = re.search(r'<textarea name="uitvoering-what_was_shared"[^>]*>(.*?)</textarea>',
                         page.text, re.S).group(1)  # fmt: skip
    assert "Naam en contactgegevens" in textarea and "Studentnummer" in textarea

    pdf = client.get(reverse("escalation:disclosure_package_pdf", args=[requested.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Dienstdoende" in text and requested.case.student.last_name in text
    assert "030 123 45 67" in text
    parts = AccessLogEntry.objects.filter(user=contact_officer).values_list("part", flat=True)
    assert f"disclosure_package_pdf:{requested.pk}" in set(parts)
    assert f"disclosure:{requested.pk}" in set(parts)


def test_no_package_pdf_before_approval_and_none_for_outsiders(
    client, requested, board_member, outsider, contact_officer
):
    pdf = reverse("escalation:disclosure_package_pdf", args=[requested.pk])
    client.force_login(board_member)
    assert client.get(pdf).status_code == 403  # nothing approved yet
    client.force_login(contact_officer)
    assert client.get(pdf).status_code == 404  # not approved: not theirs to see
    disclosures.approve_disclosure(requested, reason="Ja", acting_user=board_member)
    client.force_login(outsider)
    assert client.get(pdf).status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, outcome="denied").exists()


class _DaysLater:
    """The clock of the permission rules, `days` on."""

    def __init__(self, days):
        self.days = days

    def __getattr__(self, name):
        return getattr(timezone, name)

    def localdate(self):
        return timezone.localdate() + datetime.timedelta(days=self.days)


def test_the_package_leaves_the_contact_officers_view_after_the_window(
    client, monkeypatch, requested, board_member, contact_officer
):
    disclosures.approve_disclosure(requested, reason="Ja", acting_user=board_member)
    disclosures.record_carried_out(
        requested,
        carried_out_on=timezone.localdate(),
        channel="Telefoon",
        what_was_shared="Het pakket",
        acting_user=contact_officer,
    )
    client.force_login(contact_officer)
    names = ("escalation:disclosure", "escalation:disclosure_package_pdf")
    urls = [reverse(name, args=[requested.pk]) for name in names]
    assert [client.get(url).status_code for url in urls] == [200, 200]
    monkeypatch.setattr(rules, "timezone", _DaysLater(CONTACT_OFFICER_DAYS + 1))
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_a_contact_officer_without_identity_approved_sees_no_name(
    client, handled, counsellor, dean, board_member, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    disclosure.data_categories = ["risk", "health"]
    disclosure.save()
    disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=board_member)
    client.force_login(contact_officer)
    page = client.get(reverse("escalation:disclosure", args=[disclosure.pk]))
    assert escape(case.student.last_name) not in page.text
    assert case.student.student_number not in page.text
    assert "Niets vastgelegd in deze categorie" in page.text  # health: the file keeps none
    pdf = client.get(reverse("escalation:disclosure_package_pdf", args=[disclosure.pk]))
    assert case.student.last_name not in _pdf_text(pdf.content)


def test_the_package_is_shown_in_the_readers_language(client, requested, board_member):
    disclosures.approve_disclosure(requested, reason="Ja", acting_user=board_member)
    english = UserFactory(username="board-en", roles=["board"], language="en")
    client.force_login(english)
    page = client.get(reverse("escalation:disclosure", args=[requested.pk]))
    assert "Approved package" in page.text
    assert "High" in page.text and "Student number" in page.text

"""An inbox that helps (issue 18): each notification names its case reference or meeting (never
a student), notifications of one kind are grouped, one tied to a task is marked done when the
task is done — by whoever did it — and stops asking for attention."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import InboxItem
from escalation import disclosures
from escalation import services as ladder
from escalation.services import take_case
from tests.escalation_helpers import fresh, ready_to_escalate, request_disclosure, to_board
from tests.factories import UserFactory, report_case


@pytest.fixture
def handled(reporter, counsellor, student):
    return take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)


def _inbox(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:inbox"))
    assert response.status_code == 200
    return response


def test_triage_notices_name_the_report_and_are_done_once_someone_takes_it(
    client, reporter, student, counsellor, unit
):
    colleague = UserFactory(username="collega", roles=["counsellor"], units=[unit])
    case = report_case(reporter=reporter, student=student)
    item = InboxItem.objects.get(user=colleague, kind="triage")
    assert (item.subject, item.done_at) == (case.reference, None)
    take_case(case, acting_user=counsellor)
    item.refresh_from_db()
    assert item.done_at is not None and item.read_at is None
    text = _inbox(client, colleague).content.decode()
    assert case.reference in text and "afgehandeld" in text
    assert escape(student.last_name) not in text and student.first_name not in text
    badge = [i for i in client.get("/").context["nav_items"] if i["url"] == "/account/berichten/"]
    assert "badge" not in badge[0]  # a done task no longer counts as unread


def test_the_deans_review_task_is_done_when_any_dean_decides(client, handled, counsellor, dean):
    other_dean = UserFactory(username="decaan2", roles=["dean"], units=[dean.units.first()])
    ready_to_escalate(handled, counsellor)
    request = ladder.request_escalation(fresh(handled), reason="Zorg", acting_user=counsellor)
    waiting = InboxItem.objects.filter(kind="escalation_request")
    assert {i.user for i in waiting} == {dean, other_dean}
    assert {i.subject for i in waiting} == {handled.reference}
    ladder.accept_escalation(request, reason="Akkoord", acting_user=dean)
    assert not InboxItem.objects.filter(kind="escalation_request", done_at=None).exists()
    told = InboxItem.objects.get(user=counsellor, kind="escalation_decided")
    assert told.subject == handled.reference


def test_board_and_contact_officer_tasks_follow_the_disclosure(
    client, handled, counsellor, dean, board_member, contact_officer
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    decide = InboxItem.objects.get(user=board_member, kind="disclosure_pending")
    assert decide.subject == case.reference
    disclosures.approve_disclosure(disclosure, reason="Nodig", acting_user=board_member)
    decide.refresh_from_db()
    assert decide.done_at is not None
    carry = InboxItem.objects.get(user=contact_officer, kind="disclosure_carry_out")
    assert (carry.subject, carry.done_at) == (case.reference, None)
    disclosures.record_carried_out(
        type(disclosure).objects.get(pk=disclosure.pk),
        carried_out_on=timezone.localdate(),
        channel="Telefonisch, daarna beveiligde mail",
        what_was_shared="Naam en risico",
        acting_user=contact_officer,
    )
    carry.refresh_from_db()
    assert carry.done_at is not None


def test_the_inbox_groups_notices_by_kind_with_what_each_is_about(
    client, reporter, counsellor, unit
):
    from tests.factories import StudentFactory

    cases = [
        report_case(reporter=reporter, student=StudentFactory(programme=unit)) for _ in range(3)
    ]
    response = _inbox(client, counsellor)
    groups = response.context["groups"]
    assert [g.label for g in groups] == ["Er is een nieuwe melding voor je eenheid"]
    assert groups[0].unread == 3
    assert [i.subject for i in groups[0].items] == [c.reference for c in reversed(cases)]
    assert "3 nieuw" in response.content.decode()


def test_the_reporter_hears_when_the_status_of_their_report_changes(
    client, reporter, student, counsellor, dean
):
    case = report_case(reporter=reporter, student=student)
    assert not InboxItem.objects.filter(user=reporter).exists()
    take_case(case, acting_user=counsellor)
    told = InboxItem.objects.get(user=reporter, kind="report_status")
    assert told.subject == case.reference and told.path == reverse("cases:my_reports")
    client.force_login(reporter)
    home = client.get(reverse("home"))
    assert [i.label for i in home.context["work"]] == [
        "De status van 1 melding van je is veranderd"
    ]
    client.get(reverse("cases:my_reports"))
    told.refresh_from_db()
    assert told.done_at is not None and told.read_at is not None
    assert client.get(reverse("home")).context["work"] == []
    ladder.close_case(fresh(case), outcome="taken_away", reason="Opgelost", acting_user=counsellor)
    assert InboxItem.objects.filter(user=reporter, kind="report_status").count() == 2

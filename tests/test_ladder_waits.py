"""The ladder says what it waits for (issue 18): the case page names the next step and whom it
waits on, and a care meeting's decision comes only from a meeting that exists and was held —
never typed as free text, never before the meeting took place."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.models import Rung
from escalation import disclosures
from escalation.models import CareMeetingDecision
from escalation.services import take_case
from overleg import services as meetings
from overleg.models import AgendaItem, Meeting
from tests.escalation_helpers import (
    fresh,
    horizontal_steps,
    ladder_on_page,
    request_disclosure,
    to_board,
    to_care_meeting,
)
from tests.factories import report_case


@pytest.fixture
def handled(reporter, counsellor, student):
    return take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)


def _case_page(client, user, case):
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 200
    return response


def test_each_rung_names_its_next_step(client, case, handled, counsellor, dean):
    waiting = ladder_on_page(_case_page(client, dean, case)).waiting
    assert waiting.startswith("Volgende stap: een studentbegeleider van Verpleegkunde pakt")
    waiting = ladder_on_page(_case_page(client, counsellor, handled)).waiting
    name = counsellor.get_full_name()
    assert waiting.startswith(f"Volgende stap: {name} bespreekt de zorg met de student")
    assert "Evaluatie uiterlijk" in waiting


def test_at_the_board_the_case_waits_on_the_decision_then_on_the_contact_officer(
    client, handled, counsellor, dean, board_member
):
    case = to_board(handled, counsellor, dean)
    disclosure = request_disclosure(case, counsellor)
    waiting = ladder_on_page(_case_page(client, counsellor, case)).waiting
    assert waiting == (
        "Wacht op het besluit van het College van Bestuur over het verzoek om te delen."
    )
    disclosures.approve_disclosure(disclosure, reason="Nodig", acting_user=board_member)
    waiting = ladder_on_page(_case_page(client, counsellor, case)).waiting
    assert waiting == (
        "Wacht op de veiligheidscoördinator, die de goedgekeurde verstrekking uitvoert."
    )


def test_there_is_no_free_text_care_meeting_decision_any_more(client, handled, counsellor, dean):
    case = to_care_meeting(handled, counsellor, dean)
    with pytest.raises(NoReverseMatch):
        reverse("escalation:care_decision", args=[case.reference])
    text = _case_page(client, dean, case).content.decode()
    assert "Besluit zorgoverleg vastleggen" not in text
    assert client.get(f"/escalatie/{case.reference}/besluit-zorgoverleg/").status_code == 404


def test_the_case_waits_for_a_named_meeting_and_the_dean_can_plan_one_ad_hoc(
    client, handled, counsellor, dean
):
    case = to_care_meeting(handled, counsellor, dean)
    text = _case_page(client, dean, case).content.decode()
    assert "staat nog op de agenda van geen enkel gepland zorgoverleg" in text
    link = f"{reverse('overleg:meeting_create')}?casus={case.reference}"
    assert f'href="{link}"' in text
    assert f'href="{link}"' not in _case_page(client, counsellor, case).content.decode()

    client.force_login(dean)
    form = client.get(link).context["form"]
    assert (form["kind"].value(), form["case"].value()) == ("ad_hoc", case.pk)
    assert form["title"].value() == f"Ad-hocoverleg over {case.reference}"
    starts = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        link,
        {
            "kind": "ad_hoc",
            "title": form["title"].value(),
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "location": "Zaal B1.12",
            "case": case.pk,
            "chair": dean.pk,
            "minute_taker": dean.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(case=case)
    text = _case_page(client, counsellor, case).content.decode()
    day = starts.strftime("%-d")
    assert f"Wacht op het besluit van het zorgoverleg van {day} " in text
    assert f"({meeting.code}): de casus staat op de agenda." in text


def test_a_decision_waits_until_the_meeting_was_held_and_then_names_it(
    client, handled, counsellor, dean
):
    case = to_care_meeting(handled, counsellor, dean)
    horizontal_steps(case, counsellor)
    meeting = meetings.plan_meeting(
        acting_user=dean, invited_roles=[], invited_people=[], kind=Meeting.Kind.AD_HOC,
        title="Ad hoc", starts_at=timezone.now() + datetime.timedelta(hours=2),
        duration_minutes=45, location="Zaal B1.12", online_link="", unit=None, case=case,
        chair=dean, minute_taker=dean,
    )  # fmt: skip
    meeting = meetings.publish_agenda(meeting, acting_user=dean)
    meetings.confirm_confidentiality(meeting, acting_user=dean)
    item = meeting.items.get(case=case)
    client.force_login(dean)
    minutes = reverse("overleg:item_minutes", args=[meeting.pk, item.pk])
    data = {"summary": "Zorg neemt toe", "decision": AgendaItem.Decision.ESCALATE_TO_BOARD}
    before = client.post(minutes, data)
    assert before.status_code in (403, 404)
    assert fresh(case).rung == Rung.CARE_MEETING
    assert not CareMeetingDecision.objects.exists()

    # The meeting takes place.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meetings.mark_held(meeting, acting_user=dean)
    client.post(minutes, data)
    assert fresh(case).rung == Rung.BOARD
    decision = CareMeetingDecision.objects.get(case=case)
    assert (decision.meeting_ref, decision.recorded_by) == (meeting.code, dean)

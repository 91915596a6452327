"""Real threads on PostgreSQL: the chair and the minute-taker acting on one meeting at once get
one result and a clear message each — never a double decision, double step or double grant."""

import pytest

from cases.models import Rung
from escalation.models import CareMeetingDecision, RungTransition
from overleg import services
from overleg.models import CaseAccessGrant, Meeting
from tests.escalation_helpers import fresh, horizontal_steps
from tests.overleg_helpers import care_case, plan, published
from tests.threads import outcomes_of

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held(reporter, counsellor, dean, unit, care_team_member):
    case = care_case(reporter, counsellor, dean, unit)
    horizontal_steps(case, counsellor)
    meeting = published(dean, minute_taker=care_team_member)
    meeting = services.mark_held(meeting, acting_user=dean)
    return meeting, case


def test_chair_and_minute_taker_deciding_at_once_decide_once(held, dean, care_team_member):
    meeting, case = held
    item = meeting.items.get(case=case)
    outcomes = outcomes_of(
        [
            lambda user=user: services.record_item_minutes(
                item, summary="Naar het CvB", decision="escalate_to_board", acting_user=user
            )
            for user in (dean, care_team_member)
        ]
    )
    assert outcomes.count("ok") == 1
    [refusal] = [o for o in outcomes if o != "ok"]
    assert "net een besluit vastgelegd" in refusal
    assert fresh(case).rung == Rung.BOARD
    assert CareMeetingDecision.objects.filter(case=case).count() == 1
    assert RungTransition.objects.filter(case=case, to_rung=Rung.BOARD).count() == 1


def test_publishing_twice_at_once_publishes_and_grants_once(
    reporter, counsellor, dean, unit, care_team_member
):
    case = care_case(reporter, counsellor, dean, unit)
    meeting = plan(dean, chair=care_team_member, people=[care_team_member])
    outcomes = outcomes_of(
        [
            lambda user=user: services.publish_agenda(meeting, acting_user=user)
            for user in (dean, care_team_member)
        ]
    )
    assert outcomes.count("ok") == 1
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.AGENDA_PUBLISHED
    assert CaseAccessGrant.objects.filter(meeting=meeting, case=case).count() == 2
    assert Meeting.history.filter(id=meeting.pk, state="agenda_published").count() == 1

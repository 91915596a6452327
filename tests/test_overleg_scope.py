"""The edges of a care meeting's reach: a meeting never shows cases its organiser could not see,
actions stay within their series, access ends for everyone but the minute writers, moving a
meeting moves its access, and a decision is recorded in the role the person holds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from escalation.models import RungTransition
from overleg import permissions as rules
from overleg import services
from overleg.models import CaseAccessGrant, Meeting
from tests.escalation_helpers import horizontal_steps
from tests.factories import ProgrammeFactory, UserFactory
from tests.overleg_helpers import care_case, plan, published, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def care(reporter, counsellor, dean, unit):
    return care_case(reporter, counsellor, dean, unit)


@pytest.fixture
def foreign_dean(db):
    """A dean of another faculty: may plan meetings, may not see `unit`'s cases."""
    other = ProgrammeFactory(code="ICT", name="Informatica")
    return UserFactory(username="decaan_ict", roles=[RoleCode.DEAN], units=[other.parent])


def test_a_dean_plans_only_for_the_units_they_oversee(care, dean, foreign_dean, unit):
    with pytest.raises(services.MeetingRefused):
        plan(foreign_dean, unit=unit.parent)
    with pytest.raises(services.MeetingRefused):
        plan(foreign_dean, kind=Meeting.Kind.AD_HOC, case=care)
    # Institution-wide for them means: their own units. The other faculty's case is not there.
    meeting = plan(foreign_dean)
    assert not meeting.items.filter(case=care).exists()
    assert services.proposals_for(meeting) == []
    assert list(rules.plannable_units(foreign_dean)) == [foreign_dean.units.get()]


def test_the_plan_form_offers_only_own_faculties_and_cases(care, foreign_dean, client):
    client.force_login(foreign_dean)
    page = client.get(reverse("overleg:meeting_create")).content.decode()
    assert care.reference not in page and "Verpleegkunde" not in page


def test_actions_of_another_series_are_neither_shown_nor_reviewable(
    care, dean, foreign_dean, care_team_member, client
):
    earlier = published(dean, starts_at=timezone.now() - datetime.timedelta(days=14))
    services.mark_held(earlier, acting_user=dean)
    action = services.add_action(
        earlier,
        item=earlier.items.get(case=care),
        description="Geheime afspraak over de casus",
        owner=care_team_member,
        due_on=timezone.localdate(),
        acting_user=dean,
    )
    other = plan(foreign_dean)
    services.add_item(other, kind="other", title="Rondvraag", acting_user=foreign_dean)
    other = services.publish_agenda(other, acting_user=foreign_dean)
    services.confirm_confidentiality(other, acting_user=foreign_dean)
    services.mark_held(other, acting_user=foreign_dean)
    client.force_login(foreign_dean)
    minutes = client.get(reverse("overleg:minutes", args=[other.pk])).content.decode()
    assert "Geheime afspraak" not in minutes
    review = reverse("overleg:action_review", args=[other.pk, action.pk])
    assert client.post(review, {"state": "done"}).status_code == 404
    assert action.__class__.objects.get(pk=action.pk).state == "open"


def test_minutes_close_for_invitees_when_access_ends(care, dean, care_team_member, client):
    meeting = published(dean, people=[care_team_member])
    services.confirm_confidentiality(meeting, acting_user=care_team_member)
    services.mark_held(meeting, acting_user=dean)
    url = reverse("overleg:minutes", args=[meeting.pk])
    client.force_login(care_team_member)
    assert client.get(url).status_code == 200
    Meeting.objects.filter(pk=meeting.pk).update(
        access_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(url).status_code == 404
    denied = AccessLogEntry.objects.filter(user=care_team_member, outcome="denied").get()
    assert denied.part == "meeting_minutes"
    client.force_login(dean)  # the chair keeps the minutes they are responsible for
    assert client.get(url).status_code == 200


def test_moving_a_meeting_moves_its_access_and_restores_ended_grants(
    care, dean, care_team_member, settings
):
    settings.ZW_MEETING_ACCESS_DAYS = 1
    meeting = published(dean, people=[care_team_member])
    services.end_expired_access(now=meeting.access_until + datetime.timedelta(seconds=1))
    assert not CaseAccessGrant.objects.filter(meeting=meeting).exists()
    later = timezone.now() + datetime.timedelta(days=7)
    meeting = reload(meeting)
    services.edit_meeting(
        meeting,
        acting_user=dean,
        version=meeting.version,
        invited_roles=[],
        invited_people=[],
        title=meeting.title,
        starts_at=later,
        duration_minutes=60,
        location=meeting.location,
        online_link="",
        unit=None,
        chair=dean,
        minute_taker=dean,
    )
    ends = later + datetime.timedelta(minutes=60) + datetime.timedelta(days=1)
    grant = CaseAccessGrant.objects.get(meeting=meeting, user=care_team_member, case=care)
    assert grant.expires_at == ends
    assert rules.has_meeting_permission(care_team_member, care)
    # Grants keep their history: who held access when, also after they end.
    assert grant.history.count() >= 1


def test_removing_a_case_keeps_access_another_meeting_still_gives(care, dean, care_team_member):
    one = published(dean, people=[care_team_member])
    two = published(dean, people=[care_team_member])
    services.remove_item(two.items.get(case=care), acting_user=dean)
    assert not CaseAccessGrant.objects.filter(meeting=two, case=care).exists()
    assert rules.has_meeting_permission(care_team_member, care)
    services.remove_item(one.items.get(case=care), acting_user=dean)
    assert not rules.has_meeting_permission(care_team_member, care)


def test_a_counsellor_taking_minutes_decides_as_counsellor_only_in_the_minutes(
    care, dean, counsellor
):
    horizontal_steps(care, counsellor)
    meeting = published(dean, minute_taker=counsellor)
    services.mark_held(meeting, acting_user=dean)
    # A decision of the care meeting reaches the ladder only through a held meeting's minutes.
    services.record_item_minutes(
        meeting.items.get(case=care),
        summary="Zorg blijft; CvB moet meewegen",
        decision="escalate_to_board",
        acting_user=counsellor,
    )
    step = RungTransition.objects.filter(case=care).latest("at")
    assert (step.actor, step.role_held) == (counsellor, RoleCode.COUNSELLOR)


def test_outsiders_leave_a_denied_row(care, dean, care_team_member, client):
    meeting = published(dean)
    client.force_login(care_team_member)
    assert client.get(reverse("overleg:meeting_detail", args=[meeting.pk])).status_code == 404
    row = AccessLogEntry.objects.get(user=care_team_member)
    assert (row.outcome, row.part) == ("denied", "meeting")

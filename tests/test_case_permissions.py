"""One rule answers 'may this user see this case?' and 'which cases may they see?' — alike."""

import threading

import pytest
from django.db import connection

from accounts.roles import RoleCode
from cases import permissions
from cases.models import Case
from cases.services import CaseActionRefused, change_team
from escalation.services import take_case
from tests.conftest import PERSONAS
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case


@pytest.fixture
def world(reporter, counsellor, dean, care_team_member, unit):
    """Three cases: untaken in the unit, handled by the counsellor with the care-team member,
    and one in another faculty."""
    triage = report_case(reporter=reporter, student=StudentFactory(programme=unit))
    handled = report_case(reporter=reporter, student=StudentFactory(programme=unit))
    take_case(handled, acting_user=counsellor)
    change_team(handled, members=[care_team_member], reason="Expertise", acting_user=counsellor)
    elsewhere = report_case(reporter=reporter, student=StudentFactory(programme=ProgrammeFactory()))
    return {"triage": triage, "handled": handled, "elsewhere": elsewhere}


EXPECTED = {
    RoleCode.COUNSELLOR: {"triage", "handled"},
    RoleCode.DEAN: {"triage", "handled"},
    RoleCode.CARE_TEAM: {"handled"},
}


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"], indirect=True)
def test_each_role_sees_exactly_its_cases_by_list_and_by_detail(persona, world):
    role = next(iter(persona.role_codes), "outsider")
    expected = {world[name].pk for name in EXPECTED.get(role, set())}
    assert set(permissions.cases_visible_to(persona).values_list("pk", flat=True)) == expected
    for case in Case.objects.all():
        assert permissions.can_view_case(persona, case) == (case.pk in expected)


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"], indirect=True)
def test_my_cases_are_exactly_the_visible_cases_i_am_on_the_team_of(persona, world, trainer):
    """The 'my cases' list and the review counts read the team rows alone: for every role, and
    for a team row left to someone who lost their role or was switched off, that is the same
    set as what the one visibility rule allows intersected with the team."""
    permissions.grant_team_access(world["elsewhere"], persona)  # a row, whatever the role
    permissions.grant_team_access(world["elsewhere"], trainer)  # no case role at all
    for person in (persona, trainer):
        on_team = set(
            permissions.cases_visible_to(person)
            .filter(pk__in=permissions.team_case_ids(person))
            .values_list("pk", flat=True)
        )
        mine = permissions.team_cases(person)
        assert set(mine.values_list("pk", flat=True)) == on_team
        assert all(case.zw_on_team for case in mine)
    assert not permissions.team_cases(trainer).exists()
    persona.is_active = False
    persona.save()
    assert not permissions.team_cases(persona).exists()


def test_a_superuser_sees_no_case_content(world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert not permissions.cases_visible_to(root).exists()
    assert not any(permissions.can_view_case(root, case) for case in Case.objects.all())


def test_model_wide_permissions_never_widen_what_anyone_sees(world, trainer, client):
    from django.contrib.auth.models import Permission

    trainer.user_permissions.add(*Permission.objects.filter(content_type__app_label="cases"))
    assert not permissions.cases_visible_to(trainer).exists()
    client.force_login(trainer)
    assert client.get(f"/casussen/{world['handled'].reference}/").status_code == 404


def test_a_superuser_gets_404_on_a_case_page(world, client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(f"/casussen/{world['triage'].reference}/").status_code == 404
    assert client.get("/casussen/").status_code == 404


def test_a_taken_case_leaves_the_other_counsellors_pool(world, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])
    visible = set(permissions.cases_visible_to(colleague))
    assert world["triage"] in visible
    assert world["handled"] not in visible


def test_a_deactivated_team_member_loses_access_at_once(world, care_team_member):
    care_team_member.is_active = False
    care_team_member.save()
    assert not permissions.cases_visible_to(care_team_member).exists()
    assert not permissions.can_view_case(care_team_member, world["handled"])


def test_the_reporter_does_not_read_their_own_case(world, reporter):
    assert not permissions.can_view_case(reporter, world["triage"])


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_counsellors_taking_one_report_at_once_give_one_handler(reporter, student, unit):
    case = report_case(reporter=reporter, student=student)
    takers = [
        UserFactory(username=f"begeleider{i}", roles=[RoleCode.COUNSELLOR], units=[unit])
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def take(user):
        barrier.wait()
        try:
            take_case(case, acting_user=user)
            outcomes.append("taken")
        except CaseActionRefused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in takers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Deze melding is al opgepakt door een collega.", "taken"]
    assert Case.objects.get(pk=case.pk).handler in takers
    assert case.history.filter(history_change_reason="Melding opgepakt").count() == 1

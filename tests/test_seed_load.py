"""The load data of `manage.py seed_load` (issue 9) at tier S: as many staff as the tier says,
one dean per faculty, and escalation requests waiting for the deans of every faculty."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import OrganisationUnit, User
from accounts.roles import RoleCode
from cases.models import Case
from escalation.models import EscalationRequest, RungTransition
from loadgen.tiers import TIERS

TIER = TIERS["S"]


@pytest.fixture
def tier_s(db):
    call_command(
        "seed_load", "--size", "S", "--i-know-this-is-not-production", stdout=io.StringIO(),
        stderr=io.StringIO(),
    )  # fmt: skip
    return OrganisationUnit.objects.filter(kind="faculty").order_by("code")


def test_tier_s_has_exactly_its_staff_and_one_dean_per_faculty(tier_s):
    loaded = User.objects.filter(email__endswith="@loadtest.example")
    assert loaded.count() == TIER.staff
    deans = loaded.filter(groups__role__code=RoleCode.DEAN)
    per_faculty = dict(deans.values_list("units__code").annotate(n=Count("id")))
    assert per_faculty == {faculty.code: 1 for faculty in tier_s}
    bench_faculty = tier_s.first()
    assert deans.get(units=bench_faculty).username == "load-dean"


def test_requests_wait_for_the_deans_of_every_faculty(tier_s):
    waiting = EscalationRequest.objects.filter(state=EscalationRequest.State.PENDING)
    per_faculty = dict(waiting.values_list("case__unit__parent__code").annotate(n=Count("id")))
    cases = dict(Case.objects.values_list("unit__parent__code").annotate(n=Count("id")))
    bench_faculty = tier_s.first().code
    assert set(per_faculty) == {faculty.code for faculty in tier_s}
    assert per_faculty[bench_faculty] >= 5
    for code, n in per_faculty.items():
        if code != bench_faculty:
            assert n == -(-cases[code] // 500), f"{code}: {n} waiting for {cases[code]} cases"
    # Each waits on a signed framework 1 of a handled case at the support rung.
    assert not waiting.exclude(case__rung="support").exists()
    assert not waiting.filter(framework1__isnull=True).exists()


def test_each_step_on_the_ladder_starts_its_stay_where_the_one_before_ended(tier_s):
    steps = RungTransition.objects.order_by("case_id", "at", "id")
    created = dict(Case.objects.values_list("pk", "created_at"))
    previous_case, since = None, None
    checked = 0
    for case_id, at, on_rung_since in steps.values_list("case_id", "at", "on_rung_since"):
        if case_id != previous_case:
            previous_case, since = case_id, created[case_id]
        assert on_rung_since == since, case_id
        since = at
        checked += 1
    assert checked > TIER.cases // 2

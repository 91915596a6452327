"""Canary strings in notes must never reach the pages of someone who may not read them, and
each role's case list holds exactly the cases that role may see."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import RoleCode
from cases.services import add_timeline_entry
from escalation.services import take_case
from tests.conftest import PERSONAS
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case

R = RoleCode
ROLES = [*RoleCode.values, "outsider"]


def _note(case, user, text):
    add_timeline_entry(
        case,
        kind="note",
        occurred_on=datetime.date(2026, 11, 21),
        summary=text,
        outcome="",
        consent_given=None,
        acting_user=user,
    )


@pytest.fixture
def cases(request, reporter, counsellor, student, unit):
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    elsewhere = ProgrammeFactory(code="ICT")
    other_counsellor = UserFactory(username="elders", roles=[R.COUNSELLOR], units=[elsewhere])
    triage = report_case(reporter=reporter, student=student, what="KANARIE-TRIAGE-MELDING")
    handled = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
    _note(handled, counsellor, "KANARIE-TEAM-NOTITIE")
    far = report_case(
        reporter=other_counsellor,
        student=StudentFactory(student_number="5005555", programme=elsewhere),
        what="KANARIE-ELDERS-MELDING",
    )
    far = take_case(far, acting_user=other_counsellor)
    _note(far, other_counsellor, "KANARIE-ELDERS-NOTITIE")
    return {"triage": triage, "handled": handled, "far": far}


# Which of the cases each role may read: the counsellor handles one and sees the pool of
# their unit; the dean oversees the unit's faculty; nobody here may read the far case.
MAY_READ = {
    R.COUNSELLOR: {"triage", "handled"},
    R.DEAN: {"triage", "handled"},
}
CANARIES = {
    "triage": ["KANARIE-TRIAGE-MELDING"],
    "handled": ["KANARIE-TEAM-NOTITIE"],
    "far": ["KANARIE-ELDERS-MELDING", "KANARIE-ELDERS-NOTITIE"],
}


def _pages(client, cases):
    urls = [
        reverse("home"),
        reverse("cases:my_reports"),
        reverse("cases:report"),
        *(reverse("cases:list") + f"?lijst={which}" for which in ("mijn", "triage", "alle")),
        reverse("cases:list") + "?lijst=alle&q=KANARIE",
    ]
    for case in cases.values():
        urls += [
            reverse("cases:detail", args=[case.reference]),
            reverse("cases:history", args=[case.reference]),
        ]
    return "\n".join(client.get(url).content.decode() for url in urls)


@pytest.mark.parametrize("role", ROLES)
def test_canaries_reach_only_those_who_may_read_them(role, cases, client, request):
    user = request.getfixturevalue(PERSONAS.get(role, "outsider"))
    client.force_login(user)
    text = _pages(client, cases)
    readable = MAY_READ.get(role, set())
    for name, canaries in CANARIES.items():
        for canary in canaries:
            assert (canary in text) == (name in readable), (role, canary)


@pytest.mark.parametrize("role", [R.COUNSELLOR, R.DEAN, R.CARE_TEAM, R.BOARD])
def test_the_full_list_is_exactly_what_the_role_may_see(role, cases, client, request):
    from cases.permissions import cases_visible_to

    user = request.getfixturevalue(PERSONAS[role])
    client.force_login(user)
    response = client.get(reverse("cases:list"), {"lijst": "alle"})
    shown = {case.reference for case in response.context["page"].cases}
    expected = {cases[name].reference for name in MAY_READ.get(role, set())}
    assert shown == expected
    assert shown == set(cases_visible_to(user).values_list("reference", flat=True))

"""Every URL of the ladder pages and the in-app inbox × every role × GET and POST → the expected
status.

Deny by default: an `escalation:` URL without an entry here fails the test. POSTs carry no data,
so forms answer with their errors (200) — except where nothing needs filling in: putting a draft
before the board, acknowledging an emergency action, and the inbox's buttons (302).
"""

import pytest
from django.urls import get_resolver, reverse

from accounts.models import InboxItem
from accounts.roles import RoleCode
from cases.services import change_team
from escalation import disclosures, services
from escalation.services import take_case
from tests.conftest import PERSONAS
from tests.escalation_helpers import (
    YES,
    fresh,
    horizontal_steps,
    meeting_decides,
    partner,
    ready_to_escalate,
)
from tests.factories import ProgrammeFactory, UserFactory, report_case
from tests.matrix import assert_matrix

ROLES = [*RoleCode.values, "outsider", "foreign_counsellor", "foreign_dean", "anonymous"]
R = RoleCode
CO, DE, CT, BO, CN = R.COUNSELLOR, R.DEAN, R.CARE_TEAM, R.BOARD, R.CONTACT_OFFICER


def rule(get, post):
    """Expected statuses: `get`/`post` map role → status; anyone not named gets 404."""
    return {"GET": get, "POST": post}


def everyone(status):
    return dict.fromkeys(ROLES[:-1], status)


# Who sees which case: `counsellor` handles every case with `care_team_member` on the team and
# `dean` oversees the unit; the board sees the case at the board rung. The contact officer sees
# a disclosure only once it is approved.
TEAM = {CO: 200, DE: 200, CT: 200}
SIGNERS = {CO: 200, DE: 403, CT: 200}
MANAGERS = {CO: 200, DE: 200, CT: 403}
ON_BOARD_CASE = {**TEAM, BO: 200}
READ_ONLY = {CO: 405, DE: 405, CT: 405}

EXPECTED = {
    # The support case (a framework 1 and 2 signed, a request pending).
    "escalation:sign_framework1": rule(SIGNERS, SIGNERS),
    "escalation:sign_framework2": rule(SIGNERS, SIGNERS),
    "escalation:framework1": rule(TEAM, READ_ONLY),
    "escalation:framework2": rule(TEAM, READ_ONLY),
    # The care-team member may send the form (the service then says no) but not open it.
    "escalation:request": rule({CO: 200, DE: 403, CT: 403}, SIGNERS),
    "escalation:review": rule({CO: 403, DE: 200, CT: 403}, {CO: 403, DE: 200, CT: 403}),
    "escalation:close": rule(MANAGERS, MANAGERS),
    "escalation:acute": rule(TEAM, TEAM),
    # The care-meeting case.
    "escalation:step_down": rule(MANAGERS, MANAGERS),
    # The closed case.
    "escalation:reopen": rule(MANAGERS, MANAGERS),
    # The board case and its disclosures.
    "escalation:request_disclosure": rule(
        {CO: 200, DE: 403, CT: 403, BO: 403}, {CO: 200, DE: 403, CT: 200, BO: 403}
    ),
    "escalation:disclosure": rule(ON_BOARD_CASE, {**READ_ONLY, BO: 405}),
    "escalation:decide": rule({**READ_ONLY, BO: 405}, {CO: 403, DE: 403, CT: 403, BO: 200}),
    # A draft: the board sees it only as a reader of the case at its rung.
    "escalation:submit": rule({**READ_ONLY, BO: 405}, {CO: 302, DE: 403, CT: 200, BO: 403}),
    "escalation:withdraw": rule({**READ_ONLY, BO: 405}, {CO: 200, DE: 200, CT: 403, BO: 403}),
    "escalation:carry_out": rule(
        {**READ_ONLY, BO: 405, CN: 405}, {CO: 403, DE: 403, CT: 403, BO: 403, CN: 200}
    ),
    # The approved package as a PDF: whoever may read the disclosure; only to be read.
    "escalation:disclosure_package_pdf": rule(
        {**TEAM, BO: 200, CN: 200}, {**READ_ONLY, BO: 405, CN: 405}
    ),
    "escalation:acknowledge": rule({BO: 405}, {BO: 302}),
    # The lists.
    # The lists do not exist for anyone they are not for (404), whatever the method.
    "escalation:dean_inbox": rule({DE: 200, "foreign_dean": 200}, {DE: 405, "foreign_dean": 405}),
    "escalation:board_inbox": rule({BO: 200}, {BO: 405}),
    "escalation:contact_list": rule({CN: 200}, {CN: 405}),
    # The in-app inbox: everyone has one; an item opens only for its owner.
    "accounts:inbox": rule(everyone(200), everyone(405)),
    "accounts:inbox_read_all": rule(everyone(405), everyone(302)),
    "accounts:inbox_open": rule(everyone(405), {CO: 302}),
}


# Taking a case on (escalation:take, escalation:assign_handler) acts on triage cases: the case
# matrix in test_permission_matrix covers those pages.
TAKING_ON = {"escalation:take", "escalation:assign_handler"}


def _url_names():
    _prefix, sub = get_resolver().namespace_dict["escalation"]
    names = {f"escalation:{p.name}" for p in sub.url_patterns if p.name} - TAKING_ON
    return names | {"accounts:inbox", "accounts:inbox_read_all", "accounts:inbox_open"}


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


def _handled_case(reporter, counsellor, care_team_member, unit):
    case = take_case(report_case(reporter=reporter, unit=unit), acting_user=counsellor)
    return change_team(
        case, members=[care_team_member], reason="Zorgoverleg", acting_user=counsellor
    )


def _to_care_meeting(case, counsellor, dean):
    ready_to_escalate(case, counsellor)
    request = services.request_escalation(fresh(case), reason="Zorg", acting_user=counsellor)
    services.accept_escalation(request, reason="Akkoord", acting_user=dean)
    return fresh(case)


def _framework2(case, counsellor):
    return services.sign_framework2(
        fresh(case), answers=YES, consent_entries=[], acting_user=counsellor
    )


def _disclosure(case, counsellor, *, submit=True):
    return disclosures.prepare_disclosure(
        fresh(case),
        details={
            "recipient": partner(),
            "legal_basis": "vital_interest",
            "data_categories": ["identity"],
            "purpose": "Crisis",
            "student_informed": True,
        },
        framework2=_framework2(case, counsellor),
        acting_user=counsellor,
        submit=submit,
    )


@pytest.fixture
def world(request, reporter, counsellor, dean, care_team_member, board_member, unit):
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    elsewhere = ProgrammeFactory(code="ICT")
    UserFactory(username="foreign_counsellor", roles=[CO], units=[elsewhere])
    UserFactory(username="foreign_dean", roles=[DE], units=[elsewhere.parent])
    team = (reporter, counsellor, care_team_member, unit)

    support = _handled_case(*team)
    framework1 = ready_to_escalate(support, counsellor)
    framework2 = _framework2(support, counsellor)
    pending = services.request_escalation(fresh(support), reason="Zorg", acting_user=counsellor)

    care = _to_care_meeting(_handled_case(*team), counsellor, dean)

    closed = services.close_case(
        fresh(_handled_case(*team)), outcome="taken_away", reason="Klaar", acting_user=counsellor
    ).case

    board = _to_care_meeting(_handled_case(*team), counsellor, dean)
    horizontal_steps(board, counsellor)
    meeting_decides(board, dean)
    requested = _disclosure(board, counsellor)
    draft = _disclosure(board, counsellor, submit=False)
    approved = _disclosure(board, counsellor)
    disclosures.approve_disclosure(approved, reason="Ja", acting_user=board_member)
    emergency = services.report_acute_risk(
        fresh(board),
        answers={
            "own_safety": True,
            "third_parties": False,
            "criminal_offence": False,
            "description": "Acuut",
            "emergency_called": True,
        },
        acting_user=counsellor,
    )
    item = InboxItem.objects.create(user=counsellor, kind="attention", path="/")
    return {
        "support": support,
        "care": care,
        "closed": closed,
        "board": board,
        "framework1": framework1,
        "framework2": framework2,
        "pending": pending,
        "requested": requested,
        "draft": draft,
        "approved": approved,
        "emergency": emergency,
        "item": item,
    }


CASE_OF = {
    "escalation:step_down": "care",
    "escalation:reopen": "closed",
    "escalation:request_disclosure": "board",
}
WITH_PK = {
    "escalation:framework1": "framework1",
    "escalation:framework2": "framework2",
    "escalation:review": "pending",
}
DISCLOSURE_OF = {
    "escalation:disclosure": "requested",
    "escalation:decide": "requested",
    "escalation:withdraw": "requested",
    "escalation:submit": "draft",
    "escalation:carry_out": "approved",
    "escalation:disclosure_package_pdf": "approved",
    "escalation:acknowledge": "emergency",
    "accounts:inbox_open": "item",
}
WITHOUT_ARGUMENTS = {
    "escalation:dean_inbox",
    "escalation:board_inbox",
    "escalation:contact_list",
    "accounts:inbox",
    "accounts:inbox_read_all",
}


def _url(name, world):
    if name in WITHOUT_ARGUMENTS:
        return reverse(name)
    if name in DISCLOSURE_OF:
        return reverse(name, args=[world[DISCLOSURE_OF[name]].pk])
    case = world[CASE_OF.get(name, "support")]
    if name in WITH_PK:
        return reverse(name, args=[case.reference, world[WITH_PK[name]].pk])
    return reverse(name, args=[case.reference])


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, client, request):
    assert_matrix(
        role,
        client=client,
        request=request,
        expected=EXPECTED,
        url_for=lambda name: _url(name, world),
    )

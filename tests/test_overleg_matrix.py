"""Every care-meeting URL × every role × GET and POST → the expected status.

The world: a held meeting chaired by the dean, minuted by the care-team member, with the
counsellor invited but not (yet) confirmed. Board and contact officer may use meeting pages but
are not involved in this one: a 404, like everyone without a meeting role. Deny by default: a
URL without an entry here fails the test. POSTs carry no data: forms answer with their errors,
buttons redirect back with a message.
"""

import datetime

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from accounts.roles import RoleCode
from overleg import services
from tests.matrix import assert_matrix
from tests.overleg_helpers import care_case, published

R = RoleCode
ROLES = [*RoleCode.values, "outsider", "anonymous"]
MEETING_ROLES = [R.DEAN, R.CARE_TEAM, R.COUNSELLOR, R.BOARD, R.CONTACT_OFFICER]
INVOLVED = [R.DEAN, R.CARE_TEAM, R.COUNSELLOR]
WRITERS = [R.DEAN, R.CARE_TEAM]  # chair and minute-taker, both confirmed
TREND_ROLES = [R.COUNSELLOR, R.DEAN, R.CARE_TEAM, R.BOARD]


def rule(get, post):
    return {"GET": get, "POST": post}


def status(roles, code, **others):
    return {**dict.fromkeys(roles, code), **others}


def page(roles):
    """A page to read: 200 by GET, 405 by POST, for these roles."""
    return rule(status(roles, 200), status(roles, 405))


def button():
    """A POST-only button on a meeting: involved people are sent back with a message."""
    return rule(status(INVOLVED, 405), status(INVOLVED, 302))


EXPECTED = {
    "overleg:meeting_list": page(MEETING_ROLES),
    "overleg:meeting_create": rule(status([R.DEAN], 200), status([R.DEAN], 200)),
    "overleg:meeting_detail": page(INVOLVED),
    "overleg:meeting_edit": rule(status(INVOLVED, 403), status(INVOLVED, 403)),
    "overleg:agenda_add": button(),
    "overleg:agenda_propose": button(),
    "overleg:agenda_up": button(),
    "overleg:agenda_down": button(),
    "overleg:publish": button(),
    "overleg:confirm": button(),
    "overleg:mark_held": button(),
    "overleg:meeting_case": rule(status(WRITERS, 200), status(WRITERS, 405, **{R.COUNSELLOR: 405})),
    "overleg:reveal_identity": rule(status(WRITERS, 200), status(WRITERS, 400)),
    "overleg:minutes": rule(status(WRITERS, 200), status(WRITERS, 400)),
    "overleg:item_minutes": rule(
        status(WRITERS, 200, **{R.COUNSELLOR: 403}), status(WRITERS, 400, **{R.COUNSELLOR: 403})
    ),
    "overleg:action_add": rule(
        status(WRITERS, 200, **{R.COUNSELLOR: 403}), status(WRITERS, 400, **{R.COUNSELLOR: 403})
    ),
    "overleg:action_review": rule(
        status(INVOLVED, 405), status(WRITERS, 302, **{R.COUNSELLOR: 403})
    ),
    "overleg:agenda_pdf": rule(status(WRITERS, 200), status(INVOLVED, 405)),
    "overleg:minutes_pdf": rule(status(WRITERS, 200), status(INVOLVED, 405)),
    "overleg:invitation_ics": page(INVOLVED),
    "overleg:trends": page(TREND_ROLES),
    "overleg:trends_csv": page(TREND_ROLES),
    # Last: these change the agenda for the rest of the walk.
    "overleg:approve": button(),
    "overleg:agenda_remove": button(),
}


def test_every_url_has_an_entry():
    resolver = get_resolver()
    _prefix, sub = resolver.namespace_dict["overleg"]
    names = set()
    for pattern in sub.url_patterns:
        inner = getattr(pattern, "url_patterns", [pattern])
        names |= {f"overleg:{p.name}" for p in inner if p.name}
    assert names == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def world(reporter, counsellor, dean, care_team_member, unit, board_member, contact_officer):
    case = care_case(reporter, counsellor, dean, unit)
    # An earlier meeting of the series left an open action for this one to review.
    earlier = published(dean, starts_at=timezone.now() - datetime.timedelta(days=14))
    services.mark_held(earlier, acting_user=dean)
    action = services.add_action(
        earlier,
        item=None,
        description="Bellen",
        owner=care_team_member,
        due_on="2030-01-01",
        acting_user=dean,
    )
    meeting = published(dean, minute_taker=care_team_member, people=[counsellor])
    meeting = services.mark_held(meeting, acting_user=dean)
    item = meeting.items.get(case=case)
    return {"meeting": meeting, "case": case, "item": item, "action": action}


def _url(name, world):
    short = name.split(":")[1]
    meeting = world["meeting"].pk
    if short in ("meeting_list", "meeting_create", "trends", "trends_csv"):
        return reverse(name)
    if short in ("meeting_case", "reveal_identity"):
        return reverse(name, args=[meeting, world["case"].reference])
    if short in ("agenda_remove", "agenda_up", "agenda_down", "item_minutes"):
        return reverse(name, args=[meeting, world["item"].pk])
    if short == "action_review":
        return reverse(name, args=[meeting, world["action"].pk])
    return reverse(name, args=[meeting])


@pytest.mark.parametrize("role", ROLES)
def test_overleg_permission_matrix(role, world, client, request):
    assert_matrix(
        role,
        client=client,
        request=request,
        expected=EXPECTED,
        url_for=lambda name: _url(name, world),
    )

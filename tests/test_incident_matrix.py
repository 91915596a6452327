"""Every incidents URL × every role × GET and POST → the expected status.

Deny by default: a URL without an entry here fails the test, so a new page cannot ship without
someone deciding who may use it. POSTs carry no data, so forms answer with their errors (200);
removing a timeline moment and unlinking a case redirect (302).
"""

import pytest
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from incidents import services
from tests.conftest import PERSONAS
from tests.incident_helpers import add_action, add_entry, make_incident
from tests.matrix import assert_matrix

ROLES = [*RoleCode.values, "outsider", "anonymous"]
R = RoleCode
READERS = {R.DEAN: 200, R.CARE_TEAM: 200, R.BOARD: 200}
RECORDERS = {R.DEAN: 200, R.CARE_TEAM: 200}


def rule(get, post):
    """Expected statuses: `get`/`post` map role → status; anyone not named gets 404."""
    return {"GET": get, "POST": post}


def only_get(get):
    return rule(get, dict.fromkeys(get, 405))


def only_post(post):
    return rule(dict.fromkeys(post, 405), post)


# In the order they are visited: removing and unlinking come last.
EXPECTED = {
    "incidents:list": only_get(READERS),
    "incidents:create": rule(RECORDERS, RECORDERS),
    "incidents:detail": only_get(READERS),
    "incidents:history": only_get(READERS),
    "incidents:edit": rule(RECORDERS, RECORDERS),
    "incidents:add_timeline_entry": rule(RECORDERS, RECORDERS),
    "incidents:link_case": rule(RECORDERS, RECORDERS),
    "incidents:add_action": rule(RECORDERS, RECORDERS),
    # The board member owns this action, so they may close it; the board reads only otherwise.
    "incidents:close_action": rule(READERS, READERS),
    "incidents:remove_timeline_entry": only_post({R.DEAN: 302, R.CARE_TEAM: 302}),
    "incidents:unlink_case": only_post({R.DEAN: 302, R.CARE_TEAM: 302}),
}


def _url_names():
    _prefix, sub = get_resolver().namespace_dict["incidents"]
    return {f"incidents:{p.name}" for p in sub.url_patterns if p.name}


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


def test_an_unlisted_url_fails_the_check():
    missing = dict(EXPECTED)
    missing.pop("incidents:history")
    assert _url_names() != set(missing)


@pytest.fixture
def world(request, case, dean, board_member):
    """An incident with a timeline moment, the dean's case linked, and an improvement action the
    board member owns."""
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    incident = make_incident(dean)
    entry = add_entry(incident, dean)
    services.link_case(incident, reference=case.reference, acting_user=dean)
    action = add_action(incident, dean, owner=board_member)
    return {"incident": incident, "entry": entry, "case": case, "action": action}


def _url(name, world):
    short, pk = name.split(":")[1], world["incident"].pk
    if short in ("list", "create"):
        return reverse(name)
    extra = {
        "remove_timeline_entry": [world["entry"].pk],
        "unlink_case": [world["case"].pk],
        "close_action": [world["action"].pk],
    }.get(short, [])
    return reverse(name, args=[pk, *extra])


@pytest.mark.parametrize("role", ROLES)
def test_incident_permission_matrix(role, world, client, request):
    assert_matrix(
        role,
        client=client,
        request=request,
        expected=EXPECTED,
        url_for=lambda name: _url(name, world),
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_an_incident_that_does_not_exist_is_a_404(role, client, request, dean):
    client.force_login(request.getfixturevalue(PERSONAS.get(role, "outsider")))
    assert client.get(reverse("incidents:detail", args=[999999])).status_code == 404

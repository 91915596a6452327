"""Every URL of the case and access-log pages × every role × GET and POST → the expected status.

Deny by default: a URL without an entry here fails the test, so a new page cannot ship without
someone deciding who may use it. POSTs carry no data, so they change nothing.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from cases.services import add_attachment, take_case
from tests.conftest import PERSONAS
from tests.factories import report_case

NAMESPACES = ("cases", "audit")
ROLES = [*RoleCode.values, "outsider", "anonymous"]
R = RoleCode

# Who sees what in the fixture below: `counsellor` handles the team case, `dean` oversees its
# unit; the triage case was reported by `reporter` and is still in the unit's pool.
TEAM = {R.COUNSELLOR: 200, R.DEAN: 200}


def rule(get, post):
    """Expected statuses: `get`/`post` map role → status; anyone not named gets 404."""
    return {"GET": get, "POST": post}


def everyone(status):
    return dict.fromkeys(ROLES[:-1], status)


EXPECTED = {
    "cases:list": rule(
        {R.COUNSELLOR: 200, R.DEAN: 200, R.CARE_TEAM: 200, R.BOARD: 200}, everyone(405)
    ),
    "cases:report": rule(everyone(200), everyone(200)),
    "cases:student_search": rule(everyone(200), everyone(405)),
    "cases:my_reports": rule(everyone(200), everyone(405)),
    "cases:report_received": rule({R.REPORTER: 200}, {R.REPORTER: 405}),
    "cases:detail": rule(TEAM, {R.COUNSELLOR: 405, R.DEAN: 405}),
    "cases:history": rule(TEAM, {R.COUNSELLOR: 405, R.DEAN: 405}),
    "cases:take": rule({R.COUNSELLOR: 405, R.DEAN: 405}, {R.COUNSELLOR: 302, R.DEAN: 302}),
    "cases:add_entry": rule({R.COUNSELLOR: 200, R.DEAN: 403}, {R.COUNSELLOR: 200, R.DEAN: 403}),
    "cases:add_attachment": rule(
        {R.COUNSELLOR: 200, R.DEAN: 403}, {R.COUNSELLOR: 200, R.DEAN: 403}
    ),
    "cases:download": rule(TEAM, {R.COUNSELLOR: 405, R.DEAN: 405}),
    "cases:assign_handler": rule(TEAM, TEAM),
    "cases:team": rule(TEAM, TEAM),
    "cases:link_student": rule(TEAM, TEAM),
    "audit:access_log": rule({R.PRIVACY_OFFICER: 200}, {R.PRIVACY_OFFICER: 405}),
    "audit:access_log_export": rule({R.PRIVACY_OFFICER: 200}, {R.PRIVACY_OFFICER: 405}),
}


WITHOUT_ARGUMENTS = {
    "cases:list",
    "cases:report",
    "cases:student_search",
    "cases:my_reports",
    "audit:access_log",
    "audit:access_log_export",
}


def _url_names():
    names = set()
    resolver = get_resolver()
    for namespace in NAMESPACES:
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{p.name}" for p in sub.url_patterns if p.name}
    return names


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def world(request, reporter, counsellor, dean, unit, student, private_root):
    """A case handled by `counsellor` (with an attachment, student unknown) and a fresh report."""
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    team_case = report_case(reporter=reporter, unit=unit)
    team_case = take_case(team_case, acting_user=counsellor)
    upload = SimpleUploadedFile("notitie.txt", b"inhoud", "text/plain")
    attachment = add_attachment(team_case, upload=upload, description="", acting_user=counsellor)
    triage_case = report_case(reporter=reporter, student=student)
    return {"team": team_case, "triage": triage_case, "attachment": attachment}


def _url(name, world):
    if name in ("cases:take", "cases:report_received"):
        return reverse(name, args=[world["triage"].reference])
    if name == "cases:download":
        return reverse(name, args=[world["team"].reference, world["attachment"].pk])
    if name in WITHOUT_ARGUMENTS:
        return reverse(name)
    return reverse(name, args=[world["team"].reference])


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, client, request):
    if role != "anonymous":
        user = request.getfixturevalue(PERSONAS.get(role, "outsider"))
        client.force_login(user)
    wrong = []
    for name, methods in EXPECTED.items():
        url = _url(name, world)
        for method, expected_by_role in methods.items():
            expected = 302 if role == "anonymous" else expected_by_role.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != expected:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {expected}")
            if role == "anonymous":
                assert response["Location"].startswith("/account/inloggen/"), url
    assert not wrong, "\n".join(wrong)

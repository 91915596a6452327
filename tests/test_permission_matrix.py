"""Every URL of the case and access-log pages × every role × GET and POST → the expected status.

Deny by default: a URL without an entry here fails the test, so a new page cannot ship without
someone deciding who may use it. POSTs carry no data, so forms refuse them — except `take`,
which takes the triage case.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from audit.models import AccessAnomaly
from cases.services import add_attachment, change_team
from escalation.services import take_case
from tests.conftest import PERSONAS
from tests.factories import ProgrammeFactory, UserFactory, report_case
from tests.matrix import assert_matrix

NAMESPACES = ("cases", "audit")
# Besides one persona per role: a counsellor and a dean of another faculty, and no login.
ROLES = [*RoleCode.values, "outsider", "foreign_counsellor", "foreign_dean", "anonymous"]
R = RoleCode

# Who sees what in the fixture below: `counsellor` handles the team case with the care-team
# member on its team, `dean` oversees its unit; the triage case was reported by `reporter` and is
# still in the unit's pool. The foreign counsellor and dean see neither.
TEAM = {R.COUNSELLOR: 200, R.DEAN: 200, R.CARE_TEAM: 200}
MANAGERS = {R.COUNSELLOR: 200, R.DEAN: 200, R.CARE_TEAM: 403}
WRITERS = {R.COUNSELLOR: 200, R.DEAN: 403, R.CARE_TEAM: 200}
NO_POST = {R.COUNSELLOR: 405, R.DEAN: 405, R.CARE_TEAM: 405}


def rule(get, post):
    """Expected statuses: `get`/`post` map role → status; anyone not named gets 404."""
    return {"GET": get, "POST": post}


def everyone(status):
    return dict.fromkeys(ROLES[:-1], status)


EXPECTED = {
    "cases:list": rule(
        {
            R.COUNSELLOR: 200,
            R.DEAN: 200,
            R.CARE_TEAM: 200,
            R.BOARD: 200,
            "foreign_counsellor": 200,
            "foreign_dean": 200,
        },
        everyone(405),
    ),
    "cases:report": rule(everyone(200), everyone(200)),
    "cases:student_search": rule(everyone(405), everyone(200)),
    "cases:my_reports": rule(everyone(200), everyone(405)),
    "cases:report_received": rule({R.REPORTER: 200}, {R.REPORTER: 405}),
    "cases:detail": rule(TEAM, NO_POST),
    "cases:history": rule(TEAM, NO_POST),
    # The triage case: in the pool of the counsellor (who takes it: 302) and the dean's oversight.
    "escalation:take": rule({R.COUNSELLOR: 405, R.DEAN: 405}, {R.COUNSELLOR: 302, R.DEAN: 302}),
    "cases:add_entry": rule(WRITERS, WRITERS),
    "cases:add_attachment": rule(WRITERS, WRITERS),
    "cases:download": rule(TEAM, NO_POST),
    "escalation:assign_handler": rule(MANAGERS, MANAGERS),
    "cases:team": rule(MANAGERS, MANAGERS),
    "cases:link_student": rule({**WRITERS, R.DEAN: 200}, {**WRITERS, R.DEAN: 200}),
    "audit:access_log": rule({R.PRIVACY_OFFICER: 200}, {R.PRIVACY_OFFICER: 405}),
    "audit:access_log_export": rule({R.PRIVACY_OFFICER: 200}, {R.PRIVACY_OFFICER: 405}),
    "audit:anomalies": rule({R.PRIVACY_OFFICER: 200}, {R.PRIVACY_OFFICER: 405}),
    # An empty review is refused with the form's errors.
    "audit:review_anomaly": rule({R.PRIVACY_OFFICER: 405}, {R.PRIVACY_OFFICER: 400}),
}


WITHOUT_ARGUMENTS = {
    "cases:list",
    "cases:report",
    "cases:student_search",
    "cases:my_reports",
    "audit:access_log",
    "audit:access_log_export",
    "audit:anomalies",
}


# Taking a case on is its first step on the ladder, so its pages live in the escalation app;
# they act on triage cases, which this matrix builds (test_escalation_matrix leaves them out).
TAKING_ON = {"escalation:take", "escalation:assign_handler"}


def _url_names():
    names = set()
    resolver = get_resolver()
    for namespace in NAMESPACES:
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{p.name}" for p in sub.url_patterns if p.name}
    return names | TAKING_ON


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def world(request, reporter, counsellor, dean, care_team_member, unit, student, private_root):
    """A case handled by `counsellor` with `care_team_member` (with an attachment, student
    unknown), a fresh report, and a counsellor and dean of another faculty."""
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    elsewhere = ProgrammeFactory(code="ICT")
    UserFactory(username="foreign_counsellor", roles=[R.COUNSELLOR], units=[elsewhere])
    UserFactory(username="foreign_dean", roles=[R.DEAN], units=[elsewhere.parent])
    team_case = report_case(reporter=reporter, unit=unit)
    team_case = take_case(team_case, acting_user=counsellor)
    team_case = change_team(
        team_case, members=[care_team_member], reason="Expertise", acting_user=counsellor
    )
    upload = SimpleUploadedFile("notitie.txt", b"inhoud", "text/plain")
    attachment = add_attachment(team_case, upload=upload, description="", acting_user=counsellor)
    triage_case = report_case(reporter=reporter, student=student)
    anomaly = AccessAnomaly.objects.create(
        kind=AccessAnomaly.Kind.DENIED, user=counsellor, day=datetime.date.today(), count=3
    )
    return {"team": team_case, "triage": triage_case, "attachment": attachment, "anomaly": anomaly}


def _url(name, world):
    if name in ("escalation:take", "cases:report_received"):
        return reverse(name, args=[world["triage"].reference])
    if name == "cases:download":
        return reverse(name, args=[world["team"].reference, world["attachment"].pk])
    if name == "audit:review_anomaly":
        return reverse(name, args=[world["anomaly"].pk])
    if name in WITHOUT_ARGUMENTS:
        return reverse(name)
    return reverse(name, args=[world["team"].reference])


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, client, request):
    assert_matrix(
        role,
        client=client,
        request=request,
        expected=EXPECTED,
        url_for=lambda name: _url(name, world),
    )

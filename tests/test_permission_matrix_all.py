"""One permission matrix over the whole product: every URL pattern of every app (walked from
the root resolver) × every role, an outsider and an anonymous visitor × GET and POST.

Deny by default: a URL without an entry fails `test_every_url_of_the_product_has_an_entry`, so
no page ships without someone deciding who may use it.

- The expectation tables of the per-app matrices are imported, not restated; those modules walk
  their URLs with worlds built for them (cases and access log, escalation, care meetings and
  trends, incidents, training, programme, directory import, knowledge and network).
- The URLs no per-app matrix covers — home, health, the account pages, retention, subject
  access — are stated and walked here.
- Anonymous visitors are walked over every URL here: they reach only the login page, the health
  check, the language switch of the login page, the single-sign-on endpoints (404 unless SSO is
  configured), a calendar feed by its secret token, and static files. Everything else sends them
  to the login page.
- The admin site (/beheer/, namespace `admin`) is left out: Django generates its URLs per
  model; tests/test_admin.py proves that only the functional administrator gets in and that it
  holds no case content.
"""

import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import RoleCode
from tests import (
    test_directory_views,
    test_escalation_matrix,
    test_incident_matrix,
    test_network_partners,
    test_overleg_matrix,
    test_permission_matrix,
    test_programme_matrix,
    test_training_matrix,
)
from tests.conftest import PERSONAS
from tests.matrix import log_in_as

R = RoleCode
ROLES = [*RoleCode.values, "outsider"]
LOGIN = "/account/inloggen/"


def _directory_table():
    """The directory matrix names the functional administrator's status only."""
    return {
        name: {method: {R.FUNCTIONAL_ADMIN: status} for method, status in methods.items()}
        for name, methods in test_directory_views.EXPECTED.items()
    }


IMPORTED = {
    **test_permission_matrix.EXPECTED,
    **test_escalation_matrix.EXPECTED,
    **test_overleg_matrix.EXPECTED,
    **test_incident_matrix.EXPECTED,
    **test_training_matrix.EXPECTED,
    **test_programme_matrix.EXPECTED,
    **test_network_partners.EXPECTED,
    **_directory_table(),
}


def rule(get, post):
    return {"GET": get, "POST": post}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def only(roles, status):
    return dict.fromkeys(roles, status)


HOLD_KEEPERS = [R.FUNCTIONAL_ADMIN, R.PRIVACY_OFFICER]
ROLE_APPROVERS = [R.FUNCTIONAL_ADMIN, R.PRIVACY_OFFICER]
# Stated here: what no per-app matrix covers. Personal account pages answer everyone alike.
# Logout and the language switch come last: they end or change the session of the walk.
LOCAL = {
    "home": rule(everyone(200), everyone(405)),
    "healthz": rule(everyone(200), everyone(405)),
    "accounts:login": rule(everyone(302), everyone(302)),  # signed in already: to the home page
    "accounts:mfa_verify": rule(everyone(302), everyone(302)),  # two-step sign-in is off here
    "accounts:mfa_enrol": rule(everyone(302), everyone(302)),
    "accounts:mfa_backup_codes": rule(everyone(404), everyone(405)),  # no device enrolled
    "accounts:mfa_new_backup_codes": rule(everyone(405), everyone(404)),
    "accounts:reauthenticate": rule(everyone(200), everyone(400)),  # empty POST: no password
    "accounts:oidc_start": rule(everyone(404), everyone(404)),  # single sign-on not configured
    "accounts:oidc_callback": rule(everyone(404), everyone(404)),
    "accounts:inbox": rule(everyone(200), everyone(405)),
    "accounts:inbox_read_all": rule(everyone(405), everyone(302)),
    # The outsider's own item opens (302); anyone else's is a 404.
    "accounts:inbox_open": rule(everyone(405), {**everyone(404), "outsider": 302}),
    # Role requests (four eyes): the approvers only; an empty decision is refused (400).
    "accounts:role_requests": rule(only(ROLE_APPROVERS, 200), only(ROLE_APPROVERS, 405)),
    "accounts:decide_role_request": rule(only(ROLE_APPROVERS, 405), only(ROLE_APPROVERS, 400)),
    # A link to set one's password: this sample token is no valid link (a page saying so).
    "accounts:password_set": rule(everyone(200), everyone(200)),
    "retention:overview": rule(only(HOLD_KEEPERS, 200), only(HOLD_KEEPERS, 405)),
    "retention:set_hold": rule(only(HOLD_KEEPERS, 200), only(HOLD_KEEPERS, 200)),
    "retention:lift_hold": rule(only(HOLD_KEEPERS, 405), only(HOLD_KEEPERS, 200)),
    "subject_access:search": rule(only([R.PRIVACY_OFFICER], 200), only([R.PRIVACY_OFFICER], 200)),
    "subject_access:export": rule(only([R.PRIVACY_OFFICER], 405), only([R.PRIVACY_OFFICER], 400)),
    # The register of requests: an empty form is refused with its errors (400).
    "subject_access:requests": rule(only([R.PRIVACY_OFFICER], 200), only([R.PRIVACY_OFFICER], 400)),
    "subject_access:answer": rule(only([R.PRIVACY_OFFICER], 405), only([R.PRIVACY_OFFICER], 400)),
    "subject_access:extend": rule(only([R.PRIVACY_OFFICER], 405), only([R.PRIVACY_OFFICER], 400)),
    "accounts:language": rule(everyone(405), everyone(302)),
    "accounts:logout": rule(everyone(405), everyone(302)),
}
EXPECTED = {**IMPORTED, **LOCAL}

# What an anonymous visitor reaches without being sent to the login page.
PUBLIC = {
    "accounts:login": {"GET": 200, "POST": 200},
    "healthz": {"GET": 200, "POST": 405},
    "accounts:language": {"GET": 405, "POST": 302},
    "accounts:logout": {"GET": 405, "POST": 302},
    "accounts:oidc_start": {"GET": 404, "POST": 404},
    "accounts:oidc_callback": {"GET": 404, "POST": 404},
    "training:calendar_feed": {"GET": 404, "POST": 405},  # an unknown token
    "accounts:password_set": {"GET": 200, "POST": 200},  # an invalid link: a page saying so
}


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin":
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def all_url_patterns():
    return dict(_walk(get_resolver()))


_SAMPLES = {"int": 1, "str": "x", "slug": "x", "path": "x", "reference": "ZW-2026-0001"}


def _sample_url(name, pattern):
    """The address of `name` with harmless sample arguments of the right type."""
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        kwargs[key] = uuid.uuid4() if kind == "uuid" else _SAMPLES.get(kind, "x")
    return reverse(name, kwargs=kwargs)


def test_every_url_of_the_product_has_an_entry():
    names = set(all_url_patterns())
    missing = sorted(names - set(EXPECTED))
    stale = sorted(set(EXPECTED) - names)
    assert not missing, f"decide who may use these URLs (add them to a matrix): {missing}"
    assert not stale, f"these entries name URLs that no longer exist: {stale}"


def test_a_new_url_without_an_entry_fails_the_check(monkeypatch):
    monkeypatch.delitem(EXPECTED, "retention:overview")
    with pytest.raises(AssertionError, match="retention:overview"):
        test_every_url_of_the_product_has_an_entry()


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_login_health_and_static_files(client):
    wrong = []
    for name, pattern in sorted(all_url_patterns().items()):
        url = _sample_url(name, pattern)
        for method in ("GET", "POST"):
            response = getattr(client, method.lower())(url)
            if name in PUBLIC:
                want = PUBLIC[name][method]
                ok = response.status_code == want
            else:
                want = f"302 to {LOGIN}"
                ok = response.status_code == 302 and response["Location"].startswith(LOGIN)
            if not ok:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {want}")
    assert not wrong, "\n".join(wrong)
    static = client.get(f"/{settings.STATIC_URL.lstrip('/')}css/zorgwekkend.css")
    assert not static.get("Location", "").startswith(LOGIN)


@pytest.fixture
def world(request, reporter, counsellor, privacy_officer, outsider):
    """Every persona, an inbox item of the outsider (someone else's, for everyone else) and a
    legal hold on a case."""
    from django.utils import timezone

    from accounts.notifications import notify_user
    from accounts.services import request_role_grant
    from retention.services import set_legal_hold
    from subject_access.services import register_request
    from tests.factories import report_case

    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    notify_user(outsider, path="/")
    [role_request] = request_role_grant(
        outsider, code=R.DEAN, acting_user=request.getfixturevalue("functional_admin"), reason="x"
    )
    case = report_case(reporter=reporter, unit=counsellor.units.first())
    hold = set_legal_hold(reference=case.reference, reason="Klacht", acting_user=privacy_officer)
    asked = register_request(
        received_on=timezone.localdate(), how="E-mail", student=None,
        acting_user=privacy_officer, today=timezone.localdate(),
    )  # fmt: skip
    return {
        "inbox_item": outsider.inbox.get(),
        "hold": hold,
        "asked": asked,
        "role_request": role_request,
    }


def _url(name, world):
    if name == "accounts:inbox_open":
        return reverse(name, args=[world["inbox_item"].pk])
    if name == "retention:lift_hold":
        return reverse(name, args=[world["hold"].pk])
    if name == "subject_access:export":
        return reverse(name, args=["json"])
    if name in ("subject_access:answer", "subject_access:extend"):
        return reverse(name, args=[world["asked"].pk])
    if name == "accounts:decide_role_request":
        return reverse(name, args=[world["role_request"].pk])
    if name == "accounts:password_set":
        return reverse(name, args=["MQ", "x-y"])
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_no_app_matrix_covers(role, world, client, request):
    log_in_as(role, client, request)
    wrong = []
    for name, methods in LOCAL.items():
        url = _url(name, world)
        for method, expected_by_role in methods.items():
            want = expected_by_role.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != want:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {want}")
    assert not wrong, "\n".join(wrong)

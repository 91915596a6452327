"""Every programme URL × every role × GET and POST → the expected status.

Deny by default: a URL without an entry here fails the test. POSTs carry no data: the targets
form then clears nothing and redirects, generating a report makes one for this quarter."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from accounts.services import get_system_user
from programme.models import PeriodicReport
from tests.conftest import PERSONAS
from tests.matrix import assert_matrix

R = RoleCode
ROLES = [*R.values, "outsider", "anonymous"]
READERS = {R.BOARD: 200, R.DEAN: 200, R.TRAINING_COORDINATOR: 200}
NOT_ALLOWED = dict.fromkeys(READERS, 405)


def rule(get, post):
    return {"GET": get, "POST": post}


EXPECTED = {
    "programme:dashboard": rule(READERS, NOT_ALLOWED),
    "programme:dashboard_csv": rule(READERS, NOT_ALLOWED),
    "programme:report_list": rule(READERS, NOT_ALLOWED),
    "programme:report_download": rule(READERS, NOT_ALLOWED),
    "programme:targets": rule({R.TRAINING_COORDINATOR: 200}, {R.TRAINING_COORDINATOR: 302}),
    "programme:generate_report": rule({R.TRAINING_COORDINATOR: 405}, {R.TRAINING_COORDINATOR: 302}),
}


def _url_names():
    _prefix, sub = get_resolver().namespace_dict["programme"]
    return {f"programme:{p.name}" for p in sub.url_patterns if p.name}


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def report(request, private_root):
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    item = PeriodicReport(
        period_code="2026-K1", kind="quarter", first=datetime.date(2026, 1, 1),
        last=datetime.date(2026, 3, 31),
        created_by=get_system_user(),
    )  # fmt: skip
    item.file.save("programma-2026-K1.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return item


@pytest.mark.parametrize("role", ROLES)
def test_programme_permission_matrix(role, report, client, request):
    def url_for(name):
        if name == "programme:report_download":
            return reverse(name, args=[report.pk])
        return reverse(name)

    assert_matrix(role, client=client, request=request, expected=EXPECTED, url_for=url_for)


def test_a_report_that_does_not_exist_is_a_404(board_member, client):
    client.force_login(board_member)
    assert client.get(reverse("programme:report_download", args=[999])).status_code == 404

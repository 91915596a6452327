"""Re-authentication: approving a disclosure, exporting the access log and changing a case team
need proof of identity from the last five minutes; a refused POST saves nothing and can be sent
again with one click after confirming."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.sessions import AUTHENTICATED_AT
from cases.models import Case
from escalation.models import Disclosure
from escalation.services import take_case
from tests.escalation_helpers import fresh, request_disclosure, to_board
from tests.factories import UserFactory
from tests.test_mfa import code_for

REAUTH = reverse("accounts:reauthenticate")


def go_stale(client, minutes=6):
    session = client.session
    session[AUTHENTICATED_AT] = timezone.now().timestamp() - minutes * 60
    session.save()


def resume_token(response):
    return re.search(r"resume=([\w-]+)", response["Location"]).group(1)


@pytest.fixture
def handled(case, counsellor):
    return take_case(case, acting_user=counsellor)


@pytest.fixture
def colleague(unit):
    from accounts.roles import RoleCode

    return UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])


def _team_data(case, members):
    return {
        "members": [m.pk for m in members],
        "reason": "Collega erbij",
        "version": fresh(case).version,
    }


def test_a_fresh_sign_in_counts_for_five_minutes(client, handled, counsellor):
    client.force_login(counsellor)
    url = reverse("cases:team", args=[handled.reference])
    assert client.get(url).status_code == 200
    go_stale(client, minutes=4)
    assert client.get(url).status_code == 200
    go_stale(client, minutes=6)
    response = client.get(url)
    assert response["Location"] == f"{REAUTH}?next={url.replace('/', '%2F')}"


def test_changing_a_team_without_fresh_proof_saves_nothing_and_resumes_after(
    client, handled, counsellor, colleague
):
    client.force_login(counsellor)
    go_stale(client)
    url = reverse("cases:team", args=[handled.reference])
    data = _team_data(handled, [colleague])
    response = client.post(url, data)
    assert response["Location"].startswith(REAUTH)
    assert colleague not in fresh(handled).members.all()
    page = client.get(response["Location"])
    assert "Er is nog niets opgeslagen" in page.content.decode()

    wrong = client.post(
        response["Location"], {"password": "fout", "resume": resume_token(response)}
    )
    assert wrong.status_code == 400 and "Dit wachtwoord klopt niet." in wrong.content.decode()
    confirmed = client.post(
        response["Location"], {"password": "demo", "resume": resume_token(response)}
    )
    html = confirmed.content.decode()
    assert f'action="{url}"' in html and "Collega erbij" in html
    assert colleague not in fresh(handled).members.all()  # still nothing saved

    sent = client.post(url, data)
    assert sent.status_code == 302
    assert colleague in fresh(handled).members.all()


def test_the_confirmation_sends_back_to_the_form_when_nothing_was_posted(client, handled, dean):
    client.force_login(dean)
    go_stale(client)
    url = reverse("cases:team", args=[handled.reference])
    response = client.post(f"{REAUTH}?next={url}", {"password": "demo", "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_outsiders_still_get_their_404_first(client, handled, reporter):
    client.force_login(reporter)
    go_stale(client)
    url = reverse("cases:team", args=[handled.reference])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_exporting_the_access_log_needs_fresh_proof(client, privacy_officer):
    client.force_login(privacy_officer)
    url = reverse("audit:access_log_export")
    assert client.get(url).status_code == 200
    go_stale(client)
    response = client.get(f"{url}?case=ZW-1")
    assert response["Location"] == f"{REAUTH}?next=%2Ftoegangslogboek%2Fexport.csv%3Fcase%3DZW-1"
    client.post(response["Location"], {"password": "demo"})
    assert client.get(url)["Content-Type"].startswith("text/csv")


@pytest.fixture
def board_disclosure(handled, counsellor, dean):
    case = to_board(handled, counsellor, dean)
    return request_disclosure(case, counsellor)


def test_approving_a_disclosure_needs_fresh_proof(client, board_disclosure, board_member):
    client.force_login(board_member)
    go_stale(client)
    decide = reverse("escalation:decide", args=[board_disclosure.pk])
    data = {"besluit-decision": "approve", "besluit-reason": "Noodzakelijk"}
    response = client.post(decide, data)
    detail = reverse("escalation:disclosure", args=[board_disclosure.pk])
    assert response["Location"].startswith(f"{REAUTH}?next={detail.replace('/', '%2F')}")
    assert Disclosure.objects.get(pk=board_disclosure.pk).state == "requested"
    confirmed = client.post(
        response["Location"], {"password": "demo", "resume": resume_token(response)}
    )
    assert f'action="{decide}"' in confirmed.content.decode()
    client.post(decide, data)
    assert Disclosure.objects.get(pk=board_disclosure.pk).state == "approved"


def test_with_two_step_sign_in_the_confirmation_also_asks_a_code(
    client, handled, counsellor, settings
):
    settings.ZW_MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=counsellor, name="app", confirmed=True)
    client.force_login(counsellor)
    client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    go_stale(client)
    url = reverse("cases:team", args=[handled.reference])
    target = client.get(url)["Location"]
    page = client.get(target).content.decode()
    assert 'name="code"' in page
    assert client.post(target, {"password": "demo"}).status_code == 400
    assert client.post(target, {"password": "demo", "code": "999999"}).status_code == 400
    ok = client.post(target, {"password": "demo", "code": code_for(device, steps_ahead=1)})
    assert ok["Location"] == url
    assert client.get(url).status_code == 200


def test_wrong_passwords_at_the_confirmation_end_the_session_not_the_account(
    client, handled, counsellor, settings
):
    assert settings.ZW_REAUTH_ATTEMPTS == 3
    client.force_login(counsellor)
    go_stale(client)
    team = reverse("cases:team", args=[handled.reference])
    confirm = f"{REAUTH}?next={team}"
    for _attempt in range(2):
        wrong = client.post(confirm, {"password": "fout"})
        assert wrong.status_code == 400 and "Dit wachtwoord klopt niet" in wrong.text
    ended = client.post(confirm, {"password": "fout"}, follow=True)
    assert ended.redirect_chain[0][0] == f"{reverse('accounts:login')}?next={team}"
    assert "Je bent uitgelogd: te vaak een verkeerd wachtwoord" in ended.text
    assert "_auth_user_id" not in client.session
    assert client.get(team).status_code == 302  # to the sign-in page
    # Nothing counted towards the sign-in lockout: the owner signs in at once.
    assert not AccessAttempt.objects.filter(username="begeleider").exists()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "begeleider", "password": "demo"}
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(counsellor.pk)


def test_an_empty_or_good_confirmation_does_not_count_as_a_wrong_one(client, handled, counsellor):
    client.force_login(counsellor)
    go_stale(client)
    for _attempt in range(2):
        client.post(REAUTH, {"password": "fout"})
    for _attempt in range(3):
        assert client.post(REAUTH, {"password": ""}).status_code == 400
    assert client.post(REAUTH, {"password": "demo"}).status_code == 302
    go_stale(client)
    for _attempt in range(2):  # the good one started the count again
        assert client.post(REAUTH, {"password": "fout"}).status_code == 400
    assert client.session["_auth_user_id"] == str(counsellor.pk)


def test_wrong_codes_at_the_confirmation_count_too(client, handled, counsellor, settings):
    settings.ZW_MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=counsellor, name="app", confirmed=True)
    client.force_login(counsellor)
    client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    go_stale(client)
    for _attempt in range(2):
        assert client.post(REAUTH, {"password": "demo", "code": "999999"}).status_code == 400
    ended = client.post(REAUTH, {"password": "demo", "code": "999999"})
    assert ended["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_tests_sign_in_fresh_so_the_check_stays_strict(client, handled, counsellor):
    """The production check is not relaxed for tests: a signed-in test client is fresh only
    because signing in is a proof of identity."""
    client.force_login(counsellor)
    assert AUTHENTICATED_AT in client.session
    assert not mfa.mfa_required_for(counsellor)
    assert Case.objects.filter(pk=handled.pk).exists()

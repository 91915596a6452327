"""Two-step sign-in: who must use it, enrolment by QR code, the second step after the password,
one-time backup codes, and nothing reachable in between."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.roles import RoleCode
from tests.conftest import PERSONAS


@pytest.fixture
def mfa_on(settings):
    settings.ZW_MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test below


def code_for(device, steps_ahead=0):
    # The drift the server keeps: confirming a code across a step's edge stores a drift of -1,
    # and a code made from the stale object fell outside the window (a CI run did).
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = mfa.new_backup_codes(user)
    return device, codes


def log_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": "demo"})


MFA_ROLES = {
    RoleCode.COUNSELLOR,
    RoleCode.DEAN,
    RoleCode.CARE_TEAM,
    RoleCode.BOARD,
    RoleCode.CONTACT_OFFICER,
    RoleCode.PRIVACY_OFFICER,
    RoleCode.FUNCTIONAL_ADMIN,
}


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"], indirect=True)
def test_every_role_with_case_data_needs_a_second_factor(persona, mfa_on, client):
    client.force_login(persona)
    response = client.get(reverse("home"))
    needs_it = bool(persona.role_codes & MFA_ROLES)
    if needs_it:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:mfa_enrol')}?next=%2F"
    else:
        assert response.status_code == 200


def test_the_local_demo_asks_for_no_second_factor(client, counsellor, settings):
    assert settings.ZW_MFA_REQUIRED is False  # the tests run with DJANGO_DEBUG=1, like the demo
    log_in(client, "begeleider")
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_by_qr_code_then_backup_codes_shown_once(client, counsellor, mfa_on):
    response = log_in(client, "begeleider")
    response = client.get(response["Location"])  # home sends the person to enrolment
    assert response["Location"].startswith(reverse("accounts:mfa_enrol"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<svg width="220" height="220" role="img"' in html
    assert "<script" not in html.split("<main", 1)[1]  # the QR code is drawn on the server
    device = TOTPDevice.objects.get(user=counsellor, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert secret and secret in html.replace(" ", "")
    assert client.get(reverse("accounts:mfa_enrol")).context["secret"] == page.context["secret"]

    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()

    done = client.post(reverse("accounts:mfa_enrol"), {"code": code_for(device), "next": "/"})
    assert done["Location"] == f"{reverse('accounts:mfa_backup_codes')}?next=%2F"
    shown = client.get(done["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=counsellor).values_list("token", flat=True)
    assert len(codes) == 10 and all(code in shown for code in codes)
    again = client.get(done["Location"]).content.decode()
    assert not any(code in again for code in codes)
    assert "Je hebt nog 10 ongebruikte herstelcodes." in again
    assert client.get(reverse("home")).status_code == 200


def test_after_the_password_comes_the_code(client, counsellor, mfa_on):
    device, _codes = enrolled(counsellor)
    response = log_in(client, "begeleider")
    assert client.get(reverse("cases:list"))["Location"] == (
        f"{reverse('accounts:mfa_verify')}?next=%2Fcasussen%2F"
    )
    key_after_password = client.session.session_key
    verify = f"{reverse('accounts:mfa_verify')}?next=%2Fcasussen%2F"
    wrong = client.post(verify, {"code": "123456"})
    assert wrong.status_code == 400 and "Deze code klopt niet" in wrong.content.decode()
    response = client.post(verify, {"code": code_for(device), "next": "/casussen/"})
    assert response["Location"] == "/casussen/"
    assert client.session.session_key != key_after_password
    assert client.get(reverse("cases:list")).status_code == 200
    # The same code never works twice.
    client.post(reverse("accounts:logout"))
    log_in(client, "begeleider")
    assert (
        client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)}).status_code == 400
    )


def test_a_backup_code_works_once(client, counsellor, mfa_on):
    _device, codes = enrolled(counsellor)
    log_in(client, "begeleider")
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0].upper()}, follow=True)
    assert "Je hebt een herstelcode gebruikt. Je hebt er nog 9 over." in response.content.decode()
    client.post(reverse("accounts:logout"))
    log_in(client, "begeleider")
    assert client.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_while_the_second_step_is_open_only_logout_and_language_answer(client, counsellor, mfa_on):
    enrolled(counsellor)
    log_in(client, "begeleider")
    for url in [reverse("home"), reverse("accounts:inbox"), reverse("accounts:reauthenticate")]:
        assert client.get(url)["Location"].startswith(reverse("accounts:mfa_verify")), url
    htmx = client.get(reverse("accounts:inbox"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/account/tweestaps/")
    language = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert language["Location"] == "/"
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_next_address_must_be_on_this_site(client, counsellor, mfa_on):
    device, _codes = enrolled(counsellor)
    log_in(client, "begeleider")
    response = client.post(
        reverse("accounts:mfa_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_repeated_wrong_codes_slow_down(client, counsellor, settings):
    settings.ZW_MFA_REQUIRED = True
    device, _codes = enrolled(counsellor)
    log_in(client, "begeleider")
    client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    # Right away the right code is refused too: django-otp makes the next try wait.
    assert (
        client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)}).status_code == 400
    )
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_new_backup_codes_need_a_fresh_confirmation_and_replace_the_old(client, counsellor, mfa_on):
    device, old = enrolled(counsellor)
    log_in(client, "begeleider")
    client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    session = client.session
    session["zw_authenticated_at"] -= 600
    session.save()
    response = client.post(reverse("accounts:mfa_new_backup_codes"))
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    confirmed = client.post(
        response["Location"], {"password": "demo", "code": old[1], "resume": _resume(response)}
    )
    assert "Nu versturen" in confirmed.content.decode()
    client.post(reverse("accounts:mfa_new_backup_codes"))
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)


def _resume(response):
    return re.search(r"resume=([\w-]+)", response["Location"]).group(1)


def test_a_lost_phone_means_enrolling_again(client, counsellor, mfa_on):
    from django.core.management import call_command

    enrolled(counsellor)
    call_command("reset_two_step", "begeleider")
    log_in(client, "begeleider")
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:mfa_enrol"))


def test_enrolment_and_codes_pages_are_for_those_who_need_them(client, reporter, mfa_on):
    client.force_login(reporter)
    assert client.get(reverse("accounts:mfa_enrol"))["Location"] == reverse("home")
    assert client.get(reverse("accounts:mfa_verify"))["Location"] == reverse("home")
    assert client.get(reverse("accounts:mfa_backup_codes")).status_code == 404

"""Two-step sign-in and re-authentication in the browser: enrolment by QR code, backup codes,
the second step after the password and the confirmation before a weighty step — accessible."""

import os
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.sessions import AUTHENTICATED_AT
from escalation.services import take_case
from tests.browser import assert_accessible, log_in, log_out
from tests.test_mfa import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZW_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def mfa_on(settings):
    settings.ZW_MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_enrol_verify_and_confirm_before_changing_a_team(page, mfa_on, case, counsellor):
    take_case(case, acting_user=counsellor)
    log_in(page, counsellor.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen in twee stappen instellen")
    expect(
        page.get_by_role("img", name="QR-code om je authenticator-app te koppelen")
    ).to_be_visible()
    assert_accessible(page)
    _shot(page, "mfa_enrol")
    device = TOTPDevice.objects.get(user=counsellor, confirmed=False)
    page.get_by_label("Code uit de app").fill("000000")
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code uit de app").fill(code_for(device))
    page.get_by_role("button", name="Koppelen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    expect(page.get_by_role("list", name="Je herstelcodes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    _shot(page, "mfa_backup_codes")
    page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Casussen")

    log_out(page)
    log_in(page, counsellor.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen: tweede stap")
    assert_accessible(page)
    _shot(page, "mfa_verify")
    page.get_by_label("Code").fill(code_for(device, steps_ahead=1))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Casussen")

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[AUTHENTICATED_AT] = timezone.now().timestamp() - 600
    session.save()
    page.goto(f"/casussen/{case.reference}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig dat jij het bent")
    assert_accessible(page)
    _shot(page, "reauthenticate")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_label("Code").fill(code_for(device, steps_ahead=1))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(rf"/casussen/{case.reference}/team/$"))
    expect(page.get_by_role("button", name="Team opslaan")).to_be_visible()


def test_the_lockout_page_after_repeated_failures(page, counsellor):
    for _attempt in range(5):
        page.goto("/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(counsellor.username)
        page.get_by_label("Wachtwoord").fill("fout")
        page.get_by_role("button", name="Inloggen").click()
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(counsellor.username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    assert_accessible(page)
    _shot(page, "locked_out")

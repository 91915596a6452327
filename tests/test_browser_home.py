"""Every demo role signs in through the real form, sees its home page in Dutch and English."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import ensure_roles, get_system_user
from demo.people import ACCOUNTS, seed_accounts
from tests.browser import assert_accessible, log_in, log_out, open_account_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db):
    # The demo accounts only: these tests are about signing in, not about cases.
    ensure_roles()
    seed_accounts(acting_user=get_system_user())


def test_login_page_is_dutch_and_accessible(page, transactional_db):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/inloggen/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)


def test_wrong_password_keeps_username_and_explains(page, demo_data):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("counsellor")
    page.get_by_label("Wachtwoord").fill("verkeerd")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("counsellor")
    assert_accessible(page)


@pytest.mark.parametrize("username,roles", [(a[0], a[3]) for a in ACCOUNTS])
def test_demo_account_sees_home_in_dutch_and_english(page, demo_data, username, roles):
    role = Role.objects.get(code=roles[0])
    log_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_role("heading", name=role.label_nl)).to_be_visible()
    expect(page.get_by_text(role.description_nl)).to_be_visible()
    assert_accessible(page)

    open_account_menu(page)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel taal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name=role.label_en)).to_be_visible()
    expect(page.get_by_text(role.description_en)).to_be_visible()
    assert_accessible(page)

    # The preference belongs to the person: a new sign-in opens in English.
    log_out(page)
    page.context.clear_cookies()
    log_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_not_found_page_is_friendly_and_accessible(page, demo_data):
    log_in(page, "counsellor")
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de startpagina").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_a_form_only_address_opened_directly_is_a_friendly_page(page, demo_data):
    log_in(page, "counsellor")
    response = page.goto("/account/berichten/alles-gelezen/")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit adres werkt alleen via een knop")
    assert_accessible(page)
    page.get_by_role("link", name="Naar je startpagina").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

"""Demo accounts (password "demo") sign in only in the local demo: with debug off they are
refused whatever the database holds — by password, by single sign-on (tests/test_oidc.py), and
with a session that was opened before."""

import pytest
from django.urls import reverse

from accounts.backends import is_demo_account
from accounts.models import User
from accounts.services import ensure_roles, get_system_user
from demo.people import ACCOUNTS, DEMO_PASSWORD, seed_accounts


@pytest.fixture
def demo_accounts(db):
    ensure_roles()
    seed_accounts(acting_user=get_system_user())
    return User.objects.filter(username__in=[row[0] for row in ACCOUNTS])


def _sign_in(client, username, password=DEMO_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_every_demo_account_is_recognised_as_one(demo_accounts):
    assert demo_accounts.count() == len(ACCOUNTS)
    assert all(is_demo_account(user) for user in demo_accounts)
    assert not is_demo_account(User(username="p.devries", email="p.devries@hogeschool.nl"))
    # The benchmark signs its load accounts in with debug off.
    assert not is_demo_account(User(username="lm000001", email="lm000001@loadtest.example"))


def test_reporter_demo_signs_in_in_the_local_demo(client, demo_accounts, settings):
    settings.ZW_LOCAL_DEMO = True
    response = _sign_in(client, "reporter")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="reporter").pk)


@pytest.mark.parametrize("username", ["reporter", "admin", "board"])
def test_demo_accounts_are_refused_with_debug_off(client, demo_accounts, settings, username):
    settings.ZW_LOCAL_DEMO = False
    response = _sign_in(client, username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "gebruikersnaam en wachtwoord klopt niet" in response.text


def test_a_demo_session_opened_before_ends_with_debug_off(client, demo_accounts, settings):
    client.force_login(User.objects.get(username="reporter"))
    settings.ZW_LOCAL_DEMO = False
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_real_account_still_signs_in_with_debug_off(client, settings, unit):
    from tests.factories import UserFactory

    person = UserFactory(username="p.devries", email="p.devries@hogeschool.nl")
    person.set_password("een-lang-wachtwoord")
    person.save()
    settings.ZW_LOCAL_DEMO = False
    response = _sign_in(client, "p.devries", "een-lang-wachtwoord")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)

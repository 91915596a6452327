"""Sessions and login: idle and absolute limits, a new key at sign-in, deactivation ends every
session at once, lockout after repeated failures, secure cookies in production."""

import json
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import (
    ACTIVE_AT,
    SIGNED_IN_AT,
    end_sessions_of,
    sessions_ended_together,
)
from core.history import save_with_history
from tests.session_helpers import session_reads
from tests.test_deployment import PRODUCTION, manage


def _shift(client, **seconds_ago):
    """Pretend the session's moments lie this many seconds in the past."""
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "active": ACTIVE_AT}[key]] = now - ago
    session.save()
    return session.session_key


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_after_fifteen_idle_minutes_the_session_ends_and_the_login_page_says_why(counsellor):
    client = _signed_in(counsellor)
    key = _shift(client, active=15 * 60 + 5)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fcasussen%2F"
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Je bent automatisch uitgelogd omdat je 15 minuten niets hebt gedaan." in page
    assert client.get(reverse("home")).status_code == 302  # still signed out


def test_activity_within_the_limit_keeps_the_session_and_moves_the_clock(counsellor):
    client = _signed_in(counsellor)
    _shift(client, active=14 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert timezone.now().timestamp() - client.session[ACTIVE_AT] < 5


def test_twelve_hours_after_signing_in_the_session_ends_even_when_active(counsellor):
    client = _signed_in(counsellor)
    _shift(client, signed_in=12 * 3600 + 5, active=10)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "omdat je al 12 uur was ingelogd" in response.content.decode()


def test_the_limits_are_settings(counsellor, settings):
    settings.ZW_SESSION_IDLE_MINUTES = 30
    settings.ZW_SESSION_ABSOLUTE_HOURS = 1
    client = _signed_in(counsellor)
    _shift(client, active=20 * 60)
    assert client.get(reverse("home")).status_code == 200
    _shift(client, signed_in=3600 + 5)
    assert client.get(reverse("home")).status_code == 302


def test_limits_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.ZW_SESSION_IDLE_MINUTES, s.ZW_SESSION_ABSOLUTE_HOURS, s.SESSION_COOKIE_AGE)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={"ZW_SESSION_IDLE_MINUTES": "10", "ZW_SESSION_ABSOLUTE_HOURS": "8"},
    )
    assert result.stdout.split() == ["10", "8", str(8 * 3600)], result.stderr
    assert "ZW_SESSION_IDLE_MINUTES" in manage("check", env={"ZW_SESSION_IDLE_MINUTES": "0"}).stderr


def test_a_session_without_a_sign_in_moment_counts_as_expired(counsellor):
    client = _signed_in(counsellor)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_an_expired_htmx_request_sends_the_whole_page_to_login(counsellor):
    client = _signed_in(counsellor)
    _shift(client, active=3600)
    response = client.get(reverse("accounts:inbox"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_an_expired_post_is_not_carried_out(counsellor, case):
    client = _signed_in(counsellor)
    _shift(client, active=3600)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Faccount%2Ftaal%2F"
    counsellor.refresh_from_db()
    assert counsellor.language == ""


def test_signing_in_gives_the_session_a_new_key(client, counsellor):
    session = client.session
    session["zw_before_login"] = True
    session.save()
    before = session.session_key
    response = client.post(
        reverse("accounts:login"), {"username": "begeleider", "password": "demo"}
    )
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session[SIGNED_IN_AT] == client.session[ACTIVE_AT]


def test_deactivating_a_user_ends_all_their_sessions_and_only_theirs(counsellor, reporter):
    laptop, phone, other = _signed_in(counsellor), _signed_in(counsellor), _signed_in(reporter)
    counsellor.is_active = False
    save_with_history(counsellor, acting_user=reporter, reason="test", update_fields=["is_active"])
    live = set(Session.objects.values_list("session_key", flat=True))
    assert laptop.session.session_key not in live and phone.session.session_key not in live
    assert other.session.session_key in live
    assert laptop.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 200


def test_deactivating_in_the_admin_ends_the_sessions(client, functional_admin, counsellor):
    phone = _signed_in(counsellor)
    client.force_login(functional_admin)
    data = {
        "username": counsellor.username,
        "first_name": counsellor.first_name,
        "last_name": counsellor.last_name,
        "email": counsellor.email,
        "employee_number": "",
        "groups": [g.pk for g in counsellor.groups.all()],
        "units": [u.pk for u in counsellor.units.all()],
        "language": "",
        # is_active left out: the checkbox is unticked
    }
    response = client.post(reverse("admin:accounts_user_change", args=[counsellor.pk]), data)
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert not counsellor.is_active
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()


def test_saving_other_fields_of_an_active_user_keeps_their_sessions(counsellor):
    phone = _signed_in(counsellor)
    counsellor.language = "en"
    counsellor.save()
    assert Session.objects.filter(session_key=phone.session.session_key).exists()


def test_many_deactivations_end_their_sessions_in_one_pass(counsellor, reporter, dean):
    clients = [_signed_in(person) for person in (counsellor, reporter, dean)]
    with CaptureQueriesContext(connection) as queries, sessions_ended_together():
        for person in (counsellor, reporter):
            person.is_active = False
            person.save(update_fields=["is_active"])
        assert Session.objects.count() == 3  # nothing yet: ended together at the end
    assert session_reads(queries) == 2  # the count above, and the one pass
    live = set(Session.objects.values_list("session_key", flat=True))
    assert live == {clients[2].session.session_key}
    assert end_sessions_of([]) == 0


def test_end_sessions_of_ignores_other_and_anonymous_sessions(counsellor, reporter):
    anonymous = SessionStore()
    anonymous["lang"] = "nl"
    anonymous.create()
    mine = SessionStore()
    mine[SESSION_KEY] = str(counsellor.pk)
    mine.create()
    assert end_sessions_of([counsellor.pk, reporter.pk]) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [anonymous.session_key]


def test_repeated_failures_lock_out_with_the_attempt_logged(client, counsellor, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    url = reverse("accounts:login")
    for _attempt in range(5):
        client.post(url, {"username": "begeleider", "password": "fout"}, REMOTE_ADDR="10.0.0.7")
    attempt = AccessAttempt.objects.get(username="begeleider")
    assert (attempt.ip_address, attempt.failures_since_start) == ("10.0.0.7", 5)
    assert any("Locking out" in r.getMessage() for r in caplog.records)
    response = client.post(
        url, {"username": "begeleider", "password": "demo"}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    assert "Er is te vaak een verkeerd wachtwoord ingevoerd." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_production_cookies_are_secure_and_the_deploy_check_is_clean():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SESSION_COOKIE_"
        "SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.SESSION_ENGINE, s.ZW_MFA_REQUIRED]))"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert json.loads(result.stdout) == [
        True,
        True,
        True,
        "Lax",
        "django.contrib.sessions.backends.db",
        True,
    ], result.stderr
    check = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("value", ["0", "1"])
def test_two_step_sign_in_is_switchable_by_environment(value):
    code = "from django.conf import settings as s; print(s.ZW_MFA_REQUIRED)"
    result = manage(
        "shell", "--no-imports", "-c", code, env={**PRODUCTION, "ZW_MFA_REQUIRED": value}
    )
    assert result.stdout.strip() == str(value == "1"), result.stderr

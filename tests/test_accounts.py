import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import Role, User
from accounts.roles import RoleCode
from accounts.services import UnknownRoleError, set_user_roles


def test_the_ten_roles_exist_with_dutch_and_english_labels(db):
    roles = Role.objects.all()
    assert sorted(role.code for role in roles) == sorted(RoleCode.values)
    assert all(role.label_nl and role.label_en and role.group.name == role.code for role in roles)


def test_changing_roles_is_recorded_with_user_and_reason(counsellor, functional_admin):
    set_user_roles(
        counsellor,
        codes=[RoleCode.COUNSELLOR, RoleCode.DEAN],
        acting_user=functional_admin,
        reason="Waarneming teamleider",
    )
    latest = counsellor.history.latest()
    assert latest.history_user == functional_admin
    assert latest.history_change_reason == "Waarneming teamleider"
    assert sorted(User.objects.get(pk=counsellor.pk).role_codes) == ["counsellor", "dean"]
    assert {row.group.name for row in latest.groups.all()} == {"counsellor", "dean"}


def test_an_unknown_role_is_refused(counsellor):
    with pytest.raises(UnknownRoleError):
        set_user_roles(counsellor, codes=["superhero"], acting_user=counsellor, reason="x")


def test_inactive_user_holds_no_role(counsellor):
    counsellor.is_active = False
    assert not counsellor.has_role(RoleCode.COUNSELLOR)


def test_language_choice_is_kept_as_preference(client, counsellor):
    client.force_login(counsellor)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.language == "en"
    assert counsellor.history.latest().history_change_reason == "Taalvoorkeur gewijzigd"
    client.cookies.clear()
    client.force_login(counsellor)
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_language_switch_ignores_foreign_redirects_and_bad_values(client, counsellor):
    client.force_login(counsellor)
    response = client.post(
        reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    counsellor.refresh_from_db()
    assert counsellor.language == ""


def test_logout_needs_post(client, counsellor):
    client.force_login(counsellor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failures_lock_the_account_and_are_logged(client, counsellor):
    url = reverse("accounts:login")
    for _attempt in range(5):
        response = client.post(url, {"username": "begeleider", "password": "fout"})
    assert AccessAttempt.objects.get(username="begeleider").failures_since_start == 5
    response = client.post(url, {"username": "begeleider", "password": "demo"})
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()


def test_wrong_password_message_is_translated_and_username_kept(client, counsellor):
    response = client.post(
        reverse("accounts:login"), {"username": "begeleider", "password": "fout"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord klopt niet." in content
    assert 'value="begeleider"' in content


def test_system_user_cannot_log_in_even_with_a_password(client, db):
    from accounts.services import get_system_user

    system = get_system_user()
    assert not system.has_usable_password()
    system.set_password("geraden-wachtwoord")
    system.save()
    response = client.post(
        reverse("accounts:login"), {"username": "system", "password": "geraden-wachtwoord"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_dutch_is_the_default_whatever_the_browser_asks(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert "Log in met je account van de instelling." in response.content.decode()


def test_language_chosen_on_the_login_page_is_kept_in_a_cookie(client, db):
    client.post(reverse("accounts:language"), {"language": "en", "next": "/account/inloggen/"})
    response = client.get(reverse("accounts:login"))
    assert "Log in with your institution account." in response.content.decode()

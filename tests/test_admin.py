"""The configuration site: only the functional administrator, and never any case content."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.roles import RoleCode
from tests.conftest import PERSONAS

# Configuration only: users, roles and units; lockouts and second factors; retention rules.
CONFIG_APPS = {"accounts", "axes", "otp_totp", "otp_static", "django_otp", "retention"}


def test_functional_admin_manages_users_roles_and_units(client, functional_admin, counsellor):
    client.force_login(functional_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:accounts_user_change", args=[counsellor.pk])).status_code == 200
    )
    assert client.get(reverse("admin:accounts_role_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_organisationunit_changelist")).status_code == 200
    history = client.get(reverse("admin:accounts_user_history", args=[counsellor.pk]))
    assert history.status_code == 200


@pytest.mark.parametrize(
    "persona",
    [code for code in PERSONAS if code != RoleCode.FUNCTIONAL_ADMIN] + ["outsider"],
    indirect=True,
)
def test_other_roles_are_refused(client, persona):
    client.force_login(persona)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_superuser_without_the_role_is_refused(client, db):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 403


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=/beheer/")


def test_admin_registers_no_case_content():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered <= CONFIG_APPS | {"cases"}
    case_apps = {"cases", "escalation", "overleg", "audit"}
    configuration = {"cases.concerncategory"}  # the configurable list, no case content
    for model in admin.site._registry:
        if model._meta.label_lower not in configuration:
            assert model._meta.app_label not in case_apps, model
    assert apps.is_installed("cases")


def test_renaming_a_role_is_recorded(client, functional_admin):
    from accounts.models import Role

    role = Role.objects.get(code=RoleCode.COUNSELLOR)
    client.force_login(functional_admin)
    response = client.post(
        reverse("admin:accounts_role_change", args=[role.pk]),
        {
            "label_nl": "Studentendecaan",
            "label_en": "Student dean",
            "description_nl": role.description_nl,
            "description_en": role.description_en,
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.label_nl == "Studentendecaan"
    assert role.history.latest().history_user == functional_admin


def test_the_functional_admin_configures_concern_categories(client, functional_admin):
    from cases.models import ConcernCategory

    client.force_login(functional_admin)
    response = client.post(
        "/beheer/cases/concerncategory/add/",
        {
            "code": "pesten",
            "label_nl": "Pesten",
            "label_en": "Bullying",
            "order": 95,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    category = ConcernCategory.objects.get(code="pesten")
    assert category.history.get().history_user == functional_admin
    assert client.get("/beheer/cases/concerncategory/").status_code == 200

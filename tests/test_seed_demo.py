from io import StringIO

from django.core.management import call_command

from accounts.demo import ACCOUNTS
from accounts.models import OrganisationUnit, User


def _counts():
    return (
        User.objects.count(),
        OrganisationUnit.objects.count(),
        User.history.count(),
        OrganisationUnit.history.count(),
    )


def test_seed_demo_creates_one_account_per_role_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    for username, _first, _last, roles, units in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert set(user.role_codes) == set(roles)
        assert sorted(u.code for u in user.units.all()) == sorted(units)


def test_demo_accounts_are_recorded_as_made_by_the_system_user(db):
    call_command("seed_demo", stdout=StringIO())
    row = User.objects.get(username="dean").history.earliest()
    assert row.history_user.username == "system"
    assert row.history_change_reason == "Demogegevens geladen"


def test_seed_demo_refuses_to_run_in_production(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.ZW_LOCAL_DEMO = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()

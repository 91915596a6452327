"""A new installation's first administrators (`manage.py first_administrators`): every later
grant of a role is a request a second person decides, so an empty installation needs its first
functional administrators and privacy officer from the people who install it — at least two
people, only while nobody holds those roles, recorded as the installation's doing, and each
setting their own password from a link."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import RoleChange, RoleGrantRequest, User
from accounts.roles import RoleCode
from accounts.services import (
    FIRST_ADMINISTRATORS_REASON,
    RoleRefused,
    appoint_first_administrators,
    decide_role_grant,
    get_system_user,
    request_role_grant,
)
from tests.factories import UserFactory
from tests.threads import outcomes_of

R = RoleCode
INSTALLATION = RoleGrantRequest.Source.INSTALLATION
ADMIN_A = ("a.admin", "a.admin@hogeschool.example")
ADMIN_B = ("b.beheer", "b.beheer@hogeschool.example")
PRIVACY = ("p.privacy", "fg@hogeschool.example")


def _install(*args, capture):
    with capture(execute=True):
        call_command("first_administrators", *args)


def _password_link_mails():
    return [m for m in mail.outbox if m.subject == "Zorgwekkend: stel je wachtwoord in"]


def _password_links():
    return [m.to[0] for m in _password_link_mails()]


def _nothing_written():
    assert not RoleChange.objects.exists()
    assert not User.objects.filter(username__in=[ADMIN_A[0], ADMIN_B[0], PRIVACY[0]]).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_new_installation_gets_its_administrators_recorded_and_a_link_each(
    django_capture_on_commit_callbacks, capsys
):
    _install(
        "--functional-admin", *ADMIN_A, "--privacy-officer", *PRIVACY,
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "a.admin (nieuw account): Functioneel beheerder" in out
    assert "p.privacy (nieuw account)" in out
    system = get_system_user()
    for (username, email), code in ((ADMIN_A, R.FUNCTIONAL_ADMIN), (PRIVACY, R.PRIVACY_OFFICER)):
        user = User.objects.get(username=username)
        assert user.role_codes == {code}
        assert (user.email, user.has_usable_password()) == (email, False)
        change = RoleChange.objects.get(user=user)
        assert (change.kind, change.role.code, change.acting_user, change.source) == (
            "granted", code, system, INSTALLATION,
        )  # fmt: skip
        assert change.approved_by_source
        record = user.history.latest("history_date")
        assert (record.history_user, record.history_change_reason) == (
            system, FIRST_ADMINISTRATORS_REASON,
        )  # fmt: skip
    # Each sets their own password; nobody else ever saw one.
    assert sorted(_password_links()) == sorted([ADMIN_A[1], PRIVACY[1]])
    # The privacy officer is told of the grant, as of every grant: no name in the message.
    [told] = [m for m in mail.outbox if m not in _password_link_mails()]
    assert told.to == [PRIVACY[1]]
    for personal in ADMIN_A:
        assert personal not in told.subject + told.body


@pytest.mark.django_db
def test_after_them_a_role_is_a_request_the_second_one_approves(
    django_capture_on_commit_callbacks,
):
    _install(
        "--functional-admin", *ADMIN_A, "--functional-admin", *ADMIN_B,
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    first, second = User.objects.get(username=ADMIN_A[0]), User.objects.get(username=ADMIN_B[0])
    colleague = UserFactory(username="f.fg", roles=[R.REPORTER])
    [asked] = request_role_grant(
        colleague, code=R.PRIVACY_OFFICER, acting_user=first, reason="Onze FG"
    )
    with pytest.raises(RoleRefused):
        decide_role_grant(asked, approve=True, reason="zelf", acting_user=first)
    decide_role_grant(asked, approve=True, reason="Akkoord", acting_user=second)
    assert R.PRIVACY_OFFICER in User.objects.get(pk=colleague.pk).role_codes
    # ... and the installation cannot be used again to skip that.
    with pytest.raises(CommandError, match="heeft al een functioneel beheerder"):
        call_command("first_administrators", "--functional-admin", "c.c", "c@x.nl",
                     "--functional-admin", "d.d", "d@x.nl")  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "holder", [R.FUNCTIONAL_ADMIN, R.PRIVACY_OFFICER], ids=["an admin", "a privacy officer"]
)
def test_refused_once_anyone_holds_either_role(holder):
    UserFactory(username="bestaand", roles=[holder])
    with pytest.raises(RoleRefused, match="heeft al een functioneel beheerder"):
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_B, R.FUNCTIONAL_ADMIN)]
        )
    _nothing_written()


@pytest.mark.django_db
def test_a_deactivated_administrator_leaves_the_installation_without_one():
    """Only active people count: an installation whose only administrators left can start again
    (otherwise nobody could ever administer it)."""
    UserFactory(username="vertrokken", roles=[R.FUNCTIONAL_ADMIN], is_active=False)
    appointed = appoint_first_administrators(
        [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
    )
    assert [code for _user, code, _created in appointed] == [R.FUNCTIONAL_ADMIN, R.PRIVACY_OFFICER]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN)], "minstens twee personen"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_A, R.PRIVACY_OFFICER)], "minstens twee personen"),
        ([(*PRIVACY, R.PRIVACY_OFFICER), (*ADMIN_B, R.PRIVACY_OFFICER)], "functioneel beheerder"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_B, R.DEAN)], "Onbekende rol"),
        (
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b.beheer", "geen adres", R.FUNCTIONAL_ADMIN)],
            "geen e-mailadres",
        ),
        (
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b.beheer", "", R.FUNCTIONAL_ADMIN)],
            "geen e-mailadres",
        ),
    ],
    ids=[
        "one person",
        "one person twice",
        "no admin",
        "a case role",
        "a bad address",
        "no address",
    ],
)
def test_what_it_refuses_it_refuses_whole(people, message):
    with pytest.raises(RoleRefused, match=message):
        appoint_first_administrators(people)
    _nothing_written()


@pytest.mark.django_db
def test_an_account_from_the_staff_import_is_used_as_it_is(django_capture_on_commit_callbacks):
    imported = UserFactory(username=ADMIN_A[0], email="", roles=[R.REPORTER])
    imported.set_password("eigen-wachtwoord-123")
    imported.save()
    with django_capture_on_commit_callbacks(execute=True):
        appointed = appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    assert [(u.username, created) for u, _code, created in appointed] == [
        (ADMIN_A[0], False), (PRIVACY[0], True),
    ]  # fmt: skip
    imported.refresh_from_db()
    assert imported.email == ADMIN_A[1]  # it had none
    assert imported.check_password("eigen-wachtwoord-123")
    assert User.objects.get(pk=imported.pk).role_codes == {R.REPORTER, R.FUNCTIONAL_ADMIN}
    # The one with a password of their own gets no link.
    assert _password_links() == [PRIVACY[1]]


@pytest.mark.django_db
def test_an_account_with_another_address_is_refused_not_changed():
    UserFactory(username=ADMIN_A[0], email="ander@hogeschool.example")
    with pytest.raises(RoleRefused, match="ander e-mailadres"):
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    assert User.objects.get(username=ADMIN_A[0]).email == "ander@hogeschool.example"
    assert not RoleChange.objects.exists()
    assert not Group.objects.get(name=R.FUNCTIONAL_ADMIN).user_set.exists()


@pytest.mark.django_db
def test_the_command_says_what_is_wrong_in_english_too():
    with translation.override("en"), pytest.raises(CommandError, match="at least two people"):
        call_command("first_administrators", "--functional-admin", *ADMIN_A)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_installers_at_once_appoint_one_set():
    outcomes = outcomes_of(
        [
            lambda: appoint_first_administrators(
                [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
            ),
            lambda: appoint_first_administrators(
                [(*ADMIN_B, R.FUNCTIONAL_ADMIN), ("q.privacy", "q@x.nl", R.PRIVACY_OFFICER)]
            ),
        ]
    )
    assert outcomes.count("ok") == 1
    [refused] = [outcome for outcome in outcomes if outcome != "ok"]
    assert "heeft al een functioneel beheerder" in refused
    assert RoleChange.objects.count() == 2

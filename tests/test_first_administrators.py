"""A new installation's first administrators (`manage.py first_administrators`): every later
grant of a role is a request a second person decides, so an empty installation needs its first
functional administrators and privacy officer from the people who install it — at least two
people with addresses of their own, only while nobody holds or ever held those roles, recorded
as the installation's doing and told to the privacy officer, each person setting their own
password from a link. Every way around it is tried: one person as two accounts, running it
again (after deactivating everyone), an imported account without an address, messy names."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts import notice_kinds
from accounts.models import InboxItem, OutboxMessage, RoleChange, RoleGrantRequest, User
from accounts.roles import RoleCode
from accounts.services import (
    FIRST_ADMINISTRATORS_REASON,
    RoleRefused,
    appoint_first_administrators,
    decide_role_grant,
    get_system_user,
    request_role_grant,
    revoke_role,
)
from tests.factories import UserFactory
from tests.threads import outcomes_of

R = RoleCode
INSTALLATION = RoleGrantRequest.Source.INSTALLATION
ADMIN_A = ("a.admin", "a.admin@hogeschool.example")
ADMIN_B = ("b.beheer", "b.beheer@hogeschool.example")
PRIVACY = ("p.privacy", "fg@hogeschool.example")
PASSWORD_LINK_SUBJECT = "Zorgwekkend: stel je wachtwoord in"


@pytest.fixture(autouse=True)
def _dutch():
    """The messages asserted on are the Dutch ones, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


def _install(*args, capture):
    with capture(execute=True):
        call_command("first_administrators", *args)


def _password_links():
    return [m.to[0] for m in mail.outbox if m.subject == PASSWORD_LINK_SUBJECT]


def _nothing_written():
    """No account, grant, history row, message or e-mail queued: a refusal keeps nothing."""
    new = [ADMIN_A[0], ADMIN_B[0], PRIVACY[0]]
    assert not User.objects.filter(username__in=new).exists()
    assert not RoleChange.objects.exists()
    assert not User.history.filter(history_change_reason=FIRST_ADMINISTRATORS_REASON).exists()
    assert not OutboxMessage.objects.exists()
    assert not InboxItem.objects.filter(kind=notice_kinds.ROLE_CHANGED).exists()


@pytest.mark.django_db
def test_a_new_installation_gets_its_administrators_recorded_and_a_link_each(
    django_capture_on_commit_callbacks, capsys
):
    _install(
        "--functional-admin", *ADMIN_A, "--functional-admin", *ADMIN_B,
        "--privacy-officer", *PRIVACY,
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "a.admin (nieuw account): Functioneel beheerder" in out
    assert "p.privacy (nieuw account)" in out
    system = get_system_user()
    expected = (
        (ADMIN_A, R.FUNCTIONAL_ADMIN),
        (ADMIN_B, R.FUNCTIONAL_ADMIN),
        (PRIVACY, R.PRIVACY_OFFICER),
    )
    for (username, email), code in expected:
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
    assert sorted(_password_links()) == sorted(email for (_name, email), _code in expected)
    # The privacy officer is told of every grant, their own included — a kind and a link, no name.
    officer = User.objects.get(username=PRIVACY[0])
    told = InboxItem.objects.filter(user=officer, kind=notice_kinds.ROLE_CHANGED)
    assert told.count() == 3
    for item in told:
        for personal in (*ADMIN_A, *ADMIN_B):
            assert personal not in item.subject


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
    with pytest.raises(CommandError, match="heeft of had al een functioneel beheerder"):
        call_command("first_administrators", "--functional-admin", "c.c", "c@x.nl",
                     "--functional-admin", "d.d", "d@x.nl")  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("holder", [R.FUNCTIONAL_ADMIN, R.PRIVACY_OFFICER])
@pytest.mark.parametrize("how", ["holds it", "holds it, deactivated", "held it once"])
def test_refused_once_anyone_holds_or_held_either_role(holder, how, functional_admin):
    someone = UserFactory(username="bestaand", email="bestaand@x.nl", roles=[R.REPORTER])
    [asked] = request_role_grant(someone, code=holder, acting_user=functional_admin, reason="x")
    decide_role_grant(asked, approve=True, reason="x", acting_user=UserFactory(
        username="tweede", roles=[R.PRIVACY_OFFICER]
    ))  # fmt: skip
    # The one who asked and the one who approved have left: only `someone` holds or held it.
    functional_admin.groups.clear()
    User.objects.get(username="tweede").groups.clear()
    if how == "holds it, deactivated":
        someone.is_active = False
        someone.save()
    if how == "held it once":
        revoke_role(someone, code=holder, acting_user=functional_admin, reason="vertrokken")
    before = RoleChange.objects.count()
    with pytest.raises(RoleRefused, match="heeft of had al een functioneel beheerder"):
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_B, R.FUNCTIONAL_ADMIN)]
        )
    assert RoleChange.objects.count() == before
    assert not User.objects.filter(username__in=[ADMIN_A[0], ADMIN_B[0]]).exists()


@pytest.mark.django_db
def test_a_deactivated_holder_without_a_recorded_grant_still_counts():
    """Roles seeded with the database (demo data, an earlier version) have no grant row: the
    accounts holding them count, active or not."""
    UserFactory(username="vertrokken", roles=[R.FUNCTIONAL_ADMIN], is_active=False)
    with pytest.raises(RoleRefused, match="heeft of had al een functioneel beheerder"):
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_B, R.FUNCTIONAL_ADMIN)]
        )
    _nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN)], "minstens twee personen"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_A, R.PRIVACY_OFFICER)], "minstens twee personen"),
        # One person as two accounts would approve their own requests.
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("a.admin2", ADMIN_A[1].upper(), R.FUNCTIONAL_ADMIN)],
         "eigen e-mailadres"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), (ADMIN_A[0], "ander@x.nl", R.PRIVACY_OFFICER),
          (*ADMIN_B, R.FUNCTIONAL_ADMIN)], "eigen e-mailadres"),
        ([(*PRIVACY, R.PRIVACY_OFFICER), (*ADMIN_B, R.PRIVACY_OFFICER)], "functioneel beheerder"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*ADMIN_B, R.DEAN)], "Onbekende rol"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b.beheer", "geen adres", R.FUNCTIONAL_ADMIN)],
         "geen geldige gebruikersnaam"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b.beheer", "", R.FUNCTIONAL_ADMIN)],
         "geen geldige gebruikersnaam"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b beheer", ADMIN_B[1], R.FUNCTIONAL_ADMIN)],
         "geen geldige gebruikersnaam"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("   ", ADMIN_B[1], R.FUNCTIONAL_ADMIN)],
         "geen geldige gebruikersnaam"),
        ([(*ADMIN_A, R.FUNCTIONAL_ADMIN), ("b" * 151, ADMIN_B[1], R.FUNCTIONAL_ADMIN)],
         "geen geldige gebruikersnaam"),
    ],
    ids=["one person", "one person twice", "one address twice", "one name two addresses",
         "no admin", "a case role", "a bad address", "no address", "a space in the name",
         "no name", "a name too long"],
)  # fmt: skip
def test_what_it_refuses_it_refuses_whole(people, message):
    with pytest.raises(RoleRefused, match=message):
        appoint_first_administrators(people)
    _nothing_written()


@pytest.mark.django_db
def test_names_and_addresses_are_taken_as_meant():
    appointed = appoint_first_administrators(
        [(" a.admin ", " a.admin@hogeschool.example ", R.FUNCTIONAL_ADMIN),
         (*PRIVACY, R.PRIVACY_OFFICER)]
    )  # fmt: skip
    # The privacy officer first, so that they are told of every grant.
    assert [(u.username, u.email) for u, _code, _created in appointed] == [PRIVACY, ADMIN_A]


@pytest.mark.django_db
def test_an_account_from_the_staff_import_is_used_as_it_is(django_capture_on_commit_callbacks):
    imported = UserFactory(username=ADMIN_A[0], email=ADMIN_A[1], roles=[R.REPORTER])
    imported.set_password("eigen-wachtwoord-123")
    imported.save()
    # The import asked for the role before anyone could approve it: that request is withdrawn.
    [waiting] = request_role_grant(
        imported, code=R.FUNCTIONAL_ADMIN, acting_user=get_system_user(), reason="import",
        source=RoleGrantRequest.Source.IMPORT,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        appointed = appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    assert [(u.username, created) for u, _code, created in appointed] == [
        (PRIVACY[0], True), (ADMIN_A[0], False),
    ]  # fmt: skip
    imported.refresh_from_db()
    assert imported.check_password("eigen-wachtwoord-123")
    assert User.objects.get(pk=imported.pk).role_codes == {R.REPORTER, R.FUNCTIONAL_ADMIN}
    waiting.refresh_from_db()
    assert waiting.state == RoleGrantRequest.State.WITHDRAWN
    assert RoleChange.objects.filter(user=imported).count() == 1
    # The one with a password of their own gets no link.
    assert _password_links() == [PRIVACY[1]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("account", "message"),
    [
        ({"email": "ander@hogeschool.example"}, "ander e-mailadres"),
        ({"email": ""}, "ander e-mailadres"),  # never hand an account to a typed address
        ({"email": ADMIN_A[1], "is_active": False}, "niet actief"),
    ],
    ids=["another address", "no address", "deactivated"],
)
def test_an_existing_account_that_does_not_fit_is_refused_and_nothing_kept(account, message):
    UserFactory(username=ADMIN_A[0], **account)
    with pytest.raises(RoleRefused, match=message):
        # The privacy officer's new account is made first, then the refusal undoes it.
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    assert User.objects.get(username=ADMIN_A[0]).email == account["email"]
    assert not User.objects.filter(username=PRIVACY[0]).exists()
    assert not RoleChange.objects.filter(source=INSTALLATION).exists()
    assert not Group.objects.get(name=R.FUNCTIONAL_ADMIN).user_set.exists()


@pytest.mark.django_db
def test_the_system_account_and_someone_elses_address_are_refused():
    get_system_user()
    with pytest.raises(RoleRefused, match="systeemaccount"):
        appoint_first_administrators(
            [("system", "s@x.nl", R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    UserFactory(username="collega", email=ADMIN_A[1])
    with pytest.raises(RoleRefused, match="hoort al bij een ander account"):
        appoint_first_administrators(
            [(*ADMIN_A, R.FUNCTIONAL_ADMIN), (*PRIVACY, R.PRIVACY_OFFICER)]
        )
    assert not RoleChange.objects.filter(source=INSTALLATION).exists()


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
    assert "heeft of had al een functioneel beheerder" in refused
    assert RoleChange.objects.count() == 2

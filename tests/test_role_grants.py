"""Role administration with four eyes (issue 17): nobody changes their own roles or units; a
role that reaches case content or the access log is a request a second person approves (another
functional administrator or the privacy officer); revoking is immediate; every grant and
revocation is a notification to the privacy officer and a line in the anomaly report; nobody
sets another person's password in /beheer/. Every way in is tried: the admin's change and add
forms, a direct service call, the staff import and single sign-on."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import InboxItem, RoleChange, RoleGrantRequest, User
from accounts.roles import RoleCode
from accounts.services import (
    RoleRefused,
    apply_sso_claims,
    change_roles,
    change_units,
    create_sso_user,
    decide_role_grant,
    get_system_user,
    request_role_grant,
    revoke_role,
)
from audit.anomalies import report_access_anomalies
from audit.models import AccessAnomaly
from core.errors import EditConflict
from directory import services as directory
from directory.plans import plan_for_file
from tests.factories import ProgrammeFactory, UserFactory

R = RoleCode
State = RoleGrantRequest.State
ADMIN = RoleGrantRequest.Source.ADMIN


@pytest.fixture
def second_admin(db):
    return UserFactory(username="beheerder2", roles=[R.FUNCTIONAL_ADMIN])


@pytest.fixture
def colleague(unit):
    """A staff member with no case role yet, in the unit."""
    return UserFactory(username="collega", roles=[R.REPORTER], units=[unit])


def _group(code):
    return Group.objects.get(role__code=code)


def _admin_form(user, **changes):
    """The change form's fields as the admin sends them (roles as group ids)."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "employee_number": user.employee_number,
        "groups": [g.pk for g in user.groups.all()],
        "units": [u.pk for u in user.units.all()],
        "is_active": "on",
        "language": "",
        "_save": "Opslaan",
    }
    data.update(changes)
    return data


def _roles(user):
    return User.objects.get(pk=user.pk).role_codes


def _notified(user, kind):
    return InboxItem.objects.filter(user=user, kind=kind).count()


# --- The admin's change form ------------------------------------------------------------------


def test_the_admin_cannot_give_themselves_the_dean_role_or_units(
    client, functional_admin, unit, privacy_officer
):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[functional_admin.pk])
    page = client.get(url).content.decode()
    assert 'name="groups"' not in page and 'name="units"' not in page  # shown, not editable
    dean = _group(R.DEAN)
    response = client.post(
        url, _admin_form(functional_admin, groups=[_group(R.FUNCTIONAL_ADMIN).pk, dean.pk],
                         units=[unit.parent.pk]),
    )  # fmt: skip
    assert response.status_code == 302
    assert _roles(functional_admin) == {R.FUNCTIONAL_ADMIN}
    assert not functional_admin.units.exists()
    assert not RoleGrantRequest.objects.exists()


def test_a_direct_service_call_on_ones_own_account_is_refused(functional_admin, unit):
    for attempt in (
        lambda: change_roles(functional_admin, codes=[R.FUNCTIONAL_ADMIN, R.DEAN],
                             acting_user=functional_admin, reason="x", source=ADMIN),
        lambda: request_role_grant(functional_admin, code=R.DEAN, acting_user=functional_admin,
                                   reason="x"),
        lambda: change_units(functional_admin, units=[unit], acting_user=functional_admin,
                             reason="x", source=ADMIN),
        lambda: revoke_role(functional_admin, code=R.FUNCTIONAL_ADMIN,
                            acting_user=functional_admin, reason="x"),
    ):  # fmt: skip
        with pytest.raises(RoleRefused):
            attempt()
    assert _roles(functional_admin) == {R.FUNCTIONAL_ADMIN}
    assert not functional_admin.units.exists()


def test_ticking_a_case_role_asks_a_second_person_and_says_who(
    client, functional_admin, second_admin, privacy_officer, colleague
):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    response = client.post(
        url, _admin_form(colleague, groups=[_group(R.REPORTER).pk, _group(R.DEAN).pk]),
        follow=True,
    )  # fmt: skip
    text = response.content.decode()
    assert "Aangevraagd: Teamleider decanaat" in text
    assert "functionaris gegevensbescherming" in text and reverse("accounts:role_requests") in text
    assert _roles(colleague) == {R.REPORTER}  # nothing granted yet
    [asked] = RoleGrantRequest.objects.all()
    assert (asked.user, asked.role.code, asked.requested_by, asked.state) == (
        colleague, R.DEAN, functional_admin, State.PENDING,
    )  # fmt: skip
    assert asked.history.get().history_user == functional_admin
    # The approvers are told; the requester is not asked to decide their own request.
    assert _notified(second_admin, "role_request") == 1
    assert _notified(privacy_officer, "role_request") == 1
    assert _notified(functional_admin, "role_request") == 0


def test_a_role_without_case_reach_is_given_at_once_and_the_privacy_officer_is_told(
    client, functional_admin, privacy_officer, colleague
):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    client.post(url, _admin_form(colleague, groups=[_group(R.REPORTER).pk, _group(R.TRAINER).pk]))
    assert _roles(colleague) == {R.REPORTER, R.TRAINER}
    change = RoleChange.objects.get(user=colleague)
    assert (change.kind, change.role.code, change.acting_user) == (
        "granted", R.TRAINER, functional_admin,
    )  # fmt: skip
    assert _notified(privacy_officer, "role_changed") == 1
    assert not RoleGrantRequest.objects.exists()


def test_revoking_is_immediate_recorded_and_told(
    client, functional_admin, privacy_officer, counsellor
):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[counsellor.pk])
    client.post(url, _admin_form(counsellor, groups=[]))
    assert _roles(counsellor) == set()
    change = RoleChange.objects.get(user=counsellor)
    assert (change.kind, change.role.code) == ("revoked", R.COUNSELLOR)
    assert _notified(privacy_officer, "role_changed") == 1
    last = counsellor.history.latest()
    assert (last.history_user, last.history_change_reason) == (
        functional_admin,
        "Gewijzigd in beheer",
    )


def test_the_address_of_a_case_role_holder_is_not_editable(client, functional_admin, counsellor):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[counsellor.pk])
    client.post(url, _admin_form(counsellor, email="aanvaller@example.com"))
    counsellor.refresh_from_db()
    assert counsellor.email == "begeleider@hogeschool.example"


# --- The admin's add form and passwords -------------------------------------------------------


def test_a_new_account_with_a_case_role_has_no_password_and_waits_for_approval(
    client, functional_admin, second_admin, unit, django_capture_on_commit_callbacks
):
    client.force_login(functional_admin)
    form = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'type="password"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nieuwe.decaan",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "email": "n.nieuw@hogeschool.example",
                "employee_number": "",
                "groups": [_group(R.DEAN).pk],
                "units": [unit.parent.pk],
                "_save": "Opslaan",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="nieuwe.decaan")
    assert not user.has_usable_password()  # nobody but Nina will know it
    assert user.role_codes == set()  # so no second factor is enrolled by anyone else either
    assert user.role_requests.get().role.code == R.DEAN
    [link] = [m for m in mail.outbox if m.to == ["n.nieuw@hogeschool.example"]]
    assert "/account/wachtwoord/" in link.body


def test_nobody_sets_another_persons_password_in_the_admin(client, functional_admin, counsellor):
    client.force_login(functional_admin)
    url = reverse("admin:accounts_user_change", args=[counsellor.pk])
    assert client.get(f"/beheer/accounts/user/{counsellor.pk}/password/").status_code == 404
    response = client.post(
        f"/beheer/accounts/user/{counsellor.pk}/password/",
        {"password1": "Overgenomen-123", "password2": "Overgenomen-123"},
    )
    assert response.status_code == 404
    counsellor.refresh_from_db()
    assert counsellor.check_password("demo")
    assert "../password/" not in client.get(url).content.decode()


def test_the_reset_link_lets_the_person_choose_their_own_password_once(
    client, functional_admin, counsellor, django_capture_on_commit_callbacks
):
    client.force_login(functional_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_password_link", "_selected_action": [counsellor.pk]},
        )
    [message] = mail.outbox
    assert message.to == [counsellor.email]
    link = re.search(r"http://[^/]+(/account/wachtwoord/\S+/)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Stel je wachtwoord in" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Eigen-keuze-2026!", "new_password2": "Eigen-keuze-2026!"}
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.check_password("Eigen-keuze-2026!")
    assert "niet (meer)" in client.get(link, follow=True).content.decode()  # used once


# --- Deciding: four eyes ----------------------------------------------------------------------


@pytest.fixture
def asked(functional_admin, colleague):
    [grant_request] = request_role_grant(
        colleague, code=R.DEAN, acting_user=functional_admin, reason="Nieuwe teamleider"
    )
    return grant_request


def test_the_requester_cannot_approve_their_own_request(asked, functional_admin, colleague):
    with pytest.raises(RoleRefused):
        decide_role_grant(asked, approve=True, reason="", acting_user=functional_admin)
    assert _roles(colleague) == {R.REPORTER}
    assert RoleGrantRequest.objects.get(pk=asked.pk).state == State.PENDING


def test_the_person_it_is_for_cannot_approve_it(functional_admin, second_admin):
    [grant_request] = request_role_grant(
        second_admin, code=R.PRIVACY_OFFICER, acting_user=functional_admin, reason="x"
    )
    with pytest.raises(RoleRefused):
        decide_role_grant(grant_request, approve=True, reason="", acting_user=second_admin)
    assert _roles(second_admin) == {R.FUNCTIONAL_ADMIN}


@pytest.mark.parametrize("persona", ["dean", "counsellor", "board_member", "outsider"])
def test_nobody_but_an_approver_decides(asked, request, persona, colleague):
    with pytest.raises(RoleRefused):
        decide_role_grant(
            asked, approve=True, reason="", acting_user=request.getfixturevalue(persona)
        )
    assert _roles(colleague) == {R.REPORTER}


def test_a_second_admin_approves_and_the_role_takes_effect_recorded(
    asked, second_admin, privacy_officer, colleague, functional_admin
):
    decide_role_grant(asked, approve=True, reason="", acting_user=second_admin)
    assert _roles(colleague) == {R.REPORTER, R.DEAN}
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == (State.APPROVED, second_admin)
    assert [h.history_user for h in asked.history.order_by("history_id")] == [
        functional_admin, second_admin,
    ]  # fmt: skip
    granted = RoleChange.objects.get(user=colleague, kind="granted")
    assert (granted.acting_user, granted.request, granted.approved_by_source) == (
        second_admin, asked, False,
    )  # fmt: skip
    assert colleague.history.latest().history_user == second_admin
    assert _notified(privacy_officer, "role_changed") == 1
    # The approvers' task is done for everyone who was asked.
    assert not InboxItem.objects.filter(kind="role_request", done_at__isnull=True).exists()
    with pytest.raises(EditConflict):  # the losing decision
        decide_role_grant(asked, approve=False, reason="Nee", acting_user=privacy_officer)


def test_the_privacy_officer_may_approve_too(asked, privacy_officer, colleague):
    decide_role_grant(asked, approve=True, reason="", acting_user=privacy_officer)
    assert R.DEAN in _roles(colleague)


def test_a_rejection_grants_nothing(asked, second_admin, colleague):
    decide_role_grant(asked, approve=False, reason="Geen teamleider", acting_user=second_admin)
    assert _roles(colleague) == {R.REPORTER}
    assert not RoleChange.objects.filter(user=colleague).exists()


# --- Units that widen a case role ---------------------------------------------------------------


def test_adding_a_unit_to_a_counsellor_is_a_request_removing_is_immediate(
    functional_admin, second_admin, counsellor, unit
):
    other = ProgrammeFactory(code="SW", name="Social Work", parent=unit.parent)
    how = {"acting_user": functional_admin, "reason": "x", "source": ADMIN}
    [widened] = change_units(counsellor, units=[unit, other], **how)
    assert list(counsellor.units.all()) == [unit]
    assert list(widened.units.all()) == [other] and widened.role is None
    decide_role_grant(widened, approve=True, reason="", acting_user=second_admin)
    assert set(counsellor.units.all()) == {unit, other}
    assert change_units(counsellor, units=[other], **how) == []
    assert list(counsellor.units.all()) == [other]
    kinds = list(
        RoleChange.objects.filter(user=counsellor).order_by("pk").values_list("kind", "units")
    )
    assert kinds == [("units_added", "SW"), ("units_removed", "VPK")]


def test_units_of_someone_without_a_case_role_change_at_once(functional_admin, colleague, unit):
    other = ProgrammeFactory(code="SW", name="Social Work", parent=unit.parent)
    made = change_units(colleague, units=[other], acting_user=functional_admin, reason="x",
                        source=ADMIN)  # fmt: skip
    assert made == [] and list(colleague.units.all()) == [other]


# --- The approval page, the work queue and the navigation ------------------------------------


@pytest.mark.parametrize("persona", ["counsellor", "dean", "board_member", "reporter", "outsider"])
def test_the_page_is_a_404_for_everyone_else(client, request, persona, asked):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:role_requests")).status_code == 404
    decide = reverse("accounts:decide_role_request", args=[asked.pk])
    assert client.post(decide, {f"r{asked.pk}-decision": "approve"}).status_code == 404


def test_the_approver_sees_it_waiting_and_decides_on_the_page(
    client, asked, second_admin, colleague
):
    client.force_login(second_admin)
    home = client.get(reverse("home"))
    assert "1 aanvraag voor een rol wacht op je goedkeuring" in [
        w.label for w in home.context["work"]
    ]
    item = next(
        i for i in home.context["nav_items"] if i["url"] == reverse("accounts:role_requests")
    )
    assert item["badge"] == 1
    page = client.get(reverse("accounts:role_requests")).content.decode()
    assert "Teamleider decanaat voor" in page and colleague.username in page
    assert colleague.email in page  # where the link to set a password would go
    decide = reverse("accounts:decide_role_request", args=[asked.pk])
    refused = client.post(decide, {f"r{asked.pk}-decision": "reject", f"r{asked.pk}-reason": ""})
    assert refused.status_code == 400
    assert "Schrijf op waarom" in refused.content.decode()
    response = client.post(decide, {f"r{asked.pk}-decision": "approve", f"r{asked.pk}-reason": ""})
    assert response.status_code == 302
    assert R.DEAN in _roles(colleague)
    again = client.post(decide, {f"r{asked.pk}-decision": "approve", f"r{asked.pk}-reason": ""})
    assert again.status_code == 409
    home = client.get(reverse("home"))
    assert not [w for w in home.context["work"] if "aanvraag" in w.label]


def test_the_requester_sees_the_request_but_no_decision_form(client, asked, functional_admin):
    client.force_login(functional_admin)
    home = client.get(reverse("home"))
    assert not [w for w in home.context["work"] if "aanvraag" in w.label]
    page = client.get(reverse("accounts:role_requests")).content.decode()
    assert "Deze aanvraag beoordeel je niet zelf" in page
    assert reverse("accounts:decide_role_request", args=[asked.pk]) not in page
    decide = reverse("accounts:decide_role_request", args=[asked.pk])
    response = client.post(decide, {f"r{asked.pk}-decision": "approve"})
    assert "tweede persoon" in response.content.decode()
    assert RoleGrantRequest.objects.get(pk=asked.pk).state == State.PENDING


# --- The anomaly report -----------------------------------------------------------------------


def test_every_grant_and_revocation_is_a_line_in_the_anomaly_report(
    client, asked, second_admin, privacy_officer, colleague, functional_admin
):
    decide_role_grant(asked, approve=True, reason="", acting_user=second_admin)
    revoke_role(colleague, code=R.REPORTER, acting_user=functional_admin, reason="x")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    RoleChange.objects.filter(user=colleague).update(at=yesterday)  # as if it happened then
    new = report_access_anomalies()
    [line] = [a for a in new if a.kind == AccessAnomaly.Kind.ROLES]
    assert (line.user, line.count) == (colleague, 2)
    assert "rol toegekend: dean (goedgekeurd door beheerder2" in line.detail
    assert "rol ingetrokken: reporter (door beheerder" in line.detail
    assert _notified(privacy_officer, "access_anomalies") == 1
    client.force_login(privacy_officer)
    page = client.get(reverse("audit:anomalies")).content.decode()
    assert "Rollen of eenheden toegekend of ingetrokken" in page
    assert report_access_anomalies() == []  # safe to run twice


# --- The staff import and single sign-on ----------------------------------------------------

STAFF = "personeelsnummer;voornaam;achternaam;e-mail;eenheid;rollen\n"


def _import(rows, *, acting_user):
    data = (STAFF + rows).encode()
    plan = plan_for_file(data, kind="staff", full_export=False)
    return directory.apply_file(
        data=data, file_name="medewerkers.csv", kind="staff", full_export=False,
        expected_digest=plan.digest(), acting_user=acting_user, max_left=100,
    )  # fmt: skip


def test_a_case_role_from_the_staff_import_waits_for_approval(unit, functional_admin):
    _import("P1;Chris;Bakker;c@hogeschool.example;VPK;dean|reporter", acting_user=get_system_user())
    chris = User.objects.get(employee_number="P1")
    assert chris.role_codes == {R.REPORTER}
    asked = chris.role_requests.get()
    assert (asked.role.code, asked.source, asked.requested_by.is_system) == (R.DEAN, "import", True)


def test_an_approving_import_grants_recorded_as_such_but_only_when_scheduled(
    unit, functional_admin, settings
):
    settings.ZW_IMPORT_APPROVES_ROLES = True
    _import("P1;Chris;Bakker;c@hogeschool.example;VPK;dean", acting_user=get_system_user())
    chris = User.objects.get(employee_number="P1")
    assert chris.role_codes == {R.DEAN}
    granted = chris.role_changes.get()
    assert (granted.source, granted.approved_by_source, granted.request) == ("import", True, None)
    # A file a person uploads is never the approving source.
    _import("P2;Dana;Dijk;d@hogeschool.example;VPK;dean", acting_user=functional_admin)
    dana = User.objects.get(employee_number="P2")
    assert dana.role_codes == set() and dana.role_requests.get().requested_by == functional_admin


def test_an_import_does_not_change_the_uploaders_own_roles(unit, functional_admin):
    functional_admin.employee_number = "P9"
    functional_admin.save()
    _import(f"P9;Fien;Beheer;{functional_admin.email};VPK;functional_admin|dean",
            acting_user=functional_admin)  # fmt: skip
    assert _roles(functional_admin) == {R.FUNCTIONAL_ADMIN}
    assert not RoleGrantRequest.objects.exists() and not functional_admin.units.exists()


def test_single_sign_on_claims_for_a_new_account_wait_for_approval(db):
    claims = {"email": "nieuw@hogeschool.example"}
    user = apply_sso_claims(
        create_sso_user(claims), units=None, roles=[R.BOARD, R.REPORTER], claims=claims
    )
    assert _roles(user) == {R.REPORTER}
    assert user.role_requests.get().role.code == R.BOARD


def test_only_a_functional_administrator_or_the_system_changes_roles(dean, colleague):
    with pytest.raises(RoleRefused):
        request_role_grant(colleague, code=R.DEAN, acting_user=dean, reason="x")
    with pytest.raises(RoleRefused):
        revoke_role(colleague, code=R.REPORTER, acting_user=dean, reason="x")
    assert _roles(colleague) == {R.REPORTER} and not RoleGrantRequest.objects.exists()


def test_nonsense_on_the_decision_form_is_refused_and_changes_nothing(
    client, asked, second_admin, colleague
):
    client.force_login(second_admin)
    decide = reverse("accounts:decide_role_request", args=[asked.pk])
    for data in ({}, {f"r{asked.pk}-decision": "ja"}, {f"r{asked.pk}-reason": "x" * 5000}):
        response = client.post(decide, data)
        assert response.status_code == 400
        assert "Er ging iets mis" in response.content.decode()
    assert client.post(reverse("accounts:decide_role_request", args=[2**62])).status_code == 404
    assert RoleGrantRequest.objects.get(pk=asked.pk).state == State.PENDING
    assert _roles(colleague) == {R.REPORTER}


def test_an_uploaded_staff_file_says_case_roles_wait_and_asks_for_them(
    client, functional_admin, second_admin, private_root, unit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory.models import ImportRun

    client.force_login(functional_admin)
    upload = SimpleUploadedFile(
        "medewerkers.csv", (STAFF + "P1;Chris;Bakker;c@hogeschool.example;VPK;board\n").encode()
    )
    response = client.post(reverse("directory:upload"), {"kind": "staff", "file": upload})
    preview = client.get(response["Location"])
    assert "gaat pas in als een tweede persoon de aanvraag goedkeurt" in preview.content.decode()
    digest = preview.context["confirm_form"]["digest"].value()
    run = ImportRun.objects.get()
    client.post(reverse("directory:confirm", args=[run.pk]), {"digest": digest})
    chris = User.objects.get(employee_number="P1")
    assert chris.role_codes == set()
    asked = chris.role_requests.get()
    assert (asked.role.code, asked.requested_by) == (R.BOARD, functional_admin)
    assert _notified(second_admin, "role_request") == 1

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import ACCOUNTS
from accounts.models import OrganisationUnit, User
from cases.demo import TEACHERS
from cases.models import Attachment, Case, Student, TimelineEntry
from cases.permissions import cases_visible_to, unit_scope

DEMO_USERNAMES = {"system"} | {row[0] for row in ACCOUNTS} | {row[0] for row in TEACHERS}


@pytest.fixture(autouse=True)
def _files_in_a_temp_folder(private_root):
    """seed_demo stores attachments; keep them out of the checkout's var/private."""


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return (
        User.objects.count(),
        OrganisationUnit.objects.count(),
        User.history.count(),
        OrganisationUnit.history.count(),
    )


def _case_counts():
    return (
        Student.objects.count(),
        Case.objects.count(),
        TimelineEntry.objects.count(),
        Attachment.objects.count(),
        Student.history.count(),
        Case.history.count(),
        TimelineEntry.history.count(),
        Attachment.history.count(),
    )


def test_seed_demo_creates_one_account_per_role_and_is_idempotent(db):
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    for username, _first, _last, roles, units in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert set(user.role_codes) == set(roles)
        assert sorted(u.code for u in user.units.all()) == sorted(units)


def test_demo_accounts_are_recorded_as_made_by_the_system_user(db):
    _seed()
    row = User.objects.get(username="dean").history.earliest()
    assert row.history_user.username == "system"
    assert row.history_change_reason == "Demogegevens geladen"


def test_seed_demo_refuses_to_run_in_production(db, settings):
    from django.core.management.base import CommandError

    settings.ZW_LOCAL_DEMO = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
    assert not Case.objects.exists()


def test_seed_demo_loads_cases_in_triage_and_in_support(db):
    output = _seed()
    total = Case.objects.count()
    assert 35 <= total <= 45
    assert f"{total} cases" in output
    assert 50 <= Student.objects.count() <= 70
    assert Case.objects.filter(handler__isnull=True, rung="signal").count() >= 5
    assert set(Case.objects.values_list("rung", flat=True)) == {"signal", "support"}
    assert not Case.objects.filter(rung="signal", handler__isnull=False).exists()
    assert not Case.objects.filter(rung="support", handler__isnull=True).exists()
    assert Case.objects.filter(members__isnull=False).exists()
    assert Attachment.objects.exists()
    anonymous = Case.objects.filter(student__isnull=True).exclude(student_description="")
    assert anonymous.exists()


def test_the_reporter_account_filed_one_report_in_triage_and_one_taken(db):
    _seed()
    reported = Case.objects.filter(reporter__username="reporter")
    assert sorted(reported.values_list("rung", flat=True)) == ["signal", "support"]
    for username, *_rest in TEACHERS:
        teacher = User.objects.get(username=username)
        assert teacher.check_password("demo")
        assert set(teacher.role_codes) == {"reporter"}


def test_counsellors_handle_cases_of_their_own_units_only(db):
    _seed()
    for username in ("counsellor", "counsellor2"):
        counsellor = User.objects.get(username=username)
        handled = Case.objects.filter(handler=counsellor)
        assert handled.exists()
        assert set(handled.values_list("unit_id", flat=True)) <= unit_scope(counsellor)


def test_each_role_sees_what_it_should(db):
    _seed()
    users = {user.username: user for user in User.objects.all()}
    assert cases_visible_to(users["counsellor"]).exists()
    assert cases_visible_to(users["counsellor2"]).exists()
    assert cases_visible_to(users["dean"]).count() == Case.objects.count()
    careteam_cases = Case.objects.filter(members=users["careteam"])
    assert careteam_cases.exists()
    assert set(cases_visible_to(users["careteam"])) == set(careteam_cases)
    for username in ("trainer", "privacy", "admin", "reporter", "docent1"):
        assert not cases_visible_to(users[username]).exists(), username


def test_every_demo_case_has_history_naming_a_demo_user_and_a_reason(db):
    _seed()
    for case in Case.objects.all():
        rows = list(case.history.select_related("history_user"))
        assert rows, case.reference
        for row in rows:
            assert row.history_user.username in DEMO_USERNAMES
            assert row.history_change_reason
    for row in Student.history.select_related("history_user"):
        assert row.history_user.username == "system"
        assert row.history_change_reason == "Demogegevens geladen"


def test_timelines_lie_between_the_signal_and_today(db):
    _seed()
    today = timezone.localdate()
    entries = TimelineEntry.objects.select_related("case")
    assert entries.exists()
    for entry in entries:
        assert entry.case.signals_when <= entry.occurred_on <= today
        if entry.kind == "consent_answer":
            assert entry.consent_given is not None
    assert not TimelineEntry.objects.filter(case__rung="signal").exists()
    for case in Case.objects.all():
        assert today - case.signals_when <= datetime.timedelta(days=60)


def test_demo_attachments_are_files_in_the_private_storage(db, private_root):
    _seed()
    kinds = set()
    for attachment in Attachment.objects.all():
        assert (private_root / attachment.file.name).is_file()
        with attachment.file.open("rb") as handle:
            content = handle.read()
        assert len(content) == attachment.size
        kinds.add(attachment.content_type)
        if attachment.content_type == "application/pdf":
            assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
        else:
            assert attachment.case.reference in content.decode("utf-8")
    assert kinds == {"text/plain", "application/pdf"}


def test_running_seed_demo_twice_adds_no_cases(db, private_root):
    _seed()
    first = _case_counts()
    files = sorted(private_root.rglob("*"))
    output = _seed()
    assert _case_counts() == first
    assert sorted(private_root.rglob("*")) == files
    assert "(0 new)" in output

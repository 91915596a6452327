import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import InboxItem, OrganisationUnit, User
from cases.models import Attachment, Case, Student, TimelineEntry
from cases.permissions import cases_visible_to, unit_scope
from demo.cases import TEACHERS
from demo.people import ACCOUNTS
from escalation import disclosures, services
from escalation.models import (
    AcuteRiskReport,
    CareMeetingDecision,
    Disclosure,
    EscalationRequest,
    Framework1,
    Framework2,
    RungTransition,
)
from escalation.permissions import (
    can_approve_disclosure,
    can_carry_out_disclosure,
    can_review_escalation,
)

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


ESCALATION_MODELS = [
    RungTransition,
    Disclosure,
    Framework1,
    Framework2,
    EscalationRequest,
    CareMeetingDecision,
    AcuteRiskReport,
]


ESCALATION_NOTICES = [
    "escalation_request",
    "escalation_decided",
    "case_moved",
    "disclosure_pending",
    "disclosure_decided",
    "disclosure_carry_out",
    "acute",
    "review_overdue",
]


def _escalation_counts():
    return (
        [model.objects.count() for model in ESCALATION_MODELS]
        + [model.history.count() for model in ESCALATION_MODELS]
        + [InboxItem.objects.filter(kind__in=ESCALATION_NOTICES).count()]
    )


def _users():
    return {user.username: user for user in User.objects.all()}


def test_seed_demo_creates_one_account_per_role_and_is_idempotent(db):
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    for username, _first, _last, roles, units in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        # The training demo's cascade certifies some people as trainers on top of their role.
        assert set(user.role_codes) - {"trainer"} == set(roles) - {"trainer"}
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
    assert Case.objects.filter(rung="support").count() >= 20
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


def test_running_seed_demo_twice_adds_no_cases_and_no_steps(db, private_root):
    _seed()
    first = _case_counts()
    steps = _escalation_counts()
    files = sorted(private_root.rglob("*"))
    output = _seed()
    assert _case_counts() == first
    assert _escalation_counts() == steps
    assert sorted(private_root.rglob("*")) == files
    assert "(0 new)" in output


# --- The escalation ladder ------------------------------------------------------------------


def test_seed_demo_puts_cases_on_every_rung_with_a_row_for_every_step(db):
    output = _seed()
    rungs = Counter(Case.objects.values_list("rung", flat=True))
    assert set(rungs) == {"signal", "support", "care_meeting", "board", "closed"}
    assert rungs["care_meeting"] >= 2 and rungs["board"] >= 2
    assert "newly moved on the escalation ladder" in output
    kinds = set(RungTransition.objects.values_list("kind", flat=True))
    assert kinds == {"take_on", "escalate", "acute", "step_down", "close", "reopen"}
    for row in RungTransition.objects.select_related("actor"):
        assert row.actor.username in DEMO_USERNAMES - {"system"}
        assert row.role_held and row.reason.strip()
        history = row.history.get()
        assert history.history_user == row.actor and history.history_change_reason
    to_board = RungTransition.objects.filter(kind="escalate", to_rung="board")
    assert to_board.count() == 2
    for row in to_board:
        assert row.decision.decision == "escalate_to_board"
        assert row.decision.recorded_by.username == "dean"
    to_care_meeting = RungTransition.objects.filter(kind="escalate", to_rung="care_meeting")
    for row in to_care_meeting:
        assert row.request.state == "accepted" and row.actor.username == "dean"
        assert row.framework1 is not None
    closed = RungTransition.objects.filter(kind="close")
    assert all(row.outcome for row in closed)
    reopened = RungTransition.objects.get(kind="reopen").case
    assert Case.objects.get(pk=reopened.pk).rung == "support"
    stepped_down = RungTransition.objects.get(kind="step_down").case
    assert Case.objects.get(pk=stepped_down.pk).rung == "support"


def test_frameworks_carry_a_motivation_for_every_answer(db):
    _seed()
    for form in Framework1.objects.all():
        for field in ("own_safety", "others_safety", "environment_safety"):
            assert getattr(form, field) and getattr(form, f"{field}_motivation").strip()
    for form in Framework2.objects.all():
        assert form.all_yes
        assert form.consent_entries.exists()
        assert form.other_options_motivation and form.consent_motivation
        assert form.sharing_motivation


def test_the_dean_finds_a_pending_escalation_request_and_can_accept_it(db):
    _seed()
    users = _users()
    dean = users["dean"]
    pending = EscalationRequest.objects.filter(
        state="pending", case__unit_id__in=unit_scope(dean)
    ).select_related("case", "requested_by")
    assert pending.count() >= 1
    request = pending.first()
    assert request.requested_by == users["counsellor"]
    assert can_review_escalation(dean, request.case)
    assert EscalationRequest.objects.filter(state="sent_back").exclude(decision_reason="").exists()
    services.accept_escalation(request, reason="Akkoord", acting_user=dean)
    assert Case.objects.get(pk=request.case_id).rung == "care_meeting"


def test_board_can_approve_a_pending_disclosure_and_contact_can_carry_one_out(db):
    _seed()
    users = _users()
    board, contact = users["board"], users["contact"]
    for_board = [
        d
        for d in Disclosure.objects.filter(state="requested", acute=False)
        if can_approve_disclosure(board, d)
    ]
    assert for_board
    disclosure = for_board[0]
    assert disclosure.requested_by == users["counsellor"] == disclosure.case.handler
    assert disclosure.case.rung == "board" and disclosure.framework2.all_yes

    approved = Disclosure.objects.get(state="approved")
    assert approved.decided_by == users["board2"]
    assert can_carry_out_disclosure(contact, approved)
    assert Disclosure.objects.filter(state="carried_out", carried_out_by=contact).exists()
    rejected = Disclosure.objects.get(state="rejected")
    assert rejected.decision_reason.strip()

    disclosures.approve_disclosure(disclosure, reason="Akkoord", acting_user=board)
    disclosures.record_carried_out(
        approved,
        carried_out_on=timezone.localdate(),
        channel="Telefoon",
        what_was_shared="Zoals goedgekeurd",
        acting_user=contact,
    )
    assert Disclosure.objects.get(pk=disclosure.pk).state == "approved"
    assert Disclosure.objects.get(pk=approved.pk).state == "carried_out"


def test_an_acute_case_waits_for_the_board(db):
    _seed()
    acute = Disclosure.objects.select_related("recipient", "acute_report", "case").get(acute=True)
    assert acute.state == "requested" and acute.decide_before is not None
    assert acute.recipient.partner_type == "ggz_crisis"
    assert acute.requested_by.username == "counsellor2"
    report = acute.acute_report
    assert report.emergency_called and report.acknowledged_at is None
    row = RungTransition.objects.get(kind="acute")
    assert (row.from_rung, row.to_rung, row.acute_report) == ("support", "board", report)
    assert can_approve_disclosure(User.objects.get(username="board"), acute)


def test_some_open_cases_are_overdue_for_review(db):
    _seed()
    overdue = Case.objects.exclude(rung="closed").filter(next_review__lt=timezone.localdate())
    assert overdue.count() >= 3
    for case in overdue:
        assert case.next_review >= case.signals_when
    assert services.flag_overdue_reviews() == overdue.count()


def test_changed_demo_cases_leave_the_escalation_demo_out_and_the_rest_in(db):
    """A developer's database where a demo case was already closed by hand: seed_demo still
    runs, loads nothing of the escalation demo (all or nothing) and says why."""
    from accounts.services import ensure_roles, get_system_user
    from demo.cases import seed_cases
    from demo.people import seed_accounts

    system = get_system_user()
    ensure_roles()
    seed_accounts(acting_user=system)
    seed_cases(acting_user=system)
    counsellor = User.objects.get(username="counsellor")
    case = Case.objects.get(signals_what__startswith="De student rook tijdens de middagles")
    services.close_case(case, outcome="other", reason="Handmatig getest", acting_user=counsellor)
    before, cases = _escalation_counts(), Case.objects.count()
    err = StringIO()
    call_command("seed_demo", stdout=StringIO(), stderr=err)
    assert "Escalation demo not loaded" in err.getvalue()
    assert _escalation_counts() == before
    assert not Framework1.objects.exists()
    assert Case.objects.count() == cases


def test_a_loaded_demo_is_left_alone_at_once_and_seeding_sends_no_email(db, mailoutbox, caplog):
    """A second `make run` starts in seconds: `--unless-loaded` sees the demo and stops. The
    demo's stories send no e-mail while seeding, and no line per task either (thousands of
    lines buried the ready line)."""
    import logging

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caplog.set_level(logging.INFO)
    _seed()
    assert mailoutbox == []
    assert [record.getMessage() for record in caplog.records] == []
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", "--unless-loaded", stdout=out)
    assert out.getvalue().startswith("Demo data already loaded:")
    assert len(queries.captured_queries) <= 5
    # With --history and no year of use yet, it still loads.
    assert not _loaded_history()


def _loaded_history():
    from demo.management.commands.seed_demo import _loaded

    return _loaded(history=True)

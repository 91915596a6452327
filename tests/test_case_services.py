import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import RoleCode
from cases import permissions
from cases.models import Attachment, Case, Rung, TimelineEntry
from cases.services import CaseActionRefused, add_attachment, add_timeline_entry, change_team
from cases.uploads import UploadRejected
from core.errors import EditConflict
from escalation.services import assign_handler, take_case
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_report_gets_a_yearly_reference_and_its_history_names_the_reporter(reporter, student):
    first = report_case(reporter=reporter, student=student)
    second = report_case(reporter=reporter, student=student)
    year = datetime.date.today().year
    assert first.reference == f"ZW-{year}-0001"
    assert second.reference == f"ZW-{year}-0002"
    row = first.history.earliest()
    assert row.history_user == reporter
    assert row.history_change_reason == "Zorg gemeld"
    assert first.rung == Rung.SIGNAL
    assert first.unit == student.programme


def test_a_report_alerts_the_units_counsellors_without_names(
    reporter, student, counsellor, django_capture_on_commit_callbacks
):
    other_unit_counsellor = UserFactory(
        username="elders", roles=[RoleCode.COUNSELLOR], units=[ProgrammeFactory()]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_case(reporter=reporter, student=student)
    assert [m.to for m in mail.outbox] == [[counsellor.email]]
    assert other_unit_counsellor.email not in str([m.to for m in mail.outbox])
    assert student.last_name not in mail.outbox[0].body


def test_a_counsellor_of_the_unit_takes_a_report(case, counsellor):
    take_case(case, acting_user=counsellor)
    case = Case.objects.get(pk=case.pk)  # the rung is protected: reload, never refresh
    assert case.handler == counsellor
    assert case.rung == Rung.SUPPORT
    assert case.next_review == datetime.date.today() + datetime.timedelta(
        days=settings.ZW_FIRST_REVIEW_DAYS
    )
    row = case.history.latest()
    assert (row.history_user, row.history_change_reason) == (counsellor, "Melding opgepakt")
    assert permissions.can_change_case(counsellor, case)


def test_a_report_cannot_be_taken_twice(case, counsellor, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])
    take_case(case, acting_user=counsellor)
    with pytest.raises(CaseActionRefused, match="al opgepakt"):
        take_case(case, acting_user=colleague)
    case = Case.objects.get(pk=case.pk)  # the rung is protected: reload, never refresh
    assert case.handler == counsellor


def test_a_counsellor_of_another_unit_cannot_take_it(case):
    elsewhere = UserFactory(
        username="elders", roles=[RoleCode.COUNSELLOR], units=[ProgrammeFactory()]
    )
    with pytest.raises(CaseActionRefused):
        take_case(case, acting_user=elsewhere)


def test_a_dean_assigns_a_handler_with_a_reason(case, dean, counsellor):
    assign_handler(case, handler=counsellor, reason="Kent de student", acting_user=dean)
    case = Case.objects.get(pk=case.pk)  # the rung is protected: reload, never refresh
    assert case.handler == counsellor
    row = case.history.latest()
    assert (row.history_user, row.history_change_reason) == (dean, "Kent de student")


def test_only_a_counsellor_can_be_handler(case, dean, board_member):
    with pytest.raises(CaseActionRefused):
        assign_handler(case, handler=board_member, reason="x", acting_user=dean)


def test_team_changes_grant_and_withdraw_access_and_are_recorded(
    case, counsellor, care_team_member
):
    take_case(case, acting_user=counsellor)
    change_team(case, members=[care_team_member], reason="Expertise", acting_user=counsellor)
    assert permissions.can_view_case(care_team_member, case)
    assert case in permissions.cases_visible_to(care_team_member)
    change_team(case, members=[], reason="Niet meer nodig", acting_user=counsellor)
    assert not permissions.can_view_case(care_team_member, case)
    assert case not in permissions.cases_visible_to(care_team_member)
    reasons = [row.history_change_reason for row in case.history.all()]
    assert "Expertise" in reasons and "Niet meer nodig" in reasons


def test_people_without_a_case_role_cannot_join_a_team(case, counsellor, functional_admin):
    take_case(case, acting_user=counsellor)
    with pytest.raises(CaseActionRefused, match="geen rol"):
        change_team(case, members=[functional_admin], reason="x", acting_user=counsellor)


def test_a_stale_edit_gets_a_conflict_and_changes_nothing(case, counsellor, care_team_member):
    take_case(case, acting_user=counsellor)
    opened_version = Case.objects.get(pk=case.pk).version
    change_team(case, members=[care_team_member], reason="eerst", acting_user=counsellor)
    with pytest.raises(EditConflict, match="net gewijzigd"):
        change_team(
            case,
            members=[],
            reason="later",
            acting_user=counsellor,
            expected_version=opened_version,
        )
    assert permissions.can_view_case(care_team_member, case)


def test_the_team_records_a_conversation(case, counsellor):
    take_case(case, acting_user=counsellor)
    entry = add_timeline_entry(
        case,
        kind=TimelineEntry.Kind.CONVERSATION,
        occurred_on=datetime.date(2026, 11, 21),
        summary="Gesprek over zorgen",
        outcome="Student wil hulp",
        consent_given=None,
        acting_user=counsellor,
    )
    assert entry.history.latest().history_user == counsellor


def test_someone_outside_the_team_cannot_write_in_the_timeline(case, dean):
    with pytest.raises(CaseActionRefused):
        add_timeline_entry(
            case,
            kind=TimelineEntry.Kind.NOTE,
            occurred_on=datetime.date(2026, 11, 21),
            summary="x",
            outcome="",
            consent_given=None,
            acting_user=dean,
        )


def test_a_pdf_is_stored_outside_the_web_roots(case, counsellor, private_root):
    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    attachment = add_attachment(case, upload=upload, description="Verslag", acting_user=counsellor)
    stored = private_root / attachment.file.name
    assert stored.read_bytes() == PDF
    assert attachment.content_type == "application/pdf"
    assert attachment.history.latest().history_user == counsellor


@pytest.mark.parametrize(
    "name,content,message",
    [
        pytest.param(
            "script.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary", "niet toegestaan", id="exe"
        ),
        pytest.param("groot.txt", b"a" * (10 * 1024 * 1024 + 1), "te groot", id="too-big"),
        # sizes with a decimal comma, as Dutch writes them
        pytest.param(
            "groter.txt", b"a" * int(11.4 * 1024 * 1024), r"te groot \(11,4 MB\)", id="comma"
        ),
    ],
)
def test_a_refused_file_leaves_nothing_behind(
    case, counsellor, private_root, name, content, message
):
    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(UploadRejected, match=message):
        add_attachment(case, upload=upload, description="", acting_user=counsellor)
    assert Attachment.objects.count() == 0
    assert not any(private_root.rglob("*.*"))


def test_a_file_refused_by_the_rules_is_removed_from_disk(case, dean, private_root):
    upload = SimpleUploadedFile("verslag.pdf", PDF)
    with pytest.raises(CaseActionRefused):
        add_attachment(case, upload=upload, description="", acting_user=dean)
    assert Attachment.objects.count() == 0
    assert not any(p.is_file() for p in private_root.rglob("*"))


def test_a_report_without_a_student_is_linked_later_and_follows_the_unit(
    reporter, counsellor, unit
):
    from cases.services import link_student

    case = report_case(reporter=reporter, unit=unit)
    take_case(case, acting_user=counsellor)
    other_programme = ProgrammeFactory(parent=unit.parent)
    student = StudentFactory(programme=other_programme)
    case = link_student(Case.objects.get(pk=case.pk), student=student, acting_user=counsellor)
    case = Case.objects.get(pk=case.pk)
    assert (case.student, case.unit, case.handler) == (student, other_programme, counsellor)
    row = case.history.latest()
    assert (row.history_user, row.history_change_reason) == (counsellor, "Student gekoppeld")
    with pytest.raises(CaseActionRefused):
        link_student(case, student=StudentFactory(), acting_user=counsellor)


def test_someone_outside_the_case_cannot_link_a_student(reporter, unit, care_team_member):
    from cases.services import link_student

    case = report_case(reporter=reporter, unit=unit)
    with pytest.raises(CaseActionRefused):
        link_student(case, student=StudentFactory(), acting_user=care_team_member)

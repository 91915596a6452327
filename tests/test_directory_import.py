"""Importing students, units and staff: the plan, the one-transaction apply with history, and
the rules — same file twice changes nothing, a move keeps cases with their team, leavers are
marked and never deleted, bad rows are reported and nothing is saved without confirmation."""

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OrganisationUnit, User
from accounts.roles import RoleCode
from accounts.services import get_system_user
from cases.models import Case, Student
from cases.permissions import eligible_handlers
from directory import services
from directory.models import ImportRun
from directory.parsing import UnreadableFile
from directory.plans import plan_for_file
from directory.plans import staff as staff_plans
from directory.plans import units as unit_plans
from tests.factories import FacultyFactory, ProgrammeFactory, StudentFactory, UserFactory
from tests.session_helpers import session_reads

STUDENT_HEADER = (
    "studentnummer;voornaam;achternaam;opleidingscode;eenheid;ingeschreven_vanaf;ingeschreven_tot"
)


def csv(header, *rows):
    return ("\n".join([header, *rows]) + "\n").encode()


def students_csv(*rows):
    return csv(STUDENT_HEADER, *rows)


def apply(kind, data, *, full=False, user=None):
    """Plan and confirm, as the command does with --max-left 100 (these exports are small: one
    leaver is a large share): returns the applied plan."""
    plan = plan_for_file(data, kind=kind, full_export=full)
    _run, applied = services.apply_file(
        data=data,
        file_name="export.csv",
        kind=kind,
        full_export=full,
        expected_digest=plan.digest(),
        acting_user=user or get_system_user(),
        max_left=100,
    )
    return applied


def history_rows():
    return Student.history.count() + OrganisationUnit.history.count() + User.history.count()


@pytest.fixture
def programmes(unit):
    """Two programmes in the unit's faculty and one in another faculty."""
    other = ProgrammeFactory(code="SW", name="Social Work", parent=unit.parent)
    elsewhere = ProgrammeFactory(code="ICT", name="HBO-ICT")
    return {"VPK": unit, "SW": other, "ICT": elsewhere}


# --- Students ------------------------------------------------------------------------------


def test_new_students_are_created_with_a_history_row_each(programmes, functional_admin):
    data = students_csv(
        "5001;Noor;Veenstra;VPK;;2024-09-01;",
        "5002;Sem;de Boer;ICT;;;31-08-2020",
    )
    plan = apply("students", data, user=functional_admin)
    assert plan.counts()["new"] == 2
    noor, sem = (
        Student.objects.get(student_number="5001"),
        Student.objects.get(student_number="5002"),
    )
    assert (noor.programme, noor.is_active) == (programmes["VPK"], True)
    assert (sem.last_name, sem.is_active) == ("de Boer", False)  # enrolment ended in 2020
    for student in (noor, sem):
        [row] = student.history.all()
        assert (row.history_type, row.history_user) == ("+", functional_admin)
        assert row.history_change_reason == "Nieuw uit de studentenadministratie"
        # The bulk-written history row holds exactly the student's values.
        for field in ("student_number", "first_name", "last_name", "programme_id", "pseudonym"):
            assert getattr(row, field) == getattr(student, field)
    assert noor.pseudonym != sem.pseudonym and noor.pseudonym.startswith("ST-")


def test_a_name_prefix_column_goes_before_the_last_name(programmes):
    data = csv(
        "studentnummer;voornaam;tussenvoegsel;achternaam;opleidingscode",
        "5001;Jan;van der;Berg;VPK",
    )
    apply("students", data)
    assert Student.objects.get().last_name == "van der Berg"


def test_a_name_prefix_alone_is_no_last_name(programmes):
    data = csv(
        "studentnummer;voornaam;tussenvoegsel;achternaam;opleidingscode", "5001;Jan;van;;VPK"
    )
    plan = plan_for_file(data, kind="students", full_export=False)
    assert plan.rejected[0].message == "achternaam ontbreekt"


def test_the_same_file_twice_changes_nothing_and_writes_no_history(programmes, student):
    data = students_csv("5001234;Noor;Veenstra;VPK;;;", "5002;Sem;Bos;SW;;;")
    apply("students", data, full=True)
    before = history_rows()
    plan = apply("students", data, full=True)
    assert plan.counts() == {
        "rows": 2,
        "new": 0,
        "changed": 0,
        "left": 0,
        "unchanged": 2,
        "duplicates": 0,
        "conflicts": 0,
        "rejected": 0,
        "new_units": 0,
    }
    assert history_rows() == before


def test_the_command_twice_says_nothing_to_change(programmes, tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(students_csv("5001;Noor;Veenstra;VPK;;;"))
    call_command("import_students", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    before = history_rows()
    out = io.StringIO()
    call_command("import_students", str(path), stdout=out, stderr=io.StringIO())
    assert "Niets te wijzigen." in out.getvalue()
    assert history_rows() == before


def test_a_changed_programme_moves_the_student_and_the_case_stays_with_its_team(
    programmes, case, counsellor
):
    student = case.student
    case_history = case.history.count()
    plan = apply("students", students_csv(f"{student.student_number};Noor;Veenstra;ICT;;;"))
    [entry] = plan.changed
    assert [label for label, _old, _new in entry.diffs] == ["opleiding"]
    student.refresh_from_db()
    assert student.programme == programmes["ICT"]
    case = Case.objects.get(pk=case.pk)  # a protected rung cannot be refreshed in place
    assert case.unit == programmes["VPK"]  # the case stays with the unit and team it had
    assert case.history.count() == case_history
    assert counsellor in eligible_handlers(case)
    latest = student.history.latest()
    assert latest.history_type == "~"
    assert latest.history_change_reason == (
        "Andere opleiding in de studentenadministratie; lopende casussen blijven bij hun team"
    )


def test_a_renamed_student_is_changed_with_old_and_new(programmes, student):
    plan = apply("students", students_csv("5001234;Noor;Veenstra-Jansen;VPK;;;"))
    [entry] = plan.changed
    assert [(str(label), old, new) for label, old, new in entry.diffs] == [
        ("achternaam", "Veenstra", "Veenstra-Jansen")
    ]
    assert (
        student.history.latest().history_change_reason == "Gewijzigd in de studentenadministratie"
    )


def test_a_student_who_left_with_an_open_case_is_kept_and_marked(programmes, case):
    leaver = case.student
    StudentFactory(student_number="5002", programme=programmes["SW"])
    plan = apply("students", students_csv("5002;Sem;Bos;SW;;;"), full=True)
    assert [entry.key for entry in plan.left] == [leaver.student_number]
    leaver.refresh_from_db()
    assert leaver.is_active is False
    assert Case.objects.get(pk=case.pk).student == leaver
    row = leaver.history.latest()
    assert (row.history_type, row.history_change_reason) == (
        "~",
        "Niet meer in de volledige export: uitgeschreven, niet verwijderd",
    )


def test_without_full_export_nobody_leaves(programmes, student):
    plan = apply("students", students_csv("5002;Sem;Bos;SW;;;"))
    assert plan.left == []
    student.refresh_from_db()
    assert student.is_active


def test_a_student_on_a_rejected_row_is_not_marked_as_left(programmes, student):
    plan = apply(
        "students",
        students_csv("5001234;Noor;Veenstra;ONBEKEND;;;", "5002;Sem;Bos;SW;;;"),
        full=True,
    )
    assert plan.left == [] and len(plan.rejected) == 1
    student.refresh_from_db()
    assert student.is_active


def test_an_ended_enrolment_unenrols_and_a_new_one_reenrols(programmes, student):
    apply("students", students_csv("5001234;Noor;Veenstra;VPK;;2020-09-01;2024-08-31"))
    student.refresh_from_db()
    assert student.is_active is False
    assert (
        student.history.latest().history_change_reason
        == "Uitgeschreven volgens de studentenadministratie"
    )
    apply("students", students_csv("5001234;Noor;Veenstra;VPK;;2020-09-01;"))
    student.refresh_from_db()
    assert student.is_active is True
    assert (
        student.history.latest().history_change_reason
        == "Weer ingeschreven volgens de studentenadministratie"
    )


BAD_ROWS = [
    # (row, reason code, words in the message)
    (";Anna;Bos;VPK;;;", "missing_number", "studentnummer ontbreekt"),
    ("5010;Anna;Bos;XYZ;;;", "unknown_programme", "onbekende opleidingscode XYZ"),
    ("5011;Anna;Bos;VPK;NOPE;;", "unknown_unit", "onbekende eenheid NOPE"),
    ("5012;Anna;Bos;ICT;{faculty};;", "unit_mismatch", "valt niet onder eenheid"),
    ("5013;Anna;Bos;{faculty};;;", "not_a_programme", "geen opleiding"),
    ("5014;Anna;Bos;;;;", "missing_programme", "opleidingscode ontbreekt"),
    ("5015;Anna;Bos;VPK;;1 sept 2024;", "malformed_date", "'1 sept 2024' is geen datum"),
    ("5021;Anna;Bos;VPK;;1-13-2024;", "impossible_date", "begindatum '1-13-2024' bestaat niet"),
    ("5016;Anna;Bos;VPK;;2024-09-01;2024-01-01", "dates_reversed", "einddatum ligt voor de"),
    ("5017;;Bos;VPK;;;", "missing_name", "voornaam ontbreekt"),
    ("5018;Anna;" + "B" * 151 + ";VPK;;;", "too_long", "te lang (151 tekens; hooguit 150)"),
    ("50190000000000000000000;Anna;Bos;VPK;;;", "too_long", "studentnummer is te lang"),
    ("5020;Anna;Bos;VPK;;;;extra", "extra_cells", "meer kolommen dan de kopregel"),
]


@pytest.mark.parametrize(("row", "code", "words"), BAD_ROWS, ids=[b[1] for b in BAD_ROWS])
def test_every_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_saved(
    programmes, row, code, words
):
    faculty = programmes["VPK"].parent.code
    data = students_csv("5001;Noor;Veenstra;VPK;;;", row.format(faculty=faculty))
    before = history_rows()
    plan = plan_for_file(data, kind="students", full_export=False)
    [rejection] = plan.rejected
    assert rejection.line == 3
    assert code in rejection.codes
    assert words in rejection.message
    assert len(plan.new) == 1
    # Planning (the preview) saves nothing; only a confirmation does.
    assert Student.objects.count() == 0 and history_rows() == before


def test_a_number_on_two_rows_with_other_values_is_one_conflict(programmes):
    data = students_csv("5001;Noor;Veenstra;VPK;;;", "5002;Sem;Bos;VPK;;;", "5001;Noor;Veen;SW;;;")
    plan = plan_for_file(data, kind="students", full_export=False)
    assert plan.rejected == []
    [conflict] = plan.conflicts
    assert (conflict.key, conflict.lines) == ("5001", (2, 4))
    assert "staat op regels 2 en 4 met verschillende gegevens" in conflict.message
    assert [e.key for e in plan.new] == ["5002"]


def test_an_inactive_programme_is_refused(programmes):
    vpk = programmes["VPK"]
    vpk.is_active = False
    vpk.save()
    plan = plan_for_file(
        students_csv("5001;Noor;Veenstra;VPK;;;"), kind="students", full_export=False
    )
    assert plan.rejected[0].codes == ("inactive_programme",)


def test_a_row_gets_every_reason_at_once(programmes):
    plan = plan_for_file(students_csv(";;Bos;XYZ;;morgen;"), kind="students", full_export=False)
    assert plan.rejected[0].codes == (
        "missing_number",
        "missing_name",
        "unknown_programme",
        "malformed_date",
    )


def test_an_empty_full_export_is_refused_rather_than_unenrolling_everyone(programmes, student):
    with pytest.raises(UnreadableFile, match="geen enkele rij"):
        plan_for_file(students_csv(), kind="students", full_export=True)


def test_the_dry_run_shows_the_rejected_rows_and_saves_nothing(programmes, tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(students_csv("5001;Noor;Veenstra;VPK;;;", "5002;Sem;Bos;XYZ;;;"))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_students", str(path), "--dry-run", stdout=out, stderr=err)
    assert error.value.returncode == 2
    assert "regel 3 (5002): onbekende opleidingscode XYZ" in out.getvalue()
    assert "nieuw: 1" in out.getvalue() and "afgewezen: 1" in out.getvalue()
    assert "er is niets opgeslagen" in out.getvalue()
    assert Student.objects.count() == 0


def test_without_dry_run_the_good_rows_go_in_and_the_exit_status_says_rows_were_rejected(
    programmes, tmp_path
):
    path = tmp_path / "studenten.csv"
    path.write_bytes(students_csv("5001;Noor;Veenstra;VPK;;;", "5002;Sem;Bos;XYZ;;;"))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_students", str(path), stdout=out, stderr=io.StringIO())
    assert error.value.returncode == 2
    assert list(Student.objects.values_list("student_number", flat=True)) == ["5001"]
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.summary["new"], run.summary["rejected"]) == (
        "command",
        "applied",
        1,
        1,
    )
    assert run.summary["rejected_rows"] == [[3, "5002", "onbekende opleidingscode XYZ"]]


def test_an_unreadable_file_stops_the_command(tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(b"nummer;naam\n1;a\n")
    with pytest.raises(CommandError, match="Deze kolommen ontbreken") as error:
        call_command("import_students", str(path), stdout=io.StringIO())
    assert error.value.returncode == 1


def test_a_full_export_that_would_empty_the_directory_needs_max_left(programmes, tmp_path):
    for number in range(20):
        StudentFactory(student_number=f"60{number:02d}", programme=programmes["VPK"])
    path = tmp_path / "studenten.csv"
    path.write_bytes(students_csv("6000;Noor;Veenstra;VPK;;;"))
    with pytest.raises(CommandError, match="19 van 20"):
        call_command("import_students", str(path), "--full", stdout=io.StringIO())
    assert Student.objects.filter(is_active=False).count() == 0
    call_command("import_students", str(path), "--full", "--max-left", "100", stdout=io.StringIO())
    assert Student.objects.filter(is_active=False).count() == 19


def test_the_command_reports_progress_on_stderr(programmes, tmp_path):
    rows = [f"{7000000 + n};Voornaam;Achternaam;VPK;;;" for n in range(5000)]
    path = tmp_path / "studenten.csv"
    path.write_bytes(students_csv(*rows))
    err = io.StringIO()
    call_command("import_students", str(path), stdout=io.StringIO(), stderr=err)
    assert "5000 rijen gelezen…" in err.getvalue()
    assert "5000 van 5000 opgeslagen…" in err.getvalue()


def test_a_plan_that_no_longer_matches_is_refused_and_nothing_is_written(programmes, student):
    data = students_csv("5001234;Noor;Veenstra;SW;;;", "5002;Sem;Bos;SW;;;")
    plan = plan_for_file(data, kind="students", full_export=False)
    student.first_name = "Nora"  # someone changed the student after the preview
    student.save()
    system_user = get_system_user()
    before = history_rows()
    with pytest.raises(services.DirectoryChanged) as refusal:
        services.apply_file(
            data=data,
            file_name="x.csv",
            kind="students",
            full_export=False,
            expected_digest=plan.digest(),
            acting_user=system_user,
        )
    assert refusal.value.plan.digest() != plan.digest()
    assert history_rows() == before and not Student.objects.filter(student_number="5002").exists()


def test_pseudonyms_never_collide_with_existing_ones(programmes, monkeypatch):
    existing = StudentFactory(programme=programmes["VPK"])
    names = iter([existing.pseudonym, existing.pseudonym, "ST-ZZZZZZ"])
    monkeypatch.setattr(services, "new_pseudonym", lambda: next(names))
    apply("students", students_csv("5001;Noor;Veenstra;VPK;;;"))
    assert Student.objects.get(student_number="5001").pseudonym == "ST-ZZZZZZ"


# --- Uploads -------------------------------------------------------------------------------


@pytest.fixture
def upload(programmes, functional_admin, private_root):
    def make(data, kind="students", full=False):
        return services.start_upload(
            data=data,
            file_name="studenten.csv",
            kind=kind,
            full_export=full,
            acting_user=functional_admin,
        )

    return make


def test_an_upload_is_kept_until_confirmed_then_applied_once(
    upload, functional_admin, private_root, django_capture_on_commit_callbacks
):
    run, plan = upload(students_csv("5001;Noor;Veenstra;VPK;;;"))
    assert (private_root / run.stored_file).exists()
    assert Student.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        run, _applied = services.apply_upload(
            run, expected_digest=plan.digest(), acting_user=functional_admin
        )
    assert Student.objects.get().history.get().history_user == functional_admin
    assert (run.status, run.applied_by, run.stored_file) == ("applied", functional_admin, "")
    assert not any(private_root.rglob("*.csv"))  # personal data leaves with the confirmation
    with pytest.raises(services.AlreadyApplied):
        services.apply_upload(run, expected_digest=plan.digest(), acting_user=functional_admin)
    assert Student.objects.count() == 1


def test_a_kept_file_that_changed_is_refused(upload, functional_admin, private_root):
    run, plan = upload(students_csv("5001;Noor;Veenstra;VPK;;;"))
    (private_root / run.stored_file).write_bytes(students_csv("5001;Eve;Hacker;VPK;;;"))
    with pytest.raises(services.FileUnavailable, match="niet meer het bestand"):
        services.apply_upload(run, expected_digest=plan.digest(), acting_user=functional_admin)
    assert Student.objects.count() == 0


def test_an_unreadable_upload_keeps_nothing(upload, private_root):
    with pytest.raises(UnreadableFile):
        upload(b"\xff\xfe garbage")
    assert ImportRun.objects.count() == 0 and not any(private_root.rglob("*.csv"))


def test_stale_uploads_are_discarded_at_night(upload, private_root):
    run, _plan = upload(students_csv("5001;Noor;Veenstra;VPK;;;"))
    assert services.discard_stale_uploads(acting_user=get_system_user()) == 0
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=run.created_at - datetime.timedelta(days=2)
    )
    assert services.discard_stale_uploads(acting_user=get_system_user()) == 1
    run.refresh_from_db()
    assert run.stored_file == "" and not any(private_root.rglob("*.csv"))
    with pytest.raises(services.FileUnavailable):
        services.read_upload(run)


# --- Units ---------------------------------------------------------------------------------

UNIT_HEADER = "faculteitscode;faculteit;opleidingscode;opleidingsnaam"


def test_units_are_created_faculties_first(db):
    data = csv(
        UNIT_HEADER,
        "FGW;Faculteit Gezondheid;VPK;Verpleegkunde",
        "FGW;;SW;Social Work",
        "ITI;Instituut Techniek;;",
    )
    plan = apply("units", data)
    assert [e.key for e in plan.new] == ["FGW", "ITI", "VPK", "SW"]
    vpk = OrganisationUnit.objects.get(code="VPK")
    assert (vpk.kind, vpk.parent.code, vpk.parent.name) == (
        "programme",
        "FGW",
        "Faculteit Gezondheid",
    )
    assert vpk.history.get().history_change_reason == "Nieuw uit de import van organisatie-eenheden"


def test_units_sync_renames_moves_and_deactivates(db):
    apply("units", csv(UNIT_HEADER, "FGW;Gezondheid;VPK;Verpleegkunde", "ITI;Techniek;ICT;HBO-ICT"))
    before = history_rows()
    plan = apply(
        "units",
        csv(UNIT_HEADER, "FGW;Gezondheid;VPK;Verpleegkunde", "ITI;Techniek;ICT;HBO-ICT"),
        full=True,
    )
    assert plan.counts()["unchanged"] == 4 and history_rows() == before
    plan = apply(
        "units",
        csv(UNIT_HEADER, "FGW;Gezondheid en Welzijn;VPK;Verpleegkunde", "FGW;;ICT;HBO-ICT"),
        full=True,
    )
    changed = {e.key: [(str(label), old, new) for label, old, new in e.diffs] for e in plan.changed}
    assert changed == {
        "FGW": [("naam", "Gezondheid", "Gezondheid en Welzijn")],
        "ICT": [("valt onder", "ITI", "FGW")],
    }
    assert [e.key for e in plan.left] == ["ITI"]
    iti = OrganisationUnit.objects.get(code="ITI")
    assert iti.is_active is False  # never deleted
    assert OrganisationUnit.objects.get(code="ICT").parent.code == "FGW"
    plan = apply("units", csv(UNIT_HEADER, "ITI;;;"))
    assert plan.changed[0].reason == unit_plans.Reason.REACTIVATED
    iti.refresh_from_db()
    assert iti.is_active


def test_a_student_export_with_unit_columns_works_as_a_units_export(db):
    data = csv(
        "studentnummer;voornaam;achternaam;faculteit_code;faculteit;opleidingscode;opleiding",
        "1;a;b;FGW;Gezondheid;VPK;Verpleegkunde",
        "2;c;d;FGW;Gezondheid;VPK;Verpleegkunde",
        "3;e;f;FGW;Gezondheid;SW;Social Work",
    )
    plan = apply("units", data)
    assert sorted(e.key for e in plan.new) == ["FGW", "SW", "VPK"] and plan.rejected == []


def test_bad_unit_rows_are_reported(db):
    FacultyFactory(code="FGW", name="Gezondheid")
    ProgrammeFactory(code="VPK", name="Verpleegkunde")
    data = csv(
        UNIT_HEADER,
        "VPK;Verpleegkunde als faculteit;;",  # 2: a programme as faculty
        "FGW;Gezondheid;FGW;Zichzelf",  # 3: a faculty as programme
        "NEW;;;",  # 4: a new unit without a name
        "FGW;Gezondheid;SW;Social Work",  # 5: fine on its own
        "ITI;Techniek;SW;Social Work",  # 6: the same programme under another faculty
        ";;X;Y",  # 7: no faculty code
        "FGW;;;Losse naam",  # 8: a programme name without a code
        "FGW;Gezondheid;PED;Pedagogiek",  # 9: fine
    )
    plan = plan_for_file(data, kind="units", full_export=False)
    assert [(r.line, r.codes) for r in plan.rejected] == [
        (2, ("kind_conflict",)),
        (3, ("kind_conflict",)),
        (4, ("missing_name",)),
        (7, ("missing_code",)),
        (8, ("missing_code",)),
    ]
    # Lines 5 and 6 disagree on SW's faculty: one conflict, and neither line goes in.
    [conflict] = plan.conflicts
    assert (conflict.key, conflict.lines) == ("SW", (5, 6))
    assert "valt onder: 'FGW' (regel 5), 'ITI' (regel 6)" in conflict.message
    assert [e.key for e in plan.new] == ["PED"]


# --- Staff ---------------------------------------------------------------------------------

STAFF_HEADER = "personeelsnummer;voornaam;achternaam;e-mail;eenheid;rollen"


def test_new_staff_get_an_account_units_and_roles_by_mapping(programmes, settings):
    settings.ZW_IMPORT_ROLE_NAMES = {"SLB-er": "counsellor"}
    faculty = programmes["VPK"].parent.code
    data = csv(
        STAFF_HEADER, f"P100;Chris;Bakker;C.Bakker@hogeschool.example;VPK|{faculty};SLB-er, Melder"
    )
    plan = apply("staff", data)
    assert plan.counts()["new"] == 1
    chris = User.objects.get(employee_number="P100")
    assert chris.username == "c.bakker@hogeschool.example"
    assert not chris.has_usable_password()
    assert set(chris.units.values_list("code", flat=True)) == {"VPK", faculty}
    # A role without case reach at once; a case role waits for a second person (four eyes).
    assert chris.role_codes == {"reporter"}
    [asked] = chris.role_requests.all()
    assert (asked.role.code, asked.source, asked.state) == ("counsellor", "import", "pending")
    assert chris.history.filter(history_change_reason="Nieuw uit het identiteitssysteem").exists()


def test_staff_the_same_file_twice_changes_nothing(programmes):
    data = csv(STAFF_HEADER, "P100;Chris;Bakker;c@hogeschool.example;VPK;counsellor")
    apply("staff", data, full=True)
    before = history_rows()
    plan = apply("staff", data, full=True)
    assert plan.counts()["unchanged"] == 1 and not plan.has_changes
    assert history_rows() == before


def test_staff_changes_show_old_and_new_and_columns_left_out_are_left_alone(programmes):
    apply("staff", csv(STAFF_HEADER, "P100;Chris;Bakker;c@hogeschool.example;VPK;counsellor"))
    plan = apply(
        "staff",
        csv(
            "personeelsnummer;voornaam;achternaam;rollen", "P100;Chris;Bakker-Smit;counsellor|dean"
        ),
    )
    diffs = [(str(label), old, new) for label, old, new in plan.changed[0].diffs]
    assert diffs == [
        ("achternaam", "Bakker", "Bakker-Smit"),
        (
            "rollen",
            "Studentendecaan / studentbegeleider",
            "Studentendecaan / studentbegeleider, Teamleider decanaat",
        ),
    ]
    chris = User.objects.get(employee_number="P100")
    assert chris.email == "c@hogeschool.example"  # no e-mail column: kept
    assert list(chris.units.values_list("code", flat=True)) == ["VPK"]  # no unit column: kept


def test_an_account_made_by_hand_is_linked_by_its_email_user_name(programmes):
    existing = UserFactory(username="c@hogeschool.example", employee_number="")
    plan = apply("staff", csv(STAFF_HEADER, "P100;Chris;Bakker;c@hogeschool.example;VPK;"))
    assert [e.pk for e in plan.changed] == [existing.pk]
    existing.refresh_from_db()
    assert existing.employee_number == "P100"


def test_bad_staff_rows_are_reported(programmes):
    UserFactory(username="taken@hogeschool.example", employee_number="P999")
    data = csv(
        STAFF_HEADER,
        "P1;Anna;Bos;anna@hogeschool.example;VPK;toverfee",  # 2: unknown role
        "P2;Bert;Bos;bert@hogeschool.example;NOPE;",  # 3: unknown unit
        "P3;Cor;Bos;geen-adres;VPK;",  # 4: not an e-mail address
        "P4;Dirk;Bos;taken@hogeschool.example;VPK;",  # 5: user name of another employee
        "P5;Eva;Bos;eva@hogeschool.example;VPK;",  # 6: fine
        "P6;Eva;Bos;eva@hogeschool.example;VPK;",  # 7: the same address as line 6
        ";Fien;Bos;fien@hogeschool.example;VPK;",  # 8: no employee number
        "P7;Gijs;Bos;gijs@hogeschool.example;VPK;",  # 9 and 10: the same row twice
        "P7;Gijs;Bos;gijs@hogeschool.example;VPK;",
        "P8;Hans;Bos;hans@hogeschool.example;VPK;",  # 11 and 12: one number, two names
        "P8;Hans;Bosch;hans@hogeschool.example;VPK;",
    )
    plan = plan_for_file(data, kind="staff", full_export=False)
    assert [(r.line, r.codes) for r in plan.rejected] == [
        (2, ("unknown_role",)),
        (3, ("unknown_unit",)),
        (4, ("malformed_email",)),
        (5, ("username_taken",)),
        (7, ("username_taken",)),
        (8, ("missing_number",)),
    ]
    assert "onbekende rol 'toverfee'" in plan.rejected[0].message
    assert [(d.key, d.line, d.copies) for d in plan.duplicates] == [("P7", 9, (10,))]
    assert [(c.key, c.lines) for c in plan.conflicts] == [("P8", (11, 12))]
    assert [e.key for e in plan.new] == ["P5", "P7"]


def test_two_accounts_with_one_employee_number_are_left_for_a_person_to_sort_out(programmes):
    UserFactory(username="a", employee_number="P1")
    UserFactory(username="b", employee_number="P1")
    data = csv(STAFF_HEADER, "P1;Anna;Bos;anna@hogeschool.example;VPK;")
    plan = plan_for_file(data, kind="staff", full_export=True)
    assert plan.rejected[0].message == "personeelsnummer P1 staat bij meer dan één account"
    assert not plan.has_changes


def _session_for(client, user):
    client.force_login(user)
    return client.session.session_key


def test_a_deactivated_employee_loses_their_sessions_and_triage_pool_but_keeps_their_records(
    programmes, case, counsellor, reporter, client, django_user_model
):
    from django.test import Client

    counsellor.employee_number, reporter.employee_number = "P1", "P2"
    counsellor.save()
    reporter.save()
    counsellor_session = _session_for(Client(), counsellor)
    reporter_session = _session_for(Client(), reporter)
    assert counsellor in eligible_handlers(case)
    data = csv(
        STAFF_HEADER, f"P2;{reporter.first_name};{reporter.last_name};{reporter.email};VPK;reporter"
    )
    with CaptureQueriesContext(connection) as queries:
        plan = apply("staff", data, full=True)
    assert [e.key for e in plan.left] == ["P1"]
    assert session_reads(queries) == 1  # one pass over the live sessions for all who left
    counsellor.refresh_from_db()
    assert counsellor.is_active is False
    sessions = set(Session.objects.values_list("session_key", flat=True))
    assert counsellor_session not in sessions and reporter_session in sessions
    assert counsellor not in eligible_handlers(case)
    # Never deleted: roles, units and what they did stay attributed to them.
    assert counsellor.groups.filter(role__code=RoleCode.COUNSELLOR).exists()
    assert case.reporter == reporter and User.objects.filter(pk=counsellor.pk).exists()
    row = counsellor.history.latest()
    assert (
        row.history_change_reason
        == "Niet meer in de volledige export: gedeactiveerd, sessies beëindigd"
    )


def test_accounts_without_an_employee_number_are_never_deactivated(programmes, functional_admin):
    data = csv(STAFF_HEADER, "P1;Anna;Bos;anna@hogeschool.example;VPK;")
    plan = apply("staff", data, full=True)
    assert plan.left == []
    functional_admin.refresh_from_db()
    assert functional_admin.is_active and get_system_user().is_system


def test_a_staff_member_back_in_the_export_is_reactivated(programmes):
    data = csv(STAFF_HEADER, "P1;Anna;Bos;anna@hogeschool.example;VPK;reporter")
    apply("staff", data)
    apply("staff", csv(STAFF_HEADER, "P2;Bert;Bos;bert@hogeschool.example;VPK;"), full=True)
    assert not User.objects.get(employee_number="P1").is_active
    plan = apply("staff", data)
    assert plan.changed[0].reason == staff_plans.Reason.REACTIVATED
    assert User.objects.get(employee_number="P1").is_active

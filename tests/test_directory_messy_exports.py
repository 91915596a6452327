"""Exports as Dutch student information and HR systems write them (issue 19): a byte-order mark,
CRLF, semicolons, Dutch headings, tussenvoegsels, diacritics, DD-MM-YYYY dates, a quoted value
holding the separator, padded cells and a handful of bad rows — generated here, never a copy of
a real export. Each "Why" of the issue is a test below; they run on SQLite and PostgreSQL."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import OrganisationUnit, User
from accounts.services import get_system_user
from cases.models import Student
from directory import services
from directory.conf import column_aliases
from directory.plans import plan_for_file
from directory.plans import students as student_plans
from tests.factories import FacultyFactory, ProgrammeFactory, StudentFactory, UserFactory

# --- Generating messy exports ------------------------------------------------------------------

# Institutes and programmes of an invented hogeschool: (code, name, [(code, name), ...]).
INSTITUTES = [
    (
        "IGZ",
        "Instituut voor Gezondheidszorg",
        [("B-VPK", "Verpleegkunde"), ("B-FT", "Fysiotherapie")],
    ),
    ("ISW", "Instituut Sociaal Werk", [("B-SW", "Social Work; voltijd"), ("B-PED", "Pedagogiek")]),
    (
        "ICT",
        "Instituut voor ICT",
        [("B-HICT", "HBO-ICT"), ("B-CMD", "Communicatie & Multimedia Design")],
    ),
]
FIRST_NAMES = ["Noor", "Zoë", "Daniël", "Sem", "Anaïs", "Chloë", "Jurriën", "Ayşe", "Loïs", "Bram"]
PREFIXES = ["", "van", "de", "van der", "van den", "ter", "'t", "", "", ""]
LAST_NAMES = ["Veenstra", "Öztürk", "Bakker", "Müller", "Visser", "Smit", "Brouwer", "Çelik"]

OSIRIS_HEADER = [
    "Studentnummer",
    "Roepnaam",
    "Voorvoegsels",
    "Achternaam",
    "Instituutscode",
    "Instituut",
    "Opleidingscode",
    "Opleiding",
    "Ingangsdatum",
    "Afloopdatum",
    "Geboortedatum",
]


def messy_csv(header, rows, *, bom=True, delimiter=";", padded=()):
    """Bytes of an export as a Dutch Excel or SIS writes it: BOM, CRLF, the delimiter, values
    quoted only where they hold the delimiter. Cells of the lines in `padded` get spaces."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for index, row in enumerate(rows):
        writer.writerow([f"  {cell} " if index + 2 in padded else cell for cell in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def student_row(n, *, institutes=INSTITUTES, start="01-09-2023", end="", birth="14-03-2004"):
    """One invented student: number, called name, tussenvoegsel, surname, institute, programme,
    dates (DD-MM-YYYY) and a birth date the importer must not read."""
    code, name, programmes = institutes[n % len(institutes)]
    programme_code, programme_name = programmes[(n // len(institutes)) % len(programmes)]
    return [
        str(4_100_000 + n),
        FIRST_NAMES[n % len(FIRST_NAMES)],
        PREFIXES[n % len(PREFIXES)],
        LAST_NAMES[(n // 3) % len(LAST_NAMES)],
        code,
        name,
        programme_code,
        programme_name,
        start,
        end,
        birth,
    ]


def osiris_export(count, *, extra=(), padded=()):
    return messy_csv(
        OSIRIS_HEADER, [student_row(n) for n in range(count)] + list(extra), padded=padded
    )


def plan(data, kind="students", full=False, create_units=False):
    return plan_for_file(data, kind=kind, full_export=full, create_units=create_units)


def apply(data, kind="students", full=False, create_units=False, max_left=100):
    planned = plan(data, kind, full, create_units)
    _run, applied = services.apply_file(
        data=data,
        file_name="export.csv",
        kind=kind,
        full_export=full,
        create_units=create_units,
        expected_digest=planned.digest(),
        acting_user=get_system_user(),
        max_left=max_left,
    )
    return applied


@pytest.fixture
def units(db):
    """The invented hogeschool's units, as if imported before."""
    for code, name, programmes in INSTITUTES:
        faculty = FacultyFactory(code=code, name=name)
        for programme_code, programme_name in programmes:
            ProgrammeFactory(code=programme_code, name=programme_name, parent=faculty)


def history_rows():
    return Student.history.count() + OrganisationUnit.history.count() + User.history.count()


# --- Why 1: an exact duplicate row dropped a real student ------------------------------------


def test_an_exact_duplicate_row_is_applied_once_and_counted_not_rejected(units):
    rows = [student_row(n) for n in range(5)]
    data = messy_csv(OSIRIS_HEADER, [*rows, rows[2]], padded={7})  # line 7 repeats line 4, padded
    planned = plan(data)
    assert planned.rejected == [] and planned.conflicts == []
    assert [(d.key, d.line, d.copies) for d in planned.duplicates] == [("4100002", 4, (7,))]
    assert planned.counts()["duplicates"] == 1 and planned.counts()["new"] == 5
    apply(data)
    assert Student.objects.filter(student_number="4100002").count() == 1


def test_three_identical_rows_are_one_student_and_two_duplicates(units):
    row = student_row(1)
    planned = plan(messy_csv(OSIRIS_HEADER, [row, student_row(2), row, row]))
    assert [(d.line, d.copies) for d in planned.duplicates] == [(2, (4, 5))]
    assert planned.counts()["duplicates"] == 2 and len(planned.new) == 2


# --- Why 2: one number, different names: one conflict naming the lines and the fields ---------


def test_rows_with_one_number_and_different_values_are_one_conflict_and_none_applies(units):
    first, other = student_row(1), student_row(1)
    other[3], other[6] = "Veenstra-Kok", "B-FT"
    data = messy_csv(OSIRIS_HEADER, [first, student_row(2), other, student_row(3)])
    planned = plan(data)
    [conflict] = planned.conflicts
    assert (conflict.key, conflict.lines) == ("4100001", (2, 4))
    fields = [str(label) for label, _values in conflict.differences]
    assert fields == ["achternaam", "opleidingscode"]
    assert "regels 2 en 4" in conflict.message
    assert "achternaam: 'Veenstra' (regel 2), 'Veenstra-Kok' (regel 4)" in conflict.message
    assert "Geen van deze regels is verwerkt" in conflict.message
    assert planned.rejected == [] and planned.counts()["conflicts"] == 1
    assert sorted(e.key for e in planned.new) == ["4100002", "4100003"]  # the rest goes in
    apply(data)
    assert not Student.objects.filter(student_number="4100001").exists()


def test_a_conflicting_student_is_not_marked_as_left(units):
    programme = OrganisationUnit.objects.get(code="B-FT")
    StudentFactory(student_number="4100001", programme=programme)
    first, other = student_row(1), student_row(1)
    other[1] = "Anna"
    planned = plan(messy_csv(OSIRIS_HEADER, [first, other, student_row(2)]), full=True)
    assert planned.left == [] and len(planned.conflicts) == 1


def test_the_command_prints_duplicates_and_conflicts(units, tmp_path):
    first, other = student_row(1), student_row(1)
    other[1] = "Anna"
    path = tmp_path / "studenten.csv"
    path.write_bytes(messy_csv(OSIRIS_HEADER, [first, other, student_row(2), student_row(2)]))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_students", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert error.value.returncode == 2
    text = out.getvalue()
    assert "dubbel (genegeerd): 1" in text and "conflicten: 1" in text
    assert "regels 2 en 3 (4100001): studentnummer 4100001 staat op regels 2 en 3" in text
    assert "regel 5 is gelijk aan regel 4 (4100002)" in text


# --- Why 3: a start-date column the importer did not know -------------------------------------

DATE_HEADINGS = [
    ("ingangsdatum", "active_from"),
    ("begindatum", "active_from"),
    ("startdatum", "active_from"),
    ("inschrijfdatum", "active_from"),
    ("Datum inschrijving", "active_from"),
    ("einddatum", "active_to"),
    ("uitschrijfdatum", "active_to"),
    ("datum uitschrijving", "active_to"),
    ("Afloopdatum", "active_to"),
]


@pytest.mark.parametrize(("heading", "field"), DATE_HEADINGS, ids=[h for h, _f in DATE_HEADINGS])
def test_dutch_date_headings_are_read_and_an_impossible_date_rejects_its_row(units, heading, field):
    assert column_aliases()[heading.lower().replace(" ", "_")] == field
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode", heading]
    data = messy_csv(
        header,
        [
            ["4100001", "Noor", "Bakker", "B-VPK", "01-09-2023"],
            ["4100002", "Sem", "Visser", "B-VPK", "31-02-2026"],
        ],
    )
    planned = plan(data)
    [rejection] = planned.rejected
    assert (rejection.line, rejection.codes) == (3, ("impossible_date",))
    assert "'31-02-2026' bestaat niet" in rejection.message
    assert planned.ignored_columns == []
    assert [e.key for e in planned.new] == ["4100001"]


def test_a_past_end_date_in_an_osiris_export_unenrols(units):
    data = messy_csv(OSIRIS_HEADER, [student_row(1, end="31-01-2024")])
    [entry] = plan(data).new
    assert entry.values["is_active"] is False


def test_roepnaam_goes_before_voornamen_and_the_other_is_named_as_unused(units):
    header = ["Studentnummer", "Voornamen", "Roepnaam", "Achternaam", "Opleidingscode"]
    planned = plan(messy_csv(header, [["4100001", "Johanna Maria", "Noor", "Bakker", "B-VPK"]]))
    assert planned.new[0].values["first_name"] == "Noor"
    assert planned.ignored_columns == ["Voornamen"]


def test_a_column_the_importer_does_not_use_is_a_warning_in_the_command_output(units, tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(osiris_export(2))
    out = io.StringIO()
    call_command("import_students", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Let op: deze kolommen lezen we niet: Geboortedatum" in out.getvalue()


def test_a_known_column_another_kind_uses_is_unused_here(units):
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode", "E-mailadres", "Rollen"]
    planned = plan(messy_csv(header, [["4100001", "Noor", "Bakker", "B-VPK", "n@x.example", "x"]]))
    assert planned.ignored_columns == ["E-mailadres", "Rollen"] and not planned.rejected


# --- Why 4: units from the student export --------------------------------------------------


def test_the_preview_proposes_the_missing_units_and_the_confirmation_creates_them(db):
    ProgrammeFactory(code="DEMO-1", name="Een opleiding van de demo")
    data = osiris_export(12)
    planned = plan(data, create_units=True)
    assert [e.key for e in planned.new_units] == [
        "IGZ",
        "ISW",
        "ICT",
        "B-VPK",
        "B-SW",
        "B-HICT",
        "B-FT",
        "B-PED",
        "B-CMD",
    ]
    assert planned.rejected == [] and planned.counts()["new_units"] == 9
    assert OrganisationUnit.objects.count() == 2  # planning saves nothing
    apply(data, create_units=True)
    sw = OrganisationUnit.objects.get(code="B-SW")
    assert (sw.name, sw.kind, sw.parent.code) == ("Social Work; voltijd", "programme", "ISW")
    [row] = sw.history.all()
    assert row.history_change_reason == student_plans.Reason.NEW_UNIT
    assert row.history_user == get_system_user()
    assert Student.objects.filter(programme=sw).count() == 2
    assert not plan(data, create_units=True).has_changes  # the same file again: nothing


def test_units_named_only_by_name_get_a_code_made_from_the_name(db):
    header = ["Studentnummer", "Voornaam", "Achternaam", "Instituut", "Opleiding"]
    rows = [
        ["4100001", "Noor", "Bakker", "Instituut voor Gezondheidszorg", "Verpleegkunde"],
        ["4100002", "Sem", "Visser", "Instituut voor Gezondheidszorg", "Fysiotherapie"],
    ]
    data = messy_csv(header, rows)
    planned = plan(data, create_units=True)
    assert [(e.key, e.label) for e in planned.new_units] == [
        ("INSTITUUT-VOOR-GEZONDHEIDSZORG", "Instituut voor Gezondheidszorg"),
        ("VERPLEEGKUNDE", "Verpleegkunde"),
        ("FYSIOTHERAPIE", "Fysiotherapie"),
    ]
    apply(data, create_units=True)
    # Next time the names find the units they made.
    assert not plan(data, create_units=True).has_changes
    assert not plan(data, kind="units").has_changes


def test_creating_units_and_students_is_all_or_nothing(db, monkeypatch):
    data = osiris_export(4)
    planned = plan(data, create_units=True)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # After the units and the students are written, before their history is.
    monkeypatch.setattr(services, "history_in_bulk", fail)
    with pytest.raises(RuntimeError):
        services.apply_file(
            data=data,
            file_name="export.csv",
            kind="students",
            full_export=False,
            create_units=True,
            expected_digest=planned.digest(),
            acting_user=get_system_user(),
        )
    assert OrganisationUnit.objects.count() == 0 and Student.objects.count() == 0


def test_without_create_units_the_command_says_which_units_to_import_first_and_how(db, tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(osiris_export(6))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_students", str(path), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "Alle 6 rijen zijn afgewezen" in text
    assert "onbekende opleidingscode: 6 rijen" in text
    assert (
        "Deze eenheden ontbreken: IGZ, ISW, ICT, B-VPK, B-SW, B-HICT, B-FT, B-PED, B-CMD. "
        "Maak ze mee aan met --create-units, of importeer eerst de eenheden: "
        f"python manage.py import_units {path}"
    ) in text
    assert Student.objects.count() == 0
    call_command(
        "import_students", str(path), "--create-units", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert Student.objects.count() == 6 and OrganisationUnit.objects.count() == 9


def test_import_units_reads_the_student_export_with_codes_or_names_only(db, tmp_path):
    path = tmp_path / "studenten.csv"
    path.write_bytes(osiris_export(6))
    call_command("import_units", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert OrganisationUnit.objects.count() == 9
    header = ["Studentnummer", "Voornaam", "Achternaam", "Faculteit", "Opleidingsnaam"]
    names_only = messy_csv(header, [["1", "a", "b", "Faculteit Recht", "Rechten"]])
    planned = plan(names_only, kind="units")
    assert [e.key for e in planned.new] == ["FACULTEIT-RECHT", "RECHTEN"] and not planned.rejected


def test_a_new_code_whose_name_another_programme_has_is_flagged(units):
    header = [
        "Studentnummer",
        "Voornaam",
        "Achternaam",
        "Instituutscode",
        "Opleidingscode",
        "Opleiding",
    ]
    data = messy_csv(header, [["4100001", "Noor", "Bakker", "IGZ", "B-VPKK", "Verpleegkunde"]])
    [proposed] = plan(data, create_units=True).new_units
    assert proposed.key == "B-VPKK"
    assert "let op: B-VPK heeft dezelfde naam" in proposed.detail
    [rejection] = plan(data).rejected  # without creating units: the reason says it too
    assert "onbekende opleidingscode B-VPKK; de naam 'Verpleegkunde' hoort bij B-VPK" in (
        rejection.message
    )


def test_a_plan_where_every_row_is_rejected_says_why_and_marks_nobody_as_left(units):
    StudentFactory(programme=OrganisationUnit.objects.get(code="B-FT"))
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode"]
    planned = plan(messy_csv(header, [["1", "a", "b", "X"], ["2", "c", "d", "Y"]]), full=True)
    assert planned.all_rejected and planned.left == []
    assert planned.reasons() == [("onbekende opleidingscode", 2)]


# --- Why 5: the guard for a full export ---------------------------------------------------------


def test_the_leavers_guard_counts_the_active_records_and_refuses_without_confirmation(units):
    programme = OrganisationUnit.objects.get(code="B-VPK")
    for n in range(20):
        StudentFactory(student_number=f"{4_200_000 + n}", programme=programme)
    data = osiris_export(3)
    planned = plan(data, full=True, create_units=True)
    assert (len(planned.left), planned.active_before) == (20, 20)
    assert planned.too_many_leaving(10)
    with pytest.raises(services.TooManyLeaving, match="20 van 20"):
        apply(data, full=True, max_left=10)
    assert Student.objects.filter(is_active=False).count() == 0


# --- Why 6: the same rules for staff and units -------------------------------------------------

AFAS_HEADER = [
    "Medewerker",
    "Roepnaam",
    "Voorvoegsel",
    "Achternaam",
    "E-mail werk",
    "Organisatorische eenheid",
    "Datum in dienst",
    "Datum uit dienst",
    "Functie",
]


def staff_row(n, *, unit="B-VPK", start="01-02-2020", end=""):
    return [
        f"M{1000 + n}",
        FIRST_NAMES[n % len(FIRST_NAMES)],
        PREFIXES[n % len(PREFIXES)],
        LAST_NAMES[n % len(LAST_NAMES)],
        f"medewerker{n}@hogeschool.example",
        unit,
        start,
        end,
        "Docent",
    ]


def test_staff_exports_with_afas_headings_duplicates_conflicts_and_dates(units):
    other = staff_row(3)
    other[4] = "iemand.anders@hogeschool.example"
    rows = [
        staff_row(1),
        staff_row(2),
        staff_row(1),
        staff_row(3),
        other,
        staff_row(4, start="30-02-2021"),
        staff_row(5, end="31-12-2020"),
    ]
    planned = plan(messy_csv(AFAS_HEADER, rows), kind="staff")
    assert [(d.key, d.line, d.copies) for d in planned.duplicates] == [("M1001", 2, (4,))]
    [conflict] = planned.conflicts
    assert (conflict.key, conflict.lines) == ("M1003", (5, 6))
    assert [str(label) for label, _v in conflict.differences] == ["e-mail"]
    [rejection] = planned.rejected
    assert (rejection.line, rejection.codes) == (7, ("impossible_date",))
    assert planned.ignored_columns == ["Functie"]
    new = {e.key: e for e in planned.new}
    assert sorted(new) == ["M1001", "M1002", "M1005"]
    assert new["M1001"].values["last_name"] == "van Öztürk"
    assert new["M1005"].values["is_active"] is False  # out of service since 2020


def test_a_member_of_staff_out_of_service_is_deactivated_with_their_sessions(units, client):
    apply(messy_csv(AFAS_HEADER, [staff_row(1)]), kind="staff")
    person = User.objects.get(employee_number="M1001")
    client.force_login(person)
    planned = plan(messy_csv(AFAS_HEADER, [staff_row(1, end="31-12-2024")]), kind="staff")
    [entry] = planned.changed
    assert (
        entry.reason
        == "Uit dienst volgens het identiteitssysteem: gedeactiveerd, sessies beëindigd"
    )
    apply(messy_csv(AFAS_HEADER, [staff_row(1, end="31-12-2024")]), kind="staff")
    person.refresh_from_db()
    assert person.is_active is False
    assert client.get("/").status_code == 302  # signed out


def test_youforce_headings_are_known(units):
    header = [
        "Persnr",
        "Roepnaam",
        "Voorvoegsels",
        "Geslachtsnaam",
        "E-mailadres zakelijk",
        "Datum in dienst",
        "Datum uit dienst",
    ]
    planned = plan(
        messy_csv(
            header, [["7001", "Noor", "", "Bakker", "n@hogeschool.example", "01-01-2020", ""]]
        ),
        kind="staff",
    )
    assert planned.ignored_columns == [] and [e.key for e in planned.new] == ["7001"]


def test_units_exports_duplicates_and_conflicts(db):
    header = ["Faculteitscode", "Faculteit", "Opleidingscode", "Opleidingsnaam"]
    rows = [
        ["FGW", "Gezondheid", "VPK", "Verpleegkunde"],  # 2
        ["FGW", "Gezondheid", "VPK", "Verpleegkunde"],  # 3: the same as 2
        ["FGW", "Gezondheid", "SW", "Social Work"],  # 4
        ["ITI", "Techniek", "SW", "Social Work"],  # 5: SW under another faculty
        ["ITI", "Techniek", "ICT", "HBO-ICT"],  # 6
        ["REC", "Recht", "", ""],  # 7
        ["REC", "Rechten", "", ""],  # 8: REC with another name
    ]
    planned = plan(messy_csv(header, rows), kind="units")
    assert [(d.line, d.copies) for d in planned.duplicates] == [(2, (3,))]
    conflicts = {c.key: c for c in planned.conflicts}
    assert sorted(conflicts) == ["REC", "SW"]
    assert conflicts["SW"].lines == (4, 5)
    assert [str(label) for label, _v in conflicts["SW"].differences] == ["valt onder"]
    assert conflicts["REC"].lines == (7, 8)
    assert sorted(e.key for e in planned.new) == ["FGW", "ICT", "ITI", "VPK"]


def test_staff_and_units_guard_their_leavers_too(units):
    for n in range(10):
        UserFactory(employee_number=f"M{2000 + n}")
    planned = plan(messy_csv(AFAS_HEADER, [staff_row(1)]), kind="staff", full=True)
    assert (len(planned.left), planned.active_before) == (10, 10) and planned.too_many_leaving(10)
    header = ["Faculteitscode", "Faculteit"]
    planned = plan(
        messy_csv(header, [["IGZ", "Instituut voor Gezondheidszorg"]]), kind="units", full=True
    )
    assert len(planned.left) == 8 and planned.too_many_leaving(10)


# --- The whole export of the issue, about 2,000 students --------------------------------------


def test_a_messy_export_of_two_thousand_students_as_the_issue_describes(db, tmp_path):
    ProgrammeFactory(code="DEMO-1", name="Een opleiding van de demo")
    count = 2000
    rows = [student_row(n, end="31-01-2024" if n % 50 == 0 else "") for n in range(count)]
    conflicting = student_row(7)
    conflicting[3] = "Anders"
    bad = [
        rows[10],  # an exact duplicate
        conflicting,  # one number, another surname
        [
            "",
            "Zoë",
            "",
            "Smit",
            "IGZ",
            "Instituut voor Gezondheidszorg",
            "B-VPK",
            "Verpleegkunde",
            "01-09-2023",
            "",
            "",
        ],  # no student number
        student_row(count, start="31-02-2026"),  # a date that does not exist
        [*student_row(count + 1)[:7], "Social Work", "voltijd", "01-09-2023", "", ""],  # unquoted ;
        [
            str(4_100_000 + count + 2),
            "Sem",
            "",
            "",
            "ISW",
            "Instituut Sociaal Werk",
            "B-SW",
            "Social Work; voltijd",
            "01-09-2023",
            "",
            "",
        ],  # no surname
    ]
    data = osiris_export(0, extra=[*rows, *bad], padded={5, 6, 7})
    assert (
        data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b'"Social Work; voltijd"' in data
    )
    planned = plan(data, create_units=True)
    counts = planned.counts()
    assert counts["rows"] == count + len(bad)
    assert (counts["duplicates"], counts["conflicts"], counts["rejected"]) == (1, 1, 4)
    assert counts["new"] == count - 1  # student 7 is in conflict
    assert counts["new_units"] == 9
    assert [r.line for r in planned.rejected] == [count + 4, count + 5, count + 6, count + 7]
    assert planned.ignored_columns == ["Geboortedatum"]
    padded = next(e for e in planned.new if e.line == 5)
    assert padded.key == "4100003" and padded.values["first_name"] == "Sem"
    apply(data, create_units=True)
    assert Student.objects.count() == count - 1
    assert Student.objects.filter(is_active=False).count() == count // 50
    assert Student.objects.get(student_number="4100003").last_name == "van der Öztürk"
    assert Student.history.count() == count - 1
    before = history_rows()
    again = plan(data, create_units=True)
    assert not again.has_changes and again.counts()["unchanged"] == count - 1
    assert history_rows() == before

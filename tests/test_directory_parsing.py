"""Reading exports: delimiters, UTF-8 with and without BOM, Dutch and English headers, the
institution's own header and role names, dates, and files that cannot be read at all."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from directory.conf import column_aliases, role_names
from directory.parsing import UnreadableFile, parse_date, read_csv

REQUIRED = ("student_number", "first_name", "last_name")
ONE_OF = ("programme_code", "unit")


def read(text, encoding="utf-8", **kwargs):
    kwargs.setdefault("required", REQUIRED)
    kwargs.setdefault("one_of", ONE_OF)
    return read_csv(text.encode(encoding), **kwargs)


def test_semicolons_dutch_headers_and_a_byte_order_mark():
    parsed = read(
        "Studentnummer;Voornaam;Tussenvoegsel;Achternaam;Opleidingscode\n5001;Noor;van;Dijk;VPK\n",
        encoding="utf-8-sig",
    )
    assert parsed.fields == [
        "student_number",
        "first_name",
        "name_prefix",
        "last_name",
        "programme_code",
    ]
    [row] = parsed.rows
    assert row.line == 2
    assert row.values == {
        "student_number": "5001",
        "first_name": "Noor",
        "name_prefix": "van",
        "last_name": "Dijk",
        "programme_code": "VPK",
    }


def test_commas_and_english_headers_in_any_case_and_spacing():
    parsed = read("Student Number,First-Name,LAST_NAME,programme_code\n5001,Noor,Dijk,VPK\n")
    assert parsed.rows[0].values["first_name"] == "Noor"
    assert parsed.rows[0].values["last_name"] == "Dijk"


def test_tabs_work_too():
    parsed = read("studentnummer\tvoornaam\tachternaam\teenheid\n5001\tNoor\tDijk\tVPK\n")
    assert parsed.rows[0].values["unit"] == "VPK"


def test_a_quoted_value_may_hold_the_delimiter_and_spaces_are_trimmed():
    parsed = read('studentnummer;voornaam;achternaam;eenheid\n 5001 ;"Noor; Anna";Dijk;VPK\n')
    assert parsed.rows[0].values["student_number"] == "5001"
    assert parsed.rows[0].values["first_name"] == "Noor; Anna"


def test_line_numbers_count_blank_lines_and_multiline_cells():
    parsed = read(
        "studentnummer;voornaam;achternaam;eenheid\n"
        "5001;Noor;Dijk;VPK\n"
        "\n"
        ";;;\n"
        '5002;"Anna\nMaria";Bos;VPK\n'
        "5003;Kees;Smit;VPK\n"
    )
    assert [row.line for row in parsed.rows] == [2, 5, 7]


def test_unknown_columns_are_ignored_and_named():
    parsed = read("studentnummer;voornaam;achternaam;eenheid;geboortedatum;BSN\n1;a;b;c;d;e\n")
    assert parsed.ignored_columns == ["geboortedatum", "BSN"]
    assert "geboortedatum" not in parsed.rows[0].values


def test_a_row_with_more_cells_than_the_header_is_flagged():
    parsed = read("studentnummer;voornaam;achternaam;eenheid\n5001;Noor;Dijk;VPK;extra\n")
    assert parsed.rows[0].extra_cells


def test_a_short_row_has_empty_values():
    parsed = read("studentnummer;voornaam;achternaam;eenheid\n5001;Noor\n")
    assert parsed.rows[0].values["last_name"] == ""


def test_progress_is_reported_every_five_thousand_rows():
    body = "".join(f"{n};a;b;VPK\n" for n in range(12000))
    seen = []
    read("studentnummer;voornaam;achternaam;eenheid\n" + body, progress=seen.append)
    assert seen == [5000, 10000]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"\n\n  \n", "leeg"),
        ("studentnummer;voornaam;achternaam;eenheid\n1;Zoë;b;c\n".encode("latin-1"), "UTF-8"),
        (b"studentnummer;voornaam\x00", "geen tekstbestand"),
    ],
)
def test_files_that_cannot_be_read_say_why(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read_csv(data, required=REQUIRED, one_of=ONE_OF)


def test_missing_columns_are_named_with_what_was_found():
    with pytest.raises(UnreadableFile) as error:
        read("nummer;voornaam\n1;a\n")
    message = str(error.value)
    assert "studentnummer" in message and "achternaam" in message
    assert "opleidingscode of eenheid" in message
    assert "Gevonden kolommen: nummer, voornaam" in message


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(UnreadableFile, match="studentnummer.*student_number"):
        read("studentnummer;student_number;voornaam;achternaam;eenheid\n")


def test_the_institution_adds_header_names_as_a_dict_or_as_json(settings):
    settings.ZW_IMPORT_COLUMN_ALIASES = {"student_number": ["Stud.Nr"]}
    assert (
        read("stud.nr;voornaam;achternaam;eenheid\n1;a;b;c\n").rows[0].values["student_number"]
        == "1"
    )
    settings.ZW_IMPORT_COLUMN_ALIASES = '{"last_name": ["Geslachtsnaam"]}'
    assert column_aliases()["geslachtsnaam"] == "last_name"


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ZW_IMPORT_COLUMN_ALIASES", "{not json", "not valid JSON"),
        ("ZW_IMPORT_COLUMN_ALIASES", "[]", "must be a JSON object"),
        ("ZW_IMPORT_COLUMN_ALIASES", {"shoe_size": ["maat"]}, "unknown fields"),
        ("ZW_IMPORT_COLUMN_ALIASES", {"email": "mail"}, "must be a list"),
        ("ZW_IMPORT_ROLE_NAMES", {"SLB": "coach"}, "is not a role code"),
    ],
)
def test_a_bad_mapping_fails_loudly_naming_the_setting(settings, setting, value, message):
    setattr(settings, setting, value)
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        column_aliases() if setting == "ZW_IMPORT_COLUMN_ALIASES" else role_names()
    assert setting in str(error.value) or "JSON" in str(error.value)


def test_role_names_know_the_codes_the_default_labels_and_the_institutions_own(settings):
    settings.ZW_IMPORT_ROLE_NAMES = {"SLB-er": "counsellor", "Decaan": "counsellor"}
    names = role_names()
    assert names["counsellor"] == "counsellor"
    assert names["melder_(eerstelijns_professional)"] == "reporter"
    assert names["studentbegeleider"] == "counsellor"
    assert names["functioneel_beheerder"] == "functional_admin"
    assert names["slb_er"] == "counsellor"
    assert names["decaan"] == "counsellor"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-01", datetime.date(2024, 9, 1)),
        ("01-09-2024", datetime.date(2024, 9, 1)),
        ("1-9-2024", datetime.date(2024, 9, 1)),
        ("01/09/2024", datetime.date(2024, 9, 1)),
        ("", None),
    ],
)
def test_dates_as_iso_or_dutch(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2024", "2024-13-01", "09/01/24", "morgen", "2024-9"])
def test_anything_else_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)

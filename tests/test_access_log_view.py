"""The privacy officer reads and exports the access log; for everyone else it does not exist."""

import csv
import datetime
import io
import re
from contextlib import nullcontext
from unittest import mock

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access
from tests.conftest import PERSONAS
from tests.factories import StudentFactory, UserFactory, report_case
from tests.query_helpers import keep_navigation_counts

LIST_URL = "/toegangslogboek/"
EXPORT_URL = "/toegangslogboek/export.csv"
UTC = datetime.UTC


def _at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def _log(user, *, case=None, part="detail", action="view", basis="unit_pool", query="", at=None):
    """One log row written through the service, as a case view would, optionally back-dated."""
    path = f"/casussen/{case.reference}/" if case else "/casussen/"
    request = RequestFactory().get(path, REMOTE_ADDR="10.1.2.3")
    request.user = user
    clock = mock.patch("django.utils.timezone.now", return_value=at) if at else nullcontext()
    with clock:
        if basis == "none":
            log_denied_access(request, case=case, part=part, action=action)
        else:
            log_case_access(request, case=case, part=part, action=action, basis=basis, query=query)
    return AccessLogEntry.objects.latest("id")


def _shown(response):
    """The ids of the log rows in the table, top to bottom."""
    return [int(pk) for pk in re.findall(r'<tr id="entry-(\d+)"', response.content.decode())]


@pytest.fixture
def anna(unit):
    return UserFactory(
        username="abakker",
        first_name="Anna",
        last_name="Bakker",
        roles=[RoleCode.COUNSELLOR],
        units=[unit],
    )


@pytest.fixture
def karel(unit):
    return UserFactory(
        username="kjansen",
        first_name="Karel",
        last_name="Jansen",
        roles=[RoleCode.DEAN],
        units=[unit.parent],
    )


@pytest.fixture
def other_case(reporter, unit):
    return report_case(reporter=reporter, student=StudentFactory(programme=unit))


@pytest.fixture
def entries(case, other_case, anna, karel, outsider):
    """Four rows over four days; the refusal falls late on 3 March UTC (4 March in NL)."""
    return {
        "view": _log(anna, case=case, at=_at(2026, 3, 2, 10, 0)),
        "denied": _log(outsider, case=case, basis="none", at=_at(2026, 3, 3, 23, 30)),
        "search": _log(
            karel,
            case=case,
            part="list",
            action="search",
            basis="unit_oversight",
            query="Noor",
            at=_at(2026, 3, 4, 8, 0),
        ),
        "download": _log(
            anna,
            case=other_case,
            part="attachment",
            action="download",
            basis="case_team",
            at=_at(2026, 3, 5, 12, 0),
        ),
    }


@pytest.fixture
def officer_client(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


# --- Reading -------------------------------------------------------------------------------


def test_privacy_officer_sees_every_row_newest_first(officer_client, entries, case, anna):
    response = officer_client.get(LIST_URL)
    assert response.status_code == 200
    assert _shown(response) == [entries[k].pk for k in ("download", "search", "denied", "view")]
    content = response.content.decode()
    assert "Toegangslogboek" in content
    assert "Anna Bakker" in content and "abakker" in content
    assert "Studentbegeleider" in content  # the role held, by name
    assert case.reference in content and case.student_pseudonym in content
    assert "4 mrt 2026<br>00:30:00" in content  # Dutch time, as the rest of the app shows it
    assert 'datetime="2026-03-03T23:30:00+00:00"' in content  # the machine-readable moment
    assert "Casuspagina" in content and "Bijlage" in content  # parts by name, not code
    assert "geweigerd" in content and "triagepool van de eenheid" in content
    assert "GET /casussen/" in content and "10.1.2.3" in content
    assert '<th scope="col">' in content and "<caption" in content


def test_reading_the_log_is_logged_with_the_filters(officer_client, entries, privacy_officer):
    officer_client.get(LIST_URL, {"case": "ZW-2026-0001", "user": "", "outcome": "denied"})
    read = AccessLogEntry.objects.latest("id")
    assert read.user == privacy_officer
    assert read.roles == "privacy_officer"
    assert (read.part, read.action, read.outcome, read.basis) == (
        "access_log",
        "view",
        "allowed",
        "privacy_officer",
    )
    assert read.query == "case=ZW-2026-0001&outcome=denied"
    assert read.access_point == "GET /toegangslogboek/"
    assert read.case_id is None and read.student_pseudonym == ""


def test_reading_one_students_rows_names_that_student(officer_client, entries, case):
    """So the student's own subject-access report shows who read their part of the log."""
    one_student = {"pseudonym": case.student_pseudonym}
    officer_client.get(LIST_URL, one_student)
    b"".join(officer_client.get(EXPORT_URL, one_student).streaming_content)
    reads = AccessLogEntry.objects.filter(part__in=["access_log", "access_log_export"])
    assert sorted(reads.values_list("part", "student_pseudonym")) == [
        ("access_log", case.student_pseudonym),
        ("access_log_export", case.student_pseudonym),
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        # Days are Dutch days: the refusal at 23:30 UTC on 3 March fell on 4 March here.
        ({"date_from": "2026-03-03", "date_to": "2026-03-03"}, set()),
        ({"date_from": "2026-03-04", "date_to": "2026-03-04"}, {"denied", "search"}),
        ({"date_from": "2026-03-04"}, {"denied", "search", "download"}),
        ({"date_to": "2026-03-02"}, {"view"}),
        (
            {"date_from": "0001-01-01", "date_to": "9999-12-31"},
            {"view", "denied", "search", "download"},
        ),
        ({"user": "bakker"}, {"view", "download"}),
        ({"user": "Karel"}, {"search"}),
        ({"user": "ABAKK"}, {"view", "download"}),
        ({"user": "anna bakker"}, {"view", "download"}),
        ({"user": "anna jansen"}, set()),
        ({"action": "search"}, {"search"}),
        ({"outcome": "denied"}, {"denied"}),
        ({"basis": "case_team"}, {"download"}),
        ({"outcome": "allowed", "basis": "unit_pool"}, {"view"}),
    ],
)
def test_each_filter_narrows_the_rows(officer_client, entries, params, expected):
    response = officer_client.get(LIST_URL, params)
    assert response.status_code == 200
    assert set(_shown(response)) == {entries[key].pk for key in expected}


def test_case_reference_matches_exactly_without_regard_to_case(officer_client, entries, other_case):
    response = officer_client.get(LIST_URL, {"case": other_case.reference.lower()})
    assert _shown(response) == [entries["download"].pk]
    response = officer_client.get(LIST_URL, {"case": other_case.reference[:-1]})
    assert _shown(response) == []


def test_pseudonym_filter_shows_that_students_rows(officer_client, entries, case):
    response = officer_client.get(LIST_URL, {"pseudonym": case.student_pseudonym})
    assert set(_shown(response)) == {entries[k].pk for k in ("view", "denied", "search")}


def test_no_matching_rows_says_so(officer_client, entries):
    response = officer_client.get(LIST_URL, {"case": "ZW-1999-9999"})
    assert "Er zijn geen regels die bij deze filters passen." in response.content.decode()


@pytest.mark.parametrize(
    "params,message,kept",
    [
        (
            {"date_from": "2026-03-05", "date_to": "2026-03-01"},
            "Deze datum ligt vóór de datum bij ‘Vanaf’.",
            'value="2026-03-05"',
        ),
        ({"date_from": "morgen"}, "Voer een geldige datum in.", 'value="morgen"'),
        ({"action": "delete", "user": "anna"}, "Selecteer een geldige keuze.", 'value="anna"'),
        (
            {"user": "x" * 151},
            "Zorg dat deze waarde niet meer dan 150 tekens bevat",
            'value="' + "x" * 151 + '"',
        ),
    ],
)
def test_bad_filters_explain_keep_the_input_and_show_no_rows(
    officer_client, entries, params, message, kept
):
    response = officer_client.get(LIST_URL, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert kept in content
    assert 'aria-invalid="true"' in content
    assert _shown(response) == []
    assert "Exporteer als CSV" not in content


@pytest.mark.parametrize(
    "cursor",
    ["onzin", "_", "2026-13-40T00:00:00.000000Z_5", "2026-03-04T08:00:00.000000Z_x", "Z_-3"],
)
def test_a_malformed_cursor_shows_the_first_page(officer_client, entries, cursor):
    response = officer_client.get(LIST_URL, {"after": cursor})
    assert response.status_code == 200
    assert len(_shown(response)) == 4
    assert "Eerste pagina" not in response.content.decode()


def _next_link(response):
    match = re.search(r'href="(\?[^"]*)" rel="next"', response.content.decode())
    return match and match.group(1).replace("&amp;", "&")


def test_pages_of_fifty_follow_each_other_by_cursor(officer_client, case, other_case, anna):
    # All sixty share one timestamp: the id alone must keep the pages apart.
    same_moment = _at(2026, 3, 2, 10, 0)
    ids = [_log(anna, case=case, at=same_moment).pk for _ in range(60)]
    _log(anna, case=other_case, at=same_moment)  # filtered out on both pages

    first = officer_client.get(LIST_URL, {"case": case.reference})
    assert _shown(first) == ids[::-1][:50]
    link = _next_link(first)
    assert f"case={case.reference}" in link and "after=" in link
    assert "Eerste pagina" not in first.content.decode()

    second = officer_client.get(LIST_URL + link)
    assert _shown(second) == ids[::-1][50:]
    assert _next_link(second) is None
    assert f'href="?case={case.reference}">Eerste pagina' in second.content.decode()


def test_the_query_count_does_not_grow_with_the_rows_shown(officer_client, case, anna):
    for _ in range(5):
        _log(anna, case=case)
    keep_navigation_counts(officer_client)
    with CaptureQueriesContext(connection) as five:
        assert len(_shown(officer_client.get(LIST_URL))) == 5
    for _ in range(45):
        _log(anna, case=case)
    keep_navigation_counts(officer_client)
    with CaptureQueriesContext(connection) as fifty:
        assert len(_shown(officer_client.get(LIST_URL))) == 50
    assert len(five) == len(fifty)


# --- Export --------------------------------------------------------------------------------


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel then reads the file as UTF-8
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_export_holds_the_filtered_rows_with_a_header(
    officer_client, entries, case, privacy_officer
):
    response = officer_client.get(EXPORT_URL, {"pseudonym": case.student_pseudonym})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="toegangslogboek-{today}.csv"'
    header, *rows = _csv(response)
    assert header == [
        "Tijdstip (UTC)",
        "Naam",
        "Gebruikersnaam",
        "Rol",
        "Casus",
        "Pseudoniem student",
        "Onderdeel",
        "Handeling",
        "Uitkomst",
        "Grondslag",
        "Zoekopdracht",
        "Reden",
        "Toegangspunt",
        "IP-adres",
    ]
    # Reading one student's log names that student, so this export is the newest row of it.
    own, *rows = rows
    assert (own[2], own[5], own[6], own[7]) == (
        privacy_officer.username,
        case.student_pseudonym,
        "access_log_export",
        "geëxporteerd",
    )
    assert [row[0] for row in rows] == [
        "2026-03-04 08:00:00",
        "2026-03-03 23:30:00",
        "2026-03-02 10:00:00",
    ]
    assert rows[0][1:4] == ["Karel Jansen", "kjansen", "Teamleider decanaat"]
    assert rows[0][4:] == [
        case.reference,
        case.student_pseudonym,
        "list",
        "gezocht",
        "toegestaan",
        "toezicht op de eenheid",
        "Noor",
        "",
        f"GET /casussen/{case.reference}/",
        "10.1.2.3",
    ]
    assert rows[1][8] == "geweigerd"


@pytest.mark.parametrize(
    "query,cell",
    [
        ('=HYPERLINK("http://x.example","klik")', '\'=HYPERLINK("http://x.example","klik")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Noor = somber", "Noor = somber"),
    ],
)
def test_export_neutralises_formulas(officer_client, case, anna, query, cell):
    _log(anna, case=case, part="list", action="search", query=query)
    header, row = _csv(officer_client.get(EXPORT_URL, {"action": "search"}))
    assert row[header.index("Zoekopdracht")] == cell


def test_export_read_is_logged(officer_client, entries, privacy_officer):
    response = officer_client.get(EXPORT_URL, {"outcome": "denied"})
    b"".join(response.streaming_content)
    read = AccessLogEntry.objects.filter(part="access_log_export").get()
    assert (read.user, read.basis, read.query) == (
        privacy_officer,
        "privacy_officer",
        "outcome=denied",
    )


def test_list_page_links_to_the_export_with_its_filters(officer_client, entries):
    response = officer_client.get(LIST_URL, {"outcome": "denied", "after": "onzin"})
    assert f'href="{EXPORT_URL}?outcome=denied">Exporteer als CSV' in response.content.decode()


def test_export_with_bad_filters_goes_back_to_the_explanation(officer_client, entries):
    response = officer_client.get(EXPORT_URL, {"date_from": "morgen"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?date_from=morgen"
    assert not AccessLogEntry.objects.filter(part="access_log_export").exists()


# --- Who may ------------------------------------------------------------------------------

OTHERS = [code for code in PERSONAS if code != RoleCode.PRIVACY_OFFICER] + ["outsider"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", ["audit:access_log", "audit:access_log_export"])
@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_not_found(client, persona, entries, url, method):
    client.force_login(persona)
    response = getattr(client, method)(reverse(url))
    assert response.status_code == 404
    assert b"abakker" not in response.content


@pytest.mark.parametrize("url", ["audit:access_log", "audit:access_log_export"])
def test_a_superuser_without_the_role_gets_not_found(client, entries, url):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse(url)).status_code == 404
    assert client.post(reverse(url)).status_code == 404


@pytest.mark.parametrize("url", ["audit:access_log", "audit:access_log_export"])
def test_anonymous_visitor_is_sent_to_login(client, db, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


@pytest.mark.parametrize("url", ["audit:access_log", "audit:access_log_export"])
def test_privacy_officer_may_only_read(officer_client, url):
    assert officer_client.post(reverse(url)).status_code == 405
    assert not AccessLogEntry.objects.exists()


def test_navigation_leads_the_privacy_officer_to_the_log(officer_client):
    content = officer_client.get(reverse("home")).content.decode()
    assert f'href="{LIST_URL}"' in content

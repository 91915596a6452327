"""The trends page and its CSV export: the figures match the data, counted independently here;
no name, reference or pseudonym; who may see it; constant queries; bad filters explained."""

import csv
import datetime
import io
import re
import time
import types
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationUnit
from accounts.roles import RoleCode
from cases.models import ConcernCategory
from escalation import services as ladder
from escalation.services import take_case
from incidents.models import IncidentKind
from overleg.suppression import suppress_breakdown, suppress_table
from overleg.tasks import recount_trends
from overleg.trend_permissions import can_view_trends
from tests.escalation_helpers import fresh, to_care_meeting
from tests.factories import CategoryFactory, FacultyFactory, ProgrammeFactory, StudentFactory
from tests.matrix import assert_matrix
from tests.query_helpers import keep_navigation_counts
from tests.test_deployment import PRODUCTION, manage
from tests.trend_helpers import incident, local, moment, report

URL = "/overleg/trends/"
CSV_URL = "/overleg/trends/export.csv"
SPRING = {"van": "2026-03", "tot": "2026-05"}
MONTHS = ["2026-03", "2026-04", "2026-05"]
ACUTE = {
    "own_safety": True,
    "third_parties": False,
    "criminal_offence": False,
    "description": "Acuut gevaar",
}


def _csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert lines[0] == ["Onderdeel", "Rij", "Kolom", "Waarde"]
    return {(section, row, column): value for section, row, column, value in lines[1:]}


def _texts(suppressed):
    return [cell.text for cell in suppressed.cells], suppressed.total.text


@pytest.fixture
def spring(unit, reporter, counsellor, dean):
    """Fifteen cases over March to May 2026 in two faculties, steps on the ladder, an acute
    report and incidents; `expected` holds the raw counts, worked out by hand from this data
    (what the pages show is these counts rounded down to a multiple of 5)."""
    social = ProgrammeFactory(code="SW", name="Social Work", parent=unit.parent)
    ict = ProgrammeFactory(code="ICT", name="HBO-ICT")
    mood, threat = CategoryFactory(code="mood"), CategoryFactory(code="threat")
    march = []
    for n in range(6):
        with moment(local(2026, 3, 10, 9 + n)):
            march.append(
                report(
                    reporter=reporter, unit=unit, categories=[mood], when=datetime.date(2026, 3, 9)
                )
            )
    for _n in range(5):
        with moment(local(2026, 4, 3)):
            report(reporter=reporter, unit=ict, categories=[threat], when=datetime.date(2026, 4, 2))
    for _n in range(2):
        with moment(local(2026, 4, 4)):
            report(
                reporter=reporter,
                unit=social,
                categories=[mood, threat],
                when=datetime.date(2026, 4, 3),
            )
    for _n in range(2):
        with moment(local(2026, 5, 6)):
            report(reporter=reporter, unit=unit, categories=[mood], when=datetime.date(2026, 5, 5))
    # Taken on two days after each report: six stays of 2 days at the signal rung.
    for n, case in enumerate(march):
        with moment(local(2026, 3, 12, 9 + n)):
            take_case(case, acting_user=counsellor)
    # Five escalated to the care meeting on 2 April; two of them stepped down on 5 May.
    for n, case in enumerate(march[:5]):
        with moment(local(2026, 4, 2, 9 + n)):
            to_care_meeting(case, counsellor, dean)
    for n, case in enumerate(march[:2]):
        with moment(local(2026, 5, 5, 9 + n)):
            ladder.step_down(fresh(case), reason="Het gaat beter", acting_user=counsellor)
    # One acute report, straight from support to the board, on 20 May.
    with moment(local(2026, 5, 20, 15)):
        ladder.report_acute_risk(fresh(march[5]), answers=ACUTE, acting_user=counsellor)
    for _n in range(5):
        incident(occurred_on=datetime.date(2026, 4, 10), kind="threat", unit=unit)
    incident(occurred_on=datetime.date(2026, 4, 11), kind="self_harm", unit=ict)
    for _n in range(2):
        incident(occurred_on=datetime.date(2026, 5, 1), kind="disruption", unit=social)
    support_stays = [local(2026, 4, 2, 9 + n) - local(2026, 3, 12, 9 + n) for n in range(5)] + [
        local(2026, 5, 20, 15) - local(2026, 3, 12, 14)
    ]
    return {
        "faculty": unit.parent,
        "per_month": [6, 7, 2],
        "per_category": {"mood": 6 + 2 + 2, "threat": 5 + 2},
        "per_faculty": {unit.parent.pk: 6 + 2 + 2, ict.parent.pk: 5},
        "per_programme": {unit.pk: 8, social.pk: 2},
        "per_rung": {"signal": 9, "support": 2, "care_meeting": 3, "board": 1, "closed": 0},
        "signal_days": 2.0,
        "support_days": sum(s.total_seconds() for s in support_stays) / 86400 / 6,
        "steps": [[0, 0], [5, 0], [1, 2]],
        "acute": [0, 0, 1],
        "incidents": {
            ("2026-04", "threat"): 5,
            ("2026-04", "self_harm"): 1,
            ("2026-05", "disruption"): 2,
        },  # fmt: skip
    }


def _breakdown_rows(data, section, labels, counts):
    texts, total = _texts(suppress_breakdown(counts))
    column = "Meldingen" if section.startswith("Meldingen") else "Acute-risicomeldingen"
    assert [data[(section, label, column)] for label in labels] == texts
    assert data[(section, "Totaal", column)] == total


def test_the_figures_match_the_data(client, dean, spring):
    client.force_login(dean)
    data = _csv(client.get(CSV_URL, SPRING))
    assert data[("Filter", "Periode", "")] == "2026-03 – 2026-05"
    _breakdown_rows(data, "Meldingen per maand", MONTHS, spring["per_month"])
    assert data[("Meldingen per maand", "Totaal", "Meldingen")] == "15"  # 15 reports

    categories = list(ConcernCategory.objects.filter(is_active=True).order_by("order", "code"))
    counts = [spring["per_category"].get(c.code, 0) for c in categories]
    _breakdown_rows(data, "Meldingen per zorgcategorie", [c.label for c in categories], counts)
    assert data[("Meldingen per zorgcategorie", "Totaal", "Meldingen")] == "15"  # 17 mentions

    faculties = list(OrganisationUnit.objects.filter(kind="faculty").order_by("name"))
    counts = [spring["per_faculty"].get(f.pk, 0) for f in faculties]
    _breakdown_rows(data, "Meldingen per eenheid", [f.name for f in faculties], counts)

    rungs = ["Signaal", "Studentondersteuning", "Multidisciplinair zorgoverleg",
             "College van Bestuur", "Gesloten"]  # fmt: skip
    _breakdown_rows(data, "Meldingen per trede (nu)", rungs, list(spring["per_rung"].values()))

    time = "Tijd per trede"
    assert data[(time, "Signaal", "Casussen")] == "5"  # 6 cases: a count of 5 to 9
    assert data[(time, "Signaal", "Gemiddeld aantal dagen")] == "2,0"
    assert data[(time, "Studentondersteuning", "Casussen")] == "5"
    support_days = f"{spring['support_days']:.1f}".replace(".", ",")
    assert data[(time, "Studentondersteuning", "Gemiddeld aantal dagen")] == support_days
    # Two step-downs from the care meeting: too few cases for a count or an average.
    assert data[(time, "Multidisciplinair zorgoverleg", "Casussen")] == "<5"
    assert data[(time, "Multidisciplinair zorgoverleg", "Gemiddeld aantal dagen")] == (
        "geen gemiddelde"
    )

    steps = suppress_table(spring["steps"])
    section = "Opschalen en afschalen per maand"
    for month, cells, total in zip(MONTHS, steps.cells, steps.row_totals, strict=True):
        assert data[(section, month, "Opgeschaald")] == cells[0].text
        assert data[(section, month, "Afgeschaald")] == cells[1].text
        assert data[(section, month, "Totaal")] == total.text
    assert data[(section, "Totaal", "Totaal")] == "5"  # 8 steps

    # One acute report in three months: withheld, as is the whole breakdown below five.
    assert data[("Acute-risicomeldingen per maand", "", "")] == (
        "niet getoond: minder dan 5 in totaal"
    )

    kinds = [(kind, str(label)) for kind, label in IncidentKind.choices]
    grid = [[spring["incidents"].get((m, k), 0) for k, _label in kinds] for m in MONTHS]
    table = suppress_table(grid)
    section = "Incidenten per maand en soort"
    for month, cells in zip(MONTHS, table.cells, strict=True):
        assert [data[(section, month, label)] for _k, label in kinds] == [c.text for c in cells]
    totals = [data[(section, "Totaal", label)] for _k, label in kinds]
    assert totals == [c.text for c in table.column_totals]
    assert data[(section, "Totaal", "Totaal")] == "5"  # 8 incidents


def _page_sections(html):
    """Per section on the page: its heading and the texts of its table cells, as a sighted
    reader sees them (the screen-reader words beside "<5" and "x" left out)."""
    found = []
    for block in html.split("<section ")[1:]:
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block).group(1)
        block = re.sub(r'<span class="visually-hidden">.*?</span>', "", block)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", block, flags=re.S)
        found.append(
            (unescape(heading), [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
        )
    return found


def _export_sections(response):
    text = response.content.decode("utf-8")[1:]
    sections = {}
    for section, _row, _column, value in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]:
        if section not in ("Filter", "Toelichting"):
            sections.setdefault(section, []).append(value)
    return sections


def test_the_page_shows_the_same_figures_as_the_export(client, dean, spring):
    client.force_login(dean)
    html = client.get(URL, SPRING).content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html
    assert "<script" not in html.split("<main", 1)[1]
    export = _export_sections(client.get(CSV_URL, SPRING))
    page = _page_sections(html)
    assert [heading for heading, _cells in page] == list(export)
    for heading, cells in page:
        if export[heading] == ["niet getoond: minder dan 5 in totaal"]:
            assert cells == []
        else:
            assert cells == export[heading], heading
    # March 6, April 7, May 2 of 15 read 5, 5, <5 and 15: each of March and April may be 5 to
    # 9 and the total 15 to 19, so May may be anything from 0 to 4 and nothing needs hiding.
    assert page[0][1] == ["5", "5", "<5", "15"]


def test_a_faculty_filter_counts_only_its_units(client, dean, spring):
    client.force_login(dean)
    faculty = spring["faculty"]
    data = _csv(client.get(CSV_URL, {**SPRING, "eenheid": faculty.pk}))
    assert data[("Filter", "Eenheid", "")] == faculty.name
    assert data[("Meldingen per maand", "Totaal", "Meldingen")] == "10"
    programmes = list(faculty.children.order_by("name"))
    counts = [spring["per_programme"].get(p.pk, 0) for p in programmes]
    _breakdown_rows(data, "Meldingen per eenheid", [p.name for p in programmes], counts)


def test_comparing_two_periods_gives_no_small_count_away(client, dean, reporter, counsellor, unit):
    """The issue's examples, through the real pages: 8 acute reports in January–December 2025,
    6 of them by the end of November (the exports used to say 8 and 6: December is 2); 10
    incidents in the year, 9 from February on (10 and 9: January is 1). Now the totals read 5
    and 5, 10 and 5, the months "<5", and the legend says a 5 is 5 to 9: a difference of
    published totals is a multiple of 5, never December's 2 or January's 1."""
    for n, month in enumerate([1, 2, 4, 5, 7, 9, 12, 12]):
        with moment(local(2025, month, 3, 9 + n)):
            case = report(reporter=reporter, unit=unit, categories=[],
                          when=datetime.date(2025, month, 2))  # fmt: skip
            take_case(case, acting_user=counsellor)
        with moment(local(2025, month, 4, 9 + n)):
            ladder.report_acute_risk(fresh(case), answers=ACUTE, acting_user=counsellor)
    for month in [1, 2, 3, 4, 6, 7, 9, 10, 11, 12]:
        incident(occurred_on=datetime.date(2025, month, 8), kind="threat", unit=unit)
    client.force_login(dean)

    def export(first, last):
        return _csv(client.get(CSV_URL, {"van": f"2025-{first:02}", "tot": f"2025-{last:02}"}))

    year, to_november, from_february = export(1, 12), export(1, 11), export(2, 12)
    acute = ("Acute-risicomeldingen per maand", "Totaal", "Acute-risicomeldingen")
    incidents = ("Incidenten per maand en soort", "Totaal", "Totaal")
    assert (year[acute], to_november[acute]) == ("5", "5")
    assert (year[incidents], from_february[incidents]) == ("10", "5")
    assert year[(acute[0], "2025-12", acute[2])] == "<5"
    assert year[(incidents[0], "2025-01", "Totaal")] == "<5"
    legend = year[("Toelichting", "10", "")]
    assert legend.startswith("10 tot en met 14: aantallen zijn naar beneden afgerond")
    for data in (year, to_november, from_february):
        numbers = [int(v) for v in data.values() if v.isdigit()]
        assert numbers and all(n % 5 == 0 for n in numbers)


# --- No name, reference or pseudonym -----------------------------------------------------------


def test_no_student_name_reference_or_pseudonym_appears(client, board_member, reporter, unit):
    canary = StudentFactory(
        student_number="9999123", first_name="Kanariegeel", last_name="Vogelzang", programme=unit
    )
    category = CategoryFactory(code="canary")
    cases = [
        report(
            reporter=reporter,
            student=canary if n == 0 else None,
            unit=unit,
            categories=[category],
            when=datetime.date.today(),
            what="Kanarietekst over Vogelzang",
        )
        for n in range(6)
    ]
    client.force_login(board_member)
    page = client.get(URL).content.decode()
    export = client.get(CSV_URL).content.decode()
    assert _csv(client.get(CSV_URL))[("Meldingen per eenheid", "Totaal", "Meldingen")] == "5"
    secrets = ["Kanariegeel", "Vogelzang", "9999123", canary.pseudonym, "Kanarietekst"]
    secrets += [case.reference for case in cases]
    for text in (page, export):
        for secret in secrets:
            assert secret not in text


# --- Who may see it -----------------------------------------------------------------------------

ALLOWED = {RoleCode.COUNSELLOR, RoleCode.DEAN, RoleCode.CARE_TEAM, RoleCode.BOARD}
ROLES = [*RoleCode.values, "outsider", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, client, request, db):
    get = dict.fromkeys(ALLOWED, 200)
    post = dict.fromkeys(ALLOWED, 405)
    expected = {"overleg:trends": {"GET": get, "POST": post},
                "overleg:trends_csv": {"GET": get, "POST": post}}  # fmt: skip
    assert_matrix(role, client=client, request=request, expected=expected, url_for=reverse)


@pytest.mark.parametrize(
    "persona", ["reporter", "trainer", "privacy_officer", "functional_admin", "outsider"]
)
def test_others_get_a_404_and_no_link(persona, client, request):
    user = request.getfixturevalue(persona)
    assert not can_view_trends(user)
    client.force_login(user)
    assert client.get(URL).status_code == 404
    assert client.get(CSV_URL).status_code == 404
    assert URL not in client.get("/").content.decode()


def test_the_care_meeting_page_links_to_the_trends(client, dean):
    client.force_login(dean)
    assert f'href="{URL}"' in client.get("/overleg/").content.decode()


def test_an_inactive_counsellor_may_not(counsellor):
    counsellor.is_active = False
    assert not can_view_trends(counsellor)


# --- Queries stay the same as data grows --------------------------------------------------------


def _queries(client, user):
    """Queries of the page and of the export when they count (not when the figures are kept)."""
    client.force_login(user)
    cache.clear()
    keep_navigation_counts(client)
    with CaptureQueriesContext(connection) as page:
        assert client.get(URL).status_code == 200
    cache.clear()
    keep_navigation_counts(client)
    with CaptureQueriesContext(connection) as export:
        assert client.get(CSV_URL).status_code == 200
    return len(page), len(export)


def test_queries_are_constant_at_5_and_50_cases(client, dean, reporter, unit):
    categories = [CategoryFactory(code="q1"), CategoryFactory(code="q2")]
    other = ProgrammeFactory(code="Q2")

    def add(count):
        for n in range(count):
            report(
                reporter=reporter,
                unit=unit if n % 2 else other,
                categories=categories[: 1 + n % 2],
                when=datetime.date.today() - datetime.timedelta(days=31 * (n % 6)),
            )

    add(5)
    few = _queries(client, dean)
    add(45)
    many = _queries(client, dean)
    assert few == many
    assert few[0] <= 20, few


# --- Kept figures ------------------------------------------------------------------------------


def _reports_total(client):
    data = _csv(client.get(CSV_URL))
    return data[("Meldingen per eenheid", "Totaal", "Meldingen")]


def _later(monkeypatch, seconds):
    """The in-memory cache's clock, `seconds` from now (the rest of the test keeps real time)."""
    from django.core.cache.backends import locmem

    moment = time.time() + seconds
    monkeypatch.setattr(locmem, "time", types.SimpleNamespace(time=lambda: moment))


def test_the_figures_are_kept_for_a_while_and_then_counted_again(
    client, dean, reporter, unit, settings, monkeypatch
):
    settings.ZW_TRENDS_CACHE_SECONDS = 600
    client.force_login(dean)
    for _n in range(8):
        report(reporter=reporter, unit=unit, categories=[], when=timezone.localdate())
    with CaptureQueriesContext(connection) as counting:
        assert _reports_total(client) == "5"  # 8, rounded down
    for _n in range(2):  # few, quickly: the clock below is moved from now, not from the count
        report(reporter=reporter, unit=unit, categories=[], when=timezone.localdate())
    with CaptureQueriesContext(connection) as kept:
        assert _reports_total(client) == "5"  # the figures counted a moment ago
    assert len(kept) < len(counting) - 5
    _later(monkeypatch, 599)
    assert _reports_total(client) == "5"
    _later(monkeypatch, 601)
    assert _reports_total(client) == "10"


def test_the_scheduled_recount_keeps_the_first_view_counted(client, dean, reporter, unit, settings):
    settings.ZW_TRENDS_CACHE_SECONDS = 600
    client.force_login(dean)
    for _n in range(8):
        report(reporter=reporter, unit=unit, categories=[], when=timezone.localdate())
    with CaptureQueriesContext(connection) as counting:
        assert _reports_total(client) == "5"  # the view counts 8, rounded down
    for _n in range(2):
        report(reporter=reporter, unit=unit, categories=[], when=timezone.localdate())
    recount_trends.delay()
    with CaptureQueriesContext(connection) as first_view:
        assert _reports_total(client) == "10"  # counted by the job, not by the view
    assert len(first_view) < len(counting) - 5


@pytest.mark.parametrize(
    "env,schedule",
    [
        ({"ZW_CACHE_URL": "redis://127.0.0.1:6379/1"}, "540"),  # a minute before expiry
        ({"ZW_CACHE_URL": "redis://127.0.0.1:6379/1", "ZW_TRENDS_CACHE_SECONDS": "60"}, "None"),
        ({"ZW_CACHE_URL": ""}, "None"),  # each process's own cache: nothing to share
    ],
)
def test_beat_recounts_only_into_a_shared_cache(env, schedule):
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CELERY_BEAT_SCHEDULE.get('overleg-recount-trends', {}).get('schedule'))",
        env={**PRODUCTION, "ZW_TRENDS_CACHE_SECONDS": "600", **env},
    )
    assert shown.stdout.strip().splitlines()[-1] == schedule, shown.stderr


def test_each_filter_keeps_its_own_figures(client, dean, reporter, unit, settings):
    settings.ZW_TRENDS_CACHE_SECONDS = 600
    other = FacultyFactory(code="FT", name="Faculteit Techniek")
    programme = ProgrammeFactory(code="FT1", parent=other)
    today = timezone.localdate()
    for _n in range(5):
        report(reporter=reporter, unit=unit, categories=[], when=today)
    for _n in range(10):
        report(reporter=reporter, unit=programme, categories=[], when=today)
    last_year = {"van": f"{today.year - 1}-01", "tot": f"{today.year - 1}-12"}
    client.force_login(dean)

    def total(query):
        data = _csv(client.get(CSV_URL, query))
        return data.get(("Meldingen per eenheid", "Totaal", "Meldingen"), "niet getoond")

    assert total({}) == "15"
    assert total({"eenheid": unit.parent_id}) == "5"
    assert total({"eenheid": other.pk}) == "10"
    assert total(last_year) == "niet getoond"
    assert total({}) == "15"  # kept, and still the figures of all faculties


def test_the_kept_page_speaks_its_readers_language(client, dean, board_member, settings):
    settings.ZW_TRENDS_CACHE_SECONDS = 600
    client.force_login(dean)
    assert "Meldingen per maand" in client.get(URL).content.decode()
    board_member.language = "en"
    board_member.save(update_fields=["language"])
    client.force_login(board_member)
    english = client.get(URL).content.decode()
    assert "Reports per month" in english
    assert "Meldingen per maand" not in english


def test_kept_figures_open_to_no_one_else(client, dean, reporter, outsider):
    client.force_login(dean)
    assert client.get(URL).status_code == 200  # counted and kept
    for person in (reporter, outsider):
        client.force_login(person)
        assert client.get(URL).status_code == 404
        assert client.get(CSV_URL).status_code == 404


def test_with_no_lifetime_every_view_counts(client, dean, reporter, unit, settings):
    settings.ZW_TRENDS_CACHE_SECONDS = 0
    today = timezone.localdate()
    client.force_login(dean)
    for _n in range(5):
        report(reporter=reporter, unit=unit, categories=[], when=today)
    assert _reports_total(client) == "5"
    for _n in range(5):
        report(reporter=reporter, unit=unit, categories=[], when=today)
    assert _reports_total(client) == "10"
    assert "opnieuw geteld" not in client.get(URL).content.decode()


def test_the_page_says_when_it_counted(client, dean, settings):
    settings.ZW_TRENDS_CACHE_SECONDS = 600
    client.force_login(dean)
    page = unescape(client.get(URL).content.decode())
    assert "De cijfers worden na hooguit 10 minuten opnieuw geteld." in page
    settings.ZW_TRENDS_CACHE_SECONDS = 90
    page = unescape(client.get(URL).content.decode())
    assert "De cijfers worden na hooguit 2 minuten opnieuw geteld." in page
    counted = _csv(client.get(CSV_URL))[("Filter", "Geteld op", "")]
    assert counted.startswith(f"{timezone.localdate():%Y-%m-%d}T")


# --- Bad filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ({"van": "maart"}, "Vul een maand in als jaar-maand, bijvoorbeeld 2026-03."),
        ({"tot": "2026-13"}, "Vul een maand in als jaar-maand, bijvoorbeeld 2026-03."),
        ({"van": "2026-05", "tot": "2026-01"}, "De eerste maand ligt na de laatste maand."),
        ({"van": "2020-01", "tot": "2026-01"}, "Kies hoogstens 36 maanden tegelijk."),
        ({"eenheid": "999999"}, "Kies een faculteit uit de lijst."),
        ({"eenheid": "abc"}, "Kies een faculteit uit de lijst."),
    ],
)
def test_bad_filters_get_a_clear_message(client, dean, query, message):
    client.force_login(dean)
    for url in (URL, CSV_URL):
        response = client.get(url, query)
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert "Er ging iets mis" in html
        assert "Download als CSV" not in html


def test_a_programme_is_no_faculty_filter(client, dean, unit):
    client.force_login(dean)
    response = client.get(URL, {"eenheid": unit.pk})
    assert response.status_code == 400
    assert "Kies een faculteit uit de lijst." in response.content.decode()


def test_one_month_alone_gives_twelve_months(client, dean):
    client.force_login(dean)
    data = _csv(client.get(CSV_URL, {"van": "2025-01"}))
    assert data[("Filter", "Periode", "")] == "2025-01 – 2025-12"
    data = _csv(client.get(CSV_URL, {"tot": "2025-06"}))
    assert data[("Filter", "Periode", "")] == "2024-07 – 2025-06"

"""Small-count suppression on the programme dashboard, over generated figures: no count below the
threshold is published on the page, in the CSV or in the PDF, every published count is a multiple
of it, and no figure can be worked out from the rest of its table (checked by the independent
reader of tests/trend_helpers.py). Comparing views: tests/test_differencing.py."""

import datetime
import io
import re
from types import SimpleNamespace

import pypdf
import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Rung
from overleg.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    WITHHELD,
    suppress_breakdown,
    suppress_count,
    suppress_table,
)
from programme import figures
from programme.pdf import report_pdf
from programme.periods import ReportPeriod
from programme.sections import build_dashboard
from programme.views import csv_rows
from tests.trend_helpers import (
    breakdown_grid,
    breakdown_lines,
    derivable_cells,
    table_grid,
    table_lines,
    true_grid,
)

T = 5
PERIOD = ReportPeriod.parse("2026-K2")
counts = st.one_of(st.integers(0, 4), st.integers(5, 9), st.integers(0, 40))
pairs = st.tuples(counts, counts)
CHECK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def programmes(draw):
    """Raw figures for two periods of an institution with one to three faculties."""
    width = draw(st.integers(1, 3))
    return {
        "faculties": [SimpleNamespace(pk=n + 1, name=f"Faculteit {n + 1}") for n in range(width)],
        "reports": draw(
            st.lists(st.lists(counts, min_size=4, max_size=4), min_size=width, max_size=width)
        ),  # fmt: skip
        "pickup": draw(st.tuples(pairs, pairs)),
        "actions": draw(st.tuples(pairs, pairs)),
        "coverage": draw(st.tuples(*[st.lists(pairs, min_size=width, max_size=width)] * 2)),
        "ladder": draw(st.lists(counts, min_size=10, max_size=10)),
        "meetings": draw(pairs),
        "training": draw(st.tuples(pairs, pairs)),
        "stays": draw(st.lists(counts, min_size=8, max_size=8)),
    }


def _named(keys, values):
    return dict(zip(keys, values, strict=False))


def _install(monkeypatch, data):
    """The dashboard reads these generated figures instead of the database's."""
    at = {PERIOD.previous: 0, PERIOD: 1}
    faculties = data["faculties"]
    grid = {
        (faculty.pk, i): n
        for faculty, row in zip(faculties, data["reports"], strict=True)
        for i, n in enumerate(row)
    }
    day = datetime.timedelta(days=1)
    ladder = ("escalations", "step_downs", "acute_cases", "approved", "rejected")
    parts = ("on_time", "late")

    def coverage(day_):
        pairs = data["coverage"][0 if day_ < PERIOD.first else 1]
        return {f.pk: pair for f, pair in zip(faculties, pairs, strict=True)}

    patch = {
        "faculties": lambda: faculties,
        "reports_per_faculty": lambda periods: grid,
        "pickup": lambda p: {**_named(parts, data["pickup"][at[p]]), "median": 3 * day},
        "actions_due": lambda p: _named(parts, data["actions"][at[p]]),
        "coverage_per_faculty": coverage,
        "ladder_counts": lambda p: _named(ladder, data["ladder"][5 * at[p] :]),
        "meetings_held": lambda p: data["meetings"][at[p]],
        "training_counts": lambda p: _named(("trainers", "intakes"), data["training"][at[p]]),
        "rung_stays": lambda p: [
            (rung, n, 2 * day)
            for rung, n in _named(list(Rung)[:4], data["stays"][4 * at[p] :]).items()
        ],
    }
    for name, function in patch.items():
        monkeypatch.setattr(figures, name, function)


def _published_cells(board):
    for section in board.sections:
        for line in section.lines:
            yield from (c for c in line.cells if hasattr(c, "shown"))


def _integers(texts):
    return [int(t) for t in texts if re.fullmatch(r"\d+", t)]


def _check_no_small_count_and_nothing_derivable(board, data):
    for cell in _published_cells(board):
        assert cell.status in (SHOWN, SMALL, HIDDEN, WITHHELD)
        if cell.status == SHOWN:
            assert cell.count >= T and cell.count % T == 0
    reports = next(s for s in board.sections if s.key == "reports")
    if not reports.withheld:
        texts = [[c.text for c in line.cells] for line in reports.lines]
        lines = table_lines(len(data["reports"]), 4)
        assert derivable_cells(texts, true_grid(data["reports"]), lines, T) == []
    coverage = next(s for s in board.sections if s.key == "coverage")
    if not coverage.withheld:
        # The page leaves out the row totals; a reader who knows less cannot work out more, so
        # the table with all its totals is checked.
        rows = [list(pair) for pair in data["coverage"][1]]
        table = suppress_table(rows)
        shown = [[c.text for c in line.cells[:2]] for line in coverage.lines]
        assert shown == [[c.text for c in row] for row in [*table.cells, table.column_totals]]
        lines = table_lines(len(rows), 2)
        assert derivable_cells(table_grid(table), true_grid(rows), lines, T) == []


@CHECK
@given(data=programmes())
def test_no_small_count_on_the_page_or_in_the_csv_and_none_derivable(data, db, monkeypatch):
    _install(monkeypatch, data)
    with translation.override("nl"):
        board = build_dashboard(PERIOD, today=PERIOD.last_day)
        _check_no_small_count_and_nothing_derivable(board, data)
        page = "".join(
            render_to_string("programme/_table.html", {"section": s, "board": board,
                                                       "threshold": T})
            for s in board.sections
        )  # fmt: skip
    cells = re.findall(r'<td class="text-end">(.*?)</td>', page, flags=re.S)
    assert all(n >= T and n % T == 0 for n in _integers(c.strip() for c in cells))
    values = [row[3] for row in csv_rows(board)][1:]
    assert all(n >= T and n % T == 0 for n in _integers(values))
    for breakdown in ("pickup", "actions"):
        for raw in data[breakdown]:
            result = suppress_breakdown(list(raw))
            if not result.withheld:
                truth = [[*raw, sum(raw)]]
                assert derivable_cells(breakdown_grid(result), truth, breakdown_lines(2), T) == []


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=programmes())
def test_no_small_count_in_the_pdf(data, db, monkeypatch):
    _install(monkeypatch, data)
    with translation.override("nl"):
        board = build_dashboard(PERIOD, today=PERIOD.last_day)
        pdf = report_pdf(board)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    flat = " ".join(text)
    for section in board.sections:
        if section.withheld:
            continue
        for line in section.lines:
            # Each row of the PDF holds exactly the published texts, nothing smaller.
            row = " ".join([str(line.label), *[c.text or "–" for c in line.cells]])
            assert " ".join(row.split()) in flat


@pytest.mark.parametrize("value", [0, 1, 4])
def test_a_small_count_reads_less_than_five(value):
    from programme.sections import trend_text

    assert suppress_count(value).text == "<5"
    assert trend_text(None, value).text == "–"

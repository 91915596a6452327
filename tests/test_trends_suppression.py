"""Small-count suppression: nothing published is below the threshold, every number is rounded down
to a multiple of it, and no figure of a table can be worked out from the others — checked by an
independent reader (tests/trend_helpers.py) over generated tables, on the engine's output, on the
page's table and on the CSV export."""

import csv
import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overleg.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    WITHHELD,
    Breakdown,
    Cell,
    Table,
    suppress_breakdown,
    suppress_count,
    suppress_table,
)
from overleg.trend_views import csv_rows
from overleg.trends import Filters, Period, _breakdown, _table
from tests.trend_helpers import (
    breakdown_grid,
    breakdown_lines,
    derivable_cells,
    table_grid,
    table_lines,
    true_grid,
)

T = 5
counts = st.one_of(st.integers(0, 4), st.integers(5, 9), st.integers(0, 30))
tables = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=4)
)
breakdowns = st.lists(counts, min_size=1, max_size=8)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_truthful(cell, value):
    """What a cell says is true: a number is the count rounded down to a multiple of 5 and not
    small, "<5" is small, "x" is not."""
    if cell.status == SHOWN:
        assert value >= T and cell.count == value - value % T and cell.text == str(cell.count)
    elif cell.status == SMALL:
        assert value < T and cell.text == "<5" and cell.count is None
    elif cell.status == HIDDEN:
        assert value >= T and cell.text == "x" and cell.count is None
    else:
        assert cell.status == WITHHELD and cell.count is None


def _check_table(rows, table):
    truth = true_grid(rows)
    texts = table_grid(table)
    cells = [*[[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]]
    cells.append([*table.column_totals, table.total])
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            _assert_truthful(cell, truth[r][c])
            assert cell.status == WITHHELD if table.withheld else cell.status != WITHHELD
    if table.withheld:
        return
    assert any(cell.shown for row in cells for cell in row)
    assert derivable_cells(texts, truth, table_lines(len(rows), len(rows[0])), T) == []


@SETTINGS
@given(tables)
def test_no_published_table_cell_is_small_or_derivable(rows):
    _check_table(rows, suppress_table(rows, threshold=T))


@SETTINGS
@given(breakdowns)
def test_no_published_breakdown_cell_is_small_or_derivable(values):
    breakdown = suppress_breakdown(values, threshold=T)
    truth = [[*values, sum(values)]]
    for cell, value in zip([*breakdown.cells, breakdown.total], truth[0], strict=True):
        _assert_truthful(cell, value)
    if sum(values) < T:
        assert breakdown.withheld
    if not breakdown.withheld:
        texts = breakdown_grid(breakdown)
        assert derivable_cells(texts, truth, breakdown_lines(len(values)), T) == []


# --- The page's table and the CSV show exactly these cells ---------------------------------------

MONTHS = [datetime.date(2026, m, 1) for m in range(1, 5)]
FILTERS = Filters(period=Period(first=MONTHS[0], last=MONTHS[-1]))


def _section_for(rows):
    columns = [(f"k{n}", f"Soort {n}") for n in range(len(rows[0]))]
    counts = {
        (MONTHS[r], f"k{c}"): value for r, row in enumerate(rows) for c, value in enumerate(row)
    }
    return _table("test", "Testtabel", "", columns, MONTHS[: len(rows)], counts)


def _csv_values(section):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    for line in csv_rows(FILTERS, [section], timezone.now()):
        writer.writerow(line)
    parsed = list(csv.reader(io.StringIO(text.getvalue()), delimiter=";"))
    return [line[3] for line in parsed if line[0] == "Testtabel"]


def _page_values(section):
    html = render_to_string(
        "overleg/trends/_table.html", {"section": section, "threshold": T, "period_text": "p"}
    )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)
    return [re.sub(r"<[^>]+>", " ", cell).split()[0] for cell in cells]


@SETTINGS
@given(rows=tables.filter(lambda rows: len(rows) <= len(MONTHS)))
def test_page_and_csv_publish_the_same_cells_and_none_is_small(rows):
    with translation.override("nl"):
        section = _section_for(rows)
        csv_values = _csv_values(section)
        if section.withheld:
            assert csv_values == ["niet getoond: minder dan 5 in totaal"]
            return
        page_values = _page_values(section)
    table = suppress_table(rows, threshold=T)
    published = table_grid(table)
    # Row by row: the cells, then the row total; then the column totals and the grand total.
    expected = [text for row in published for text in row]
    assert csv_values == expected
    assert page_values == [("&lt;5" if v == "<5" else v) for v in expected]
    for value in csv_values:
        assert value in ("<5", "x") or (int(value) >= T and int(value) % T == 0)


def test_a_withheld_breakdown_says_so_in_the_export():
    section = _breakdown("b", "Testtabel", "", "Rij", "Aantal", [("a", "a", 1), ("b", "b", 2)])
    assert section.withheld
    assert _csv_values(section) == ["niet getoond: minder dan 5 in totaal"]


# --- The reader catches what only primary suppression would publish ---------------------------


def _naive_table(rows):
    """What a naive engine publishes: small cells hidden, every other figure shown."""

    def cell(value):
        return Cell(None, SMALL, "<5") if value < T else Cell(value, SHOWN, str(value))

    truth = true_grid(rows)
    return Table(
        cells=tuple(tuple(cell(v) for v in row[:-1]) for row in truth[:-1]),
        row_totals=tuple(cell(row[-1]) for row in truth[:-1]),
        column_totals=tuple(cell(v) for v in truth[-1][:-1]),
        total=cell(truth[-1][-1]),
        withheld=False,
    )


def test_the_reader_catches_primary_suppression_alone():
    rows = [[3, 10], [7, 12]]
    naive = table_grid(_naive_table(rows))
    assert naive[0][0] == "<5"
    assert (0, 0) in derivable_cells(naive, true_grid(rows), table_lines(2, 2), T, block=1)
    assert derivable_cells(table_grid(suppress_table(rows, threshold=T)), true_grid(rows),
                           table_lines(2, 2), T) == []  # fmt: skip


def test_the_reader_knows_a_complement_is_not_small():
    """Hiding the 5 beside a 0 under a shown total of 5 is not enough: "x" means at least 5."""
    published = [["<5", "x", "5"]]
    assert derivable_cells(published, [[0, 5, 5]], breakdown_lines(2), T, block=1) == [
        (0, 0),
        (0, 1),
    ]


@SETTINGS
@given(tables.filter(lambda rows: any(v < T for row in rows for v in row)))
def test_the_reader_finds_leaks_in_naive_output_where_there_are_any(rows):
    """On generated tables the naive output leaks at least sometimes, and the reader says so
    exactly when a hidden cell is alone in a line whose total is shown."""
    naive = _naive_table(rows)
    texts = table_grid(naive)
    lines = table_lines(len(rows), len(rows[0]))
    found = derivable_cells(texts, true_grid(rows), lines, T, block=1)
    lone = [
        (r, c)
        for r, row in enumerate(texts)
        for c, text in enumerate(row)
        if text == "<5" and _alone_in_a_shown_line(texts, r, c)
    ]
    assert set(lone) <= set(found)


def _alone_in_a_shown_line(texts, r, c):
    row = texts[r]
    column = [line[c] for line in texts]
    return any(sum(1 for text in line if text in ("<5", "x")) == 1 for line in (row, column))


# --- The engine's own promises ---------------------------------------------------------------


def test_zero_is_below_the_threshold():
    assert suppress_count(0, threshold=T).text == "<5"
    assert suppress_count(5, threshold=T).text == "5"


def test_a_breakdown_below_the_threshold_in_total_is_withheld():
    assert suppress_breakdown([1, 2, 1], threshold=T).withheld
    assert suppress_table([[1, 0], [2, 1]], threshold=T).withheld


def test_counts_are_rounded_down_in_blocks_of_five():
    texts = [suppress_count(n, threshold=T).text for n in (0, 4, 5, 9, 10, 14, 23, 65)]
    assert texts == ["<5", "<5", "5", "5", "10", "10", "20", "65"]


def test_a_small_cell_beside_rounded_ones_needs_no_complement():
    """3 of 65 under "<5": the rounded 10, 10, 40 and 65 leave it room (it could be 0 to 4)."""
    breakdown = suppress_breakdown([3, 10, 12, 40], threshold=T)
    assert [c.text for c in breakdown.cells] == ["<5", "10", "10", "40"]
    assert breakdown.total.text == "65"


def test_a_pinned_line_gets_the_smallest_visible_cell_as_complement():
    """Four times 4 and a 9 make 25: "<5" four times, "5" and "25" would say exactly that (25 is
    at least 25, and the cells at most 4 + 4 + 4 + 4 + 9), so the 9 is hidden."""
    breakdown = suppress_breakdown([4, 4, 4, 4, 9], threshold=T)
    assert [c.text for c in breakdown.cells] == ["<5", "<5", "<5", "<5", "x"]
    assert breakdown.total.text == "25"
    texts = breakdown_grid(breakdown)
    assert derivable_cells(texts, [[4, 4, 4, 4, 9, 25]], breakdown_lines(5), T) == []
    unprotected = [["<5", "<5", "<5", "<5", "5", "25"]]
    assert len(derivable_cells(unprotected, [[4, 4, 4, 4, 9, 25]], breakdown_lines(5), T)) == 6


def test_the_threshold_comes_from_the_setting(settings):
    settings.ZW_SMALL_COUNT_THRESHOLD = 10
    assert suppress_count(7).text == "<10"
    assert suppress_count(29).text == "20"
    assert isinstance(suppress_breakdown([20, 30]), Breakdown)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        suppress_breakdown([1, -1])
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])

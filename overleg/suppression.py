"""Small-count suppression for published counts: trends in the care meeting, and any other page
that shows institution-wide figures (the programme dashboard reuses it).

The rule
--------
A published figure must never single out a handful of students, not directly and not by
arithmetic on the other figures on the same page or export.

1. **Primary suppression.** Every count below the threshold ``T`` (setting
   ``ZW_SMALL_COUNT_THRESHOLD``, default 5) is shown as ``"<5"`` — zero included, because zero is
   below the threshold too. Totals below ``T`` are hidden the same way.
2. **Withheld.** A breakdown or table whose overall total is below ``T`` is not shown at all; the
   page says so. There is nothing left to say that would not point at individuals.
3. **Secondary suppression.** A reader knows that every line adds up (a row or a column with its
   total; a breakdown with its total), that a ``"<5"`` cell lies between 0 and ``T - 1``, and that
   a cell hidden as a complement (shown as ``"x"``) is at least ``T`` (otherwise it would read
   ``"<5"``). A hidden cell is *safe* when some other table, consistent with everything shown and
   with those bounds, gives that cell a different value. While a hidden cell is not safe, the
   smallest visible cell in a line of that cell is hidden as well (an inner cell before a total;
   first in a line where the unsafe cell is the only hidden one — a line may never hold exactly
   one hidden cell, as the total would give it away). This repeats until every hidden cell is safe.
   If nothing is left to hide and a cell is still not safe, the whole table is withheld — and so
   is a table in which nothing is left to show.

How "safe" is decided, exactly
------------------------------
Write a table with its margins as one grid with an extra total row and total column; flip the sign
of the margins (keep the grand total). Then every row and every column of that grid sums to zero:
the grid is a *circulation* on the bipartite graph of rows and columns, with one edge per entry.
(A breakdown is the same with one row and a single "ground" column that all entries share.) Two
tables that agree on every shown figure differ by a circulation on the hidden entries only, and
any such difference splits into simple cycles that each respect the bounds on their own. So a
hidden entry can take another value exactly when it lies on a cycle of hidden entries along which
every entry can move one step (up or down, as the cycle alternates) without leaving its bounds. That
is a reachability question in a small graph, answered exactly (`_can_move`) — not a rule of thumb.

Limits: the rule protects one table against its own totals. Different tables on one page are
different partitions of the same cases and do not combine into a cell of another; differencing
two filtered views (all faculties minus one) is limited by offering only coarse filters (whole
months, whole faculties).
"""

from collections import deque
from dataclasses import dataclass

from django.conf import settings

SHOWN = "shown"
SMALL = "small"  # primary: below the threshold, shown as "<5"
HIDDEN = "hidden"  # secondary: a complement, at least the threshold, shown as "x"
WITHHELD = "withheld"  # the whole breakdown is not shown

HIDDEN_MARK = "x"  # what Statistics Netherlands (CBS) prints for a figure kept confidential


def default_threshold():
    return settings.ZW_SMALL_COUNT_THRESHOLD


@dataclass(frozen=True)
class Cell:
    """One published figure: the count only when it may be shown."""

    count: int | None
    status: str
    text: str

    @property
    def shown(self):
        return self.status == SHOWN


@dataclass(frozen=True)
class Breakdown:
    """Counts per category (month, unit, rung) and their total, suppressed."""

    cells: tuple
    total: Cell
    withheld: bool


@dataclass(frozen=True)
class Table:
    """A two-way table with row totals, column totals and the grand total, suppressed."""

    cells: tuple  # of rows, each a tuple of cells
    row_totals: tuple
    column_totals: tuple
    total: Cell
    withheld: bool


def suppress_count(count, *, threshold=None):
    """A single count published without a total beside it: primary suppression only."""
    threshold = default_threshold() if threshold is None else threshold
    _check_counts([count])
    return _cell(count, SHOWN if count >= threshold else SMALL, threshold)


def suppress_breakdown(counts, *, threshold=None):
    """`counts` (non-negative integers) and their total, safe to publish."""
    threshold = default_threshold() if threshold is None else threshold
    counts = list(counts)
    _check_counts(counts)
    # One row, and a "ground" vertex every entry shares: the line is "cells - total = 0".
    entries = [_Entry(value, "row", "ground", 1, False, i) for i, value in enumerate(counts)]
    entries.append(_Entry(sum(counts), "row", "ground", -1, True, len(counts)))
    withheld = not _protect(entries, threshold)
    cells = [_published(entry, threshold, withheld) for entry in entries]
    return Breakdown(cells=tuple(cells[:-1]), total=cells[-1], withheld=withheld)


def suppress_table(rows, *, threshold=None):
    """A table of counts (a list of equally long rows) with all its totals, safe to publish."""
    threshold = default_threshold() if threshold is None else threshold
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("All rows of a table need the same number of cells.")
    _check_counts([value for row in rows for value in row])
    grid = _augmented(rows, width)
    entries = [
        _Entry(value, ("r", r), ("c", c), sign, is_total, r * (width + 1) + c)
        for r, line in enumerate(grid)
        for c, (value, sign, is_total) in enumerate(line)
    ]
    withheld = not _protect(entries, threshold)
    cells = [_published(entry, threshold, withheld) for entry in entries]
    grid_cells = [cells[r * (width + 1) : (r + 1) * (width + 1)] for r in range(len(rows) + 1)]
    return Table(
        cells=tuple(tuple(line[:width]) for line in grid_cells[:-1]),
        row_totals=tuple(line[width] for line in grid_cells[:-1]),
        column_totals=tuple(grid_cells[-1][:width]),
        total=grid_cells[-1][width],
        withheld=withheld,
    )


# --- The engine ---------------------------------------------------------------------------------


@dataclass
class _Entry:
    """A figure as an edge between its row and its column (sign: -1 for a margin)."""

    value: int
    tail: object
    head: object
    sign: int
    is_total: bool
    order: int
    status: str = SHOWN


def _check_counts(counts):
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in counts):
        raise ValueError("Counts must be non-negative integers.")


def _augmented(rows, width):
    """Each row with its total, then the column totals and the grand total: (value, sign, total)."""
    grid = [[(v, 1, False) for v in row] + [(sum(row), -1, True)] for row in rows]
    columns = [sum(row[c] for row in rows) for c in range(width)]
    grid.append([(v, -1, True) for v in columns] + [(sum(columns), 1, True)])
    return grid


def _protect(entries, threshold):
    """Mark entries hidden until every hidden one is safe; False when the table is withheld."""
    grand_total = max(entries, key=lambda e: (e.is_total, e.value)).value
    if grand_total < threshold:
        return False
    for entry in entries:
        if entry.value < threshold:
            entry.status = SMALL
    while (complement := _next_complement(entries, threshold)) is not _DONE:
        if complement is None:
            return False
        complement.status = HIDDEN
    # Nothing left to show is the same as withholding, and the page says so more plainly.
    return any(entry.status == SHOWN for entry in entries)


_DONE = object()


def _next_complement(entries, threshold):
    """The visible entry to hide next; _DONE when every hidden one is safe, None when no visible
    entry is left. Lines holding exactly one hidden entry come first: they always give it away."""
    visible = [e for e in entries if e.status == SHOWN]
    hidden = [e for e in entries if e.status != SHOWN]
    lonely = {v for e in hidden for v in (e.tail, e.head) if _hidden_in_line(v, hidden) == 1}
    if lonely:
        return _smallest([e for e in visible if {e.tail, e.head} & lonely])
    unsafe = next((e for e in hidden if not _can_move(e, hidden, threshold)), None)
    if unsafe is None:
        return _DONE
    near = [e for e in visible if {e.tail, e.head} & {unsafe.tail, unsafe.head}]
    return _smallest(near or visible)


def _smallest(candidates):
    """Inner cells before totals, then the smallest count, then the first in reading order."""
    return min(candidates, key=lambda e: (e.is_total, e.value, e.order), default=None)


def _bounds(entry, threshold):
    return (0, threshold - 1) if entry.status == SMALL else (threshold, None)


def _steps(entry, threshold):
    """Whether the entry's signed value can go one up, and one down, within its bounds."""
    low, high = _bounds(entry, threshold)
    can_rise = high is None or entry.value + 1 <= high
    can_fall = entry.value - 1 >= low
    return (can_rise, can_fall) if entry.sign > 0 else (can_fall, can_rise)


def _can_move(entry, hidden, threshold):
    """True when another table that agrees with everything shown gives `entry` another value."""
    arcs = {}
    for other in hidden:
        if other is entry:
            continue
        up, down = _steps(other, threshold)
        if up:
            arcs.setdefault(other.tail, []).append(other.head)
        if down:
            arcs.setdefault(other.head, []).append(other.tail)
    up, down = _steps(entry, threshold)
    # Up along tail → head needs the rest of a cycle back from head to tail; down the reverse.
    return (up and _reaches(arcs, entry.head, entry.tail)) or (
        down and _reaches(arcs, entry.tail, entry.head)
    )


def _reaches(arcs, start, goal):
    seen, queue = {start}, deque([start])
    while queue:
        vertex = queue.popleft()
        if vertex == goal:
            return True
        for nxt in arcs.get(vertex, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _hidden_in_line(vertex, hidden):
    return sum(1 for e in hidden if vertex in (e.tail, e.head))


def _cell(value, status, threshold):
    if status == SHOWN:
        return Cell(count=value, status=SHOWN, text=str(value))
    if status == SMALL:
        return Cell(count=None, status=SMALL, text=f"<{threshold}")
    if status == HIDDEN:
        return Cell(count=None, status=HIDDEN, text=HIDDEN_MARK)
    return Cell(count=None, status=WITHHELD, text="")


def _published(entry, threshold, withheld):
    return _cell(entry.value, WITHHELD if withheld else entry.status, threshold)

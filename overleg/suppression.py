"""Small-count protection for every published count: the trends of the care meeting, the
programme dashboard, their CSV exports and the PDF report.

The rule
--------
A published figure must never single out a handful of students (or staff): not directly, not by
arithmetic on the other figures of its table, and not by comparing views — two periods
(January–December against January–November), a faculty against all faculties, a category or a
rung, the trends page against the programme dashboard or its PDF.

The method: redact, then round — the rule OpenSAFELY applies to every statistic released from
its platform [1], with the rounding blocks lined up with the threshold ``T`` (setting
``ZW_SMALL_COUNT_THRESHOLD``, default 5):

1. **Redact.** A count below ``T`` reads ``"<5"``, zero included.
2. **Round.** Every other count is rounded down to a multiple of ``T``: 5 to 9 reads "5", 10 to 14
   reads "10", 23 reads "20". So every published count stands for exactly ``T`` possible values,
   and "<5" (0 to 4) is simply the first of those blocks. Totals are counts like any other:
   each is rounded on its own — never added up from rounded cells, which drifts — so the cells
   of a line need not add up to its total.
3. **Derive from what is published.** A share, a change since the previous period, the length of
   a bar: computed from the published figures, never from the exact counts behind them.
4. **Check each table as a whole** (secondary suppression). Within one table, a reader who uses
   every line and knows every block must still find at least two possible values for every
   figure in it, totals included. Where one is pinned, the smallest visible figure near it is
   hidden as ``"x"`` (meaning: at least ``T``), until none is; a table with nothing left to
   show, or whose total is below ``T``, is withheld.

Why it holds across views
-------------------------
*Differencing.* Every published number is a multiple of ``T``, so any sum or difference of
published numbers — from any periods, units, pages and exports, as many as you like — is a
multiple of ``T`` as well, never a count of 1 to ``T - 1``. "Acute reports January–December 8,
January–November 6" now reads "5" and "5", and December "<5".

*Differencing with the blocks.* A reader who also uses what each figure means (its number up to
``T - 1`` more) gets a range, never a number. The lower end of a combination is lower ends
(multiples of ``T``) added minus upper ends (one below a multiple of ``T``) taken away, so with
``k`` figures taken away it is ``k`` above a multiple of ``T``; an upper end with ``p`` figures
added is ``p`` below one. A count is pinned only where a lower end meets an upper end, which
takes at least ``T`` published figures, all at the edge of their blocks: no combination of up to
four figures (``T`` = 5) gives a count of 1 to 4 away, and within one table none does at all
(rule 4).

*Why down, not to the nearest 5.* Rounded to the nearest 5, "10" means 8 to 12; with "<5" (0 to
4) beside it, "January–December 10, January–November <5, December <5" leaves only 4 for
December. OpenSAFELY met the same edge — a published 5 then meant 5 to 7 — and moved its
threshold to 7 [1]; lining the blocks up with the threshold closes it here.

The limit: a reader who gathers five or more figures from different views, each at the edge of
its block in the right direction, can narrow a count further. Every rounding method shares this
("feasibility intervals", [2]); redaction alone, which this module did before, fell to a single
subtraction.

[1] OpenSAFELY, "Applying statistical disclosure control", sections "Redacting counts less than
    or equal to 7" and "Rounding counts": https://docs.opensafely.org/outputs/sdc/
[2] A. Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, chapter 5 (frequency
    tables: rounding, and the intervals a reader can compute from a protected table).

How a table is checked, exactly
-------------------------------
Write a table with its margins as one grid with an extra total row and total column; flip the sign
of the margins (keep the grand total). Then every row and every column of that grid sums to zero:
the grid is a *circulation* on the bipartite graph of rows and columns, with one edge per entry.
(A breakdown is the same with one row and a single "ground" column that all entries share.) Each
entry has the range a reader knows: 0 to ``T - 1`` for "<5", at least ``T`` for "x", its block
for a number. Two tables that agree with everything published differ by a circulation, and any
such difference splits into simple cycles that each respect the ranges on their own. So an
entry can take another value exactly when it lies on a cycle along which every entry can move
one step (up or down, as the cycle alternates) within its range. That is a reachability
question in a small graph, answered exactly (`_can_move`) — not a rule of thumb.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

SHOWN = "shown"
SMALL = "small"  # primary: below the threshold, shown as "<5"
HIDDEN = "hidden"  # secondary: a complement, at least the threshold, shown as "x"
WITHHELD = "withheld"  # the whole breakdown is not shown

HIDDEN_MARK = "x"  # what Statistics Netherlands (CBS) prints for a figure kept confidential
# Names the way figures are published; pages that keep their rendered figures vary on it, so
# a rendering made under an older method (exact counts) is never served after an upgrade.
METHOD = "redact-then-round-down"


def default_threshold():
    return settings.ZW_SMALL_COUNT_THRESHOLD


def rounded(count, threshold=None):
    """A count of at least the threshold as it is published: rounded down to a multiple of it."""
    threshold = default_threshold() if threshold is None else threshold
    return count - count % threshold


def rounding_note(threshold=None):
    """The sentence under every table of counts: what its numbers mean."""
    threshold = default_threshold() if threshold is None else threshold
    example = 2 * threshold + min(2, threshold - 1)
    return _(
        "Aantallen zijn naar beneden afgerond op een veelvoud van %(n)d (%(example)d staat er "
        "als %(shown)d); minder dan %(n)d staat er als <%(n)d."
    ) % {"n": threshold, "example": example, "shown": rounded(example, threshold)}


def rounding_legend(threshold=None):
    """The export's line on rounding, starting with what a published number stands for."""
    threshold = default_threshold() if threshold is None else threshold
    return _(
        "%(low)d tot en met %(high)d: aantallen zijn naar beneden afgerond op een veelvoud van "
        "%(n)d, elk aantal apart (de delen tellen daardoor niet altijd op tot het totaal)"
    ) % {"low": 2 * threshold, "high": 3 * threshold - 1, "n": threshold}


@dataclass(frozen=True)
class Cell:
    """One published figure: the count, rounded down to a multiple of the threshold, only when it
    may be shown."""

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
    """A single count published without a total beside it: redacted or rounded."""
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
    """Mark entries small, then hidden until none is pinned; False when the table is withheld."""
    grand_total = max(entries, key=lambda e: (e.is_total, e.value)).value
    if grand_total < threshold:
        return False
    for entry in entries:
        if entry.value < threshold:
            entry.status = SMALL
    if threshold == 1:
        return True  # blocks of one are exact counts: there is nothing to protect
    while (pinned := _first_pinned(entries, threshold)) is not None:
        visible = [e for e in entries if e.status == SHOWN]
        near = [e for e in visible if {e.tail, e.head} & {pinned.tail, pinned.head}]
        complement = _smallest(near or visible)
        if complement is None:
            return False
        complement.status = HIDDEN
    # Nothing left to show is the same as withholding, and the page says so more plainly.
    return any(entry.status == SHOWN for entry in entries)


def _first_pinned(entries, threshold):
    """The first entry a reader of the table can work out exactly, or None."""
    arcs = {}  # {vertex: {next vertex: [entries whose one step leads there]}}
    steps = [_steps(entry, threshold) for entry in entries]
    for entry, (up, down) in zip(entries, steps, strict=True):
        if up:
            arcs.setdefault(entry.tail, {}).setdefault(entry.head, []).append(entry)
        if down:
            arcs.setdefault(entry.head, {}).setdefault(entry.tail, []).append(entry)
    return next(
        (e for e, step in zip(entries, steps, strict=True) if not _can_move(e, step, arcs)), None
    )


def _smallest(candidates):
    """Inner cells before totals, then the smallest count, then the first in reading order."""
    return min(candidates, key=lambda e: (e.is_total, e.value, e.order), default=None)


def _bounds(entry, threshold):
    if entry.status == SMALL:
        return 0, threshold - 1
    if entry.status == HIDDEN:
        return threshold, None
    low = rounded(entry.value, threshold)
    return low, low + threshold - 1


def _steps(entry, threshold):
    """Whether the entry's signed value can go one up, and one down, within its bounds."""
    low, high = _bounds(entry, threshold)
    can_rise = high is None or entry.value + 1 <= high
    can_fall = entry.value - 1 >= low
    return (can_rise, can_fall) if entry.sign > 0 else (can_fall, can_rise)


def _can_move(entry, steps, arcs):
    """True when another table that agrees with everything published gives `entry` another
    value: a cycle through it along which every other entry has room too. `steps`: whether the
    entry itself can go up and down (`_steps`)."""
    up, down = steps
    # Up along tail → head needs the rest of a cycle back from head to tail; down the reverse.
    return (up and _reaches(arcs, entry.head, entry.tail, entry)) or (
        down and _reaches(arcs, entry.tail, entry.head, entry)
    )


def _reaches(arcs, start, goal, without):
    """A path from start to goal not using `without`. Depth first, looking one step ahead for the
    goal: most cycles are short (a cell, another in its row and in its column, and the fourth
    corner), so this answers in a few steps where a breadth-first search visits the table."""
    seen, path = {start}, [start]
    pending = [iter(arcs.get(start, {}).items())]
    while pending:
        if _leads(arcs.get(path[-1], {}).get(goal, ()), without):
            return True
        for nxt, entries in pending[-1]:
            if nxt not in seen and _leads(entries, without):
                seen.add(nxt)
                path.append(nxt)
                pending.append(iter(arcs.get(nxt, {}).items()))
                break
        else:
            path.pop()
            pending.pop()
    return False


def _leads(entries, without):
    return any(entry is not without for entry in entries)


def _cell(value, status, threshold):
    if status == SHOWN:
        published = rounded(value, threshold)
        return Cell(count=published, status=SHOWN, text=str(published))
    if status == SMALL:
        return Cell(count=None, status=SMALL, text=f"<{threshold}")
    if status == HIDDEN:
        return Cell(count=None, status=HIDDEN, text=HIDDEN_MARK)
    return Cell(count=None, status=WITHHELD, text="")


def _published(entry, threshold, withheld):
    return _cell(entry.value, WITHHELD if withheld else entry.status, threshold)

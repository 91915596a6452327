"""For trend tests: a reader who tries to work hidden figures out of a published table, and
test data placed in given months.

The reader is deliberately built differently from `overleg.suppression`: no graph, no cycles —
an exact search over every figure with interval propagation on the lines that must add up,
splitting ranges until each one is decided. It knows what a real reader knows: that every line
adds up, that "<5" means 0 to 4, that "x" (a complement, not small) means at least 5, and that a
number stands for itself and, rounded down to a multiple of 5, the four above it (`block`).
"""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone

from overleg.suppression import HIDDEN_MARK


def table_grid(table):
    """The published table as an augmented grid of texts: rows with their totals, then the
    column totals with the grand total."""
    rows = [
        [c.text for c in row] + [total.text]
        for row, total in zip(table.cells, table.row_totals, strict=True)
    ]
    return [*rows, [c.text for c in table.column_totals] + [table.total.text]]


def true_grid(rows):
    width = len(rows[0])
    grid = [list(row) + [sum(row)] for row in rows]
    columns = [sum(row[c] for row in rows) for c in range(width)]
    return [*grid, columns + [sum(columns)]]


def table_lines(height, width):
    """Each line as ([positions that add up], position of its total), for an augmented grid."""
    lines = [([(r, c) for c in range(width)], (r, width)) for r in range(height + 1)]
    lines += [([(r, c) for r in range(height)], (height, c)) for c in range(width + 1)]
    return lines


def derivable_cells(texts, truth, lines, threshold, block=None):
    """The positions whose true value is the only one consistent with what is published; a
    printed number stands for `block` values from itself up (the threshold unless told)."""
    block = threshold if block is None else block
    cap = max(max(row) for row in truth) + threshold + block + 2
    domains, fixed = {}, {}
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text == f"<{threshold}":
                domains[(r, c)] = (0, threshold - 1)
            elif text == HIDDEN_MARK:
                domains[(r, c)] = (threshold, cap)
            elif block == 1:
                fixed[(r, c)] = int(text)
            else:
                domains[(r, c)] = (int(text), int(text) + block - 1)
    constraints = [[(p, 1) for p in parts] + [(total, -1)] for parts, total in lines]
    found = []
    for position, (low, high) in domains.items():
        value = truth[position[0]][position[1]]
        other_values = [(low, value - 1), (value + 1, high)]
        if not any(
            lo <= hi and _feasible({**domains, position: (lo, hi)}, constraints, fixed)
            for lo, hi in other_values
        ):
            found.append(position)
    return found


def _feasible(domains, constraints, fixed):
    domains = dict(domains)
    if not _propagate(domains, constraints, fixed):
        return False
    open_positions = [p for p, (lo, hi) in domains.items() if lo < hi]
    if not open_positions:
        return True
    position = min(open_positions, key=lambda p: domains[p][1] - domains[p][0])
    low, high = domains[position]
    middle = (low + high) // 2
    return _feasible({**domains, position: (low, middle)}, constraints, fixed) or _feasible(
        {**domains, position: (middle + 1, high)}, constraints, fixed
    )


def _propagate(domains, constraints, fixed):
    """Narrow every range to what the lines allow; False when some line cannot add up."""
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            constant = sum(coef * fixed[p] for p, coef in constraint if p in fixed)
            free = [(p, coef) for p, coef in constraint if p not in fixed]
            if not free:
                if constant != 0:
                    return False
                continue
            for p, coef in free:
                rest = [(q, k) for q, k in free if q != p]
                rest_low = sum(min(k * domains[q][0], k * domains[q][1]) for q, k in rest)
                rest_high = sum(max(k * domains[q][0], k * domains[q][1]) for q, k in rest)
                # coef * x_p = -(constant + rest)
                a, b = -constant - rest_high, -constant - rest_low
                low, high = domains[p]
                new = (max(low, a), min(high, b)) if coef == 1 else (max(low, -b), min(high, -a))
                if new[0] > new[1]:
                    return False
                if new != (low, high):
                    domains[p] = new
                    changed = True
    return True


# --- Time and data ------------------------------------------------------------------------------


@contextlib.contextmanager
def moment(when):
    """Everything saved inside happens at `when` (auto_now_add stamps and the services' clock)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def local(year, month, day, hour=10):
    zone = timezone.get_current_timezone()
    return datetime.datetime(year, month, day, hour, tzinfo=zone)


def report(*, reporter, student=None, unit=None, categories, when, what="Student oogt somber"):
    """A case through the case service, its signal seen on `when` (a date)."""
    from cases.models import Urgency
    from cases.services import report_concern

    return report_concern(
        reporter=reporter,
        student=student,
        unit=unit,
        categories=categories,
        signals={"what": what, "when": when, "where": "Lokaal B2.14"},
        urgency=Urgency.SOON,
        discussed=False,
        consulted=True,
    )


def incident(*, occurred_on, kind, unit=None, title="Incident"):
    from accounts.services import get_system_user
    from core.history import save_with_history
    from incidents.models import Incident, Severity

    item = Incident(
        occurred_on=occurred_on,
        kind=kind,
        severity=Severity.MEDIUM,
        title=title,
        what_happened="Wat er gebeurde.",
        unit=unit,
        created_by=get_system_user(),
    )
    return save_with_history(item, acting_user=get_system_user(), reason="test")


def breakdown_grid(breakdown):
    return [[c.text for c in breakdown.cells] + [breakdown.total.text]]


def breakdown_lines(length):
    return [([(0, c) for c in range(length)], (0, length))]

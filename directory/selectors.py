"""Reads for the import pages: the runs, the plan of a kept upload, the rows to show."""

import re

from django.utils.translation import gettext_lazy

from directory.conf import DEFAULT_MAX_LEFT_PERCENT, column_aliases_with_spelling
from directory.models import ImportKind, ImportRun
from directory.parsing import FIELD_LABELS
from directory.permissions import imports_visible_to
from directory.plans import planner_for
from directory.plans.base import KIND_PLURALS, join_and, leavers_text
from directory.services import plan_upload, read_upload

PREVIEW_ROWS = 100  # per table; the rest is counted ("and 4,900 more")
# Counts a run applied before duplicates, conflicts and new units were counted lacks.
EMPTY_COUNTS = {"duplicates": 0, "conflicts": 0, "new_units": 0}
LEAVERS_NAMED = 50  # the second confirmation names this many who would leave
UNITS_NAMED = 10  # the line on units to import first names this many codes


def recent_imports_for(user, limit=10):
    return imports_visible_to(user).select_related("created_by", "applied_by")[:limit]


def get_import_for(user, run_id):
    """The run, or None when it does not exist or this user may not see it."""
    return (
        imports_visible_to(user)
        .select_related("created_by", "applied_by")
        .filter(pk=run_id)
        .first()
    )


def plan_for_upload(run):
    """Plan a kept upload against the directory as it is now. Raises FileUnavailable or
    UnreadableFile."""
    return plan_upload(read_upload(run), run)


def _capped(rows, limit=PREVIEW_ROWS):
    return {"rows": rows[:limit], "more": max(len(rows) - limit, 0), "count": len(rows)}


def preview_tables(plan):
    """The plan's tables as the preview shows them: at most PREVIEW_ROWS rows each."""
    rejected = [(r.line, r.key, r.message) for r in plan.rejected]
    return {
        "rejected": _capped(rejected),
        "conflicts": _capped(plan.conflicts),
        "duplicates": _capped(plan.duplicates),
        "new_units": _capped(plan.new_units),
        "new": _capped(plan.new),
        "changed": _capped(plan.changed),
        "left": _capped(plan.left),
    }


def leavers_check(plan, max_left=DEFAULT_MAX_LEFT_PERCENT):
    """What the second confirmation says when a full export would mark more than `max_left`
    percent as left: how many, and who (the first LEAVERS_NAMED); None below the threshold."""
    if not plan.too_many_leaving(max_left):
        return None
    return {
        "text": leavers_text(plan),
        "max": max_left,
        "count": len(plan.left),
        "noun": KIND_PLURALS[plan.kind],
        "named": plan.left[:LEAVERS_NAMED],
        "others": max(len(plan.left) - LEAVERS_NAMED, 0),
    }


# Column names that look like a date: an unused one may hold what decides an enrolment. A
# birth date never does (and is never read).
_DATE_LIKE = re.compile(r"datum|date|dienst|vanaf|\btot\b", re.IGNORECASE)
_BIRTH = re.compile(r"geboorte|birth", re.IGNORECASE)


def unused_columns(plan):
    """The columns the import does not read, and those of them that look like dates."""
    return {
        "all": plan.ignored_columns,
        "dates": [c for c in plan.ignored_columns if _DATE_LIKE.search(c) and not _BIRTH.search(c)],
    }


def units_hint(plan):
    """The units a student export needs, created by this import or to import first: their
    codes ("IGZ, ISW en ICT"; past UNITS_NAMED, how many more), or None when none are."""
    codes = [e.key for e in plan.new_units] or [code for code, _name in plan.missing_units]
    if not codes:
        return None
    return {
        "codes": join_and(codes, limit=UNITS_NAMED),
        "count": len(codes),
        "from_file": plan.can_describe_units,
        "proposed": bool(plan.new_units),
    }


def rejected_rows_of(run, plan=None):
    """(line, key, reason) of every rejected row and conflict: from the plan before it is
    applied, from the run's summary afterwards (the file is gone by then)."""
    if run.status == ImportRun.Status.APPLIED:
        return [tuple(row) for row in run.summary.get("rejected_rows", [])]
    plan = plan or plan_for_upload(run)
    return plan.problems()


# What the preview tables call the key and the extra column, per kind.
TABLE_HEADINGS = {
    ImportKind.STUDENTS: (gettext_lazy("Studentnummer"), gettext_lazy("Opleiding")),
    ImportKind.UNITS: (gettext_lazy("Code"), gettext_lazy("Soort")),
    ImportKind.STAFF: (gettext_lazy("Personeelsnummer"), gettext_lazy("Account")),
}


def column_guide():
    """Per kind: (label, accepted header names, required) for every column it reads."""
    names = {}
    for header, field in column_aliases_with_spelling().items():
        names.setdefault(field, []).append(header)
    guide = []
    for kind in (ImportKind.STUDENTS, ImportKind.UNITS, ImportKind.STAFF):
        planner = planner_for(kind)
        columns = [
            (FIELD_LABELS[field], names.get(field, []), field in planner.required)
            for field in planner.uses
        ]
        guide.append({"kind": ImportKind(kind).label, "columns": columns})
    return guide

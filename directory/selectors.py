"""Reads for the import pages: the runs, the plan of a kept upload, the rows to show."""

from django.utils.translation import gettext_lazy

from directory.conf import column_aliases_with_spelling
from directory.models import ImportKind, ImportRun
from directory.parsing import FIELD_LABELS
from directory.permissions import imports_visible_to
from directory.plans import plan_for_file, planner_for
from directory.services import read_upload

PREVIEW_ROWS = 100  # per table; the rest is counted ("and 4,900 more")


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
    return plan_for_file(read_upload(run), kind=run.kind, full_export=run.full_export)


def _capped(rows, limit=PREVIEW_ROWS):
    return {"rows": rows[:limit], "more": max(len(rows) - limit, 0), "count": len(rows)}


def preview_tables(plan):
    """The plan's tables as the preview shows them: at most PREVIEW_ROWS rows each."""
    rejected = [(r.line, r.key, r.message) for r in plan.rejected]
    return {
        "rejected": _capped(rejected),
        "new": _capped(plan.new),
        "changed": _capped(plan.changed),
        "left": _capped(plan.left),
    }


def rejected_rows_of(run, plan=None):
    """(line, key, reason) of every rejected row: from the plan before it is applied, from the
    run's summary afterwards (the file is gone by then)."""
    if run.status == ImportRun.Status.APPLIED:
        return [tuple(row) for row in run.summary.get("rejected_rows", [])]
    plan = plan or plan_for_upload(run)
    return [(r.line, r.key, r.message) for r in plan.rejected]


# What the preview tables call the key and the extra column, per kind.
TABLE_HEADINGS = {
    ImportKind.STUDENTS: (gettext_lazy("Studentnummer"), gettext_lazy("Opleiding")),
    ImportKind.UNITS: (gettext_lazy("Code"), gettext_lazy("Soort")),
    ImportKind.STAFF: (gettext_lazy("Personeelsnummer"), gettext_lazy("Account")),
}

# The columns each kind reads, in the order the upload page lists them.
KIND_FIELDS = {
    ImportKind.STUDENTS: (
        "student_number",
        "first_name",
        "name_prefix",
        "last_name",
        "programme_code",
        "unit",
        "active_from",
        "active_to",
    ),
    ImportKind.UNITS: ("unit", "unit_name", "programme_code", "programme_name"),
    ImportKind.STAFF: ("employee_number", "first_name", "last_name", "email", "unit", "roles"),
}


def column_guide():
    """Per kind: (label, accepted header names, required) for every column it reads."""
    names = {}
    for header, field in column_aliases_with_spelling().items():
        names.setdefault(field, []).append(header)
    planners = {kind: planner_for(kind) for kind in KIND_FIELDS}
    return [
        {
            "kind": ImportKind(kind).label,
            "columns": [
                (
                    FIELD_LABELS[field],
                    names.get(field, []),
                    field in planners[kind].required,
                )
                for field in fields
            ],
        }
        for kind, fields in KIND_FIELDS.items()
    ]

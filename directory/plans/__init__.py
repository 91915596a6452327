"""What an import would change, computed in memory from the file and one read per table:
new, changed (with old → new), left, unchanged and rejected rows. Nothing is written here."""

from directory.models import ImportKind
from directory.parsing import read_csv
from directory.plans.base import Conflict, Duplicate, Entry, Plan, Rejection
from directory.plans.staff import plan_staff
from directory.plans.students import plan_students
from directory.plans.units import plan_units

__all__ = [
    "Conflict",
    "Duplicate",
    "Entry",
    "Plan",
    "Rejection",
    "plan_for_file",
    "planner_for",
]

_PLANNERS = {
    ImportKind.STUDENTS: plan_students,
    ImportKind.UNITS: plan_units,
    ImportKind.STAFF: plan_staff,
}


def planner_for(kind):
    """The planner of a kind; its `required` and `one_of` name the columns it needs, `uses`
    every column it reads."""
    return _PLANNERS[kind]


def plan_for_file(data, *, kind, full_export, create_units=False, progress=None):
    """Parse the bytes of an export of this kind and plan it against the directory as it is
    now. With `create_units`, a student export's missing units are planned too. Raises
    `directory.parsing.UnreadableFile` when the file as a whole is unusable."""
    planner = _PLANNERS[kind]
    parsed = read_csv(
        data,
        required=planner.required,
        one_of=planner.one_of,
        uses=planner.uses,
        progress=progress and (lambda n: progress("read", n)),
    )
    if kind == ImportKind.STUDENTS:
        return planner(parsed, full_export=full_export, create_units=create_units)
    return planner(parsed, full_export=full_export)

from directory.management.commands._importing import ImportCommand
from directory.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import students from a student-information-system export (CSV): student number, "
        "first name, last name, programme code, unit, active from/to; Dutch or English column "
        "names. Shows the plan and every rejected row with its line number; applies the good "
        "rows in one transaction (unless --dry-run). Exit status 2 when rows were rejected."
    )
    kind = ImportKind.STUDENTS

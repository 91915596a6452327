from directory.management.commands._importing import ImportCommand
from directory.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import students from a student-information-system export (CSV): student number, "
        "first name, last name, programme code, unit, active from/to; Dutch or English column "
        "names. Shows the plan and every rejected row with its line number; applies the good "
        "rows in one transaction (unless --dry-run). With --create-units, the faculties and "
        "programmes the export names but the directory lacks are created first, in the same "
        "transaction. Exit status 2 when rows were rejected or in conflict."
    )
    kind = ImportKind.STUDENTS
    creates_units = True

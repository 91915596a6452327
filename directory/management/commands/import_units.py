from directory.management.commands._importing import ImportCommand
from directory.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import organisation units from a CSV export: faculty or institute code and name, "
        "programme code and name (a student export with these columns works too). Shows the "
        "plan and every rejected row with its line number; applies the good rows in one "
        "transaction (unless --dry-run). Exit status 2 when rows were rejected."
    )
    kind = ImportKind.UNITS

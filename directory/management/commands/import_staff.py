from directory.management.commands._importing import ImportCommand
from directory.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import staff from an identity-system export (CSV): employee number, first name, last "
        "name, e-mail, unit codes, roles (source role names mapped by ZW_IMPORT_ROLE_NAMES). "
        "With --full, staff missing from the export are deactivated and their sessions end. "
        "Applies the good rows in one transaction (unless --dry-run). Exit status 2 when rows "
        "were rejected."
    )
    kind = ImportKind.STAFF

"""How the institution's exports name their columns and roles: defaults plus the settings
`ZW_IMPORT_COLUMN_ALIASES` and `ZW_IMPORT_ROLE_NAMES` (a dict, or JSON from the environment)."""

import json
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.roles import DEFAULT_ROLES, RoleCode

# Field → header names, as Dutch exports write them. Sources: the student information systems
# Osiris (Studentnummer, Roepnaam, Voorvoegsels, Opleiding, Ingangsdatum, Afloopdatum),
# Progress (Inschrijfdatum, Uitschrijfdatum, Instituut), Educator (Academie, Startdatum,
# Einddatum) and the HR systems AFAS Profit (Medewerker, Voorvoegsel, E-mail werk,
# Organisatorische eenheid, Datum in dienst, Datum uit dienst) and Visma Youforce (Persnr,
# Geslachtsnaam, E-mailadres zakelijk). Export layouts are configured per institution, so these
# are the usual headings, not a guarantee: ZW_IMPORT_COLUMN_ALIASES adds the institution's own.
# Matching ignores case, spaces, dashes, dots and underscores ("Datum in dienst" = datum_in_dienst).
FIELD_ALIASES = {
    "student_number": [
        "studentnummer",
        "studentnr",
        "student_nr",
        "studentid",
        "student_id",
        "student_number",
        "student number",
    ],
    "first_name": [
        "voornaam",
        "voornamen",
        "roepnaam",
        "first_name",
        "firstname",
        "given name",
        "nickname",
    ],
    "name_prefix": [
        "tussenvoegsel",
        "tussenvoegsels",
        "voorvoegsel",
        "voorvoegsels",
        "name_prefix",
        "prefix",
    ],
    "last_name": [
        "achternaam",
        "familienaam",
        "geslachtsnaam",
        "last_name",
        "lastname",
        "surname",
        "family name",
    ],
    "programme_code": [
        "opleidingscode",
        "opleidingcode",
        "opleiding_code",
        "code opleiding",
        "croho",
        "crohocode",
        "croho_code",
        "isat",
        "isatcode",
        "programme_code",
        "program_code",
    ],
    "programme_name": [
        "opleidingsnaam",
        "opleidingnaam",
        "naam opleiding",
        "opleiding",
        "omschrijving opleiding",
        "opleidingsomschrijving",
        "programme_name",
        "programme",
        "program",
    ],
    "unit": [
        "eenheid",
        "eenheidscode",
        "eenheden",
        "faculteitscode",
        "faculteit_code",
        "instituutscode",
        "instituut_code",
        "academiecode",
        "academie_code",
        "organisatorische eenheid",
        "organisatie-eenheid",
        "unit",
        "unit_code",
        "units",
        "faculty_code",
        "institute_code",
    ],
    "unit_name": [
        "eenheidsnaam",
        "faculteit",
        "faculteitsnaam",
        "instituut",
        "instituutsnaam",
        "academie",
        "academienaam",
        "unit_name",
        "faculty",
        "faculty_name",
        "institute",
        "institute_name",
    ],
    "active_from": [
        "ingeschreven_vanaf",
        "ingangsdatum",
        "ingangsdatum inschrijving",
        "begindatum",
        "startdatum",
        "inschrijfdatum",
        "inschrijvingsdatum",
        "datum inschrijving",
        "datum in dienst",
        "in dienst",
        "active_from",
        "start_date",
    ],
    "active_to": [
        "ingeschreven_tot",
        "einddatum",
        "einddatum inschrijving",
        "afloopdatum",
        "uitschrijfdatum",
        "uitschrijvingsdatum",
        "datum uitschrijving",
        "datum uit dienst",
        "uit dienst",
        "active_to",
        "end_date",
    ],
    "employee_number": [
        "personeelsnummer",
        "personeelsnr",
        "persnr",
        "medewerkernummer",
        "medewerker",
        "medewerkercode",
        "employee_number",
        "employee_id",
    ],
    "email": [
        "e-mail",
        "email",
        "e-mailadres",
        "emailadres",
        "e-mail werk",
        "e-mailadres zakelijk",
        "zakelijk e-mailadres",
        "mail",
        "email_address",
    ],
    "roles": ["rollen", "rol", "roles", "role"],
}

# When an export has two columns for one field, the first named here is read and the other is
# reported as unused: Osiris and AFAS write both all given names and the name someone goes by.
PREFERRED_COLUMNS = {"first_name": ["roepnaam", "nickname"]}

# A full export that would mark more than this share of the active records as left is refused
# (the commands' --max-left) or, on the upload page, needs a second confirmation.
DEFAULT_MAX_LEFT_PERCENT = 10


# Job titles that mean one role everywhere. Not "decaan": at a hogeschool that is a student
# counsellor, at a university a faculty dean; institutions map it themselves.
PLAIN_ROLE_NAMES = {
    "melder": RoleCode.REPORTER,
    "studentbegeleider": RoleCode.COUNSELLOR,
    "studentendecaan": RoleCode.COUNSELLOR,
    "veiligheidscoördinator": RoleCode.CONTACT_OFFICER,
    "functioneel beheerder": RoleCode.FUNCTIONAL_ADMIN,
    "functionaris gegevensbescherming": RoleCode.PRIVACY_OFFICER,
}


def normalise(name):
    """Compare header and role names without case, spacing, dashes or dots."""
    return re.sub(r"[\s_.\-]+", "_", name.strip().lstrip("\ufeff").lower()).strip("_")


def _setting(name):
    value = getattr(settings, name, {}) or {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object (a dict).")
    return value


def column_aliases_with_spelling():
    """Header name as written (the defaults, then the institution's) → field, for the page
    that tells people which columns are read."""
    extra = _setting("ZW_IMPORT_COLUMN_ALIASES")
    return {
        name: field
        for field, names in FIELD_ALIASES.items()
        for name in [*names, *extra.get(field, [])]
    }


def column_aliases():
    """Normalised header name → field, the institution's extra names included."""
    extra = _setting("ZW_IMPORT_COLUMN_ALIASES")
    unknown = set(extra) - set(FIELD_ALIASES)
    if unknown:
        raise ImproperlyConfigured(
            f"ZW_IMPORT_COLUMN_ALIASES names unknown fields {sorted(unknown)}; "
            f"known fields: {sorted(FIELD_ALIASES)}."
        )
    aliases = {}
    for field, names in FIELD_ALIASES.items():
        extra_names = extra.get(field, [])
        if not isinstance(extra_names, list) or not all(isinstance(n, str) for n in extra_names):
            raise ImproperlyConfigured(
                f"ZW_IMPORT_COLUMN_ALIASES[{field!r}] must be a list of column names."
            )
        for name in [*names, *extra_names]:
            aliases[normalise(name)] = field
    return aliases


def role_names():
    """Normalised role name in the source system → role code: the codes themselves and the
    default labels, plus the institution's own names (there they may override a default)."""
    names = {}
    for code in RoleCode:
        names[normalise(code.value)] = code.value
        for key in ("label_nl", "label_en"):
            names[normalise(DEFAULT_ROLES[code][key])] = code.value
    for name, code in PLAIN_ROLE_NAMES.items():
        names[normalise(name)] = code
    for name, code in _setting("ZW_IMPORT_ROLE_NAMES").items():
        if code not in RoleCode.values:
            raise ImproperlyConfigured(
                f"ZW_IMPORT_ROLE_NAMES[{name!r}] = {code!r} is not a role code; "
                f"known codes: {sorted(RoleCode.values)}."
            )
        names[normalise(name)] = code
    return names

"""Demo data for the local demo: organisation units and one account per role (password `demo`)."""

from accounts.models import OrganisationUnit, User
from accounts.roles import RoleCode
from accounts.services import set_user_roles, set_user_units
from core.history import save_with_history

DEMO_PASSWORD = "demo"

UNITS = [
    # (code, name, parent code)
    ("FGW", "Faculteit Gezondheid en Welzijn", None),
    ("FGW-VPK", "Verpleegkunde", "FGW"),
    ("FGW-SW", "Social Work", "FGW"),
    ("ITI", "Instituut voor Techniek en ICT", None),
    ("ITI-ICT", "HBO-ICT", "ITI"),
    ("ITI-WTB", "Werktuigbouwkunde", "ITI"),
    ("FBE", "Faculteit Business en Economie", None),
    ("FBE-BK", "Bedrijfskunde", "FBE"),
]

ACCOUNTS = [
    # (username, first name, last name, roles, unit codes)
    ("reporter", "Rianne", "de Vries", [RoleCode.REPORTER], ["FGW-VPK"]),
    ("counsellor", "Chris", "Bakker", [RoleCode.COUNSELLOR], ["FGW-VPK", "FGW-SW"]),
    ("counsellor2", "Sam", "Jansen", [RoleCode.COUNSELLOR], ["ITI-ICT", "ITI-WTB", "FBE-BK"]),
    ("dean", "Dana", "Visser", [RoleCode.DEAN], ["FGW", "ITI", "FBE"]),
    ("careteam", "Kim", "Smit", [RoleCode.CARE_TEAM], ["FGW"]),
    ("board", "Bram", "Mulder", [RoleCode.BOARD], []),
    ("board2", "Britt", "de Jong", [RoleCode.BOARD], []),
    ("contact", "Koen", "de Boer", [RoleCode.CONTACT_OFFICER], []),
    ("trainer", "Tess", "Meijer", [RoleCode.TRAINER], ["ITI-ICT"]),
    ("coordinator", "Cor", "Dekker", [RoleCode.TRAINING_COORDINATOR], []),
    ("privacy", "Pim", "van Dijk", [RoleCode.PRIVACY_OFFICER], []),
    ("admin", "Anne", "Bos", [RoleCode.FUNCTIONAL_ADMIN], []),
]

REASON = "Demogegevens geladen"


def seed_units(*, acting_user):
    units = {}
    for code, name, parent_code in UNITS:
        unit = OrganisationUnit.objects.filter(code=code).first()
        if unit is None:
            parent = units.get(parent_code)
            kind = OrganisationUnit.Kind.PROGRAMME if parent else OrganisationUnit.Kind.FACULTY
            unit = OrganisationUnit(code=code, name=name, kind=kind, parent=parent)
            save_with_history(unit, acting_user=acting_user, reason=REASON)
        units[code] = unit
    return units


def seed_accounts(*, acting_user):
    """Create the demo units and accounts; running it again changes nothing."""
    units = seed_units(acting_user=acting_user)
    for username, first_name, last_name, roles, unit_codes in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            continue
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@hogeschool.example",
        )
        user.set_password(DEMO_PASSWORD)
        save_with_history(user, acting_user=acting_user, reason=REASON)
        unit_list = [units[code] for code in unit_codes]
        set_user_units(user, units=unit_list, acting_user=acting_user, reason=REASON)
        set_user_roles(user, codes=roles, acting_user=acting_user, reason=REASON)

"""The ten roles of the product. Codes are fixed in code; what people see is an editable label."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    REPORTER = "reporter", _("Melder")
    COUNSELLOR = "counsellor", _("Studentbegeleider")
    DEAN = "dean", _("Teamleider decanaat")
    CARE_TEAM = "care_team", _("Lid zorgoverleg")
    BOARD = "board", _("Lid College van Bestuur")
    CONTACT_OFFICER = "contact_officer", _("Veiligheidscoördinator")
    TRAINER = "trainer", _("Trainer")
    TRAINING_COORDINATOR = "training_coordinator", _("Coördinator deskundigheidsbevordering")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")


# Default labels and descriptions seeded into the Role table; institutions rename them there.
DEFAULT_ROLES = {
    RoleCode.REPORTER: {
        "label_nl": "Melder (eerstelijns professional)",
        "label_en": "Reporter (first-line professional)",
        "description_nl": "Je meldt een zorg over een student en volgt de status van je eigen "
        "meldingen.",
        "description_en": "You report a concern about a student and follow the status of your "
        "own reports.",
    },
    RoleCode.COUNSELLOR: {
        "label_nl": "Studentendecaan / studentbegeleider",
        "label_en": "Student counsellor",
        "description_nl": "Je pakt nieuwe meldingen van je eenheden op, behandelt casussen, "
        "spreekt met de student en schaalt op als de zorg niet is weggenomen.",
        "description_en": "You pick up new reports for your units, handle cases, talk with the "
        "student and escalate when the concern has not been taken away.",
    },
    RoleCode.DEAN: {
        "label_nl": "Teamleider decanaat",
        "label_en": "Head of student counselling",
        "description_nl": "Je beoordeelt verzoeken tot opschaling, wijst behandelaars toe en "
        "bewaakt casussen waarvan de evaluatiedatum verstreken is.",
        "description_en": "You review escalation requests, assign handlers and watch cases whose "
        "review date has passed.",
    },
    RoleCode.CARE_TEAM: {
        "label_nl": "Lid zorgoverleg",
        "label_en": "Care meeting member",
        "description_nl": "Je neemt deel aan het multidisciplinair zorgoverleg en ziet de "
        "casussen op de agenda, gepseudonimiseerd.",
        "description_en": "You take part in the multidisciplinary care meeting and see the cases "
        "on its agenda, pseudonymised.",
    },
    RoleCode.BOARD: {
        "label_nl": "Lid College van Bestuur",
        "label_en": "Executive board member",
        "description_nl": "Je keurt het delen van gegevens met externe partijen goed of af en "
        "ziet de casussen op de trede College van Bestuur.",
        "description_en": "You approve or reject sharing data with external parties and see the "
        "cases at the executive board rung.",
    },
    RoleCode.CONTACT_OFFICER: {
        "label_nl": "Veiligheidscoördinator (aanspreekpunt extern)",
        "label_en": "Safety coordinator (external contact)",
        "description_nl": "Je voert goedgekeurde gegevensdelingen met politie, zorg en gemeente "
        "uit en legt vast wat er is gedeeld.",
        "description_en": "You carry out approved disclosures to police, care and municipality "
        "and record what was shared.",
    },
    RoleCode.TRAINER: {
        "label_nl": "Trainer",
        "label_en": "Trainer",
        "description_nl": "Je plant trainingen van de cursussen waarvoor je gecertificeerd bent "
        "en registreert de aanwezigheid.",
        "description_en": "You schedule sessions of the courses you are certified for and record "
        "attendance.",
    },
    RoleCode.TRAINING_COORDINATOR: {
        "label_nl": "Coördinator deskundigheidsbevordering",
        "label_en": "Training coordinator",
        "description_nl": "Je beheert cursussen, aanvragen voor teamtrainingen met intake, en "
        "certificaten.",
        "description_en": "You manage courses, team-training requests with their intake, and "
        "certificates.",
    },
    RoleCode.PRIVACY_OFFICER: {
        "label_nl": "Functionaris gegevensbescherming",
        "label_en": "Data protection officer",
        "description_nl": "Je leest het toegangslogboek en de auditrapporten; de inhoud van "
        "casussen zie je niet.",
        "description_en": "You read the access log and audit reports; you do not see case content.",
    },
    RoleCode.FUNCTIONAL_ADMIN: {
        "label_nl": "Functioneel beheerder",
        "label_en": "Functional administrator",
        "description_nl": "Je beheert gebruikers, rollen en organisatie-eenheden; de inhoud van "
        "casussen zie je niet.",
        "description_en": "You manage users, roles and organisation units; you do not see case "
        "content.",
    },
}

# What the functional administrator configures through the admin site.
FUNCTIONAL_ADMIN_PERMISSIONS = [
    ("accounts", "user", ("view", "add", "change")),
    ("accounts", "role", ("view", "change")),
    ("accounts", "organisationunit", ("view", "add", "change")),
    ("cases", "concerncategory", ("view", "add", "change")),
]

# Roles that reach case content or the access log (and the functional administrator, who hands
# out roles): granting one is a request a second person approves (`accounts.services`).
CASE_REACHING_ROLES = frozenset(
    {
        RoleCode.COUNSELLOR,
        RoleCode.DEAN,
        RoleCode.CARE_TEAM,
        RoleCode.BOARD,
        RoleCode.CONTACT_OFFICER,
        RoleCode.PRIVACY_OFFICER,
        RoleCode.FUNCTIONAL_ADMIN,
    }
)
# Roles whose reach follows the person's units (triage pools, unit oversight): adding a unit to
# someone who holds one of them widens what they see, so it is approved like a role.
UNIT_SCOPED_ROLES = frozenset({RoleCode.COUNSELLOR, RoleCode.DEAN})
# Who decides a request for such a role: a second functional administrator or the privacy officer.
ROLE_APPROVERS = frozenset({RoleCode.FUNCTIONAL_ADMIN, RoleCode.PRIVACY_OFFICER})

"""Demo incidents: two analysed incidents with a timeline, contributing factors, lessons and
improvement actions (one of them overdue), linked to the demo cases they grew from.

Everything goes through `incidents.services`, acting as the demo dean and care-team member, so
history rows are real. Running it again adds nothing; without the demo accounts it does nothing.
Cases are linked by reference when the demo cases (demo.cases) are there and the dean may see them.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import OrganisationUnit, User
from cases.models import Case
from core.errors import InvalidChange
from incidents import services
from incidents.models import Incident, IncidentKind, Severity


@dataclass(frozen=True)
class DemoIncident:
    title: str
    days_ago: int
    kind: str
    severity: str
    unit: str
    case_where: str  # finds the demo case this incident grew from (demo.cases)
    what_happened: str
    contributing_factors: str
    went_well: str
    lessons_learned: str
    timeline: tuple  # (minutes after 9:00 on the day, what happened)
    actions: tuple  # (owner username, days from today until due, what)


# fmt: off
INCIDENTS = [
    DemoIncident(
        "Agressie bij de bespreking van een praktijktoets", 33, IncidentKind.THREAT,
        Severity.MEDIUM, "FGW-VPK", "Skillslab, lokaal D1.14",
        "Tijdens de groepsbespreking van de praktijktoets in het skillslab reageerde een student "
        "heftig op zijn onvoldoende. Hij sloeg op tafel, schopte een stoel om en riep iets "
        "dreigends. Vier medestudenten waren erbij; twee schrokken zichtbaar. De student liep "
        "daarna weg. Niemand raakte gewond.",
        "- Cijfers van de praktijktoets werden in de groep besproken, niet één op één.\n"
        "- De docent was alleen in het skillslab, ver van de balie.\n"
        "- Er is geen alarmknop of portofoon in het skillslab.\n"
        "- De student had financiële zorgen die de opleiding niet kende.",
        "- De docent bleef rustig, gaf de student ruimte en bracht de medestudenten naar een "
        "andere ruimte.\n"
        "- De melding stond dezelfde dag in Zorgwekkend.\n"
        "- Er was binnen een week een gesprek met de student en nazorg voor de medestudenten.",
        "- Bespreek uitslagen van praktijktoetsen één op één.\n"
        "- Zorg dat docenten in afgelegen lokalen snel hulp kunnen inroepen.\n"
        "- Nazorg voor omstanders hoort standaard bij de afhandeling.",
        (
            (100, "Groepsbespreking van de praktijktoets begint in het skillslab."),
            (106, "Student reageert boos op zijn cijfer, slaat op tafel en schopt een stoel om."),
            (108, "Docent vraagt de medestudenten naar lokaal D1.12 te gaan en blijft op afstand "
                  "in gesprek."),
            (111, "Student verlaat het skillslab."),
            (125, "Docent meldt het incident bij de balie en legt de zorg vast."),
            (240, "Studentbegeleider belt de student en plant een gesprek."),
        ),
        (
            ("careteam", 30, "Uitslagen van praktijktoetsen voortaan één op één bespreken; "
                             "werkwijze vastleggen in de toetsregeling van Verpleegkunde."),
            ("dean", -10, "Portofoon of alarmknop in het skillslab regelen met facilitair."),
        ),
    ),
    DemoIncident(
        "Docente na college opgewacht bij haar auto", 48, IncidentKind.STALKING,
        Severity.HIGH, "FBE-BK", "E-mail, LinkedIn en parkeerplaats",
        "Een docente kreeg al weken ongewenste berichten van een student, ook 's nachts. Na het "
        "avondcollege stond de student bij haar auto op de parkeerplaats en wilde haar spreken. "
        "De docente is teruggelopen naar het gebouw en heeft de beveiliging gebeld.",
        "- De berichten waren al weken gaande voordat er een melding kwam.\n"
        "- De docente wist niet bij wie ze terechtkon.\n"
        "- De parkeerplaats is 's avonds slecht verlicht en er loopt geen beveiliging.",
        "- De docente bracht zichzelf direct in veiligheid en belde de beveiliging.\n"
        "- De beveiliging liep mee en bleef tot ze vertrokken was.\n"
        "- De veiligheidscoördinator hielp de docente de berichten te bewaren.",
        "- Medewerkers moeten weten dat ook grensoverschrijdend gedrag naar henzelf een melding "
        "waard is.\n"
        "- Eén aanspreekpunt voor medewerkers die zich bedreigd voelen.\n"
        "- Aandacht voor de veiligheid van het terrein na de avondcolleges.",
        (
            (720, "Avondcollege eindigt; de docente loopt naar de parkeerplaats."),
            (725, "Student staat bij haar auto en spreekt haar aan."),
            (727, "Docente loopt terug naar het gebouw en belt de beveiliging."),
            (735, "Beveiliging is bij de docente; de student is vertrokken."),
            (1440 + 30, "Docente meldt het incident; de veiligheidscoördinator neemt contact op."),
        ),
        (
            ("dean", 21, "Medewerkers informeren over melden van grensoverschrijdend gedrag "
                         "naar henzelf (nieuwsbrief en teamoverleg)."),
            ("careteam", 45, "Met facilitair afspreken: verlichting en surveillance op de "
                             "parkeerplaats na de avondcolleges."),
        ),
    ),
]
# fmt: on


def seed_incidents(acting_user=None):
    """Load the two demo incidents once; returns how many were added (0 when already there).
    The incidents are recorded by the demo dean (`acting_user` is accepted for the seed_demo
    call, like the other demo loaders, but the history names the people who did the work)."""
    people = {u.username: u for u in User.objects.filter(username__in=("dean", "careteam"))}
    dean = people.get("dean")
    if dean is None or "careteam" not in people:
        return 0
    added = 0
    with transaction.atomic():
        for demo in INCIDENTS:
            if Incident.objects.filter(title=demo.title).exists():
                continue
            _seed_incident(demo, dean, people)
            added += 1
    return added


def _seed_incident(demo, dean, people):
    today = timezone.localdate()
    occurred_on = today - datetime.timedelta(days=demo.days_ago)
    data = {
        "occurred_on": occurred_on,
        "kind": demo.kind,
        "severity": demo.severity,
        "title": demo.title,
        "what_happened": demo.what_happened,
        "contributing_factors": demo.contributing_factors,
        "went_well": demo.went_well,
        "lessons_learned": demo.lessons_learned,
        "unit": OrganisationUnit.objects.filter(code=demo.unit).first(),
    }
    incident = services.record_incident(data=data, acting_user=dean)
    start = timezone.make_aware(datetime.datetime.combine(occurred_on, datetime.time(9, 0)))
    for minutes, description in demo.timeline:
        at = start + datetime.timedelta(minutes=minutes)
        services.add_timeline_entry(incident, at=at, description=description, acting_user=dean)
    _link_demo_case(incident, demo, dean)
    agreed = occurred_on + datetime.timedelta(days=7)
    for username, due_in_days, description in demo.actions:
        services.add_improvement_action(
            incident,
            description=description,
            owner=people[username],
            due_on=today + datetime.timedelta(days=due_in_days),
            acting_user=dean,
            today=agreed,
        )


def _link_demo_case(incident, demo, dean):
    case = (
        Case.objects.filter(signals_where=demo.case_where, reporter__username__startswith="docent")
        .order_by("created_at")
        .first()
    )
    if case is None:
        return
    # When the dean no longer sees that case, the incident stands without the link.
    with contextlib.suppress(InvalidChange):
        services.link_case(incident, reference=case.reference, acting_user=dean)

"""Escalation demo: demo cases moved along the ladder, as the people whose work it is would do it.

Every step goes through the escalation and case services, so the transition rows, history,
frameworks and notifications are real. What the demo shows:

- three cases at the care meeting (one with a "no change" decision of the care meeting);
- two cases at the board: one with a disclosure `board` can approve (and an earlier, too broad
  request that `board2` rejected), one with a disclosure carried out by `contact` and one approved
  by `board2` that `contact` still has to carry out;
- one acute case: 112 called (not yet acknowledged) and an acute disclosure request to the GGZ
  crisis service, undecided;
- a pending escalation request for `dean`, one the dean sent back, a case stepped down by the care
  meeting, one closed and one closed and reopened;
- four cases in support whose review date has passed.

The cases are the demo cases of `demo.cases`, found by unit, handler and the opening words of the
report. The texts are invented.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from accounts.models import User
from cases.models import Case, TimelineEntry
from cases.services import add_timeline_entry
from escalation import disclosures, services
from escalation.models import (
    CareMeetingDecision,
    CloseOutcome,
    DataCategory,
    LegalBasis,
    RungTransition,
)
from network.models import Partner
from overleg import services as meetings
from overleg.models import Meeting

Kind = TimelineEntry.Kind
Decision = CareMeetingDecision.Decision
Data = DataCategory


class Step(NamedTuple):
    """A timeline entry: `days_ago` before today (never before the signal); `by` a username,
    or None for the case's handler."""

    kind: str
    days_ago: int
    summary: str
    outcome: str = ""
    by: str | None = None
    consent_given: bool | None = None


def framework1(own, own_why, others, others_why, environment, environment_why):
    return {
        "own_safety": own,
        "own_safety_motivation": own_why,
        "others_safety": others,
        "others_safety_motivation": others_why,
        "environment_safety": environment,
        "environment_safety_motivation": environment_why,
    }


def framework2(options_why, consent_why, necessary_why):
    """An all-yes weighing framework 2: only that allows a disclosure request."""
    return {
        "other_options_used": True,
        "other_options_motivation": options_why,
        "consent_pursued": True,
        "consent_motivation": consent_why,
        "sharing_necessary": True,
        "sharing_motivation": necessary_why,
    }


class Escalation(NamedTuple):
    """Support → care meeting: the handler's horizontal steps, framework 1 and request; then the
    dean's answer (accepted unless `send_back`; None leaves the request pending)."""

    unit: str
    opening: str
    handler: str
    steps: tuple
    framework1: dict
    reason: str
    dean_reason: str | None
    send_back: bool = False


# fmt: off
# --- Support → care meeting ------------------------------------------------------------------

SUICIDAL_VPK = Escalation(
    "FGW-VPK", "In haar reflectieverslag schrijft", "counsellor",
    steps=(
        Step(Kind.CONVERSATION, 4,
             "Ze heeft de laatste twee afspraken bij de praktijkondersteuner GGZ afgezegd. Ze "
             "slaapt slecht en zegt dat de gedachten aan de dood vaker terugkomen en dat ze "
             "niemand tot last wil zijn. Een plan heeft ze niet.",
             "Ze belt vandaag zelf de huisarts voor een nieuwe afspraak. Afgesproken dat ik haar "
             "vrijdag bel; het nummer van 113 opnieuw meegegeven."),
        Step(Kind.CONSULTATION, 3,
             "Casus besproken met de behandelaar na het gesprek van deze week.",
             "De gedachten aan de dood nemen toe terwijl de hulp stokt. Advies: bespreken in het "
             "zorgoverleg.", by="careteam"),
    ),
    framework1=framework1(
        "high",
        "Terugkerende gedachten aan de dood, vaker sinds ze de afspraken bij de POH-GGZ afzegt. "
        "Geen concreet plan, wel teruggetrokken; haar zus is haar belangrijkste steun.",
        "none", "Geen aanwijzingen voor gevaar voor medestudenten of medewerkers.",
        "none", "Niet van toepassing; haar stage ligt stil, er zijn geen patiënten bij betrokken.",
    ),
    reason="De zorg is niet weggenomen: de gedachten aan de dood komen vaker terug en de "
    "behandeling bij de POH-GGZ is gestokt. In het zorgoverleg wil ik afstemmen wie wat doet, "
    "ook rond het hervatten van haar stage.",
    dean_reason="Akkoord. Geagendeerd voor het zorgoverleg FGW van donderdag.",
)

CANNABIS_WTB = Escalation(
    "ITI-WTB", "De student kwam na de lunch de werkplaats", "counsellor2",
    steps=(
        Step(Kind.NOTE, 6,
             "De werkplaatsbeheerder meldt dat de student ondanks de afspraak opnieuw onder "
             "invloed in de werkplaats kwam. Hij is voor de rest van de dag weggestuurd."),
        Step(Kind.CONVERSATION, 5,
             "Hij is na twee gesprekken bij de jongerenpoli gestopt en blowt weer dagelijks. "
             "Zonder kan hij naar eigen zeggen niet slapen; het gevaar in de werkplaats ziet hij "
             "minder dan eerst.",
             "Hij mag de werkplaats alleen in na een kort gesprek met de werkplaatsbeheerder aan "
             "het begin van de dag. Hij overweegt de behandeling te hervatten."),
        Step(Kind.CONSULTATION, 4,
             "Casus besproken met de teamleider decanaat en de werkplaatsbeheerder.",
             "De afspraken werken niet. Advies: in het zorgoverleg de veiligheid in de werkplaats "
             "en de studievoortgang samen bekijken."),
    ),
    framework1=framework1(
        "moderate",
        "Dagelijks cannabisgebruik, behandeling gestopt, slaapproblemen; zijn studie loopt vast.",
        "moderate",
        "Twee keer onder invloed aan het werk willen gaan aan draaibanken en freesmachines, "
        "waar medestudenten naast hem werken.",
        "low", "Buiten de werkplaats geen risico's voor de omgeving gezien.",
    ),
    reason="Ondanks de afspraken en de verwijzing naar de jongerenpoli komt hij opnieuw onder "
    "invloed naar de werkplaats, en hij is met de behandeling gestopt. Het risico voor hemzelf en "
    "zijn medestudenten blijft. In het zorgoverleg wil ik afspreken welke maatregelen nodig zijn.",
    dean_reason="Akkoord; bespreken in het zorgoverleg ITI, met de werkplaatsbeheerder erbij.",
)

STALKING_ICT = Escalation(
    "ITI-ICT", "Een studente meldde dat de student haar sinds", "counsellor2",
    steps=(
        Step(Kind.NOTE, 3,
             "De studente meldt dat hij zich niet aan de afspraak houdt: hij stuurt berichten via "
             "een nieuw account en stond zondagavond opnieuw bij haar studentenhuis. Ze slaapt nu "
             "bij een vriendin."),
        Step(Kind.CONVERSATION, 2,
             "Hij erkent de berichten, zegt dat hij 'alleen wil weten of het goed met haar gaat' "
             "en vindt dat de school overdrijft.",
             "Opnieuw, en nu ook schriftelijk, gezegd dat elk contact moet stoppen. Een gesprek "
             "met de studentpsycholoog wil hij niet."),
        Step(Kind.CONSULTATION, 2,
             "Overleg met de veiligheidscoördinator en de vertrouwenspersoon van de studente.",
             "De studente voelt zich niet meer veilig. Advies: bespreken in het zorgoverleg."),
    ),
    framework1=framework1(
        "low",
        "Hij is geïsoleerd en gefixeerd op de studente, maar uit geen gedachten aan "
        "zelfbeschadiging.",
        "high",
        "Hij zoekt de studente ondanks duidelijke afspraken steeds weer op, ook bij haar woning. "
        "Zij heeft haar leven er al op aangepast en voelt zich onveilig.",
        "low", "Geen aanwijzingen voor gevaar voor anderen dan de studente.",
    ),
    reason="Hij houdt zich niet aan de afspraak om elk contact te stoppen en komt opnieuw bij "
    "haar woning. De zorg is niet weggenomen. De veiligheid van de studente vraagt om afstemming "
    "in het zorgoverleg, ook over maatregelen binnen de opleiding.",
    dean_reason="Akkoord. De veiligheidscoördinator uitnodigen voor de bespreking.",
)

STIMULANTS_SW = Escalation(
    "FGW-SW", "De student had tijdens het werkcollege grote pupillen", "counsellor",
    steps=(
        Step(Kind.CONVERSATION, 6,
             "Vervolggesprek na de tentamenweek. Hij gebruikt nu ook buiten de tentamens speed en "
             "is vorige week in de trein flauwgevallen. Hij zegt dat hij het onder controle heeft.",
             "Hij wil nog geen hulp; wel belt hij de huisarts over het flauwvallen."),
        Step(Kind.CONSULTATION, 5,
             "Aangesloten bij het vervolggesprek op verzoek van de behandelaar.",
             "Het gebruik neemt toe en hij ziet het probleem niet. Advies: bespreken in het "
             "zorgoverleg.", by="counsellor2"),
    ),
    framework1=framework1(
        "high",
        "Toenemend gebruik van speed, ook buiten de tentamens; vorige week flauwgevallen. Hij "
        "onderschat de lichamelijke risico's.",
        "low", "Geen dreiging naar anderen; wel onrustig en snel geïrriteerd in de lessen.",
        "none", "Geen aanwijzingen.",
    ),
    reason="Het gebruik neemt toe, hij is flauwgevallen en hij wil geen hulp. De zorg is niet "
    "weggenomen. In het zorgoverleg wil ik bespreken hoe we hem naar de verslavingszorg krijgen.",
    dean_reason="Akkoord; geagendeerd voor het zorgoverleg FGW.",
)

SUICIDAL_SW = Escalation(
    "FGW-SW", "Een medestudent liet mij een bericht zien", "counsellor",
    steps=(
        Step(Kind.NOTE, 7,
             "Een medestudent meldt dat de student in de groepsapp opnieuw berichten plaatst over "
             "'er niet meer willen zijn'."),
        Step(Kind.CONVERSATION, 6,
             "Hij is een maand geleden gestopt met zijn behandeling bij de GGZ, omdat die 'toch "
             "niet helpt'. Hij slaapt slecht en heeft het gevoel dat hij iedereen tot last is. "
             "Over een plan wil hij niet praten.",
             "Hij wil niet dat ik contact opneem met zijn behandelaar of zijn moeder. Het nummer "
             "van 113 meegegeven; ik bel hem overmorgen."),
        Step(Kind.CONSULTATION, 5,
             "Casus besproken met de behandelaar.",
             "Hoog risico bij een student die de behandeling heeft gestaakt en geen toestemming "
             "geeft om te delen. Advies: opschalen naar het zorgoverleg.", by="careteam"),
    ),
    framework1=framework1(
        "high",
        "Opnieuw uitingen over niet meer willen leven; in oktober een ernstige crisis; de "
        "behandeling is gestaakt.",
        "none", "Geen aanwijzingen voor gevaar voor anderen.",
        "none", "Niet van toepassing.",
    ),
    reason="Hij uit opnieuw gedachten aan de dood, is gestopt met zijn behandeling en weigert "
    "dat wij zijn behandelaar of familie informeren. De zorg is niet weggenomen. In het "
    "zorgoverleg wil ik bespreken wat nodig is om het risico te verkleinen.",
    dean_reason="Akkoord; met voorrang geagendeerd voor het zorgoverleg FGW.",
)

STALKING_BK = Escalation(
    "FBE-BK", "Een docente van onze opleiding krijgt", "counsellor2",
    steps=(
        Step(Kind.NOTE, 8,
             "De docente meldt dat de student haar opnieuw berichten stuurt, nu vanaf een ander "
             "account, en dat hij zaterdagavond voor haar huis stond. Ze heeft aangifte gedaan."),
        Step(Kind.CONVERSATION, 7,
             "Hij ontkent niet dat hij bij haar huis was en zegt dat hij 'recht heeft op een "
             "gesprek'. Hij wordt boos als ik de afspraken van oktober noem.",
             "Schriftelijk bevestigd dat hij geen contact met de docente zoekt. Verdere gesprekken "
             "over zijn gedrag weigert hij."),
        Step(Kind.CONSULTATION, 6,
             "Casus besproken met de teamleider decanaat en de veiligheidscoördinator.",
             "Het gedrag neemt toe en er loopt een aangifte. Advies: opschalen naar het "
             "zorgoverleg."),
    ),
    framework1=framework1(
        "low", "Geen aanwijzingen voor gevaar voor zichzelf; zijn studie loopt door.",
        "high",
        "Hij zoekt de docente ondanks schriftelijke afspraken op, nu ook bij haar huis. Zij "
        "heeft aangifte gedaan en durft niet meer alleen naar de parkeerplaats.",
        "low", "Geen aanwijzingen voor gevaar voor anderen dan de docente.",
    ),
    reason="Hij houdt zich niet aan de schriftelijke afspraken en zoekt de docente nu thuis op; "
    "zij heeft aangifte gedaan. De zorg is niet weggenomen. In het zorgoverleg wil ik de "
    "veiligheid van de docente en de maatregelen binnen de opleiding bespreken.",
    dean_reason="Akkoord; de veiligheidscoördinator en de leidinggevende van de docente "
    "uitnodigen.",
)

HOMELESS_VPK = Escalation(
    "FGW-VPK", "De student vertelde dat hij geen vaste woonplek", "counsellor",
    steps=(
        Step(Kind.CONVERSATION, 3,
             "Hij slaapt sinds een week in zijn auto; de plek bij vrienden is weggevallen. Hij is "
             "moe en haalt zijn stage-uren niet.",
             "Samen de noodopvang gebeld; er is pas over twee weken plek."),
        Step(Kind.CONSULTATION, 2,
             "Casus besproken met een collega-studentbegeleider.",
             "Zorg over zijn gezondheid en zijn stage; opschaling aanvragen om met meer partijen "
             "naar woonruimte te zoeken."),
    ),
    framework1=framework1(
        "low",
        "Hij is moe en slaapt slecht in zijn auto, maar redt zich; geen psychische klachten.",
        "none", "Geen aanwijzingen.",
        "none", "Geen aanwijzingen.",
    ),
    reason="Zijn woonsituatie is verslechterd: hij slaapt in zijn auto en redt het niet meer op "
    "stage. De zorg is niet weggenomen; ik wil met meer partijen naar een oplossing zoeken.",
    dean_reason="Het afwegingskader laat geen veiligheidsrisico zien; de zorg ligt bij wonen en "
    "inkomen en vraagt niet om het zorgoverleg. Schakel via de studentendecaan het sociaal "
    "wijkteam van de gemeente in en evalueer over twee weken.",
    send_back=True,
)

ALCOHOL_VPK = Escalation(
    "FGW-VPK", "De student rook tijdens de middagles", "counsellor",
    steps=(
        Step(Kind.NOTE, 5,
             "De stagebegeleider meldt dat de student maandag onder invloed op haar stage op de "
             "afdeling kwam. Ze is naar huis gestuurd."),
        Step(Kind.CONVERSATION, 4,
             "Ze geeft toe dat ze vaker drinkt dan ze eerst zei, ook doordeweeks. Ze wil geen "
             "hulp en is bang haar stageplek kwijt te raken.",
             "Informatie over de verslavingszorg opnieuw gegeven. Ze belt zelf de huisarts, maar "
             "wil niet dat ik meekijk."),
        Step(Kind.CONSULTATION, 3,
             "Zonder naam besproken met een collega-studentbegeleider en de stagecoördinator.",
             "Op stage werkt ze met patiënten. Advies: bespreken in het zorgoverleg."),
    ),
    framework1=framework1(
        "moderate",
        "Alcoholgebruik ook doordeweeks, ze bagatelliseert het en wil geen hulp; haar studie en "
        "gezondheid lopen gevaar.",
        "moderate",
        "Onder invloed op stage, waar ze met patiënten werkt; bij medicatie en verpleegkundige "
        "handelingen kan dat gevaar opleveren.",
        "low", "Verder geen risico's voor de omgeving gezien.",
    ),
    reason="Ze komt onder invloed op haar stage, waar ze met patiënten werkt, en wil geen hulp; "
    "de motiverende gesprekken hebben niets veranderd. De zorg is niet weggenomen. Ik vraag "
    "opschaling naar het zorgoverleg om met de stagecoördinator en de opleiding af te spreken wat "
    "nodig is.",
    dean_reason=None,  # pending: `dean` finds it in the inbox
)

# --- At the care meeting ---------------------------------------------------------------------

SUICIDAL_VPK_MEETING = (
    Step(Kind.CONVERSATION, 0,
         "Gesprek over de bespreking in het zorgoverleg; ze vindt het goed dat het overleg "
         "meedenkt. Ze heeft weer een afspraak bij de huisarts.",
         "Ik bel haar wekelijks; na de afspraak bij de huisarts bespreken we de stage."),
)
SUICIDAL_VPK_DECISION = (
    "Besproken in het zorgoverleg FGW. De student is weer in beeld bij de huisarts; de casus "
    "blijft in het zorgoverleg. Afspraken: de behandelaar belt haar wekelijks, de "
    "stagecoördinator hoort alleen dat hervatten nu niet aan de orde is, evaluatie in het "
    "volgende overleg."
)

STIMULANTS_SW_MEETING = (
    Step(Kind.CONVERSATION, 0,
         "Gesprek na de bespreking in het zorgoverleg. Hij is geschrokken van het flauwvallen en "
         "heeft zich met hulp van de huisarts aangemeld bij de verslavingszorg.",
         "Intake volgende week; hij komt wekelijks bij mij langs."),
    Step(Kind.CONSULTATION, 0,
         "Meegedacht over de afspraken na zijn aanmelding bij de verslavingszorg.",
         "Terug naar studentondersteuning met een korte evaluatietermijn is verantwoord.",
         by="counsellor2"),
)
STIMULANTS_SW_DECISION = (
    "Besproken in het zorgoverleg FGW. De student heeft zich aangemeld bij de verslavingszorg en "
    "houdt wekelijks contact met zijn studentbegeleider. Het zorgoverleg schaalt af naar "
    "studentondersteuning; bij terugval of een gemiste intake komt de casus terug in het overleg."
)

SUICIDAL_SW_MEETING = (
    Step(Kind.CONVERSATION, 0,
         "Hij bevestigt dat hij geregeld aan de dood denkt en nog steeds geen behandeling wil. "
         "Hij blijft weigeren dat wij zijn behandelaar informeren.",
         "Dagelijks kort contact afgesproken; hij weet hoe hij 113 bereikt."),
    Step(Kind.CONSULTATION, 0,
         "Besproken in het zorgoverleg FGW, met de studentpsycholoog.",
         "Het zorgoverleg ziet een hoog en toenemend risico en legt de vraag over delen zonder "
         "toestemming voor aan het College van Bestuur.", by="careteam"),
)
SUICIDAL_SW_DECISION = (
    "Besproken in het zorgoverleg FGW. Het risico op suïcide is hoog: opnieuw uitingen over de "
    "dood, eerder een crisis, behandeling gestaakt. De student geeft geen toestemming om zijn "
    "behandelaar te informeren. Het zorgoverleg vraagt het College van Bestuur te besluiten over "
    "het delen van de risico-inschatting met de GGZ-crisisdienst."
)

STALKING_BK_MEETING = (
    Step(Kind.NO_CONVERSATION, 0,
         "Geen nieuw gesprek met de student. Na overleg met de veiligheidscoördinator spreken we "
         "hem niet opnieuw aan zolang de politie de aangifte onderzoekt: een gesprek kan de "
         "situatie voor de docente verergeren.",
         "Opnieuw bekijken zodra de politie de aangifte heeft behandeld."),
    Step(Kind.CONSULTATION, 0,
         "Besproken in het zorgoverleg FBE, met de veiligheidscoördinator.",
         "Advies: informatie delen met de politie en de casus inbrengen bij het Zorg- en "
         "Veiligheidshuis."),
)
STALKING_BK_FRAMEWORK1 = framework1(
    "low", "Geen aanwijzingen voor gevaar voor zichzelf.",
    "high",
    "Ongewijzigd hoog: de maatregelen van de hogeschool houden hem niet tegen en de aangifte "
    "loopt nog. De docente werkt voorlopig vanuit huis.",
    "moderate",
    "Hij zoekt de docente op in haar woonomgeving, waar ook haar gezin is; dat gaat verder dan "
    "de hogeschool.",
)
STALKING_BK_DECISION = (
    "Besproken in het zorgoverleg FBE. De student blijft de docente opzoeken, ook bij haar huis; "
    "zij heeft aangifte gedaan. De maatregelen binnen de hogeschool zijn benut. Het zorgoverleg "
    "vraagt het College van Bestuur te besluiten over het delen van informatie met de politie en "
    "het Zorg- en Veiligheidshuis."
)

# --- At the board --------------------------------------------------------------------------

SUICIDAL_SW_CONSENT = (
    Step(Kind.CONSENT_REQUEST, 0,
         "Opnieuw gevraagd of hij het goed vindt dat wij de GGZ-crisisdienst over onze zorgen "
         "informeren, met uitleg over het doel."),
    Step(Kind.CONSENT_ANSWER, 0,
         "Hij weigert; hij wil niet dat de GGZ weet dat het slechter gaat.", consent_given=False),
)
SUICIDAL_SW_FRAMEWORK2 = framework2(
    "Gesprekken, dagelijks contact, verwijzing naar de huisarts en het nummer van 113. Hij heeft "
    "de behandeling bij de GGZ gestaakt en wil niet terug.",
    "Twee keer om toestemming gevraagd, vorige week in het gesprek en vandaag opnieuw, met uitleg "
    "over het doel. Hij weigert.",
    "Zonder beoordeling door de crisisdienst blijft het risico op suïcide hoog; de hogeschool kan "
    "dat zelf niet verkleinen.",
)
SUICIDAL_SW_DISCLOSURE = {
    "legal_basis": LegalBasis.CONFLICT_OF_DUTIES,
    "purpose": "De crisisdienst beoordeelt of hij nu hulp nodig heeft en neemt contact met hem "
    "op.",
    "student_informed": False,
    "not_informed_reason": "Hij weet dat de hogeschool overweegt de GGZ te informeren. Over het "
    "besluit informeren we hem direct daarna, in het dagelijkse contact, zodat dat contact niet "
    "eerder wegvalt.",
}
TOO_BROAD = [Data.IDENTITY, Data.STUDY, Data.SIGNALS, Data.RISK, Data.HEALTH, Data.ACTIONS]
MINIMAL = [Data.IDENTITY, Data.RISK, Data.ACTIONS]
TOO_BROAD_REJECTED = (
    "Te ruim. De crisisdienst heeft zijn studievoortgang en de letterlijke berichten uit de "
    "groepsapp niet nodig. Beperk de aanvraag tot contactgegevens, de risico-inschatting en de "
    "genomen maatregelen en dien haar opnieuw in."
)

STALKING_BK_CONSENT = (
    Step(Kind.CONSENT_REQUEST, 0,
         "Per brief en telefonisch gevraagd of hij het goed vindt dat wij informatie delen met de "
         "politie en het Zorg- en Veiligheidshuis, met uitleg over het doel."),
    Step(Kind.CONSENT_ANSWER, 0, "Hij geeft geen toestemming.", consent_given=False),
)
STALKING_BK_FRAMEWORK2 = framework2(
    "Gesprekken, schriftelijke afspraken, een andere werkgroep en begeleiding van de docente. Hij "
    "blijft haar opzoeken.",
    "Per brief en telefonisch om toestemming gevraagd, met uitleg over het doel; hij weigert.",
    "De politie kan de aangifte alleen goed beoordelen met de voorgeschiedenis, en het Zorg- en "
    "Veiligheidshuis kan zorg voor de student en veiligheid van de docente samen aanpakken. "
    "Zonder delen blijft het risico voor de docente bestaan.",
)
POLICE_DISCLOSURE = {
    "legal_basis": LegalBasis.CONFLICT_OF_DUTIES,
    "data_categories": [Data.IDENTITY, Data.SIGNALS, Data.ACTIONS],
    "purpose": "De politie betrekt de voorgeschiedenis bij de behandeling van de aangifte van de "
    "docente.",
    "student_informed": True,
}
POLICE_APPROVED = (
    "Akkoord. Noodzakelijk voor de veiligheid van de docente; deel alleen feiten, geen duiding."
)
POLICE_CARRIED_OUT = {
    "channel": "Telefonisch met de wijkagent, daarna bevestigd per beveiligde e-mail",
    "what_was_shared": "Naam en geboortedatum van de student, een feitelijk overzicht van de "
    "meldingen sinds oktober (data, plaatsen, gedrag) en de maatregelen van de hogeschool. Geen "
    "gezondheidsgegevens.",
}
SAFETY_HOUSE_DISCLOSURE = {
    "legal_basis": LegalBasis.CONFLICT_OF_DUTIES,
    "data_categories": [Data.IDENTITY, Data.STUDY, Data.SIGNALS, Data.RISK, Data.ACTIONS],
    "purpose": "Inbreng in het casusoverleg van het Zorg- en Veiligheidshuis, zodat zorg voor de "
    "student en veiligheid van de docente samen worden aangepakt.",
    "student_informed": True,
}
SAFETY_HOUSE_APPROVED = (
    "Akkoord, beperkt tot wat het casusoverleg nodig heeft: de risico-inschatting gaat mee, de "
    "gespreksverslagen niet."
)

# --- Acute ------------------------------------------------------------------------------------

ACUTE_FRAMEWORK2 = framework2(
    "Gesprekken, hulp bij het inschrijven bij een huisarts en laagdrempelig contact. Hij is niet "
    "naar de huisarts gegaan en de verwardheid neemt toe.",
    "Gevraagd of we contact mogen opnemen met zijn huisarts; dat weigerde hij. Nu is hij niet "
    "aanspreekbaar genoeg om het opnieuw te vragen.",
    "Hij is acuut in gevaar; de crisisdienst moet de voorgeschiedenis kennen om snel en goed te "
    "kunnen beoordelen.",
)
ACUTE_REPORT = {
    "own_safety": True,
    "third_parties": False,
    "criminal_offence": False,
    "description": "De student belde zojuist in paniek: hij wordt volgens hem achtervolgd en "
    "'maakt er vandaag een einde aan'. Hij was alleen op zijn kamer en zei dat hij pillen heeft "
    "verzameld. Daarna hing hij op; hij neemt niet meer op.",
    "emergency_called": True,
    "emergency_details": "Direct na het gesprek 112 gebeld. Doorgegeven: naam en adres van de "
    "student en wat hij aan de telefoon zei. Ambulance en politie zijn ter plaatse gegaan.",
}
ACUTE_DISCLOSURE = {
    "data_categories": [Data.IDENTITY, Data.SIGNALS, Data.RISK, Data.HEALTH],
    "purpose": "De crisisdienst beoordeelt vandaag of hij opgenomen moet worden en heeft daarvoor "
    "de voorgeschiedenis nodig: de verwardheid sinds oktober en de hulp die hij weigerde.",
    "student_informed": False,
    "not_informed_reason": "De student is nu niet aanspreekbaar. Hij wordt geïnformeerd zodra "
    "dat verantwoord is.",
}

# --- Closing, reopening, review dates ---------------------------------------------------------

CLOSED_AGGRESSION = (
    Step(Kind.CONVERSATION, 1,
         "Evaluatiegesprek. Ze werkt goed samen in haar nieuwe groep en heeft geen verdere "
         "begeleiding nodig.",
         "Ze meldt zich als de spanningen terugkomen."),
)
CLOSED_AGGRESSION_REASON = (
    "Sinds de bemiddeling geen nieuwe signalen; beide studenten hebben de opdracht in een andere "
    "groep afgerond. Zoals bij de evaluatie afgesproken gesloten."
)
THREAT_CLOSED_REASON = (
    "De docent heeft de excuses aanvaard en sinds het gesprek zijn er geen nieuwe signalen. De "
    "zorg is weggenomen."
)
THREAT_REOPENED_REASON = (
    "De docent meldt dat de student hem gisteren na de les bij zijn auto opwachtte en opnieuw "
    "over zijn woonplaats begon. Heropend om dit met de student te bespreken."
)
THREAT_REOPENED_NOTE = Step(
    Kind.NOTE, 0,
    "Melding van de docent over het voorval bij de parkeerplaats vastgelegd; gesprek met de "
    "student gepland.",
)

# (unit, opening words, handler, days ago, reason): review dates that have passed
OVERDUE = [
    ("FGW-VPK", "De student is sinds drie weken niet in de lessen", "counsellor", 2,
     "Evaluatiedatum overgenomen uit de afspraken in het gesprek met de student."),
    ("ITI-WTB", "Tijdens het practicum zat een student", "counsellor2", 5,
     "Evaluatie vier weken na het gesprek, zoals met de student afgesproken."),
    ("ITI-ICT", "De student vertelde dat zijn verblijfsvergunning", "counsellor2", 10,
     "Evaluatiedatum afgestemd op zijn afspraak bij het Juridisch Loket."),
    ("FBE-BK", "De student vertelde in een coachgesprek", "counsellor2", 4,
     "Evaluatie na de intake bij de schuldhulpverlening."),
]
# fmt: on


def seed_escalation(*, acting_user):
    """Move demo cases along the ladder; running it again adds nothing. Returns the number of
    cases moved or given a review date.

    `acting_user` (the system user loading the demo) only marks that this is demo loading: every
    step itself is taken by the demo person whose work it is, as in real use."""
    if RungTransition.objects.filter(kind=RungTransition.Kind.ESCALATE).exists():
        return 0
    return _Demo().run()


class _Demo:
    def __init__(self):
        self.users = {user.username: user for user in User.objects.filter(is_system=False)}
        self.today = timezone.localdate()
        self.touched = set()

    def run(self):
        self.care_meeting_cases()
        self.board_cases()
        self.acute_case()
        self.other_steps()
        self.overdue_reviews()
        return len(self.touched)

    # --- building blocks ------------------------------------------------------------------

    def case(self, unit, opening, handler):
        case = Case.objects.filter(
            unit__code=unit, handler__username=handler, signals_what__startswith=opening
        ).first()
        if case is None:
            raise LookupError(f"Demo case not found: {unit}, {handler}, {opening!r}")
        self.touched.add(case.pk)
        return case

    def steps(self, case, steps):
        """Record timeline entries; returns them."""
        handler = Case.objects.get(pk=case.pk).handler
        entries = []
        for step in steps:
            occurred_on = max(
                self.today - datetime.timedelta(days=step.days_ago), case.signals_when
            )
            entries.append(
                add_timeline_entry(
                    _fresh(case),
                    kind=step.kind,
                    occurred_on=occurred_on,
                    summary=step.summary,
                    outcome=step.outcome,
                    consent_given=step.consent_given,
                    acting_user=self.users[step.by] if step.by else handler,
                )
            )
        return entries

    def escalate(self, story):
        """The handler's steps, framework 1 and request; the dean accepts or sends back."""
        case = self.case(story.unit, story.opening, story.handler)
        handler = self.users[story.handler]
        self.steps(case, story.steps)
        services.sign_framework1(_fresh(case), answers=story.framework1, acting_user=handler)
        request = services.request_escalation(
            _fresh(case), reason=story.reason, acting_user=handler
        )
        if story.dean_reason is not None:
            review = (
                services.send_back_escalation if story.send_back else services.accept_escalation
            )
            review(request, reason=story.dean_reason, acting_user=self.users["dean"])
        return _fresh(case)

    def decide(self, case, decision, summary, *, by="dean", meeting="Zorgoverleg"):
        """The care meeting decides, the only way it can: an ad-hoc meeting about the case, held
        yesterday, whose minutes record the decision; the ladder takes the step."""
        dean, minute_taker = self.users["dean"], self.users[by]
        held = meetings.plan_meeting(
            acting_user=dean,
            invited_roles=[],
            invited_people=[],
            kind=Meeting.Kind.AD_HOC,
            title=f"{meeting}, ad hoc",
            starts_at=timezone.now() - datetime.timedelta(days=1),
            duration_minutes=45,
            location="Vergaderruimte decanaat",
            online_link="",
            unit=None,
            case=_fresh(case),
            chair=dean,
            minute_taker=minute_taker,
        )
        held = meetings.publish_agenda(held, acting_user=dean)
        for person in {dean, minute_taker}:
            meetings.confirm_confidentiality(held, acting_user=person)
        held = meetings.mark_held(held, acting_user=dean)
        meetings.record_item_minutes(
            held.items.get(case=case), summary=summary, decision=decision, acting_user=minute_taker
        )
        return _fresh(case)

    def partner(self, partner_type):
        partner = Partner.objects.filter(partner_type=partner_type, is_active=True).first()
        if partner is None:
            raise LookupError(f"No partner of type {partner_type} in the partner register")
        return partner

    def prepare(self, case, details, *, framework2, by, recipient):
        return disclosures.prepare_disclosure(
            _fresh(case),
            details={"recipient": recipient, **details},
            framework2=framework2,
            acting_user=self.users[by],
            submit=True,
        )

    # --- the stories --------------------------------------------------------------------------

    def care_meeting_cases(self):
        """Three cases stay at the care meeting; one was stepped down again by the meeting."""
        case = self.escalate(SUICIDAL_VPK)
        self.steps(case, SUICIDAL_VPK_MEETING)
        self.decide(
            case,
            Decision.NO_CHANGE,
            SUICIDAL_VPK_DECISION,
            by="careteam",
            meeting="Zorgoverleg FGW",
        )
        self.escalate(CANNABIS_WTB)
        self.escalate(STALKING_ICT)
        case = self.escalate(STIMULANTS_SW)
        self.steps(case, STIMULANTS_SW_MEETING)
        self.decide(case, Decision.STEP_DOWN, STIMULANTS_SW_DECISION, meeting="Zorgoverleg FGW")

    def board_cases(self):
        """Two cases the care meeting took to the board, each with disclosures."""
        crisis_service = self.partner(Partner.Type.GGZ_CRISIS)
        # `counsellor` handles it: `board` (neither requester nor handler) can approve.
        case = self.escalate(SUICIDAL_SW)
        self.steps(case, SUICIDAL_SW_MEETING)
        case = self.decide(
            case, Decision.ESCALATE_TO_BOARD, SUICIDAL_SW_DECISION, meeting="Zorgoverleg FGW"
        )
        consent = self.steps(case, SUICIDAL_SW_CONSENT)
        form = services.sign_framework2(
            _fresh(case),
            answers=SUICIDAL_SW_FRAMEWORK2,
            consent_entries=consent,
            acting_user=self.users["counsellor"],
        )
        too_broad = self.prepare(
            case,
            {**SUICIDAL_SW_DISCLOSURE, "data_categories": TOO_BROAD},
            framework2=form,
            by="counsellor",
            recipient=crisis_service,
        )
        disclosures.reject_disclosure(
            too_broad, reason=TOO_BROAD_REJECTED, acting_user=self.users["board2"]
        )
        self.prepare(
            case,
            {**SUICIDAL_SW_DISCLOSURE, "data_categories": MINIMAL},
            framework2=form,
            by="counsellor",
            recipient=crisis_service,
        )

        # `counsellor2` handles it: one disclosure carried out, one waiting for `contact`.
        case = self.escalate(STALKING_BK)
        counsellor2 = self.users["counsellor2"]
        self.steps(case, STALKING_BK_MEETING)
        services.sign_framework1(
            _fresh(case), answers=STALKING_BK_FRAMEWORK1, acting_user=counsellor2
        )
        case = self.decide(
            case, Decision.ESCALATE_TO_BOARD, STALKING_BK_DECISION, meeting="Zorgoverleg FBE"
        )
        consent = self.steps(case, STALKING_BK_CONSENT)
        form = services.sign_framework2(
            _fresh(case),
            answers=STALKING_BK_FRAMEWORK2,
            consent_entries=consent,
            acting_user=counsellor2,
        )
        police = self.prepare(
            case,
            POLICE_DISCLOSURE,
            framework2=form,
            by="counsellor2",
            recipient=self.partner(Partner.Type.POLICE),
        )
        disclosures.approve_disclosure(
            police, reason=POLICE_APPROVED, acting_user=self.users["board"]
        )
        disclosures.record_carried_out(
            police,
            carried_out_on=self.today,
            acting_user=self.users["contact"],
            **POLICE_CARRIED_OUT,
        )
        safety_house = self.prepare(
            case,
            SAFETY_HOUSE_DISCLOSURE,
            framework2=form,
            by="counsellor2",
            recipient=self.partner(Partner.Type.ZORG_EN_VEILIGHEIDSHUIS),
        )
        disclosures.approve_disclosure(
            safety_house, reason=SAFETY_HOUSE_APPROVED, acting_user=self.users["board2"]
        )

    def acute_case(self):
        """From student support straight to the board: 112 called, acute request undecided."""
        case = self.case("ITI-ICT", "In de pauze vertelde de student mij uitgebreid", "counsellor2")
        counsellor2 = self.users["counsellor2"]
        consent = list(
            case.timeline.filter(kind__in=[Kind.CONSENT_REQUEST, Kind.CONSENT_ANSWER]).order_by(
                "occurred_on", "id"
            )
        )
        form = services.sign_framework2(
            _fresh(case), answers=ACUTE_FRAMEWORK2, consent_entries=consent, acting_user=counsellor2
        )
        services.report_acute_risk(
            _fresh(case),
            answers=ACUTE_REPORT,
            acting_user=counsellor2,
            disclosure={
                "recipient": self.partner(Partner.Type.GGZ_CRISIS),
                "framework2": form,
                **ACUTE_DISCLOSURE,
            },
        )

    def other_steps(self):
        """A pending request for the dean, one sent back, a closed and a reopened case."""
        self.escalate(ALCOHOL_VPK)
        self.escalate(HOMELESS_VPK)

        case = self.case(
            "FGW-SW", "Tijdens een groepsopdracht kreeg de student ruzie", "counsellor"
        )
        self.steps(case, CLOSED_AGGRESSION)
        services.close_case(
            _fresh(case),
            outcome=CloseOutcome.NO_FURTHER_ACTION,
            reason=CLOSED_AGGRESSION_REASON,
            acting_user=self.users["counsellor"],
        )

        case = self.case("ITI-WTB", "Na het horen van zijn onvoldoende", "counsellor2")
        services.close_case(
            _fresh(case),
            outcome=CloseOutcome.TAKEN_AWAY,
            reason=THREAT_CLOSED_REASON,
            acting_user=self.users["counsellor2"],
        )
        services.reopen_case(
            _fresh(case), reason=THREAT_REOPENED_REASON, acting_user=self.users["dean"]
        )
        self.steps(case, [THREAT_REOPENED_NOTE])

    def overdue_reviews(self):
        """Review dates that have passed: the dean enters the dates agreed with the students."""
        for unit, opening, handler, days_ago, reason in OVERDUE:
            case = self.case(unit, opening, handler)
            on = max(self.today - datetime.timedelta(days=days_ago), case.signals_when)
            services.plan_review(case, on=on, reason=reason, acting_user=self.users["dean"])


def _fresh(case):
    """The case as stored now (a protected rung cannot be refreshed in place)."""
    return Case.objects.get(pk=case.pk)

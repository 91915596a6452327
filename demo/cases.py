"""Demo cases for the local demo: students, teachers who report, and cases in triage and in support.

Everything goes through the case services, so history rows, permissions and references are real.
The texts are invented; the names are random combinations of common Dutch names.
"""

import datetime
import random
from dataclasses import dataclass
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import OrganisationUnit, User
from accounts.roles import RoleCode
from accounts.services import set_user_roles, set_user_units
from cases.categories import ensure_default_categories
from cases.models import Case, ConcernCategory, Student, TimelineEntry, Urgency
from cases.services import (
    add_attachment,
    add_timeline_entry,
    change_team,
    link_student,
    report_concern,
)
from core.history import save_with_history
from demo.people import DEMO_PASSWORD, REASON
from escalation.services import assign_handler, take_case

Kind = TimelineEntry.Kind
NORMAL, SOON, URGENT = Urgency.NORMAL, Urgency.SOON, Urgency.URGENT
TAKE, ASSIGN = "take", "assign"  # who starts handling: the counsellor, or the dean assigns

# Which demo counsellor handles the cases of a faculty (see demo.people.ACCOUNTS).
HANDLERS = {"FGW": "counsellor", "ITI": "counsellor2", "FBE": "counsellor2"}

TEACHERS = [
    # (username, first name, last name, unit code) — plain reporters, one per programme
    ("docent1", "Marloes", "Kuijpers", "FGW-VPK"),
    ("docent2", "Ingrid", "van Rijn", "FGW-SW"),
    ("docent3", "Mark", "Verbeek", "ITI-ICT"),
    ("docent4", "Gerard", "Hofman", "ITI-WTB"),
    ("docent5", "Esther", "Claassen", "FBE-BK"),
]
PROGRAMMES = ["FGW-VPK", "FGW-SW", "ITI-ICT", "ITI-WTB", "FBE-BK"]
# fmt: off
MALE_NAMES = [
    "Daan", "Sem", "Lucas", "Milan", "Levi", "Luuk", "Thijs", "Jesse", "Ruben", "Mohammed",
    "Yassin", "Emre", "Kerem", "Stijn", "Jayden", "Thomas", "Niels", "Tim", "Joris", "Rayan",
    "Gijs", "Mats", "Dylan", "Pieter", "Wessel", "Hamza", "Rik", "Olivier", "Jurre", "Tygo",
]
FEMALE_NAMES = [
    "Emma", "Julia", "Sophie", "Lotte", "Fleur", "Sanne", "Lisa", "Eva", "Zoë", "Noa", "Fenna",
    "Isa", "Amira", "Yasmina", "Elif", "Naomi", "Demi", "Iris", "Femke", "Lieke", "Romy", "Esmee",
    "Maud", "Nina", "Saar", "Jasmijn", "Sara", "Ilse", "Merel", "Chantal",
]
LAST_NAMES = [
    "Peters", "Hendriks", "Kok", "Vermeulen", "Brouwer", "Dijkstra", "Koster", "Prins", "Huisman",
    "Postma", "Schouten", "Evers", "Vos", "Scholten", "Jacobs", "Verhoeven", "Kramer", "Sanders",
    "Bosman", "Maas", "Wouters", "Bulut", "Yilmaz", "Bouzid", "Kaya", "Öztürk", "Nguyen", "Pinas",
    "Biharie", "Ramdin", "Goedhart", "Timmermans", "Molenaar", "Zwart", "Lammers", "Kroon",
    "Gerritsen", "Wolters", "Bosch", "Boersma", "Sedney", "Haddou", "Aydın", "Tran", "Koç",
    "Mertens", "Smeets", "de Groot", "van den Berg", "van der Linden", "de Wit", "van Wijk",
    "de Haan", "van Vliet", "van Beek", "van Dam", "van der Meer", "El Idrissi", "de Graaf",
    "van Dongen",
]
# fmt: on
STUDENTS_PER_GENDER = 6  # per programme: 12 students each, 60 in all


class Entry(NamedTuple):
    """One timeline entry, `day` days after the signal; by_member: written by the extra member."""

    kind: str
    day: int
    summary: str
    outcome: str = ""
    consent_given: bool | None = None
    by_member: bool = False


def talk(day, summary, outcome, **kw):
    return Entry(Kind.CONVERSATION, day, summary, outcome, **kw)


def consult(day, summary, outcome, **kw):
    return Entry(Kind.CONSULTATION, day, summary, outcome, **kw)


def note(day, summary, outcome=""):
    return Entry(Kind.NOTE, day, summary, outcome)


def service(day, summary, outcome):
    return Entry(Kind.INTERNAL_SERVICE, day, summary, outcome)


def referral(day, summary, outcome):
    return Entry(Kind.REFERRAL, day, summary, outcome)


def ask(day, summary):
    return Entry(Kind.CONSENT_REQUEST, day, summary)


def answer(day, summary, given):
    return Entry(Kind.CONSENT_ANSWER, day, summary, consent_given=given)


@dataclass(frozen=True)
class Scenario:
    """One demo case: the report as a teacher files it, and how far a counsellor has got."""

    unit: str
    reporter: str
    days_ago: int
    categories: tuple
    urgency: str
    where: str
    what: str
    discussed: bool = False
    consulted: bool = False
    gender: str = "m"  # of the student ("m"/"v"); for a later link when the report is anonymous
    description: str = ""  # set: reported without a student
    link_later: bool = False
    handling: str | None = None  # None: still untaken in triage
    member: str | None = None
    entries: tuple = ()
    attachment: tuple | None = None  # (file name, description)


# fmt: off
SCENARIOS = [
    # --- FGW-VPK (Verpleegkunde) -----------------------------------------------------------
    Scenario(
        "FGW-VPK", "reporter", 2, ("psychische-nood",), SOON, "Skillslab verpleegkunde, D1.12",
        "Tijdens de vaardigheidstraining begon de student te huilen toen ik vroeg hoe haar stage "
        "gaat. Ze vertelde dat ze al weken slecht slaapt en stage, bijbaan en studie niet meer "
        "rond krijgt. Ze wilde er verder niet over praten en ging na de les direct weg.",
        discussed=True, gender="v",
    ),
    Scenario(
        "FGW-VPK", "reporter", 24, ("psychische-nood", "middelengebruik"), NORMAL,
        "Theorielessen jaar 2, lokaal D2.05",
        "De student is de afgelopen vier weken vijf keer te laat gekomen en heeft twee toetsen "
        "gemist. In de les valt hij bijna in slaap. Een medestudent vertelde dat hij 's avonds "
        "veel blowt. Op mijn vraag hoe het gaat, zei hij dat er niets aan de hand is.",
        discussed=True, consulted=True, handling=TAKE,
        entries=(
            talk(5, "Gesprek met student op uitnodiging. Sinds hij op kamers woont slaapt hij "
                 "slecht en blowt hij 's avonds om tot rust te komen. Hij ziet zelf dat het zijn "
                 "studie raakt.",
                 "Hij houdt twee weken een slaapdagboek bij. Informatie over de "
                 "studentpsycholoog meegegeven."),
            consult(7, "Casus besproken met een collega-studentbegeleider van FGW.",
                    "Eerst het vervolggesprek afwachten; bij geen verbetering verwijzing naar de "
                    "huisarts bespreken."),
            talk(19, "Vervolggesprek. Hij blowt minder maar slaapt nog steeds slecht. De gemiste "
                 "toetsen haalt hij in tijdens de herkansingen.",
                 "Student maakt zelf een afspraak bij de huisarts. Volgend gesprek na de "
                 "herkansingen."),
        ),
        attachment=("gespreksverslag.txt", "Verslag van het vervolggesprek"),
    ),
    Scenario(
        "FGW-VPK", "docent1", 1, ("verward-gedrag",), URGENT, "Gang begane grond gebouw D",
        "Een studente liep in de pauze door de gang en praatte hardop tegen zichzelf. Toen ik "
        "haar aansprak, gaf ze geen antwoord op mijn vragen en leek ze niet te weten waar ze "
        "was. Na een paar minuten liep ze naar buiten. Volgens medestudenten zit ze in VP1C.",
        consulted=True, gender="v",
        description="studente jaar 1, groep VP1C, lang blond haar, naam onbekend",
    ),
    Scenario(
        "FGW-VPK", "docent1", 45, ("suicidale-uitingen", "psychische-nood"), URGENT,
        "Reflectieverslag stage (ingeleverd in de leeromgeving)",
        "In haar reflectieverslag schrijft de student dat ze 'soms denkt dat iedereen beter af "
        "is zonder haar'. Ze beschrijft ook dat ze sinds een incident op de afdeling niet meer "
        "naar haar stage durft. Ik heb haar direct na het lezen gebeld; ze nam niet op.",
        consulted=True, gender="v", handling=TAKE, member="careteam",
        entries=(
            talk(1, "Student dezelfde dag gesproken. Ze is somber en denkt bij vlagen aan de "
                 "dood, maar heeft geen concrete plannen. Ze heeft een goede band met haar zus.",
                 "Samen met haar de huisarts gebeld; ze kan vandaag terecht. Nummer van 113 "
                 "meegegeven."),
            referral(2, "De huisarts heeft de student verwezen naar de praktijkondersteuner GGZ.",
                     "Eerste afspraak over een week."),
            consult(3, "Meegelezen op verzoek van de behandelaar.",
                    "Advies: stage tijdelijk stoppen in overleg met de stagecoördinator en "
                    "wekelijks contact houden.", by_member=True),
            note(10, "Stage op verzoek van de student tijdelijk stopgezet; de stagecoördinator "
                 "weet alleen dát het om persoonlijke omstandigheden gaat."),
        ),
    ),
    Scenario(
        "FGW-VPK", "docent1", 33, ("agressie",), SOON, "Skillslab, lokaal D1.14",
        "Bij het bespreken van zijn cijfer voor de praktijktoets werd de student boos. Hij sloeg "
        "met zijn vuist op tafel, schopte een stoel om en riep dat hij 'dit niet zou laten "
        "gebeuren'. Er waren vier medestudenten bij, twee schrokken zichtbaar. Hij liep weg.",
        consulted=True, handling=ASSIGN,
        entries=(
            talk(3, "Gesprek met student. Hij schaamt zich voor zijn reactie. Bij een onvoldoende "
                 "loopt hij studievertraging op en thuis is er ruzie over geld.",
                 "Hij biedt zelf excuses aan bij de docent en maakt een afspraak voor "
                 "budgetadvies."),
            service(8, "Contact met het studentensteunpunt over de financiële vragen.",
                    "Afspraak voor budgetadvies staat."),
            consult(9, "Casus besproken met de teamleider decanaat.",
                    "Geen aanwijzing voor dreiging naar medestudenten; vervolg binnen "
                    "studentondersteuning."),
        ),
    ),
    Scenario(
        "FGW-VPK", "docent1", 12, ("psychische-nood",), NORMAL, "Projectonderwijs jaar 3",
        "De student is sinds drie weken niet in de lessen geweest en reageert niet op berichten "
        "van haar projectgroep. Daarvoor was ze stil en zat ze in de pauzes alleen. Haar "
        "groepsgenoten maken zich zorgen en vroegen mij wat ze moeten doen.",
        gender="v", handling=TAKE,
        entries=(
            note(1, "Student per e-mail en telefonisch uitgenodigd voor een gesprek.",
                 "Nog geen reactie."),
            talk(6, "Ze kwam op de tweede uitnodiging. Er is iemand in haar familie overleden en "
                 "sindsdien heeft ze weinig energie. Ze durfde niet te melden dat ze achterliep.",
                 "Samen een plan gemaakt om stap voor stap terug te komen; de studieadviseur "
                 "kijkt naar haar planning."),
            ask(6, "Gevraagd of ik haar projectgroep mag laten weten dat ze door persoonlijke "
                "omstandigheden afwezig was."),
            answer(7, "Ze vertelt het de groep liever zelf.", False),
        ),
    ),
    Scenario(
        "FGW-VPK", "docent1", 52, ("stalking",), SOON, "Fietsenstalling gebouw D, berichten",
        "Een studente vertelde na de les dat de student haar sinds het einde van hun relatie "
        "dagelijks berichten stuurt, ook nu ze gevraagd heeft daarmee te stoppen. Hij wacht haar "
        "soms op bij de fietsenstalling. Ze komt daarom later naar school.",
        consulted=True, handling=TAKE,
        entries=(
            note(2, "Gesproken met de studente die de berichten krijgt. Ze wil nu geen aangifte "
                 "doen, wel dat de school met hem praat."),
            talk(5, "Gesprek met student. Hij erkent de berichten en zegt dat hij 'alleen wil "
                 "praten'. Uitgelegd dat zij geen contact wil en wat er gebeurt als hij doorgaat.",
                 "Hij zoekt geen contact meer. Over drie weken navragen bij de studente."),
            service(6, "Overleg met de veiligheidscoördinator.",
                    "Voorlopig geen externe stappen; bij nieuwe signalen opnieuw overleggen."),
            note(27, "Navraag bij de studente: sinds het gesprek geen berichten meer."),
        ),
    ),
    Scenario(
        "FGW-VPK", "docent1", 40, ("overig",), NORMAL, "Na afloop van het werkcollege",
        "De student vertelde dat hij geen vaste woonplek meer heeft en sinds twee weken bij "
        "vrienden op de bank slaapt. Hij heeft zijn stagekleding niet altijd bij zich en ziet er "
        "moe uit. Hij vroeg of de school kan helpen.",
        discussed=True, handling=TAKE,
        entries=(
            talk(2, "Na een conflict thuis moest hij weg. Hij werkt 's avonds en houdt de studie "
                 "tot nu toe bij.",
                 "Informatie over noodopvang en het jongerenloket van de gemeente gegeven; hij "
                 "neemt zelf contact op."),
            service(9, "Contact met de studentendecaan over het profileringsfonds.",
                    "Hij komt in aanmerking voor een tijdelijke tegemoetkoming; aanvraag loopt."),
        ),
        attachment=("aanvraag-profileringsfonds.pdf", "Bevestiging aanvraag profileringsfonds"),
    ),
    Scenario(
        "FGW-VPK", "docent1", 18, ("middelengebruik",), SOON, "Middagles na excursie, D2.01",
        "De student rook tijdens de middagles naar alcohol. Ze was onrustig, praatte hard en "
        "lachte om dingen die niet grappig waren. Volgens een medestudent gebeurt dit vaker op "
        "maandag. Ik heb haar uit de les gestuurd en gezegd dat ik haar wil spreken.",
        discussed=True, gender="v", handling=TAKE,
        entries=(
            talk(4, "Ze ontkent dat ze vaker drinkt voor de les; het weekend 'liep uit de hand'. "
                 "Ze wil geen hulp.",
                 "Uitgelegd waarom de school zich zorgen maakt en wat de regels op stage zijn. "
                 "Vervolggesprek gepland."),
            consult(5, "Casus besproken met een collega-studentbegeleider.",
                    "Motiverend gesprek voortzetten; informatie over verslavingszorg klaarleggen, "
                    "nog niet verwijzen."),
        ),
    ),
    # --- FGW-SW (Social Work) --------------------------------------------------------------
    Scenario(
        "FGW-SW", "docent2", 3, ("radicalisering",), SOON, "Werkgroep jaar 2, E3.02 en groepsapp",
        "In de werkgroep over diversiteit zei de student dat 'geweld soms de enige taal is die de "
        "overheid begrijpt'. In de groepsapp deelde hij een filmpje van een extremistisch kanaal. "
        "Medestudenten reageerden geschrokken. Verder was hij rustig en deed hij mee.",
        consulted=True,
    ),
    Scenario(
        "FGW-SW", "docent2", 0, ("psychische-nood",), NORMAL, "SLB-gesprek, kamer E2.10",
        "De student heeft voor het derde blok op rij geen opdrachten ingeleverd. In het "
        "SLB-gesprek vertelde ze dat ze 'er niet meer bij kan komen' en veel huilt. Ze zorgt "
        "voor haar moeder en slaapt daardoor weinig.",
        discussed=True, gender="v",
    ),
    Scenario(
        "FGW-SW", "docent2", 9, ("dreiging",), URGENT, "Ingang gebouw E",
        "Bij de ingang hoorde ik een student tegen een andere student zeggen: 'Als je dat nog "
        "een keer zegt, weet je wat er gebeurt.' Hij liet daarbij een mes zien dat aan zijn "
        "sleutelbos hing. Toen ik erbij kwam, liep hij weg. Ik ken zijn naam niet.",
        consulted=True, handling=TAKE, member="careteam",
        description="student jaar 1 Social Work, ochtendgroep, kort donker haar, naam onbekend",
        entries=(
            service(0, "Melding gedeeld met de beveiliging van gebouw E.",
                    "Beveiliging let op bij de ingang; de student is niet meer gezien."),
            note(2, "Docenten van de ochtendgroepen jaar 1 gevraagd of ze de beschrijving "
                 "herkennen.",
                 "Twee mogelijke studenten; pas koppelen als het zeker is."),
        ),
    ),
    Scenario(
        "FGW-SW", "docent2", 38, ("psychische-nood", "overig"), NORMAL, "Stagebegeleiding jaar 3",
        "De student komt sinds enkele weken onverzorgd naar school en draagt elke dag dezelfde "
        "kleding. Hij lijkt afgevallen. In een gesprek over zijn stage zei hij dat hij 'gewoon "
        "even geen zin heeft in mensen'.",
        handling=TAKE,
        entries=(
            talk(4, "Hij eet sinds een half jaar weinig en slaapt slecht. Zijn huisgenoten zijn "
                 "verhuisd en hij voelt zich eenzaam.",
                 "Hij wil praten met de studentpsycholoog; aanmelding samen gedaan."),
            service(11, "Afstemming met de studentpsycholoog over de aanmelding.",
                    "Intake gepland; de studentpsycholoog neemt contact op met de student."),
            talk(30, "Vervolggesprek. Na twee gesprekken bij de studentpsycholoog zit hij beter "
                 "in zijn vel. Hij is lid geworden van een studentensportvereniging.",
                 "Volgende evaluatie over zes weken; hij weet me te vinden."),
        ),
        attachment=("gespreksverslag.txt", "Verslag van het vervolggesprek"),
    ),
    Scenario(
        "FGW-SW", "docent2", 27, ("agressie",), SOON, "Projectruimte E1.07",
        "Tijdens een groepsopdracht kreeg de student ruzie met een groepsgenoot. Ze klapte haar "
        "laptop dicht, schreeuwde en duwde de groepsgenoot tegen de muur. Ik heb ze uit elkaar "
        "gehaald. Niemand is gewond; de groepsgenoot wil niet meer met haar samenwerken.",
        discussed=True, consulted=True, gender="v", handling=ASSIGN,
        entries=(
            talk(3, "Ze voelt zich al langer buitengesloten in de groep en zegt dat het "
                 "'ontplofte'. Ze heeft spijt.",
                 "Bemiddelingsgesprek met de groepsgenoot voorgesteld; ze stemt in."),
            note(10, "Bemiddelingsgesprek onder leiding van de docent gehouden. Beide studenten "
                 "maken de opdracht af in een andere groep."),
            consult(12, "Casus besproken met een collega-studentbegeleider.",
                    "Geen verdere risico's gezien; afsluiten bij de volgende evaluatie als er "
                    "geen nieuwe signalen zijn."),
        ),
    ),
    Scenario(
        "FGW-SW", "docent2", 58, ("suicidale-uitingen",), URGENT, "Groepsapp jaar 4",
        "Een medestudent liet mij een bericht zien dat de student gisteravond in de groepsapp "
        "zette: 'Ik ben er klaar mee, dit was de laatste keer.' Hij was vandaag niet op school. "
        "Ik heb hem gebeld maar kreeg geen gehoor.",
        consulted=True, handling=TAKE, member="careteam",
        entries=(
            note(0, "Student drie keer gebeld zonder gehoor. Na overleg met de teamleider "
                 "decanaat de contactpersoon uit het studentdossier gebeld.",
                 "Zijn moeder heeft hem thuis gevonden; hij is veilig en zij blijft bij hem."),
            talk(1, "Gesprek met student en zijn moeder. Na het stoppen van zijn stage zag hij "
                 "geen uitweg meer. Hij is eerder bij de GGZ in behandeling geweest.",
                 "Hij belt vandaag zijn oude behandelaar; zijn moeder helpt daarbij."),
            referral(2, "Via de huisarts is hij terug in behandeling bij de GGZ.",
                     "Wekelijks kort contact afgesproken; stage wordt in overleg uitgesteld."),
            consult(4, "Casus besproken met de behandelaar.",
                    "Zolang de behandeling loopt geen aanleiding voor meer; wel een korte "
                    "evaluatietermijn.", by_member=True),
        ),
    ),
    Scenario(
        "FGW-SW", "docent2", 21, ("middelengebruik", "verward-gedrag"), SOON,
        "Werkcollege, lokaal E2.04",
        "De student had tijdens het werkcollege grote pupillen, praatte snel en onsamenhangend "
        "en liep een paar keer het lokaal uit. Tegen een medestudent zei hij dat hij 'al drie "
        "nachten niet geslapen' had. Na de les zei hij tegen mij dat het goed ging.",
        discussed=True, handling=TAKE, member="counsellor2",
        entries=(
            talk(2, "Hij gebruikt rond tentamens speed om door te kunnen werken en ziet dat niet "
                 "als probleem.",
                 "Informatie gegeven over de risico's en anonieme hulp bij de verslavingszorg. "
                 "Vervolggesprek na de tentamenweek."),
            consult(3, "Overleg met een collega-studentbegeleider van ITI met ervaring met "
                    "middelengebruik bij studenten.",
                    "Collega sluit aan bij het vervolggesprek."),
        ),
    ),
    Scenario(
        "FGW-SW", "docent2", 15, ("psychische-nood", "overig"), NORMAL, "Na de intervisieles",
        "De student vertelde dat ze op haar stage bij een jongerenwerkorganisatie is bedreigd "
        "door een jongere en er sindsdien niet meer heen durft. Ze voelt zich niet gesteund door "
        "haar praktijkbegeleider en twijfelt of ze met de opleiding wil stoppen.",
        discussed=True, gender="v", handling=TAKE,
        entries=(
            talk(2, "Gesprek over het incident op de stage en haar twijfels over de opleiding.",
                 "Ze wil de stage afmaken op een andere plek."),
            ask(2, "Gevraagd of ik de stagecoördinator mag vertellen over het incident."),
            answer(3, "Ze geeft toestemming om de stagecoördinator te informeren.", True),
            service(7, "Overleg met de stagecoördinator.",
                    "Nieuwe stageplek vanaf het volgende blok; de stageorganisatie is op de "
                    "hoogte van het incident."),
        ),
        attachment=("afspraken-stagewissel.pdf", "Afspraken over de stagewissel"),
    ),
    # --- ITI-ICT (HBO-ICT) -----------------------------------------------------------------
    Scenario(
        "ITI-ICT", "docent3", 1, ("dreiging",), URGENT, "Forum leeromgeving en kantine gebouw T",
        "In het forum van het vak Netwerken zette een account met een schuilnaam dat hij 'de "
        "hele klas 2B zal laten boeten' na de herkansing. Ik kan niet zien wie dat is. Volgens "
        "een student uit 2B zei een jongen uit die klas vorige week iets vergelijkbaars.",
        consulted=True, description="jongen uit klas 2B, donker haar, naam onbekend",
    ),
    Scenario(
        "ITI-ICT", "docent3", 4, ("psychische-nood",), NORMAL, "Projectlokaal T2.11",
        "De student zit in de lessen met zijn capuchon op en zegt niets meer, ook niet in zijn "
        "projectgroep. Volgens zijn groepsgenoten is hij 's nachts online en slaapt hij overdag. "
        "Hij heeft de laatste twee sprintreviews gemist.",
    ),
    Scenario(
        "ITI-ICT", "docent3", 35, ("verward-gedrag",), SOON, "Gang tweede verdieping gebouw T",
        "In de pauze vertelde de student mij uitgebreid dat zijn laptop 'wordt afgeluisterd door "
        "de opleiding' en dat docenten zijn code stelen. Hij was gespannen en keek steeds om "
        "zich heen. Hij vroeg of hij zijn tentamen op papier mag maken.",
        discussed=True, consulted=True, handling=TAKE, member="careteam",
        entries=(
            talk(3, "Hij is achterdochtig en slaapt weinig. Hij heeft geen huisarts in deze stad.",
                 "Hij gaat naar een huisarts; samen de inschrijving bij een praktijk geregeld."),
            consult(4, "Meegedacht over de aanpak.",
                    "Laagdrempelig contact houden; bij verergering via de huisarts de "
                    "crisisdienst inschakelen.", by_member=True),
            ask(8, "Gevraagd of ik contact mag opnemen met zijn huisarts om onze zorgen toe te "
                "lichten."),
            answer(9, "Hij wil zelf met de huisarts praten.", False),
        ),
    ),
    Scenario(
        "ITI-ICT", "docent3", 28, ("agressie",), SOON, "Discord-server HBO-ICT jaar 1",
        "De student plaatst al enkele weken scheldberichten en kleinerende opmerkingen over "
        "vrouwelijke medestudenten in de Discord-server van het eerste jaar. Twee studentes "
        "hebben mij gezegd dat ze zich niet meer veilig voelen in de projectruimte.",
        consulted=True, handling=ASSIGN,
        entries=(
            talk(4, "Hij noemt het 'grappen', maar begrijpt na uitleg dat medestudenten zich "
                 "onveilig voelen.",
                 "Hij verwijdert de berichten en houdt zich aan de gedragscode; de moderator van "
                 "de server is ingelicht."),
            service(5, "Contact met de vertrouwenspersoon voor de studentes die het meldden.",
                    "De vertrouwenspersoon biedt hen een gesprek aan."),
            consult(7, "Casus besproken met de teamleider decanaat.",
                    "Bij herhaling een formele waarschuwing via de opleidingsmanager."),
        ),
    ),
    Scenario(
        "ITI-ICT", "docent3", 48, ("psychische-nood",), NORMAL, "E-mail aan de docent",
        "De student mist sinds de vakantie de meeste lessen. In een mail schreef ze dat ze "
        "paniekaanvallen krijgt in de trein en in volle lokalen. Ze wil de opleiding niet "
        "opgeven.",
        discussed=True, gender="v", handling=TAKE,
        entries=(
            talk(3, "Gesprek via videobellen. De paniekaanvallen begonnen na een ongeluk dat ze "
                 "op het station zag. Ze heeft nog geen hulp gezocht.",
                 "Ze maakt een afspraak met de huisarts; tijdelijk volgt ze hoorcolleges online."),
            service(6, "Contact met de studieadviseur over tijdelijke aanpassingen.",
                    "Dit blok toetsen in een kleine ruimte met extra tijd."),
            referral(14, "De huisarts heeft haar verwezen naar een psycholoog (basis-GGZ).",
                     "Behandeling start over drie weken; ze komt weer twee dagen per week."),
            talk(40, "Evaluatiegesprek. Ze reist weer met de trein en gebruikt de oefeningen uit "
                 "de behandeling. Ze haalt haar studiepunten voor dit blok.",
                 "Volgende evaluatie na het tentamenblok."),
        ),
        attachment=("gespreksverslag.txt", "Verslag van het evaluatiegesprek"),
    ),
    Scenario(
        "ITI-ICT", "docent3", 20, ("middelengebruik",), NORMAL, "Projectweek, lokaal T2.08",
        "De student vertelde zijn teamgenoten, en daarna mij, dat hij pillen 'van een vriend' "
        "slikt om nachten door te werken aan de projectdeadline. Hij oogt opgejaagd, trilt en "
        "eet in de pauzes niets. Volgens hem 'doet iedereen dat'.",
        discussed=True, handling=TAKE, member="counsellor",
        entries=(
            talk(2, "Hij gebruikt al een paar maanden methylfenidaat zonder voorschrift rond "
                 "deadlines. Hij slaapt slecht en heeft hartkloppingen gehad.",
                 "Hij gaat naar de huisarts over de klachten en stopt met de pillen."),
            consult(3, "Casus besproken met een collega-studentbegeleider van FGW.",
                    "Vervolggesprek plannen en samen de studievoortgang bekijken."),
        ),
    ),
    Scenario(
        "ITI-ICT", "docent3", 8, ("stalking",), SOON, "Gebouw T en bij het studentenhuis",
        "Een studente meldde dat de student haar sinds de introductieweek volgt naar haar "
        "lessen, naast haar gaat zitten en haar privéberichten stuurt. Ze heeft hem gevraagd "
        "te stoppen. Gisteren stond hij bij haar studentenhuis.",
        consulted=True, handling=TAKE,
        entries=(
            talk(2, "Hij zegt verliefd te zijn en begrijpt niet dat zijn gedrag angst oproept.",
                 "Duidelijk gemaakt dat elk contact stopt; hij zegt dat toe. Hij gaat naar een "
                 "andere werkgroep."),
            service(3, "Contact met het roosterbureau over een andere werkgroep.",
                    "Vanaf volgende week zit hij in werkgroep C."),
        ),
    ),
    Scenario(
        "ITI-ICT", "docent3", 55, ("psychische-nood", "overig"), NORMAL, "Coachgesprek jaar 2",
        "De student vertelde dat zijn verblijfsvergunning binnenkort afloopt en dat hij bang is "
        "dat hij het land uit moet. Hij werkt niet meer aan zijn projecten omdat het 'toch geen "
        "zin heeft' en slaapt slecht.",
        discussed=True, handling=TAKE,
        entries=(
            talk(3, "Gesprek over zijn situatie en de onzekerheid over zijn verblijf.",
                 "Hij wordt in contact gebracht met de adviseur voor internationale studenten."),
            service(7, "Contact met de adviseur voor internationale studenten.",
                    "Hij heeft een afspraak bij het Juridisch Loket."),
            note(30, "Hij laat weten dat zijn aanvraag in behandeling is en dat hij de studie "
                 "voortzet."),
        ),
    ),
    # --- ITI-WTB (Werktuigbouwkunde) --------------------------------------------------------
    Scenario(
        "ITI-WTB", "docent4", 5, ("agressie", "dreiging"), SOON, "Werkplaats W0.03",
        "De student weigerde in de werkplaats een veiligheidsbril te dragen. Toen de "
        "werkplaatsbeheerder hem daarop aansprak, ging hij vlak voor hem staan en zei: 'Doe dat "
        "nog eens en je zult het merken.' Hij had op dat moment een moersleutel in zijn hand.",
        consulted=True,
    ),
    Scenario(
        "ITI-WTB", "docent4", 30, ("psychische-nood",), SOON, "Kleedruimte practicumhal",
        "Tijdens het practicum zat een student uit projectgroep 4 lang alleen in de kleedruimte "
        "en huilde. Op mijn vraag of ik iets kon doen, zei hij dat hij 'het allemaal niet meer "
        "ziet zitten' en zijn ouders niet durft te vertellen dat hij achterloopt.",
        discussed=True, handling=TAKE, link_later=True,
        description="eerstejaars WTB, projectgroep 4, draagt altijd een blauwe werkjas",
        entries=(
            note(1, "Via de projectbegeleider van groep 4 achterhaald om wie het gaat; student "
                 "aan de melding gekoppeld."),
            talk(3, "Hij heeft na het eerste blok weinig studiepunten en verwacht een negatief "
                 "studieadvies. Hij schaamt zich tegenover zijn ouders.",
                 "Samen zijn opties op een rij gezet; hij praat met de studieadviseur over een "
                 "mogelijke overstap."),
            consult(4, "Casus besproken met een collega-studentbegeleider.",
                    "Vervolg via studieadvies; over vier weken navragen hoe het gaat."),
        ),
    ),
    Scenario(
        "ITI-WTB", "docent4", 42, ("middelengebruik",), URGENT, "Werkplaats W0.03",
        "De student kwam na de lunch de werkplaats binnen en rook sterk naar cannabis. Hij wilde "
        "direct aan de draaibank beginnen. Ik heb hem voor die dag de toegang tot de werkplaats "
        "ontzegd. Het is de tweede keer deze maand.",
        discussed=True, consulted=True, handling=ASSIGN,
        entries=(
            talk(2, "Hij blowt dagelijks, ook voor de les, omdat het hem rustig maakt. Hij "
                 "begrijpt het risico in de werkplaats.",
                 "Afspraak: nooit onder invloed in de werkplaats, anders geen toegang. "
                 "Informatie over de verslavingszorg meegegeven."),
            consult(3, "Overleg met de werkplaatsbeheerder en de teamleider decanaat.",
                    "Bij een volgend voorval volgt een gesprek met de opleidingsmanager."),
            ask(15, "Gevraagd of hij een verwijzing naar de jongerenpoli van de verslavingszorg "
                "wil."),
            answer(17, "Hij stemt in; de aanmelding hebben we samen gedaan.", True),
        ),
    ),
    Scenario(
        "ITI-WTB", "docent4", 25, ("overig",), NORMAL, "Projectbegeleiding jaar 2",
        "De student vertelde dat hij naast zijn studie dertig uur per week werkt om zijn familie "
        "te ondersteunen. Hij valt in de lessen in slaap en heeft zijn projectdeel twee keer te "
        "laat ingeleverd. Hij vroeg of hij vrijstelling kan krijgen van de aanwezigheidsplicht.",
        discussed=True, handling=TAKE,
        entries=(
            talk(4, "Gesprek over de combinatie van werk, zorg voor zijn familie en studie. Hij "
                 "wil geen vertraging oplopen.",
                 "Verwezen naar de studieadviseur voor een aangepast studieplan; informatie over "
                 "het profileringsfonds gegeven."),
        ),
    ),
    Scenario(
        "ITI-WTB", "docent4", 10, ("psychische-nood", "overig"), SOON, "Projectgroep jaar 1",
        "De studente is de enige vrouw in haar projectgroep. Ze vertelde dat groepsgenoten "
        "seksistische grappen maken en haar bijdragen negeren. Ze overweegt te stoppen en wordt "
        "'s avonds misselijk bij de gedachte aan school.",
        discussed=True, gender="v", handling=TAKE,
        entries=(
            talk(1, "Ze beschrijft de opmerkingen in de groep en hoe die haar raken. Ze wil de "
                 "opleiding afmaken.",
                 "Met haar instemming gaat de docent met de projectgroep in gesprek."),
            service(4, "Contact met de vertrouwenspersoon over het gedrag in de groep.",
                    "De docent bespreekt de gedragscode met de groep; de vertrouwenspersoon "
                    "biedt haar een gesprek aan."),
        ),
        attachment=("gespreksverslag.txt", "Verslag van het gesprek"),
    ),
    Scenario(
        "ITI-WTB", "docent4", 60, ("verward-gedrag",), URGENT, "Collegezaal T0.01",
        "De student stond tijdens het hoorcollege op en begon luid te praten over 'een opdracht "
        "die hij van boven heeft gekregen'. Hij was niet te kalmeren en verliet na tien minuten "
        "de zaal. Medestudenten zeggen dat hij zich al weken steeds vreemder gedraagt.",
        consulted=True, handling=TAKE, member="careteam",
        entries=(
            service(0, "Contact met de beveiliging; student buiten het gebouw gevonden en "
                    "aangesproken.",
                    "Hij is rustig met een vriend mee naar huis gegaan."),
            talk(1, "Gesprek met student en zijn vriend. Hij is verward en zegt niet te slapen. "
                 "Hij staat open voor hulp.",
                 "Met zijn toestemming de huisarts gebeld; afspraak dezelfde dag."),
            referral(2, "De huisarts heeft hem verwezen naar de crisisdienst van de GGZ.",
                     "Hij is opgenomen voor observatie; de studie ligt tijdelijk stil."),
            consult(5, "Meegedacht over zijn terugkeer naar school na de opname.",
                    "Terugkeerplan maken met student, behandelaar en studieadviseur zodra hij "
                    "daaraan toe is.", by_member=True),
        ),
    ),
    Scenario(
        "ITI-WTB", "docent4", 16, ("dreiging",), SOON, "Na de les Sterkteleer, lokaal W1.02",
        "Na het horen van zijn onvoldoende zei de student tegen de docent: 'Ik weet waar u "
        "woont.' Hij lachte erbij, maar de docent ervoer het als bedreigend en wil niet meer "
        "alleen met hem in een lokaal zijn.",
        consulted=True, handling=TAKE,
        entries=(
            talk(2, "Hij zegt dat het een grap was en schrikt van de reactie. Hij woont in "
                 "hetzelfde dorp als de docent.",
                 "Hij biedt excuses aan; gesprek met de docent erbij gepland."),
            note(6, "Gesprek tussen student, docent en mij gehouden. De docent accepteert de "
                 "excuses."),
        ),
    ),
    # --- FBE-BK (Bedrijfskunde) -------------------------------------------------------------
    Scenario(
        "FBE-BK", "docent5", 2, ("psychische-nood", "suicidale-uitingen"), SOON,
        "Gesprek over het afstudeervoorstel",
        "Bij het bespreken van haar afstudeervoorstel zei de student dat ze 'het liefst zou "
        "verdwijnen' als het afstuderen niet lukt. Ze lachte het daarna weg. Ze oogt moe en is "
        "de afgelopen maand zichtbaar afgevallen.",
        discussed=True, consulted=True, gender="v",
    ),
    Scenario(
        "FBE-BK", "docent5", 44, ("stalking",), SOON, "E-mail, LinkedIn en parkeerplaats",
        "Een docente van onze opleiding krijgt sinds twee maanden mails en berichten van de "
        "student, ook 's nachts en over persoonlijke zaken. Ze heeft gevraagd te stoppen, maar hij "
        "gaat door. Vorige week stond hij na het college bij haar auto.",
        consulted=True, handling=TAKE,
        entries=(
            talk(3, "Hij wil de docente 'alleen bedanken' en ziet niet dat zijn gedrag over een "
                 "grens gaat.",
                 "Schriftelijk afgesproken dat hij alleen via het algemene adres van de "
                 "opleiding contact opneemt."),
            service(4, "Contact met de veiligheidscoördinator en de leidinggevende van de "
                    "docente.",
                    "De docente krijgt hulp bij het bewaren van de berichten."),
            consult(20, "Casus besproken met de teamleider decanaat.",
                    "Bij nieuwe berichten bespreken of de casus naar het zorgoverleg moet."),
            note(32, "De docente meldt dat er sinds het gesprek geen berichten meer zijn "
                 "gekomen."),
        ),
        attachment=("afspraken-contact.pdf", "Schriftelijke afspraken met de student"),
    ),
    Scenario(
        "FBE-BK", "docent5", 36, ("overig",), NORMAL, "Coachgesprek jaar 3",
        "De student vertelde in een coachgesprek dat hij sinds de zomer online gokt en een "
        "schuld van enkele duizenden euro's heeft. Hij heeft zijn collegegeld nog niet betaald "
        "en zegt dat hij 'het zelf wel oplost'.",
        discussed=True, handling=TAKE,
        entries=(
            talk(2, "Hij gokt vooral 's nachts en probeert zijn verliezen terug te winnen. Hij "
                 "heeft het thuis nog niet verteld.",
                 "Hij wil hulp bij zijn schulden; samen de aanmelding voorbereid."),
            referral(9, "Aangemeld bij de schuldhulpverlening van de gemeente.",
                     "Intake over twee weken."),
            service(10, "Contact met de studentenadministratie over het collegegeld.",
                    "Uitstel van betaling tot het einde van het blok."),
        ),
    ),
    Scenario(
        "FBE-BK", "docent5", 14, ("agressie",), SOON, "Presentaties, lokaal H3.12",
        "Tijdens de presentatie van een andere groep maakte de student steeds kleinerende "
        "opmerkingen. Toen ik haar vroeg te stoppen, gooide ze haar waterfles richting de "
        "presentatoren. Niemand is geraakt. Ze vertrok zonder iets te zeggen.",
        gender="v", handling=ASSIGN,
        entries=(
            talk(3, "Er zijn al maanden spanningen met de andere groep over een gedeelde "
                 "opdracht; ze zegt dat ze 'knapte'. Ze wil geen bemiddeling.",
                 "Ze biedt de groep excuses aan; de docent laat de groepen voortaan apart "
                 "presenteren."),
            consult(4, "Casus besproken met een collega-studentbegeleider.",
                    "Geen verdere acties; bij nieuwe signalen opnieuw bekijken."),
        ),
    ),
    Scenario(
        "FBE-BK", "docent5", 6, ("psychische-nood",), NORMAL, "E-mail aan de docent",
        "De student mailde dat hij niet naar de tentamens komt omdat zijn vader ernstig ziek is "
        "en hij thuis helpt. Hij schrijft dat hij 'het overzicht kwijt is'. Tot nu toe liep zijn "
        "studie goed.",
        handling=TAKE,
        entries=(
            talk(2, "Telefonisch gesprek over de situatie thuis.",
                 "Hij vraagt bij de examencommissie bijzondere omstandigheden aan; ik help met "
                 "de onderbouwing."),
        ),
    ),
    Scenario(
        "FBE-BK", "docent5", 50, ("radicalisering",), SOON, "Werkgroep Internationaal Management",
        "De student deelt in de werkgroep teksten waarin staat dat 'de democratie verraad is' en "
        "dat mensen 'zich moeten voorbereiden'. Hij weigert samen te werken met een studente met "
        "een hoofddoek. Medestudenten voelen zich ongemakkelijk.",
        consulted=True, handling=TAKE, member="careteam",
        entries=(
            talk(4, "Hij is open over zijn ideeën en verwijst naar online video's. Hij zegt geen "
                 "geweld te willen.",
                 "Gesproken over de grenzen van samenwerking en de gedragscode. Hij werkt "
                 "voortaan samen in de toegewezen groep."),
            consult(6, "Zonder namen advies gevraagd bij het steunpunt radicalisering van de "
                    "gemeente.",
                    "Het gesprek met de student gaande houden; nu geen aanwijzingen voor "
                    "dreiging.", by_member=True),
            talk(35, "Vervolggesprek. Hij is rustiger en werkt samen in de groep. Hij volgt "
                 "minder van de kanalen die hij eerder noemde.",
                 "Volgende evaluatie na het blok."),
        ),
    ),
    Scenario(
        "FBE-BK", "docent3", 22, ("verward-gedrag",), SOON, "Minor Data-analyse, lokaal T1.05",
        "De student volgt bij mij de minor Data-analyse. Sinds een week stuurt ze lange e-mails "
        "over complotten rond haar cijfers en denkt ze dat medestudenten haar werk saboteren. In "
        "de les was ze onrustig en schreef ze dingen op het bord die niet over de les gingen.",
        gender="v", handling=TAKE,
        entries=(
            talk(2, "Ze is onrustig, springt van de hak op de tak en slaapt slecht. Ze heeft "
                 "eerder zo'n periode gehad.",
                 "Ze belt in mijn bijzijn haar eigen behandelaar; afspraak morgen."),
            ask(2, "Gevraagd of ik contact mag houden met haar behandelaar over haar studie."),
            answer(3, "Toestemming voor contact over haar studie, niet over de behandeling.",
                   True),
        ),
    ),
    Scenario(
        "FBE-BK", "docent5", 31, ("overig",), NORMAL, "Na het werkcollege",
        "De student vertelde dat ze niet meer bij haar eigen bankrekening kan en dat haar partner "
        "haar geld beheert. Volgens haar mag ze niet zonder hem naar activiteiten buiten school. "
        "Ze vroeg me niemand anders in te lichten.",
        discussed=True, gender="v", handling=TAKE,
        entries=(
            talk(3, "Gesprek in een rustige ruimte. Ze beschrijft controlerend gedrag van haar "
                 "partner en wil nu geen stappen zetten.",
                 "Informatie gegeven over Veilig Thuis en de vertrouwenspersoon; ze kan mij "
                 "altijd bereiken."),
            consult(4, "Zonder namen advies gevraagd bij Veilig Thuis.",
                    "Contact houden en de stappen van de meldcode volgen; nu geen melding zonder "
                    "haar toestemming."),
        ),
    ),
]
# fmt: on


def seed_cases(*, acting_user):
    """Create demo teachers, students and cases; running it again adds nothing. Returns the
    number of cases created."""
    units = {unit.code: unit for unit in OrganisationUnit.objects.filter(code__in=PROGRAMMES)}
    ensure_default_categories(acting_user=acting_user, reason=REASON)
    _seed_teachers(units, acting_user=acting_user)
    students = _seed_students(units, acting_user=acting_user)
    teachers = [username for username, *_rest in TEACHERS]
    if Case.objects.filter(reporter__username__in=teachers).exists():
        return 0
    context = _Context(units, students)
    # Oldest signal first, so references and the newest-first lists follow the calendar.
    for scenario in sorted(SCENARIOS, key=lambda s: -s.days_ago):
        _seed_case(scenario, context)
    return len(SCENARIOS)


def _seed_teachers(units, *, acting_user):
    for username, first_name, last_name, unit_code in TEACHERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@hogeschool.example",
        )
        user.set_password(DEMO_PASSWORD)
        save_with_history(user, acting_user=acting_user, reason=REASON)
        set_user_units(user, units=[units[unit_code]], acting_user=acting_user, reason=REASON)
        set_user_roles(user, codes=[RoleCode.REPORTER], acting_user=acting_user, reason=REASON)


def _student_rows():
    """(number, first name, last name, programme code, gender): the same 60 on every run."""
    rng = random.Random(2026)  # noqa: S311 — demo names, not secrets
    men, women, last_names = list(MALE_NAMES), list(FEMALE_NAMES), list(LAST_NAMES)
    for names in (men, women, last_names):
        rng.shuffle(names)
    numbers = rng.sample(range(4_200_000, 4_300_000), len(PROGRAMMES) * 2 * STUDENTS_PER_GENDER)
    rows = []
    for i, code in enumerate(PROGRAMMES):
        for j in range(STUDENTS_PER_GENDER):
            for gender, first_names in (("m", men), ("v", women)):
                k = len(rows)
                first = first_names[i * STUDENTS_PER_GENDER + j]
                rows.append((str(numbers[k]), first, last_names[k], code, gender))
    return rows


def _seed_students(units, *, acting_user):
    """Create the demo students; returns them per (programme code, gender)."""
    rows = _student_rows()
    existing = Student.objects.in_bulk([row[0] for row in rows], field_name="student_number")
    students = {}
    for number, first_name, last_name, code, gender in rows:
        student = existing.get(number)
        if student is None:
            student = Student(
                student_number=number,
                first_name=first_name,
                last_name=last_name,
                programme=units[code],
            )
            save_with_history(student, acting_user=acting_user, reason=REASON)
        students.setdefault((code, gender), []).append(student)
    return students


class _Context:
    """What the cases need while seeding: users, units, categories and unused students."""

    def __init__(self, units, students):
        self.units = units
        self.students = {key: iter(group) for key, group in students.items()}
        self.users = {user.username: user for user in User.objects.filter(is_system=False)}
        self.categories = {category.code: category for category in ConcernCategory.objects.all()}
        self.today = timezone.localdate()

    def next_student(self, scenario):
        return next(self.students[(scenario.unit, scenario.gender)])

    def handler_for(self, scenario):
        return self.users[HANDLERS[self.units[scenario.unit].parent.code]]


def _seed_case(scenario, context):
    signalled_on = context.today - datetime.timedelta(days=scenario.days_ago)
    case = report_concern(
        reporter=context.users[scenario.reporter],
        student=None if scenario.description else context.next_student(scenario),
        unit=context.units[scenario.unit],
        categories=[context.categories[code] for code in scenario.categories],
        signals={"what": scenario.what, "when": signalled_on, "where": scenario.where},
        urgency=scenario.urgency,
        discussed=scenario.discussed,
        consulted=scenario.consulted,
        student_description=scenario.description,
    )
    if scenario.handling is None:
        return
    handler = context.handler_for(scenario)
    if scenario.handling == ASSIGN:
        case = assign_handler(
            case, handler=handler, reason=REASON, acting_user=context.users["dean"]
        )
    else:
        case = take_case(case, acting_user=handler)
    if scenario.link_later:
        case = link_student(case, student=context.next_student(scenario), acting_user=handler)
    member = context.users[scenario.member] if scenario.member else None
    if member:
        case = change_team(case, members=[member], reason=REASON, acting_user=handler)
    for entry in scenario.entries:
        add_timeline_entry(
            case,
            kind=entry.kind,
            occurred_on=_dated(signalled_on, entry.day),
            summary=entry.summary,
            outcome=entry.outcome,
            consent_given=entry.consent_given,
            acting_user=member if entry.by_member else handler,
        )
    if scenario.attachment:
        _attach(case, scenario, handler=handler, signalled_on=signalled_on)


def _attach(case, scenario, *, handler, signalled_on):
    name, description = scenario.attachment
    if name.endswith(".pdf"):
        content = _pdf_bytes([description, f"Casus {case.reference}", "Demogegevens"])
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    else:
        # A report of the latest conversation, as a counsellor would type it up.
        last = [e for e in scenario.entries if e.kind == Kind.CONVERSATION][-1]
        text = (
            f"Gespreksverslag {case.reference}\n"
            f"Datum: {_dated(signalled_on, last.day):%d-%m-%Y}\n"
            f"Aanwezig: student en {handler.get_full_name()} (studentbegeleider)\n\n"
            f"{last.summary}\n\nAfspraken:\n{last.outcome}\n"
        )
        upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
    add_attachment(case, upload=upload, description=description, acting_user=handler)


def _dated(signalled_on, day):
    """The date `day` days after the signal, never in the future."""
    return min(signalled_on + datetime.timedelta(days=day), timezone.localdate())


def _pdf_bytes(lines):
    """A minimal valid one-page PDF showing a few lines of text (Helvetica, WinAnsi)."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    encoded = [escape(line).encode("cp1252", "replace") for line in lines]
    shown = b" T* ".join(b"(%s) Tj" % line for line in encoded)
    stream = b"BT /F1 12 Tf 16 TL 72 770 Td " + shown + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(pdf)

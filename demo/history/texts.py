"""The words of the demo history: short, varied Dutch texts as staff would type them.

Everything is invented. No names of students appear in the texts (the case links the student),
and no phone numbers at all. `{hij}`, `{Hij}`, `{zijn}`, `{Zijn}` and `{hem}` become "ze" and
"haar" for a female student (see `pronouns`).
"""

from escalation.models import CloseOutcome, DataCategory, LegalBasis
from network.models import Partner


def pronouns(gender):
    if gender == "v":
        return {"hij": "ze", "Hij": "Ze", "zijn": "haar", "Zijn": "Haar", "hem": "haar"}
    return {"hij": "hij", "Hij": "Hij", "zijn": "zijn", "Zijn": "Zijn", "hem": "hem"}


# fmt: off
# --- What the reporter saw, per concern category ---------------------------------------------

SIGNALS = {
    "psychische-nood": [
        "De student huilde na afloop van de les en vertelde dat {hij} al weken slecht slaapt en "
        "het overzicht kwijt is.",
        "Sinds de kerstvakantie is de student stil en teruggetrokken; {hij} zit in de pauzes "
        "alleen en levert geen werk meer in.",
        "In het SLB-gesprek zei de student dat {hij} 'op is' en eigenlijk niet meer weet waarom "
        "{hij} nog studeert.",
        "De student kwam al drie keer te laat en zag er moe en verdrietig uit. Op mijn vraag hoe "
        "het gaat, begon {hij} te huilen.",
        "Een medestudent maakt zich zorgen: de student reageert niet meer in de projectgroep en "
        "zegt dat alles {hem} te veel is.",
        "Tijdens de feedback op het verslag raakte de student in paniek en zei dat {hij} "
        "'het toch nooit gaat halen'.",
    ],
    "suicidale-uitingen": [
        "In een reflectieopdracht schrijft de student dat {hij} soms niet meer wakker wil worden.",
        "De student zei na de les tegen een medestudent dat {hij} 'er binnenkort niet meer is'. "
        "De medestudent kwam direct naar mij toe.",
        "In de groepsapp plaatste de student 's nachts een bericht dat {hij} het leven niet meer "
        "ziet zitten.",
        "Bij een gesprek over studievertraging zei de student dat {hij} liever dood zou zijn dan "
        "het thuis te moeten vertellen.",
    ],
    "agressie": [
        "Bij de bespreking van de toetsuitslag werd de student boos, sloeg op tafel en schreeuwde "
        "naar de docent.",
        "De student duwde in de gang een medestudent hard tegen de muur na een woordenwisseling.",
        "Tijdens het practicum gooide de student gereedschap door het lokaal toen iets niet "
        "lukte.",
        "De student reageerde agressief op een opmerking van een medestudent en moest door twee "
        "anderen worden tegengehouden.",
        "Bij de balie schold de student een medewerker uit en sloeg met de vuist tegen het glas.",
    ],
    "dreiging": [
        "De student zei tegen een docent dat {hij} 'wel weet waar die woont' na een onvoldoende.",
        "In een e-mail aan de examencommissie schrijft de student dat er 'ongelukken gaan "
        "gebeuren' als het besluit niet verandert.",
        "Een medestudent meldt dat de student in de groepsapp dreigt een groepsgenoot 'iets aan "
        "te doen'.",
        "De student liet in de kantine een foto van een wapen zien en zei dat {hij} het 'voor "
        "sommige mensen' bij zich heeft.",
    ],
    "radicalisering": [
        "De student deelt in de les steeds vaker uitspraken over 'ongelovigen' en weigert samen te "
        "werken met bepaalde medestudenten.",
        "Op het scherm van de student zag ik filmpjes van een extremistisch kanaal; {hij} zei dat "
        "geweld 'soms nodig' is.",
        "In een betoog voor de les schreef de student dat een bepaalde groep 'moet verdwijnen'.",
        "Medestudenten melden dat de student zich de laatste maanden afsluit en online "
        "complotverhalen over de overheid verspreidt.",
    ],
    "stalking": [
        "Een studente meldt dat de student haar na het uitgaan van hun relatie blijft volgen en "
        "dagelijks berichten stuurt.",
        "Een docente krijgt sinds weken ongevraagd berichten van de student, ook 's avonds laat.",
        "Een medestudent vertelt dat de student steeds bij zijn studentenhuis opduikt, hoewel hij "
        "heeft gezegd dat hij dat niet wil.",
        "De student maakt volgens medestudenten stiekem foto's van een studente en deelt die in "
        "een groepsapp.",
    ],
    "middelengebruik": [
        "De student kwam na de lunch duidelijk onder invloed de les binnen; {hij} rook naar "
        "cannabis en kon de uitleg niet volgen.",
        "De student rook op maandagochtend naar alcohol en viel tijdens het werkcollege in slaap.",
        "Een medestudent vertelt dat de student rond de tentamens pillen gebruikt om wakker te "
        "blijven.",
        "Op stage kwam de student met grote pupillen en erg onrustig binnen; de praktijkbegeleider "
        "stuurde {hem} naar huis.",
    ],
    "verward-gedrag": [
        "De student praatte in de les hardop tegen zichzelf en reageerde niet op vragen.",
        "De student stuurt lange, onsamenhangende e-mails en denkt dat docenten {hem} "
        "tegenwerken.",
        "In de bibliotheek liep de student uren rondjes en zei tegen een medewerker dat {hij} "
        "gevolgd wordt.",
        "De student vertelde mij dat {hij} stemmen hoort die zeggen dat {hij} moet stoppen met "
        "studeren.",
    ],
    "overig": [
        "De student vertelde dat {hij} geen woonplek meer heeft en bij vrienden op de bank slaapt.",
        "De student maakt zich grote zorgen over schulden en werkt daardoor 's nachts door.",
        "De student gaf aan dat {hij} thuis onder druk wordt gezet om met de studie te stoppen.",
        "De student is sinds een familieconflict nauwelijks nog op school en lijkt geen "
        "ondersteuning te hebben.",
    ],
}

FOLLOW_UPS = [
    "Ik heb gevraagd of {hij} met een studentbegeleider wil praten; dat wilde {hij}.",
    "Ik heb {hem} daarna even apart genomen; {hij} wilde er verder niet over praten.",
    "Ik maak me zorgen en weet niet goed wat de volgende stap is.",
    "Medestudenten waren erbij en schrokken zichtbaar.",
    "Ik heb afgesproken dat ik dit meld bij de studentbegeleiding.",
    "Dit is de tweede keer in korte tijd dat mij dit opvalt.",
    "Mijn collega's herkennen het beeld uit hun lessen.",
    "Ik heb {hem} verteld dat een studentbegeleider contact opneemt.",
]

WHERE = {
    "FGW-VPK": ["Skillslab verpleegkunde", "Werkcollege jaar 1, gebouw D",
                "Stage, ziekenhuisafdeling", "SLB-uur, lokaal D2.11", "Studielandschap gebouw D"],
    "FGW-SW": ["Werkgroep jaar 2, gebouw E", "Intervisie, lokaal E1.03", "Groepsapp van de klas",
               "Stagebegeleiding jaar 3", "Werkcollege jaar 1, gebouw E"],
    "ITI-ICT": ["Projectruimte T2", "Hackathon-week", "Discord-server van de opleiding",
                "Werkcollege programmeren", "Studieplek tweede verdieping"],
    "ITI-WTB": ["Werkplaats W0.02", "Practicum mechanica", "Projectweek jaar 2",
                "Tekenzaal W1.10", "Projectruimte W1.04"],
    "FBE-BK": ["Werkcollege marketing", "Minor ondernemerschap", "Studieloopbaanbegeleiding",
               "Projectgroep jaar 1", "Werkcollege jaar 2, gebouw B", "Tentamenzaal B0.01",
               "Bibliotheek gebouw B"],
}

# --- The handler's timeline -----------------------------------------------------------------

CONVERSATIONS = {
    "psychische-nood": [
        ("Gesprek met de student. {Hij} slaapt slecht en voelt zich overvraagd door studie en "
         "bijbaan.", "Samen een weekplanning gemaakt; {hij} meldt zich bij de studentpsycholoog."),
        ("De student vertelt over spanningen thuis en somberheid sinds enkele maanden.",
         "Verwezen naar de huisarts; over twee weken een vervolggesprek."),
        ("Vervolggesprek. Het gaat iets beter; {hij} heeft weer contact met de projectgroep.",
         "Studieplan aangepast met de studieadviseur."),
    ],
    "suicidale-uitingen": [
        ("Gesprek op dezelfde dag. De student heeft gedachten aan de dood, maar geen concreet "
         "plan. {Zijn} zus weet ervan.", "Samen de huisarts gebeld; de zelfmoordpreventielijn "
         "besproken; over drie dagen opnieuw contact."),
        ("Vervolggesprek. De gedachten zijn minder heftig sinds {hij} bij de praktijkondersteuner "
         "loopt.", "Wekelijks kort contact afgesproken."),
    ],
    "agressie": [
        ("Gesprek over het voorval. De student schaamt zich en vertelt over stress rond geld en "
         "studievoortgang.", "Excuses aangeboden; afspraak bij de budgetcoach."),
        ("De student vindt dat {hij} onterecht werd behandeld, maar ziet dat {zijn} reactie te "
         "ver ging.", "Afspraken gemaakt over hoe {hij} voortaan een conflict aankaart."),
        ("Vervolggesprek: geen nieuwe voorvallen, de samenwerking in de groep gaat beter.",
         "Evaluatie na het blok."),
    ],
    "dreiging": [
        ("Gesprek met de student over de uitspraak. {Hij} noemt het 'een grap' en is boos dat het "
         "gemeld is.", "Uitgelegd welke gevolgen dreigen heeft; schriftelijke afspraken gemaakt."),
        ("De student erkent de dreigende woorden en zegt dat {hij} het niet meende.",
         "Contact met de beveiliging afgestemd; vervolggesprek over twee weken."),
    ],
    "radicalisering": [
        ("Open gesprek over {zijn} standpunten. De student voelt zich niet gehoord door de "
         "opleiding.", "Afspraak om het gesprek voort te zetten; samenwerking in de groep "
         "besproken."),
        ("Vervolggesprek. De student is rustiger en volgt minder van de kanalen die {hij} noemde.",
         "Volgende evaluatie na het blok."),
    ],
    "stalking": [
        ("Gesprek met de student over de berichten. {Hij} erkent ze en zegt alleen contact te "
         "willen.", "Duidelijk gemaakt dat elk contact moet stoppen; schriftelijk bevestigd."),
        ("Navraag bij de melder en gesprek met de student: sinds de afspraak geen berichten meer.",
         "Over vier weken nog een keer navragen."),
    ],
    "middelengebruik": [
        ("De student bagatelliseert het gebruik, maar ziet dat het {zijn} studie raakt.",
         "Informatie over de verslavingszorg gegeven; vervolggesprek na de tentamens."),
        ("Motiverend gesprek. De student wil minderen en houdt een gebruiksdagboek bij.",
         "Over drie weken samen het dagboek doornemen."),
    ],
    "verward-gedrag": [
        ("Gesprek met de student. {Hij} is onrustig, slaapt slecht en springt van de hak op de "
         "tak.", "Samen {zijn} eigen behandelaar gebeld; morgen een afspraak."),
        ("De student is rustiger sinds {hij} weer medicatie gebruikt.",
         "Afspraken over studielast en wekelijks contact."),
    ],
    "overig": [
        ("Gesprek over {zijn} woon- en geldsituatie. De student werkt veel naast de studie.",
         "Informatie over het profileringsfonds en de schuldhulp van de gemeente gegeven."),
        ("Vervolggesprek: de aanvraag loopt en {hij} heeft tijdelijk een kamer.",
         "Studieplanning aangepast."),
    ],
}

CONSULTATIONS = [
    ("Casus zonder naam besproken met een collega-studentbegeleider.",
     "Eerst het vervolggesprek afwachten; bij geen verbetering opschalen bespreken."),
    ("Collegiale consultatie met de teamleider decanaat.",
     "De aanpak is passend; wel een kortere evaluatietermijn."),
    ("Overleg met de studentpsycholoog over de signalen.",
     "Advies: laagdrempelig contact houden en de huisarts betrekken."),
    ("Intervisie met collega's van de faculteit.",
     "Meer partijen betrekken als de zorg blijft."),
]

NOTES = [
    "Student per e-mail uitgenodigd voor een gesprek.",
    "Navraag gedaan bij de docent: in de lessen geen nieuwe signalen.",
    "De mentor laat weten dat de student weer aanwezig is.",
    "Afspraak verzet op verzoek van de student.",
]

SERVICES = [
    ("Contact met de studentpsycholoog over een mogelijke intake.", "Intake gepland."),
    ("Afstemming met de studieadviseur over een aangepaste planning.",
     "Aangepaste planning voor de rest van het blok."),
    ("Overleg met de vertrouwenspersoon.", "De vertrouwenspersoon is beschikbaar voor de melder."),
    ("Overleg met de veiligheidscoördinator.", "Geen externe stappen nodig; bij nieuwe signalen "
     "opnieuw overleggen."),
]

REFERRALS = [
    ("Verwezen naar de huisarts.", "De student heeft zelf een afspraak gemaakt."),
    ("Aangemeld bij de studentpsycholoog.", "Intake over anderhalve week."),
    ("Verwezen naar het jongerenloket van de gemeente.", "De student neemt zelf contact op."),
]

CONSENT = [
    ("Gevraagd of ik de huisarts van de student mag informeren.",
     "De student wil dat nu niet.", False),
    ("Gevraagd of ik contact mag opnemen met {zijn} ouders.",
     "De student geeft geen toestemming.", False),
    ("Gevraagd of ik de behandelaar mag laten weten wat er op school speelt.",
     "Toestemming voor contact over de studie, niet over de behandeling.", True),
]

# --- Weighing framework 1, per category: (own, others, environment), each (level, why) ------

FRAMEWORK1 = {
    "psychische-nood": (("moderate", "Aanhoudende somberheid en uitputting; de hulp komt traag "
                         "op gang."),
                        ("none", "Geen aanwijzingen voor gevaar voor anderen."),
                        ("none", "Niet van toepassing.")),
    "suicidale-uitingen": (("high", "Herhaalde uitingen over niet meer willen leven; de "
                            "behandeling stokt."),
                           ("none", "Geen aanwijzingen voor gevaar voor anderen."),
                           ("none", "Niet van toepassing.")),
    "agressie": (("low", "Stress rond studie en geld, verder geen zorgen over de eigen "
                  "veiligheid."),
                 ("moderate", "Herhaald fysiek agressief gedrag naar medestudenten."),
                 ("low", "Beperkt tot situaties op de opleiding.")),
    "dreiging": (("low", "Geen aanwijzingen voor gevaar voor zichzelf."),
                 ("high", "Concrete dreigende uitingen naar een medewerker; de medewerker voelt "
                  "zich onveilig."),
                 ("low", "Geen aanwijzingen voor gevaar buiten de opleiding.")),
    "radicalisering": (("low", "Geïsoleerd, verder geen zorgen over de eigen veiligheid."),
                       ("moderate", "Uitspraken die geweld rechtvaardigen en uitsluiting van "
                        "medestudenten."),
                       ("moderate", "Verspreidt extremistische filmpjes in groepsapps.")),
    "stalking": (("low", "Gefixeerd op de melder, geen uitingen over zelfbeschadiging."),
                 ("high", "Blijft contact zoeken ondanks duidelijke afspraken; de melder past "
                  "haar leven erop aan."),
                 ("low", "Geen aanwijzingen voor gevaar voor anderen dan de melder.")),
    "middelengebruik": (("moderate", "Regelmatig gebruik dat studie en gezondheid raakt."),
                        ("moderate", "Onder invloed op stage of in de werkplaats, waar anderen "
                         "risico lopen."),
                        ("low", "Verder geen risico's voor de omgeving gezien.")),
    "verward-gedrag": (("high", "Verward en angstig, slaapt nauwelijks; behandeling nog niet "
                        "op gang."),
                       ("low", "Onrustig, geen dreiging naar anderen."),
                       ("none", "Geen aanwijzingen.")),
    "overig": (("moderate", "Onzekere woon- en geldsituatie; de student raakt uitgeput."),
               ("none", "Geen aanwijzingen."),
               ("none", "Geen aanwijzingen.")),
}

ESCALATION_REASONS = [
    "De zorg is niet weggenomen: ondanks de gesprekken en de verwijzing blijven de signalen. In "
    "het zorgoverleg wil ik afstemmen wie wat doet.",
    "De afspraken werken niet en de student wil geen verdere hulp. Het risico blijft; ik vraag "
    "opschaling om met meer disciplines een aanpak te kiezen.",
    "Er zijn nieuwe signalen en de zorg is groter geworden. Ik wil de casus multidisciplinair "
    "bespreken.",
    "De hulp buiten de hogeschool komt niet op gang en de studie loopt vast. In het zorgoverleg "
    "wil ik afspraken maken met de opleiding en de studentpsycholoog.",
]
DEAN_ACCEPTED = [
    "Akkoord; geagendeerd voor het volgende zorgoverleg.",
    "Akkoord. Nodig de studentpsycholoog uit voor de bespreking.",
    "Akkoord; de veiligheidscoördinator sluit aan bij de bespreking.",
]
DEAN_SENT_BACK = [
    "Het afwegingskader laat geen veiligheidsrisico zien. Zet eerst de verwijzing naar de "
    "huisarts door en evalueer over twee weken.",
    "Bespreek eerst met de student welke hulp {hij} zelf wil; daarna opnieuw wegen.",
]

# --- The care meeting decides (per decision) ---------------------------------------------------

MEETING_DECISIONS = {
    "no_change": [
        "Besproken. De afspraken lopen; de behandelaar houdt wekelijks contact. Volgende keer "
        "opnieuw bespreken.",
        "De student is in beeld bij de huisarts; we wachten de eerste afspraken af.",
    ],
    "step_down": [
        "De zorg is kleiner geworden: de student is in behandeling en komt de afspraken na. Terug "
        "naar studentondersteuning.",
        "Er zijn geen nieuwe signalen meer. Afgeschaald; de begeleider evalueert over vier weken.",
    ],
    "close": [
        "De student heeft passende hulp en er zijn geen signalen meer. De casus wordt gesloten.",
        "De zorg is weggenomen; afspraken met de opleiding staan. Gesloten.",
    ],
    "escalate_to_board": [
        "Het risico blijft hoog en de student geeft geen toestemming om te delen. Het overleg "
        "legt de casus voor aan het College van Bestuur.",
        "Er is een conflict van plichten: zonder delen met een externe partner blijft het gevaar "
        "voor anderen. Opgeschaald naar het College van Bestuur.",
    ],
}
DISCUSSED = [
    "Besproken; de begeleider plant de evaluatie opnieuw in.",
    "Kort besproken. De casus ligt bij het College van Bestuur; de begeleider houdt het overleg "
    "op de hoogte.",
    "Besproken: de acute situatie is gestabiliseerd, de vervolgstappen lopen.",
]
TREND_SUMMARIES = [
    "Trends van het afgelopen kwartaal besproken: meer meldingen van psychische nood rond de "
    "tentamenperiode.",
    "Trends besproken. Het oppakken binnen twee werkdagen gaat goed; de doorlooptijd op de trede "
    "zorgoverleg loopt op.",
    "Trends besproken: minder meldingen in de zomer, meer aan het begin van het studiejaar.",
]
MEETING_ACTIONS = [
    "Voorlichting over signalen herkennen in het docententeam plannen",
    "Met de opleiding afspraken maken over een aangepast studieplan",
    "De studentpsycholoog vragen om een vast spreekuur op de locatie",
    "Navragen of de verwijzing naar de huisarts is gelukt",
    "Afspraken met facilitair over een rustige gespreksruimte vastleggen",
    "Terugkoppeling aan de melder geven (zonder inhoud)",
]
ACTION_REVIEWS = {
    "done": ["Gedaan.", "Afgerond; de afspraken staan.", "Gedaan; terugkoppeling gegeven."],
    "changed": ["Niet meer nodig: de student is inmiddels gestopt met de opleiding."],
    "not_done": ["Nog niet gelukt; opnieuw opgepakt door de eigenaar."],
}

# --- Board, acute, closing ------------------------------------------------------------------

FRAMEWORK2 = {
    "other_options_used": True,
    "other_options_motivation": "Gesprekken, een verwijzing en afspraken met de opleiding zijn "
    "geprobeerd; de zorg is niet weggenomen.",
    "consent_pursued": True,
    "consent_motivation": "Toestemming gevraagd en vastgelegd; de student weigerde.",
    "sharing_necessary": True,
    "sharing_motivation": "Zonder de informatie kan de partner het risico niet goed inschatten "
    "en blijft het gevaar bestaan.",
}
DISCLOSURES = [
    # (partner type, legal basis, data categories, purpose)
    (Partner.Type.GGZ_CRISIS, LegalBasis.VITAL_INTEREST,
     [DataCategory.IDENTITY, DataCategory.SIGNALS, DataCategory.RISK],
     "De crisisdienst beoordeelt of er acute zorg nodig is en heeft de signalen nodig."),
    (Partner.Type.POLICE, LegalBasis.CONFLICT_OF_DUTIES,
     [DataCategory.IDENTITY, DataCategory.SIGNALS, DataCategory.ACTIONS],
     "De politie betrekt de voorgeschiedenis bij de aangifte van de melder."),
    (Partner.Type.ZORG_EN_VEILIGHEIDSHUIS, LegalBasis.CONFLICT_OF_DUTIES,
     [DataCategory.IDENTITY, DataCategory.STUDY, DataCategory.RISK, DataCategory.ACTIONS],
     "Inbreng in het casusoverleg van het Zorg- en Veiligheidshuis."),
    (Partner.Type.VEILIG_THUIS, LegalBasis.CONFLICT_OF_DUTIES,
     [DataCategory.IDENTITY, DataCategory.SIGNALS],
     "Veilig Thuis beoordeelt de thuissituatie van de student."),
]
BOARD_APPROVED = [
    "Akkoord; deel alleen feiten, geen duiding.",
    "Akkoord, beperkt tot wat de partner nodig heeft.",
    "Akkoord. Noodzakelijk om het risico te verkleinen.",
]
BOARD_REJECTED = "Te breed: laat de gespreksverslagen en gezondheidsgegevens weg."
CARRIED_OUT = (
    "Telefonisch met de contactpersoon, daarna bevestigd per beveiligde e-mail",
    "Zoals goedgekeurd: naam, een feitelijk overzicht van de signalen en de genomen maatregelen.",
)
ACUTE_REPORTS = [
    {"own_safety": True, "third_parties": False, "criminal_offence": False,
     "description": "De student stuurde een afscheidsbericht en is niet bereikbaar.",
     "emergency_called": True,
     "emergency_details": "De hulpdiensten gebeld; naam en adres van de student doorgegeven."},
    {"own_safety": False, "third_parties": True, "criminal_offence": True,
     "description": "De student dreigde vandaag een medestudent met een mes bij de ingang.",
     "emergency_called": True,
     "emergency_details": "De politie gebeld; beschrijving van de student en de plek gedeeld."},
    {"own_safety": True, "third_parties": False, "criminal_offence": False,
     "description": "De student is verward, weet niet waar {hij} is en wil de weg op lopen.",
     "emergency_called": False, "emergency_details": ""},
]
ACUTE_DISCLOSURE_PURPOSE = (
    "De crisisdienst moet vandaag weten wat er speelt om goed te kunnen beoordelen."
)
ACUTE_NOT_INFORMED = "De student is nu niet aanspreekbaar; {hij} hoort het zodra dat kan."
BOARD_STEP_DOWN = [
    "De verstrekking is uitgevoerd en de partner heeft het overgenomen. Terug naar het "
    "zorgoverleg voor de vervolgafspraken.",
    "De acute situatie is voorbij; de student is in behandeling. Terug naar het zorgoverleg.",
]
BOARD_CLOSED = "De partner heeft de zorg overgenomen; binnen de hogeschool is niets meer nodig."

CLOSED = {
    CloseOutcome.TAKEN_AWAY: [
        "Sinds de gesprekken geen nieuwe signalen; de zorg is weggenomen.",
        "De student gaat weer goed mee in de lessen. Zoals afgesproken gesloten.",
    ],
    CloseOutcome.REFERRED: [
        "De student is in behandeling bij de huisarts en de praktijkondersteuner; de hulp loopt "
        "daar verder.",
        "Doorverwezen naar de studentpsycholoog; vanuit de begeleiding is niets meer nodig.",
    ],
    CloseOutcome.STUDENT_LEFT: [
        "De student heeft zich uitgeschreven. Informatie over hulp buiten de hogeschool "
        "meegegeven.",
    ],
    CloseOutcome.NO_FURTHER_ACTION: [
        "Na het gesprek bleek er geen reden voor zorg; geen verdere actie nodig.",
    ],
}
REOPENED = "De melder ziet opnieuw dezelfde signalen. Heropend om met de student te praten."
REVIEW_PLANNED = "Evaluatiedatum afgesproken met de student."

# --- Incidents over the year ------------------------------------------------------------------

INCIDENTS = [
    # (kind, severity, category the case has, title, what happened, factors, went well, lessons,
    #  improvement actions)
    ("threat", "medium", "agressie", "Geduw en geschreeuw in de gang",
     "Na een woordenwisseling duwde een student een medestudent tegen de muur. Omstanders "
     "grepen in; niemand raakte gewond.",
     "- Drukte bij de lokaalwissel.\n- Spanningen in de projectgroep waren al bekend.",
     "- Een docent bracht de studenten snel uit elkaar.\n- Melding dezelfde dag.",
     "- Spanningen in projectgroepen eerder bespreekbaar maken.",
     ["Werkwijze voor conflicten in projectgroepen opnemen in de SLB-map"]),
    ("self_harm", "high", "suicidale-uitingen", "Student in crisis na afscheidsbericht",
     "Een student stuurde een afscheidsbericht in de groepsapp. Medestudenten waarschuwden een "
     "docent, die de hulpdiensten belde.",
     "- Medestudenten wisten niet bij wie ze terechtkonden.\n- Het bericht kwam 's avonds.",
     "- Snelle melding door medestudenten.\n- Nazorg voor de groep binnen een dag.",
     "- Studenten moeten weten wie ze buiten kantooruren kunnen bereiken.",
     ["Informatie over hulp buiten kantooruren op de studentenpagina zetten",
      "Nazorggesprek met de klas standaard aanbieden"]),
    ("disruption", "low", "verward-gedrag", "Les stilgelegd door verward gedrag",
     "Een student liep tijdens het tentamen rond, praatte hardop en verliet de zaal. De "
     "surveillant legde het tentamen tien minuten stil.",
     "- Surveillanten wisten niet wie ze moesten bellen.",
     "- Rustig optreden van de surveillant.",
     "- Een vast aanspreekpunt tijdens tentamenperiodes.",
     ["Instructie voor surveillanten aanvullen met het aanspreekpunt"]),
    ("stalking", "high", "stalking", "Studente gevolgd tot in het studentenhuis",
     "Een studente werd na de les gevolgd tot haar studentenhuis door een medestudent die zij "
     "eerder had gevraagd geen contact te zoeken.",
     "- Eerdere berichten werden niet gemeld.\n- Geen duidelijke afspraken na de eerste melding.",
     "- De studente meldde het direct.\n- De veiligheidscoördinator nam dezelfde dag contact op.",
     "- Ook 'kleine' berichten melden; na een melding schriftelijke afspraken maken.",
     ["Voorlichting over grensoverschrijdend gedrag in jaar 1 opnemen"]),
    ("radicalisation", "medium", "radicalisering", "Extremistische filmpjes in de klassenapp",
     "In de klassenapp werden filmpjes van een extremistisch kanaal gedeeld. Medestudenten "
     "voelden zich onveilig.",
     "- Geen afspraken over de klassenapp.\n- Docenten zitten niet in de app.",
     "- Studenten meldden het bij hun SLB'er.",
     "- Afspraken over online gedrag opnemen in de gedragscode.",
     ["Gedragscode online samen met de studentenraad aanvullen"]),
    ("threat", "very_high", "dreiging", "Dreiging met wapen bij de ingang",
     "Een student liet bij de ingang een mes zien en dreigde een medestudent. De beveiliging "
     "en de politie kwamen ter plaatse.",
     "- De toegangscontrole bij de zij-ingang ontbreekt.",
     "- Snelle inzet van de beveiliging.\n- Slachtofferhulp binnen een dag geregeld.",
     "- De zij-ingang beter bewaken bij drukte.",
     ["Toegangscontrole bij de zij-ingang met facilitair bespreken",
      "Nazorg voor getuigen vastleggen in het draaiboek"]),
    ("other", "low", "middelengebruik", "Student onder invloed in de werkplaats",
     "Een student kwam onder invloed de werkplaats in en wilde aan de draaibank werken. De "
     "werkplaatsbeheerder stuurde hem weg.",
     "- Geen controle bij binnenkomst in de werkplaats.",
     "- De werkplaatsbeheerder greep direct in.",
     "- Korte check bij binnenkomst in de werkplaats.",
     ["Binnenkomstcheck in het werkplaatsreglement opnemen"]),
    ("disruption", "medium", "agressie", "Agressie aan de balie studentenservice",
     "Een student schold een baliemedewerker uit en sloeg tegen het glas. Andere studenten "
     "schrokken.",
     "- Lange wachtrij bij de inschrijving.\n- De medewerker was alleen aan de balie.",
     "- De medewerker bleef rustig en riep een collega.",
     "- Bij piekdrukte twee medewerkers aan de balie.",
     ["Bezetting van de balie in piekweken aanpassen"]),
]
INCIDENT_TIMELINE = [
    (0, "Het voorval begint."),
    (10, "Omstanders grijpen in en waarschuwen een medewerker."),
    (45, "Melding vastgelegd in Zorgwekkend."),
    (240, "De studentbegeleider neemt contact op met de betrokkenen."),
]

# --- Training ---------------------------------------------------------------------------------

SESSION_PLACES = {
    "FGW": "Gebouw D, lokaal D0.12",
    "ITI": "Gebouw T, lokaal T0.08",
    "FBE": "Gebouw B, lokaal B1.04",
}
# fmt: on

"""Starter content for the knowledge base and the partner register (demo and first install).

`seed_network` is idempotent: articles are keyed on their slug, partners on their name and
agreements on partner and name; what exists is left alone, so an institution's edits survive.
Article texts live in `demo/content/<slug>.<language>.md`. Real local organisations' names and
numbers are placeholders ("[vul in: …]") for the institution to fill in; only national numbers
(112, 113, Veilig Thuis) are real.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from core.history import save_with_history
from network.models import Agreement, Article, Partner

CONTENT = Path(__file__).resolve().parent / "content"
REASON = "Startinhoud geladen"
C = Article.Category

# (slug, category, featured on the support page, title nl, title en, summary nl, summary en)
ARTICLES = [
    (
        "zorgvuldig-proces", C.PROCESS, True,
        "Het zorgvuldig proces en de escalatieladder",
        "The careful process and the escalation ladder",
        "Van signaal via studentondersteuning en zorgoverleg naar het College van Bestuur: "
        "wanneer je opschaalt en wat je op elke trede doet.",
        "From signal through student support and the care meeting to the Executive Board: "
        "when you scale up and what you do at each rung.",
    ),
    (
        "afwegingskader-1", C.PROCESS, False,
        "Afwegingskader 1: hoe veilig is het?",
        "Weighing framework 1: how safe is it?",
        "De veiligheid van de student zelf, van anderen en van de omgeving, elk met een "
        "niveau en een onderbouwing.",
        "The safety of the student, of others and of the environment, each with a level and "
        "a reasoning.",
    ),
    (
        "delen-met-derden", C.SHARING, True,
        "Delen met derden en afwegingskader 2",
        "Sharing with third parties and weighing framework 2",
        "Wat je kunt, mag en moet delen, en de drie vragen die beantwoord moeten zijn voordat "
        "informatie naar een externe partij gaat.",
        "What you can, may and must share, and the three questions to answer before "
        "information goes to an external party.",
    ),
    (
        "toestemming", C.SHARING, False,
        "Toestemming van de student",
        "The student's consent",
        "Vrij, specifiek, geïnformeerd en ondubbelzinnig: zo vraag je toestemming en leg je "
        "die vast.",
        "Freely given, specific, informed and unambiguous: how to ask for consent and record it.",
    ),
    (
        "delen-zonder-toestemming", C.SHARING, False,
        "Delen zonder toestemming: vitaal belang en conflict van plichten",
        "Sharing without consent: vital interest and conflict of duties",
        "De twee uitzonderingen waarop informatie zonder toestemming gedeeld kan worden, en "
        "de voorwaarden die daarbij horen.",
        "The two exceptions under which information may be shared without consent, and the "
        "conditions that come with them.",
    ),
    (
        "wat-hoort-de-melder-terug", C.PROCESS, True,
        "Je hebt een zorg gemeld: wat hoor je terug?",
        "You reported a concern: what will you hear back?",
        "Je ziet de status van je melding, niet de inhoud. Waarom, en wat je zelf kunt doen.",
        "You see the status of your report, not its content. Why, and what you can do yourself.",
    ),
    (
        "wanneer-112-bellen", C.PROCESS, True,
        "Wanneer bel je 112?",
        "When do you call 112?",
        "Bij direct gevaar bel je 112, zonder op iemand te wachten. En wat je daarna doet.",
        "In immediate danger you call 112, without waiting for anyone. And what you do next.",
    ),
    (
        "signalen", C.SIGNALS, True,
        "Signalen van zorgwekkend gedrag",
        "Signals of concerning behaviour",
        "Waar je op let, hoe je signalen weegt en hoe je ze feitelijk beschrijft.",
        "What to look out for, how to weigh signals and how to describe them factually.",
    ),
    (
        "ondersteuning-binnen-de-hogeschool", C.SUPPORT, True,
        "Ondersteuning binnen de hogeschool",
        "Support within the institution",
        "Studentbegeleiders, studentpsychologen, vertrouwenspersonen en meer: wie doet wat.",
        "Student counsellors, student psychologists, confidential advisers and more: who does "
        "what.",
    ),
    (
        "gesprek-met-de-student", C.TIPS, True,
        "Tips voor een gesprek met de student",
        "Tips for a conversation with the student",
        "Hoe je je zorg bespreekt: beginnen bij wat je zag, open vragen, geen geheimhouding "
        "beloven en warm doorverwijzen.",
        "How to discuss your concern: start from what you saw, ask open questions, promise no "
        "secrecy and hand over warmly.",
    ),
    (
        "suicidale-uitingen", C.TIPS, False,
        "Als een student over zelfdoding praat",
        "When a student talks about suicide",
        "Vraag ernaar, schat het gevaar in en help de student op weg naar hulp.",
        "Ask about it, assess the danger and help the student towards support.",
    ),
    (
        "agressie-en-dreiging", C.TIPS, False,
        "Agressie en dreiging",
        "Aggression and threats",
        "Je eigen veiligheid eerst, hulp halen en daarna feitelijk vastleggen en melden.",
        "Your own safety first, getting help, then recording the facts and reporting.",
    ),
    (
        "multidisciplinair-zorgoverleg", C.PROCESS, False,
        "Het multidisciplinair zorgoverleg",
        "The multidisciplinary care meeting",
        "Wie erin zitten, wat het overleg doet en hoe casussen er vertrouwelijk worden besproken.",
        "Who takes part, what the meeting does and how cases are discussed there in confidence.",
    ),
]  # fmt: skip

K, T = Partner.Kind, Partner.Type

# name, kind, type, contact person, phone, website, when to involve (nl, en)
PARTNERS = [
    (
        "Decanaat", K.INTERNAL, T.DEANERY,
        "[vul in: naam of functie]", "[vul in: telefoonnummer decanaat]", "",
        "Bij elke zorg over het welzijn van een student: de studentbegeleiders pakken meldingen "
        "op, spreken met de student en verwijzen door. Ook voor advies over hoe je een student "
        "benadert.",
        "For any concern about a student's well-being: the student counsellors pick up reports, "
        "talk with the student and refer them on. Also for advice on how to approach a student.",
    ),
    (
        "Studentpsychologen", K.INTERNAL, T.STUDENT_PSYCHOLOGIST,
        "[vul in: naam of functie]", "[vul in: telefoonnummer studentpsychologen]", "",
        "Bij psychische klachten zoals somberheid, angst of stress. De student kan zelf een "
        "afspraak maken; verwijs warm door, bijvoorbeeld door samen te mailen.",
        "For mental-health problems such as low mood, anxiety or stress. Students can make an "
        "appointment themselves; hand over warmly, for example by e-mailing together.",
    ),
    (
        "Vertrouwenspersonen", K.INTERNAL, T.CONFIDENTIAL_ADVISER,
        "[vul in: naam of functie]", "[vul in: telefoonnummer vertrouwenspersonen]", "",
        "Bij ongewenst gedrag zoals intimidatie, discriminatie, seksuele grensoverschrijding of "
        "stalking, voor studenten en medewerkers. Luistert vertrouwelijk.",
        "For undesirable behaviour such as intimidation, discrimination, sexual misconduct or "
        "stalking, for students and staff. Listens in confidence.",
    ),
    (
        "Juridische zaken", K.INTERNAL, T.LEGAL_AFFAIRS,
        "[vul in: naam of functie]", "[vul in: telefoonnummer juridische zaken]", "",
        "Bij vragen over wat je mag of moet delen, over aangifte, en bij een verzoek om "
        "informatie van een externe partij.",
        "For questions about what you may or must share, about filing a police report, and when "
        "an external party asks for information.",
    ),
    (
        "Functionaris gegevensbescherming", K.INTERNAL, T.OTHER,
        "[vul in: naam]", "[vul in: telefoonnummer FG]", "",
        "Bij twijfel over privacy: welke grond past bij het delen van gegevens, en hoe je zo "
        "weinig mogelijk deelt.",
        "When in doubt about privacy: which ground fits sharing data, and how to share as little "
        "as possible.",
    ),
    (
        "Beveiliging", K.INTERNAL, T.SECURITY,
        "[vul in: meldkamer of receptie per locatie]", "[vul in: intern alarmnummer beveiliging]",
        "",
        "Bij dreiging, agressie of een onveilige situatie op een locatie van de hogeschool. "
        "Bij direct gevaar bel je ook 112.",
        "For threats, aggression or an unsafe situation on one of the institution's sites. In "
        "immediate danger you also call 112.",
    ),
    (
        "Politie – basisteam [vul in: regio]", K.EXTERNAL, T.POLICE,
        "[vul in: wijkagent of contactpersoon]", "[vul in: telefoonnummer contactpersoon]", "",
        "Bij direct gevaar of een strafbaar feit: bel 112. Voor overleg over dreiging of "
        "veiligheid loopt het contact via de veiligheidscoördinator.",
        "In immediate danger or a criminal offence: call 112. Consultation about threats or "
        "safety goes through the safety coordinator.",
    ),
    (
        "GGZ-crisisdienst [vul in: regio]", K.EXTERNAL, T.GGZ_CRISIS,
        "", "[vul in: telefoonnummer crisisdienst GGZ regio]", "",
        "Bij een acute psychische crisis. De crisisdienst wordt meestal ingeschakeld via de "
        "huisarts of de huisartsenpost; bij direct gevaar bel je 112.",
        "In an acute mental-health crisis. The crisis service is usually called in through the "
        "GP or the out-of-hours GP service; in immediate danger you call 112.",
    ),
    (
        "GGD [vul in: regio]", K.EXTERNAL, T.GGD,
        "", "[vul in: telefoonnummer GGD]", "",
        "Voor advies over publieke gezondheid, zoals infectieziekten, en voor de meldpunten "
        "bij zorgen over iemand die verward is of vereenzaamt (verschilt per regio).",
        "For advice on public health, such as infectious diseases, and for the regional "
        "reporting points for concerns about someone who is confused or isolated (varies by "
        "region).",
    ),
    (
        "Huisartsenpost [vul in: regio]", K.EXTERNAL, T.GENERAL_PRACTITIONER,
        "", "[vul in: telefoonnummer huisartsenpost regio]", "",
        "De student gaat bij voorkeur naar de eigen huisarts. Buiten kantoortijd, bij dringende "
        "klachten die niet tot de volgende werkdag kunnen wachten: de huisartsenpost.",
        "Students preferably go to their own GP. Outside office hours, for urgent problems that "
        "cannot wait until the next working day: the out-of-hours GP service.",
    ),
    (
        "Gemeente [vul in: naam] – sociaal wijkteam", K.EXTERNAL, T.MUNICIPALITY,
        "[vul in: contactpersoon]", "[vul in: telefoonnummer gemeente]", "",
        "Bij problemen met wonen, geld of schulden, en voor ondersteuning vanuit de Wmo.",
        "For problems with housing, money or debts, and for support under the Social Support "
        "Act (Wmo).",
    ),
    (
        "Veilig Thuis", K.EXTERNAL, T.VEILIG_THUIS,
        "", "0800-2000", "https://veiligthuis.nl",
        "Bij vermoedens van huiselijk geweld, kindermishandeling of ouderenmishandeling: voor "
        "advies (ook zonder namen te noemen) of een melding. Dag en nacht bereikbaar, gratis.",
        "For suspected domestic violence, child abuse or elder abuse: for advice (also without "
        "naming anyone) or a report. Available day and night, free of charge.",
    ),
    (
        "113 Zelfmoordpreventie", K.EXTERNAL, T.OTHER,
        "", "113 of 0800-0113", "https://www.113.nl",
        "Bij gedachten aan zelfdoding: de student kan dag en nacht anoniem bellen of chatten. "
        "Ook voor advies aan jou als je je zorgen maakt over iemand.",
        "For thoughts of suicide: the student can call or chat anonymously, day and night. Also "
        "for advice to you when you are worried about someone.",
    ),
    (
        "Zorg- en Veiligheidshuis [vul in: regio]", K.EXTERNAL, T.ZORG_EN_VEILIGHEIDSHUIS,
        "[vul in: contactpersoon]", "[vul in: telefoonnummer]", "",
        "Bij complexe situaties waarin zorg en veiligheid samenkomen, zoals ernstige dreiging of "
        "radicalisering. Alleen via de veiligheidscoördinator, na een besluit over delen.",
        "For complex situations where care and safety meet, such as serious threats or "
        "radicalisation. Only through the safety coordinator, after a decision on sharing.",
    ),
    (
        "Inspectie van het Onderwijs", K.EXTERNAL, T.INSPECTORATE,
        "[vul in: vertrouwensinspecteurs]", "[vul in: telefoonnummer vertrouwensinspecteurs]",
        "https://www.onderwijsinspectie.nl",
        "De vertrouwensinspecteurs adviseren bij seksuele intimidatie, discriminatie, "
        "radicalisering en geweld in het onderwijs. Contact loopt via juridische zaken of de "
        "veiligheidscoördinator.",
        "The confidential inspectors advise on sexual harassment, discrimination, "
        "radicalisation and violence in education. Contact goes through legal affairs or the "
        "safety coordinator.",
    ),
]  # fmt: skip

# partner name, agreement name, starts (days from today), ends (days from today or None), notes
AGREEMENTS = [
    (
        "Politie – basisteam [vul in: regio]",
        "Convenant veiligheid hogeschool en politie",
        -3 * 365 + 45,
        45,
        "Afspraken over contactpersonen, informatie-uitwisseling en de rol van de "
        "veiligheidscoördinator. Loopt binnenkort af: verlenging bespreken.",
    ),
    (
        "Zorg- en Veiligheidshuis [vul in: regio]",
        "Convenant Zorg- en Veiligheidshuis",
        -2 * 365,
        None,
        "Deelname aan het casusoverleg bij complexe casussen; voor onbepaalde tijd.",
    ),
    (
        "GGZ-crisisdienst [vul in: regio]",
        "Samenwerkingsafspraken acute psychiatrie",
        -365,
        2 * 365,
        "Bereikbaarheid, terugkoppeling na een crisis (met toestemming van de student).",
    ),
]


def _article_text(slug, language):
    return (CONTENT / f"{slug}.{language}.md").read_text(encoding="utf-8").strip()


def _seed_articles(acting_user):
    created = 0
    for slug, category, featured, title_nl, title_en, summary_nl, summary_en in ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(
            slug=slug,
            category=category,
            is_featured=featured,
            title_nl=title_nl,
            title_en=title_en,
            summary_nl=summary_nl,
            summary_en=summary_en,
            body_nl=_article_text(slug, "nl"),
            body_en=_article_text(slug, "en"),
            author=acting_user,
        )
        save_with_history(article, acting_user=acting_user, reason=REASON)
        created += 1
    return created


def _seed_partners(acting_user):
    for name, kind, partner_type, contact, phone, website, when_nl, when_en in PARTNERS:
        if Partner.objects.filter(name=name).exists():
            continue
        partner = Partner(
            name=name,
            kind=kind,
            partner_type=partner_type,
            contact_person=contact,
            phone=phone,
            website=website,
            when_to_involve_nl=when_nl,
            when_to_involve_en=when_en,
        )
        save_with_history(partner, acting_user=acting_user, reason=REASON)


def _seed_agreements(acting_user):
    today = timezone.localdate()
    for partner_name, name, starts, ends, notes in AGREEMENTS:
        partner = Partner.objects.filter(name=partner_name).first()
        if partner is None or partner.agreements.filter(name=name).exists():
            continue
        agreement = Agreement(
            partner=partner,
            name=name,
            starts_on=today + datetime.timedelta(days=starts),
            ends_on=today + datetime.timedelta(days=ends) if ends is not None else None,
            notes=notes,
        )
        save_with_history(agreement, acting_user=acting_user, reason=REASON)


def seed_network(*, acting_user):
    """Load the starter articles, partners and agreements; returns how many articles are new."""
    created = _seed_articles(acting_user)
    _seed_partners(acting_user)
    _seed_agreements(acting_user)
    return created

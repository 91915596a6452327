"""Demo training data: a course of each kind, past and upcoming sessions, a full session with a
waitlist, certificates over three cascade generations and an open team request with its intake.

Everything goes through `training.services`, so history, qualifications, roles and certificates
are real. It uses the demo accounts (demo.people) and, when they exist, the reporting teachers
docent1..docent5 (demo.cases). Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from network.models import Article
from training import services
from training.models import Course, CourseKind, Enrolment

REASON = "Demogegevens geladen"
PRESENT, NO_SHOW = Enrolment.Attendance.PRESENT, Enrolment.Attendance.NO_SHOW

BASIC = "Basiskennis zorgwekkend gedrag"
ACTION = "Handelingsperspectief: het zorgvuldig proces"
TTT = "Train-de-trainer zorgwekkend gedrag"
DIALOGUE = "Dialoogsessie: samen over zorgen"

COURSES = [
    # (title, kind, minutes, validity months, article slugs, description, learning goals)
    (
        BASIC,
        CourseKind.BASIC_KNOWLEDGE,
        180,
        24,
        ["signalen-herkennen", "delen-met-derden"],
        "Voor docenten, mentoren en studieloopbaanbegeleiders: signalen van zorgwekkend gedrag "
        "herkennen, weten welke ondersteuning er is, en wat je kunt, mag en moet delen.",
        "Je herkent signalen van zorgwekkend gedrag.\nJe weet welke ondersteuning er binnen en "
        "buiten de hogeschool is.\nJe weet wat je kunt, mag en moet delen, en met wie.",
    ),
    (
        ACTION,
        CourseKind.ACTION_PERSPECTIVE,
        240,
        24,
        ["zorgvuldig-proces", "afwegingskader-1"],
        "Voor studentendecanen en studentbegeleiders: het zorgvuldig proces met de "
        "escalatieladder, de juridische kant en de multidisciplinaire aanpak.",
        "Je doorloopt het zorgvuldig proces en weet wanneer je opschaalt.\nJe vult "
        "afwegingskader 1 en 2 in.\nJe organiseert een multidisciplinair zorgoverleg.",
    ),
    (
        TTT,
        CourseKind.TRAIN_THE_TRAINER,
        480,
        36,
        [],
        "Word zelf trainer: geef de training basiskennis en handelingsperspectief aan je "
        "collega's, zodat de kennis zich als een olievlek verspreidt.",
        "Je geeft de training basiskennis en handelingsperspectief.\nJe houdt een intake met "
        "een team en stemt de training daarop af.",
    ),
    (
        DIALOGUE,
        CourseKind.DIALOGUE,
        120,
        12,
        [],
        "Een open gesprek tussen medewerkers en studenten over zorgen, veiligheid en hoe je "
        "elkaar aanspreekt.",
        "Je hoort hoe studenten zorg en steun ervaren.\nJe oefent met het bespreken van een zorg.",
    ),
]


def _people(*usernames):
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [found[name] for name in usernames if name in found]


def _at(days, hour=9, minute=30):
    """A local time `days` from today (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


def _seed_courses(coordinator):
    courses = {}
    for title, kind, minutes, months, slugs, description, goals in COURSES:
        data = {
            "title": title,
            "kind": kind,
            "description": description,
            "learning_goals": goals,
            "duration_minutes": minutes,
            "validity_months": months,
            "is_active": True,
            "articles": list(Article.objects.filter(slug__in=slugs)),
        }
        courses[title] = services.create_course(data=data, reason=REASON, acting_user=coordinator)
    ttt = courses[TTT]
    services.update_course(
        ttt,
        data={"qualifies_for": [courses[BASIC], courses[ACTION]]},
        reason=REASON,
        acting_user=coordinator,
    )
    return courses


def _session(course, *, coordinator, trainers, days, capacity, hours=3, online=False, opened=True):
    starts = _at(days)
    data = {
        "trainers": trainers,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "enrolment_deadline": starts - datetime.timedelta(days=1),
        "capacity": capacity,
        "location": "" if online else "Gebouw D, lokaal D0.12",
        "online_url": "https://video.hogeschool.example/training" if online else "",
        "notes": "",
    }
    return services.schedule_session(
        course, data=data, open_enrolment=opened, reason=REASON, acting_user=coordinator
    )


def _held(course, *, coordinator, trainers, days, attendance):
    """A past session: people enrolled before the deadline, attendance recorded after it."""
    session = _session(course, coordinator=coordinator, trainers=trainers, days=days, capacity=16)
    before = session.enrolment_deadline - datetime.timedelta(days=7)
    for person, _mark in attendance:
        services.enrol(session, participant=person, acting_user=person, now=before)
    wanted = {person.pk: mark for person, mark in attendance}
    marks = {e.pk: wanted[e.participant_id] for e in session.enrolments.all()}
    after = session.ends_at + datetime.timedelta(hours=1)
    services.record_attendance(session, marks=marks, acting_user=trainers[0], now=after)
    return session


def seed_training(*, acting_user):
    """Load the training demo once; returns the number of sessions made (0 when already there)."""
    if Course.objects.filter(title=BASIC).exists():
        return 0
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator, first_trainer = people.get("coordinator"), people.get("trainer")
    if coordinator is None or first_trainer is None:
        return 0
    with transaction.atomic():
        return _seed(coordinator, first_trainer, people)


def _seed(coordinator, trainer, people):
    courses = _seed_courses(coordinator)
    for course in courses.values():
        services.grant_first_generation(
            course, trainer=trainer, reason="Eerste trainer", acting_user=coordinator
        )
    get = people.get
    sessions = []
    # Generation 2: the first trainer trains a counsellor and a care-team member as trainers.
    gen2 = [p for p in (get("counsellor"), get("careteam")) if p]
    sessions.append(
        _held(courses[TTT], coordinator=coordinator, trainers=[trainer], days=-300,
              attendance=[(p, PRESENT) for p in gen2])
    )  # fmt: skip
    # Generation 3: the counsellor, now a trainer, trains the second counsellor.
    if get("counsellor") and get("counsellor2"):
        sessions.append(
            _held(courses[TTT], coordinator=coordinator, trainers=[get("counsellor")], days=-120,
                  attendance=[(get("counsellor2"), PRESENT)])
        )  # fmt: skip
    first_line = [(p, PRESENT) for p in _people("docent1", "docent2", "reporter")]
    first_line += [(p, NO_SHOW) for p in _people("docent3")]
    if first_line:
        sessions.append(
            _held(courses[BASIC], coordinator=coordinator, trainers=[trainer], days=-200,
                  attendance=first_line)
        )  # fmt: skip
    later = [(p, PRESENT) for p in _people("docent3", "docent4")]
    if later and get("counsellor2"):
        sessions.append(
            _held(courses[BASIC], coordinator=coordinator, trainers=[get("counsellor2")],
                  days=-60, attendance=later)
        )  # fmt: skip
    support = [(p, PRESENT) for p in _people("counsellor", "dean")]
    sessions.append(
        _held(courses[ACTION], coordinator=coordinator, trainers=[trainer], days=-90,
              attendance=support)
    )  # fmt: skip
    sessions += _upcoming(courses, coordinator, trainer, get)
    _team_request(courses, coordinator, trainer, get)
    return len(sessions)


def _upcoming(courses, coordinator, trainer, get):
    full = _session(
        courses[BASIC], coordinator=coordinator, trainers=[trainer], days=14, capacity=3
    )
    for person in _people("docent5", "dean", "board", "contact", "privacy"):
        services.enrol(full, participant=person, acting_user=person)  # the last two wait
    action = _session(
        courses[ACTION], coordinator=coordinator, trainers=[trainer], days=21, capacity=12
    )
    for person in _people("counsellor2"):
        services.enrol(action, participant=person, acting_user=person)
    dialogue = _session(
        courses[DIALOGUE], coordinator=coordinator, trainers=[trainer], days=30, capacity=40,
        hours=2, online=True,
    )  # fmt: skip
    ttt = _session(
        courses[TTT], coordinator=coordinator, trainers=[trainer], days=45, capacity=8, hours=8,
        opened=False,
    )  # fmt: skip
    return [full, action, dialogue, ttt]


def _team_request(courses, coordinator, trainer, get):
    requester = get("docent3") or get("reporter")
    if requester is None:
        return None
    team_request = services.request_team_training(
        data={
            "team_name": "Docententeam jaar 1 HBO-ICT",
            "unit": requester.units.first(),
            "team_size": 14,
            "course_kind": CourseKind.BASIC_KNOWLEDGE,
            "question": "We merken dat eerstejaars vaker vastlopen en zien signalen in de "
            "groepsapp en op Discord. Hoe herken je wat zorgwekkend is en wat doe je dan?",
            "preferred_period": "Studiedag in blok 3",
        },
        acting_user=requester,
    )
    services.assign_intake(
        team_request, trainer=trainer, reason="Trainer van de faculteit", acting_user=coordinator
    )
    services.record_intake(
        team_request,
        data={
            "held_on": timezone.localdate() - datetime.timedelta(days=3),
            "team_context": "Veertien docenten en twee studieloopbaanbegeleiders van jaar 1.",
            "concern_kinds": "Terugtrekken uit de groep, dreigende taal online, zorgen over "
            "middelengebruik bij projectweken.",
            "learning_needs": "Signalen online duiden; wanneer bel je de decaan; wat mag je "
            "delen met ouders.",
            "constraints": "Op een studiedag, 's middags, op locatie.",
            "recommended_course": courses[BASIC],
        },
        acting_user=trainer,
    )
    return team_request

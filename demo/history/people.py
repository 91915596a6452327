"""The people of the demo history: staff per faculty (teachers who report, a counsellor each),
the students the history's cases are about, and the basic-knowledge training the staff took.

Staff and students are made the way `demo.people` and `demo.cases` make theirs (saved one by
one with history, by the system user); the training goes through `training.services`, as the
coordinator, the trainers and the participants themselves would do it.
"""

import datetime
import random

from accounts.models import User
from accounts.roles import RoleCode
from accounts.services import set_user_roles, set_user_units
from cases.models import Student
from core.history import save_with_history
from demo.cases import FEMALE_NAMES, LAST_NAMES, MALE_NAMES
from demo.history.replay import day_of, local, working_day
from demo.history.texts import SESSION_PLACES
from demo.people import REASON
from demo.training import BASIC
from training import services as training
from training.models import Course, Enrolment

# fmt: off
STAFF = [
    # (username, first name, last name, unit code, role, takes the basic training: None = not
    #  yet, or the number of the faculty's session they attend). Sessions 0 and 1 lie more than a
    #  quarter back, so the previous quarter's coverage has at least five on either side too.
    ("begeleider.fgw", "Hanneke", "Veenstra", "FGW", RoleCode.COUNSELLOR, None),
    ("fgw.docent6", "Sandra", "Wijnands", "FGW-VPK", RoleCode.REPORTER, 0),
    ("fgw.docent7", "Bas", "Hoekstra", "FGW-VPK", RoleCode.REPORTER, 0),
    ("fgw.docent8", "Mirjam", "Koenen", "FGW-VPK", RoleCode.REPORTER, 1),
    ("fgw.docent9", "Joost", "Pauwels", "FGW-VPK", RoleCode.REPORTER, None),
    ("fgw.docent10", "Anouk", "Brinkman", "FGW-SW", RoleCode.REPORTER, 1),
    ("fgw.docent11", "Ruud", "Meulenbelt", "FGW-SW", RoleCode.REPORTER, 2),
    ("fgw.docent12", "Petra", "Hazenberg", "FGW-SW", RoleCode.REPORTER, 2),
    ("fgw.docent13", "Wouter", "Stam", "FGW-SW", RoleCode.REPORTER, None),
    ("fgw.docent14", "Ellen", "Verschuren", "FGW-VPK", RoleCode.REPORTER, 1),
    ("begeleider.iti", "Michiel", "Vos", "ITI", RoleCode.COUNSELLOR, None),
    ("iti.docent6", "Karin", "Bleeker", "ITI-ICT", RoleCode.REPORTER, 0),
    ("iti.docent7", "Arjen", "Slot", "ITI-ICT", RoleCode.REPORTER, 0),
    ("iti.docent8", "Yvonne", "Rutten", "ITI-ICT", RoleCode.REPORTER, 1),
    ("iti.docent9", "Hakan", "Demir", "ITI-ICT", RoleCode.REPORTER, 1),
    ("iti.docent10", "Frank", "Lubbers", "ITI-WTB", RoleCode.REPORTER, 2),
    ("iti.docent11", "Monique", "Arts", "ITI-WTB", RoleCode.REPORTER, 2),
    ("iti.docent12", "Erik", "Bosschaart", "ITI-WTB", RoleCode.REPORTER, None),
    ("iti.docent13", "Linda", "Oosterhuis", "ITI-WTB", RoleCode.REPORTER, None),
    ("iti.docent14", "Dennis", "Kortekaas", "ITI-ICT", RoleCode.REPORTER, 1),
    ("begeleider.fbe", "Saskia", "Hermans", "FBE", RoleCode.COUNSELLOR, None),
    ("fbe.docent6", "Robert", "van Leeuwen", "FBE-BK", RoleCode.REPORTER, 0),
    ("fbe.docent7", "Nadia", "Amrani", "FBE-BK", RoleCode.REPORTER, 0),
    ("fbe.docent8", "Harm", "Groenewoud", "FBE-BK", RoleCode.REPORTER, 1),
    ("fbe.docent9", "Ilona", "Terpstra", "FBE-BK", RoleCode.REPORTER, 1),
    ("fbe.docent10", "Vincent", "de Lange", "FBE-BK", RoleCode.REPORTER, 1),
    ("fbe.docent11", "Marieke", "Hulshof", "FBE-BK", RoleCode.REPORTER, 2),
    ("fbe.docent12", "Tom", "Willemsen", "FBE-BK", RoleCode.REPORTER, 2),
    ("fbe.docent13", "Bianca", "Roelofs", "FBE-BK", RoleCode.REPORTER, None),
    ("fbe.docent14", "Jeroen", "Klaassen", "FBE-BK", RoleCode.REPORTER, None),
]
# fmt: on
HISTORY_USERNAMES = [row[0] for row in STAFF]

# The faculty's basic-knowledge sessions: days before today, and who trains (a trainer of the
# first generation early in the year; counsellors who became trainers later, after that).
SESSIONS = {
    "FGW": [(290, "trainer"), (150, "careteam"), (45, "counsellor")],
    "ITI": [(270, "trainer"), (110, "counsellor2"), (38, "trainer")],
    "FBE": [(250, "trainer"), (95, "counsellor2"), (30, "counsellor2")],
}
STUDENTS_PER_PROGRAMME = 40  # half of them per gender; a few students are reported twice


def seed_staff(units, *, acting_user):
    """The history's staff, each with one role and unit; they do not log in (no password)."""
    people = {}
    for username, first_name, last_name, unit_code, role, _session in STAFF:
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@hogeschool.example",
        )
        user.set_unusable_password()
        save_with_history(user, acting_user=acting_user, reason=REASON)
        unit = units[unit_code]
        programmes = list(unit.children.all()) if unit.parent_id is None else [unit]
        set_user_units(user, units=programmes, acting_user=acting_user, reason=REASON)
        set_user_roles(user, codes=[role], acting_user=acting_user, reason=REASON)
        people[username] = user
    return people


def seed_students(units, programmes, *, acting_user):
    """New students per programme and gender (numbers apart from `demo.cases`'s)."""
    rng = random.Random(4711)  # noqa: S311 — demo names, not secrets
    count = len(programmes) * STUDENTS_PER_PROGRAMME
    numbers = rng.sample(range(4_300_000, 4_400_000), count)
    students = {}
    for i, code in enumerate(programmes):
        for j in range(STUDENTS_PER_PROGRAMME):
            gender = "m" if j % 2 == 0 else "v"
            student = Student(
                student_number=str(numbers[i * STUDENTS_PER_PROGRAMME + j]),
                first_name=rng.choice(MALE_NAMES if gender == "m" else FEMALE_NAMES),
                last_name=rng.choice(LAST_NAMES),
                programme=units[code],
            )
            save_with_history(student, acting_user=acting_user, reason=REASON)
            students.setdefault((code, gender), []).append(student)
    return students


def plan_training(replay, users, staff):
    """Basic-knowledge sessions per faculty over the year: the coordinator schedules them four
    weeks ahead, staff enrol themselves, the trainer records attendance afterwards (one no-show
    per session)."""
    course = Course.objects.filter(title=BASIC).first()
    if course is None:
        raise LookupError("The training demo's basic-knowledge course is missing")
    for faculty, sessions in SESSIONS.items():
        ours = [row for row in STAFF if row[3].startswith(faculty)]
        not_yet = [staff[row[0]] for row in ours if row[5] is None]
        for number, (days_ago, trainer) in enumerate(sessions):
            attendees = [staff[row[0]] for row in ours if row[5] == number]
            people = [*attendees, not_yet[number % len(not_yet)]]
            day = working_day(replay.today - datetime.timedelta(days=days_ago))
            starts = local(day, 13, 30)
            scheduled = starts - datetime.timedelta(days=28)
            replay.plan(
                scheduled,
                _schedule_session,
                replay,
                course,
                faculty,
                starts,
                users,
                users[trainer],
                people,
            )


def _schedule_session(replay, course, faculty, starts, users, trainer, people):
    data = {
        "trainers": [trainer],
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "enrolment_deadline": starts - datetime.timedelta(days=2),
        "capacity": 16,
        "location": SESSION_PLACES[faculty],
        "online_url": "",
        "notes": "",
    }
    session = training.schedule_session(
        course, data=data, open_enrolment=True, reason=REASON, acting_user=users["coordinator"]
    )
    for offset, person in enumerate(people):
        enrolled = replay.office_hours(day_of(starts) - datetime.timedelta(days=20 - 2 * offset))
        replay.plan(enrolled, _enrol, session, person)
    no_show = people[-1]
    replay.plan(
        session.ends_at + datetime.timedelta(minutes=40), _record_attendance, session, trainer,
        no_show,
    )  # fmt: skip


def _enrol(session, person):
    training.enrol(session, participant=person, acting_user=person)


def _record_attendance(session, trainer, no_show):
    present, absent = Enrolment.Attendance.PRESENT, Enrolment.Attendance.NO_SHOW
    marks = {
        enrolment.pk: absent if enrolment.participant_id == no_show.pk else present
        for enrolment in session.enrolments.all()
    }
    training.record_attendance(session, marks=marks, acting_user=trainer)

"""Generating the load data: units, staff with roles, students, cases with their teams,
timelines, ladder steps, history and permission rows, and a training programme."""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import OrganisationUnit, Role, User
from accounts.roles import RoleCode
from accounts.services import ensure_roles, get_system_user
from cases.models import (
    Case,
    CaseReferenceCounter,
    CaseUserObjectPermission,
    ConcernCategory,
    Rung,
    Student,
    TimelineEntry,
)
from escalation.models import CareMeetingDecision, EscalationRequest, Framework1, RungTransition
from loadgen.writer import FLUSH_ROWS, Writer
from training.models import (
    Certificate,
    Course,
    CourseKind,
    Enrolment,
    Session,
    SessionStatus,
    TrainerQualification,
)

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Tier:
    faculties: int
    programmes_per_faculty: int
    students: int
    staff: int
    cases: int
    years: int
    timeline_per_case: float  # on average, for handled cases
    sessions: int


TIERS = {
    "S": Tier(4, 5, 4_000, 400, 1_000, 2, 4.0, 40),
    "L": Tier(8, 8, 40_000, 4_000, 10_000, 3, 4.5, 300),
    "N": Tier(250, 8, 1_000_000, 100_000, 1_000_000, 5, 4.5, 5_000),
}

# The accounts the benchmark logs in as (password: the command's --password).
BENCH_ACCOUNTS = {
    "load-reporter": [RoleCode.REPORTER],
    "load-counsellor": [RoleCode.REPORTER, RoleCode.COUNSELLOR],
    "load-dean": [RoleCode.REPORTER, RoleCode.DEAN],
    "load-board": [RoleCode.REPORTER, RoleCode.BOARD],
    "load-contact": [RoleCode.REPORTER, RoleCode.CONTACT_OFFICER],
    "load-careteam": [RoleCode.REPORTER, RoleCode.CARE_TEAM],
    "load-trainer": [RoleCode.REPORTER, RoleCode.TRAINER],
    "load-coordinator": [RoleCode.REPORTER, RoleCode.TRAINING_COORDINATOR],
    "load-privacy": [RoleCode.REPORTER, RoleCode.PRIVACY_OFFICER],
    "load-admin": [RoleCode.FUNCTIONAL_ADMIN],
}
ENROLMENT_SESSION_NOTE = "Loadtest: inschrijven onder gelijktijdigheid"

FIRST_NAMES = (  # noqa: SIM905  a readable line of names
    "Noor Sem Emma Daan Julia Lucas Mila Levi Tess Finn Sara Milan Zoë Bram Anna Luuk Eva Thijs "
    "Lotte Jesse Fleur Ruben Isa Stijn Yara Mohamed Fatima Ayoub Sanne Niels Iris Tim Roos Koen"
).split()
LAST_NAMES = (  # noqa: SIM905
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|El Amrani|Yilmaz|Öztürk"
).split("|")
SIGNALS = (
    "Student oogt somber en trekt zich terug in de les.",
    "Student maakte uitspraken over geen zin meer hebben.",
    "Dreigende taal naar een medestudent in de groepsapp.",
    "Student verscheen meermaals onder invloed op stage.",
    "Verward gedrag tijdens het tentamen; praat tegen zichzelf.",
    "Zorgen van medestudenten over sterk gewichtsverlies.",
    "Student volgt een docent na de les en stuurt veel berichten.",
)
PLACES = ("Lokaal B2.14", "Stage", "Online les", "Kantine", "Bibliotheek", "")
SUMMARIES = {
    TimelineEntry.Kind.CONVERSATION: "Gesprek gevoerd over hoe het gaat; student herkent de zorg.",
    TimelineEntry.Kind.CONSULTATION: "Casus besproken met een collega-begeleider.",
    TimelineEntry.Kind.NOTE: "Afspraak gemaakt voor een vervolggesprek.",
    TimelineEntry.Kind.INTERNAL_SERVICE: "Contact met de studentpsycholoog over een intake.",
    TimelineEntry.Kind.REFERRAL: "Verwezen naar de huisarts.",
}
TIMELINE_KINDS = list(SUMMARIES)
OUTCOMES = ("taken_away", "referred", "student_left", "no_further_action")


def _pseudonym(index):
    # A bijection on 32**6 numbers: unique pseudonyms without a lookup.
    value = (index * 387_420_489 + 7_654_321) % 32**6
    chars = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        chars.append(PSEUDONYM_ALPHABET[digit])
    return "ST-" + "".join(chars)


class Builder:
    """One run: a seeded random source, a writer, and what later rows point at."""

    def __init__(self, tier, *, seed, anchor, password, log):
        self.tier = tier
        self.rng = random.Random(seed)  # noqa: S311  load data, not secrets
        self.now = datetime.datetime.combine(anchor, datetime.time(12, 0), tzinfo=UTC)
        self.start = self.now - datetime.timedelta(days=365 * tier.years)
        self.password_hash = make_password(password)
        self.log = log
        self.writer = Writer()
        self.counts = {}

    # --- Set-up: what exists before data (roles, categories, permissions, the system user) --

    def prepare(self):
        ensure_roles()
        self.system = get_system_user()
        self.groups = {r.code: r.group_id for r in Role.objects.all()}
        self.categories = list(
            ConcernCategory.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        perms = Permission.objects.filter(
            content_type__app_label="cases", content_type__model="case"
        )
        self.perm = {p.codename: p.pk for p in perms}
        w = self.writer
        user_fields = [
            "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
            "is_active", "date_joined", "employee_number", "language", "is_system",
        ]  # fmt: skip
        hist = [
            "history_id",
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        ]
        self.t = {}
        self.t["unit"] = w.declare(
            OrganisationUnit, ["id", "code", "name", "kind", "parent_id", "is_active"]
        )
        self.t["hunit"] = w.declare(
            OrganisationUnit.history.model,
            ["id", "code", "name", "kind", "parent_id", "is_active", *hist],
        )
        self.t["user"] = w.declare(User, ["id", "password", *user_fields])
        self.t["huser"] = w.declare(User.history.model, ["id", *user_fields, *hist])
        self.t["groups"] = w.declare(User.groups.through, ["id", "user_id", "group_id"])
        self.t["units"] = w.declare(User.units.through, ["id", "user_id", "organisationunit_id"])
        student = [
            "id",
            "student_number",
            "first_name",
            "last_name",
            "programme_id",
            "pseudonym",
            "is_active",
        ]
        self.t["student"] = w.declare(Student, student)
        self.t["hstudent"] = w.declare(Student.history.model, [*student, *hist])
        case = [
            "id", "reference", "student_id", "student_description", "unit_id", "reporter_id",
            "handler_id", "signals_what", "signals_when", "signals_where", "urgency",
            "discussed_with_student", "consulted_colleague", "rung", "next_review", "created_at",
            "updated_at", "version",
        ]  # fmt: skip
        self.t["case"] = w.declare(Case, case)
        self.t["categories"] = w.declare(
            Case.categories.through, ["id", "case_id", "concerncategory_id"]
        )
        self.t["members"] = w.declare(Case.members.through, ["id", "case_id", "user_id"])
        self.t["perm"] = w.declare(
            CaseUserObjectPermission, ["id", "permission_id", "user_id", "content_object_id"]
        )
        self.t["hcase"] = w.declare(Case.history.model, [*case, *hist])
        hm2m = apps_model("cases", "HistoricalCase_categories")
        self.t["hcategories"] = w.declare(
            hm2m, ["m2m_history_id", "id", "case_id", "concerncategory_id", "history_id"]
        )
        hm2m = apps_model("cases", "HistoricalCase_members")
        self.t["hmembers"] = w.declare(
            hm2m, ["m2m_history_id", "id", "case_id", "user_id", "history_id"]
        )
        entry = [
            "id",
            "case_id",
            "kind",
            "occurred_on",
            "summary",
            "outcome",
            "consent_given",
            "author_id",
            "created_at",
        ]
        self.t["entry"] = w.declare(TimelineEntry, entry)
        self.t["hentry"] = w.declare(TimelineEntry.history.model, [*entry, *hist])
        f1 = [
            "id", "case_id", "author_id", "signed_at", "own_safety", "own_safety_motivation",
            "others_safety", "others_safety_motivation", "environment_safety",
            "environment_safety_motivation", "instrument_name", "instrument_level",
            "instrument_rationale", "instrument_licensed",
        ]  # fmt: skip
        self.t["f1"] = w.declare(Framework1, f1)
        self.t["hf1"] = w.declare(Framework1.history.model, [*f1, *hist])
        req = [
            "id",
            "case_id",
            "requested_by_id",
            "requested_at",
            "reason",
            "framework1_id",
            "state",
            "decided_by_id",
            "decided_at",
            "decision_reason",
        ]
        self.t["req"] = w.declare(EscalationRequest, req)
        self.t["hreq"] = w.declare(EscalationRequest.history.model, [*req, *hist])
        dec = [
            "id",
            "case_id",
            "decision",
            "summary",
            "recorded_by_id",
            "recorded_at",
            "meeting_ref",
        ]
        self.t["dec"] = w.declare(CareMeetingDecision, dec)
        self.t["hdec"] = w.declare(CareMeetingDecision.history.model, [*dec, *hist])
        step = [
            "id", "case_id", "kind", "from_rung", "to_rung", "actor_id", "role_held", "at",
            "reason", "outcome", "framework1_id", "request_id", "decision_id", "acute_report_id",
        ]  # fmt: skip
        self.t["step"] = w.declare(RungTransition, step)
        self.t["hstep"] = w.declare(RungTransition.history.model, [*step, *hist])
        course = [
            "id",
            "title",
            "kind",
            "description",
            "learning_goals",
            "duration_minutes",
            "validity_months",
            "is_active",
            "updated_at",
            "version",
        ]
        self.t["course"] = w.declare(Course, course)
        self.t["hcourse"] = w.declare(Course.history.model, [*course, *hist])
        session = [
            "id", "course_id", "starts_at", "ends_at", "location", "online_url", "capacity",
            "enrolment_deadline", "status", "team_request_id", "notes", "cancel_reason",
            "created_by_id", "updated_at", "version",
        ]  # fmt: skip
        self.t["session"] = w.declare(Session, session)
        self.t["hsession"] = w.declare(Session.history.model, [*session, *hist])
        self.t["trainers"] = w.declare(Session.trainers.through, ["id", "session_id", "user_id"])
        enrol = [
            "id",
            "session_id",
            "participant_id",
            "status",
            "attendance",
            "created_at",
            "promoted_at",
            "cancelled_at",
            "reminder_sent_at",
        ]
        self.t["enrol"] = w.declare(Enrolment, enrol)
        self.t["henrol"] = w.declare(Enrolment.history.model, [*enrol, *hist])
        cert = [
            "id",
            "number",
            "holder_id",
            "course_id",
            "session_id",
            "enrolment_id",
            "issued_on",
            "expires_on",
            "expiry_reminder_sent_on",
        ]
        self.t["cert"] = w.declare(Certificate, cert)
        self.t["hcert"] = w.declare(Certificate.history.model, [*cert, *hist])
        self.t["qual"] = w.declare(
            TrainerQualification, ["id", "trainer_id", "course_id", "certificate_id", "granted_at"]
        )

    def emit(self, key, row):
        self.writer.add(self.t[key].model, row)

    def take(self, key):
        return self.t[key].take_id()

    def maybe_flush(self):
        if self.writer.pending() >= FLUSH_ROWS:
            self.writer.flush()

    def history(self, key, row, *, when, kind, reason, user):
        history_id = self.take(key)
        self.emit(key, (*row, history_id, when, reason, kind, user))
        return history_id

    # --- Organisation and people -------------------------------------------------------------

    def units(self):
        tier, rng = self.tier, self.rng
        self.faculties, self.programmes, self.parent = [], [], {}
        for f in range(tier.faculties):
            fid = self.take("unit")
            row = (fid, f"LF{f:03d}", f"Faculteit {f + 1}", "faculty", None, True)
            self.emit("unit", row)
            self.history(
                "hunit", row, when=self.start, kind="+", reason="Loadtest", user=self.system.pk
            )
            self.faculties.append(fid)
            for p in range(tier.programmes_per_faculty):
                pid = self.take("unit")
                row = (
                    pid,
                    f"LO{f:03d}{p:02d}",
                    f"Opleiding {f + 1}.{p + 1}",
                    "programme",
                    fid,
                    True,
                )
                self.emit("unit", row)
                self.history(
                    "hunit", row, when=self.start, kind="+", reason="Loadtest", user=self.system.pk
                )
                self.programmes.append(pid)
                self.parent[pid] = fid
        rng.shuffle(self.programmes)
        self.programmes.sort()

    def _user(self, username, roles, units, *, first=None, last=None):
        rng = self.rng
        uid = self.take("user")
        first = first or rng.choice(FIRST_NAMES)
        last = last or rng.choice(LAST_NAMES)
        joined = self.start - DAY * rng.randint(1, 2000)
        fields = (
            False,
            username,
            first,
            last,
            f"{username}@loadtest.example",
            False,
            True,
            joined,
            f"E{uid:07d}",
            "",
            False,
        )
        self.emit("user", (uid, self.password_hash, *fields))
        self.history(
            "huser",
            (uid, *fields),
            when=joined,
            kind="+",
            reason="Import medewerkers",
            user=self.system.pk,
        )
        for code in roles:
            self.emit("groups", (self.take("groups"), uid, self.groups[code]))
        for unit in units:
            self.emit("units", (self.take("units"), uid, unit))
        return uid

    def staff(self):
        """The bench accounts, then counsellors, deans, care team, board, trainers and the
        rest (reporters); each counsellor covers two programmes."""
        tier, rng = self.tier, self.rng
        programmes = self.programmes
        self.by_unit = {p: [] for p in programmes}  # counsellors per programme
        self.team_pool, self.reporters, self.trainers = [], [], []
        self.bench = {}
        for username, roles in BENCH_ACCOUNTS.items():
            units = []
            if RoleCode.COUNSELLOR in roles:
                units = programmes[:2]
            elif RoleCode.DEAN in roles:
                units = [self.faculties[0]]
            elif roles == [RoleCode.REPORTER]:
                units = programmes[:1]
            uid = self._user(username, roles, units, first="Load", last=username.split("-")[1])
            self.bench[username] = uid
            if RoleCode.COUNSELLOR in roles:
                for p in units:
                    self.by_unit[p].append(uid)
            if RoleCode.TRAINER in roles:
                self.trainers.append(uid)
        counsellors = max(len(programmes), tier.staff // 35)
        for i in range(counsellors):
            units = [programmes[i % len(programmes)], programmes[(i + 1) % len(programmes)]]
            uid = self._user(f"lc{i:06d}", [RoleCode.REPORTER, RoleCode.COUNSELLOR], units)
            for p in units:
                self.by_unit[p].append(uid)
        self.deans = {}
        for n, faculty in enumerate(self.faculties):
            uid = self._user(f"ld{n:05d}", [RoleCode.REPORTER, RoleCode.DEAN], [faculty])
            self.deans[faculty] = uid
            self.team_pool.append(uid)
        self.deans[self.faculties[0]] = self.bench["load-dean"]
        for i in range(max(5, tier.staff // 150)):
            self.team_pool.append(
                self._user(f"lz{i:06d}", [RoleCode.REPORTER, RoleCode.CARE_TEAM], [])
            )
        self.board = [self.bench["load-board"]] + [
            self._user(f"lb{i:04d}", [RoleCode.REPORTER, RoleCode.BOARD], [])
            for i in range(max(3, tier.staff // 2000))
        ]
        for i in range(max(5, tier.staff // 100)):
            self.trainers.append(
                self._user(
                    f"lt{i:06d}", [RoleCode.REPORTER, RoleCode.TRAINER], [rng.choice(programmes)]
                )
            )
        made = (
            len(self.bench)
            + counsellors
            + len(self.faculties)
            + len(self.team_pool)
            + len(self.board)
            + len(self.trainers)
        )
        for i in range(max(0, tier.staff - made)):
            self.reporters.append(
                self._user(f"lm{i:06d}", [RoleCode.REPORTER], [rng.choice(programmes)])
            )
            self.maybe_flush()
        self.writer.flush()

    def students(self):
        tier, rng = self.tier, self.rng
        self.student_base = self.t["student"].next_id
        self.student_programme = []
        for i in range(tier.students):
            sid = self.take("student")
            programme = self.programmes[i % len(self.programmes)]
            self.student_programme.append(programme)
            row = (
                sid,
                f"{4_000_000 + i}",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                programme,
                _pseudonym(sid),
                True,
            )
            self.emit("student", row)
            when = self.start - DAY * rng.randint(0, 1500)
            self.history(
                "hstudent", row, when=when, kind="+", reason="Import studenten", user=self.system.pk
            )
            self.maybe_flush()
        self.writer.flush()

    # --- Cases -------------------------------------------------------------------------------

    def cases(self):
        tier, rng = self.tier, self.rng
        span = (self.now - self.start).total_seconds()
        self.references = {}
        for i in range(tier.cases):
            created = self.start + datetime.timedelta(
                seconds=span * (i + rng.random()) / tier.cases
            )
            self._case(created)
            self.maybe_flush()
            if i and i % 100_000 == 0:
                self.log(f"  {i:,} cases")
        self.writer.flush()
        for year, number in self.references.items():
            counter, _ = CaseReferenceCounter.objects.get_or_create(year=year)
            if counter.last_number < number:
                counter.last_number = number
                counter.save(update_fields=["last_number"])

    def _rung_for(self, created):
        rng = self.rng
        age = (self.now - created).days
        roll = rng.random()
        if age < 60:
            table = (
                (0.12, Rung.SIGNAL),
                (0.77, Rung.SUPPORT),
                (0.89, Rung.CARE_MEETING),
                (0.92, Rung.BOARD),
            )
        else:
            table = (
                (0.01, Rung.SIGNAL),
                (0.16, Rung.SUPPORT),
                (0.19, Rung.CARE_MEETING),
                (0.2, Rung.BOARD),
            )
        for limit, rung in table:
            if roll < limit:
                return rung
        return Rung.CLOSED

    def _case(self, created):
        rng, tier = self.rng, self.tier
        cid = self.take("case")
        year = created.year
        number = self.references.get(year, 0) + 1
        self.references[year] = number
        reference = f"ZW-{year}-{number:04d}"
        student_index = rng.randrange(tier.students)
        anonymous = rng.random() < 0.08
        unit = self.student_programme[student_index]
        student = None if anonymous else self.student_base + student_index
        reporter = rng.choice(self.reporters) if self.reporters else self.bench["load-reporter"]
        rung = self._rung_for(created)
        counsellors = self.by_unit[unit]
        handler = None if rung == Rung.SIGNAL else rng.choice(counsellors)
        members = []
        if handler and rng.random() < 0.35:
            members = rng.sample(self.team_pool, k=1 if rng.random() < 0.8 else 2)
        cats = rng.sample(self.categories, k=1 if rng.random() < 0.7 else 2)
        what = rng.choice(SIGNALS)
        when = (created - DAY * rng.randint(0, 5)).date()
        fields = {
            "reference": reference,
            "student_id": student,
            "student_description": "Tweedejaars, klas 2B" if anonymous else "",
            "unit_id": unit,
            "reporter_id": reporter,
            "signals_what": what,
            "signals_when": when,
            "signals_where": rng.choice(PLACES),
            "urgency": rng.choice(("normal", "normal", "soon", "urgent")),
            "discussed_with_student": rng.random() < 0.4,
            "consulted_colleague": rng.random() < 0.5,
        }
        # The case's life: reported, taken on, maybe up the ladder, maybe closed.
        states = [
            {
                "rung": Rung.SIGNAL,
                "handler_id": None,
                "next_review": None,
                "at": created,
                "by": reporter,
                "reason": "Zorg gemeld",
                "members": [],
            }
        ]
        steps = []
        if handler:
            taken = created + HOUR * rng.randint(2, 72)
            states.append(
                {
                    "rung": Rung.SUPPORT,
                    "handler_id": handler,
                    "next_review": (taken + 14 * DAY).date(),
                    "at": taken,
                    "by": handler,
                    "reason": "Melding opgepakt",
                    "members": [],
                }
            )
            steps.append(
                (
                    "take_on",
                    Rung.SIGNAL,
                    Rung.SUPPORT,
                    handler,
                    "counsellor",
                    taken,
                    "Melding opgepakt",
                    {},
                )
            )
            if members:
                at = taken + HOUR * rng.randint(1, 48)
                states.append(
                    dict(states[-1], at=at, reason="Casusteam uitgebreid", members=members)
                )
        last = states[-1]["at"]
        entries = self._timeline(cid, handler, last, rung) if handler else []
        if rung in (Rung.CARE_MEETING, Rung.BOARD) or (rung == Rung.CLOSED and rng.random() < 0.15):
            last = self._escalate(
                cid,
                handler,
                unit,
                states,
                steps,
                entries,
                to_board=rung == Rung.BOARD or (rung == Rung.CLOSED and rng.random() < 0.3),
            )
        if rung == Rung.CLOSED:
            frm = states[-1]["rung"]
            at = max(last, entries[-1][1] if entries else last) + DAY * rng.randint(1, 60)
            at = min(at, self.now - HOUR)
            outcome = rng.choice(OUTCOMES)
            states.append(
                dict(
                    states[-1],
                    rung=Rung.CLOSED,
                    next_review=None,
                    at=at,
                    reason="Zorg weggenomen",
                    by=handler,
                )
            )
            steps.append(
                (
                    "close",
                    frm,
                    Rung.CLOSED,
                    handler,
                    "counsellor",
                    at,
                    "De zorg is weggenomen.",
                    {"outcome": outcome},
                )
            )
        final = states[-1]
        members = final["members"]
        next_review = final["next_review"]
        if final["rung"] not in (Rung.CLOSED, Rung.SIGNAL) and next_review and rng.random() < 0.85:
            # Most open cases were reviewed lately: their next review lies ahead.
            next_review = (self.now + DAY * rng.randint(-3, 28)).date()
        updated = final["at"]
        version = len(states)
        row = (
            cid, reference, student, fields["student_description"], unit, reporter,
            final["handler_id"], what, when, fields["signals_where"], fields["urgency"],
            fields["discussed_with_student"], fields["consulted_colleague"], final["rung"],
            next_review, created, updated, version,
        )  # fmt: skip
        self.emit("case", row)
        category_rows = []
        for cat in cats:
            through_id = self.take("categories")
            category_rows.append((through_id, cat))
            self.emit("categories", (through_id, cid, cat))
        member_rows = []
        for uid in members:
            through_id = self.take("members")
            member_rows.append((through_id, uid))
            self.emit("members", (through_id, cid, uid))
        for uid in {final["handler_id"], *members} - {None}:
            for codename in ("view_case", "change_case"):
                self.emit("perm", (self.take("perm"), self.perm[codename], uid, cid))
        for version_no, state in enumerate(states, start=1):
            hrow = (
                cid, reference, student, fields["student_description"], unit, reporter,
                state["handler_id"], what, when, fields["signals_where"], fields["urgency"],
                fields["discussed_with_student"], fields["consulted_colleague"], state["rung"],
                state["next_review"], created, state["at"], version_no,
            )  # fmt: skip
            hid = self.history(
                "hcase",
                hrow,
                when=state["at"],
                kind="+" if version_no == 1 else "~",
                reason=state["reason"],
                user=state["by"],
            )
            for through_id, cat in category_rows:
                self.emit("hcategories", (self.take("hcategories"), through_id, cid, cat, hid))
            for through_id, uid in member_rows:
                if uid in state["members"]:
                    self.emit("hmembers", (self.take("hmembers"), through_id, cid, uid, hid))
        for kind, frm, to, actor, role, at, reason, extra in steps:
            srow = (
                self.take("step"), cid, kind, frm, to, actor, role, at, reason,
                extra.get("outcome", ""), extra.get("framework1"), extra.get("request"),
                extra.get("decision"), None,
            )  # fmt: skip
            self.emit("step", srow)
            self.history("hstep", srow, when=at, kind="+", reason=reason, user=actor)

    def _timeline(self, cid, author, since, rung):
        rng = self.rng
        n = max(0, int(rng.expovariate(1 / self.tier.timeline_per_case)))
        if rung == Rung.SUPPORT and n < 2 and rng.random() < 0.5:
            n = 2
        entries = []
        at = since
        for k in range(n):
            at = min(at + HOUR * rng.randint(4, 24 * 10), self.now - HOUR)
            kind = TIMELINE_KINDS[k % 2] if k < 2 else rng.choice(TIMELINE_KINDS)
            row = (
                self.take("entry"),
                cid,
                kind,
                at.date(),
                SUMMARIES[kind],
                "Vervolgafspraak gemaakt" if rng.random() < 0.5 else "",
                None,
                author,
                at,
            )
            self.emit("entry", row)
            self.history("hentry", row, when=at, kind="+", reason="Tijdlijn aangevuld", user=author)
            entries.append((row[0], at))
        return entries

    def _escalate(self, cid, handler, unit, states, steps, entries, *, to_board):
        """Framework 1, a request a dean accepted, and perhaps the care meeting's decision to
        take it to the board."""
        rng = self.rng
        at = max(
            states[-1]["at"], entries[-1][1] if entries else states[-1]["at"]
        ) + HOUR * rng.randint(1, 48)
        at = min(at, self.now - 3 * HOUR)
        f1 = (
            self.take("f1"), cid, handler, at, "high", "Uitspraken over geen zin meer hebben.",
            "low", "Geen dreiging naar anderen.", "none", "Niet van toepassing.", "", "", "", False,
        )  # fmt: skip
        self.emit("f1", f1)
        self.history(
            "hf1", f1, when=at, kind="+", reason="Afwegingskader 1 ondertekend", user=handler
        )
        dean = self.deans[self.parent[unit]]
        requested = at + HOUR
        decided = requested + HOUR
        req = (
            self.take("req"),
            cid,
            handler,
            requested,
            "De zorg is niet weggenomen.",
            f1[0],
            "accepted",
            dean,
            decided,
            "Akkoord",
        )
        self.emit("req", req)
        self.history(
            "hreq", req, when=decided, kind="+", reason="Opschaling aangevraagd", user=handler
        )
        review = (decided + 28 * DAY).date()
        states.append(
            dict(
                states[-1],
                rung=Rung.CARE_MEETING,
                next_review=review,
                at=decided,
                by=dean,
                reason="Opschaling geaccepteerd",
            )
        )
        steps.append(
            (
                "escalate",
                Rung.SUPPORT,
                Rung.CARE_MEETING,
                dean,
                "dean",
                decided,
                "Akkoord",
                {"framework1": f1[0], "request": req[0]},
            )
        )
        if not to_board:
            return decided
        when = min(decided + DAY * rng.randint(1, 14), self.now - HOUR)
        dec = (self.take("dec"), cid, "escalate_to_board", "Naar het CvB", dean, when, "")
        self.emit("dec", dec)
        self.history("hdec", dec, when=when, kind="+", reason="Besluit zorgoverleg", user=dean)
        states.append(
            dict(
                states[-1],
                rung=Rung.BOARD,
                next_review=(when + 7 * DAY).date(),
                at=when,
                by=dean,
                reason="Besluit zorgoverleg",
            )
        )
        steps.append(
            (
                "escalate",
                Rung.CARE_MEETING,
                Rung.BOARD,
                dean,
                "dean",
                when,
                "Naar het CvB",
                {"decision": dec[0]},
            )
        )
        return when

    def pending_requests(self):
        """A few cases at the support rung in the bench dean's faculty wait for the dean."""
        from escalation.models import EscalationRequest as Request

        faculty = self.faculties[0]
        cases = list(
            Case.objects.filter(rung=Rung.SUPPORT, unit__parent_id=faculty, handler__isnull=False)
            .exclude(escalation_requests__state=Request.State.PENDING)
            .order_by("-created_at")
            .values_list("pk", "handler_id")[: max(5, self.tier.cases // 500)]
        )
        for cid, handler in cases:
            at = self.now - HOUR * self.rng.randint(2, 72)
            f1 = (
                self.take("f1"), cid, handler, at, "moderate", "Zorgen blijven.", "low",
                "Geen dreiging.", "none", "Niet van toepassing.", "", "", "", False,
            )  # fmt: skip
            self.emit("f1", f1)
            self.history(
                "hf1", f1, when=at, kind="+", reason="Afwegingskader 1 ondertekend", user=handler
            )
            req = (
                self.take("req"),
                cid,
                handler,
                at + HOUR,
                "De zorg is niet weggenomen.",
                f1[0],
                "pending",
                None,
                None,
                "",
            )
            self.emit("req", req)
            self.history(
                "hreq", req, when=at + HOUR, kind="+", reason="Opschaling aangevraagd", user=handler
            )
        self.writer.flush()

    # --- Training ------------------------------------------------------------------------------

    def training(self):
        rng, tier = self.rng, self.tier
        coordinator = self.bench["load-coordinator"]
        courses = {}
        for kind, months in (
            (CourseKind.BASIC_KNOWLEDGE, 36),
            (CourseKind.ACTION_PERSPECTIVE, 24),
            (CourseKind.TRAIN_THE_TRAINER, 24),
            (CourseKind.DIALOGUE, 12),
        ):
            cid = self.take("course")
            title = f"{CourseKind(kind).label} (loadtest)"
            row = (
                cid,
                title,
                kind,
                "Wat je leert in deze training.",
                "Signalen herkennen en bespreken.",
                180,
                months,
                True,
                self.start,
                1,
            )
            self.emit("course", row)
            self.history(
                "hcourse",
                row,
                when=self.start,
                kind="+",
                reason="Cursus aangemaakt",
                user=coordinator,
            )
            courses[kind] = (cid, months)
            for trainer in self.trainers:
                self.emit("qual", (self.take("qual"), trainer, cid, None, self.start))
        self.writer.flush()
        participants = self.reporters or [self.bench["load-reporter"]]
        span = (self.now - self.start).total_seconds()
        seq = 0
        for i in range(tier.sessions):
            kind = rng.choice(list(courses))
            course, months = courses[kind]
            starts = self.start + datetime.timedelta(
                seconds=span * (i + rng.random()) / tier.sessions
            )
            starts = starts.replace(hour=13, minute=0, second=0, microsecond=0)
            self._session(course, months, starts, participants, coordinator, seq, held=True)
            seq += 30
            self.maybe_flush()
        for d in range(1, 20):
            kind = rng.choice(list(courses))
            course, months = courses[kind]
            self._session(
                course, months, self.now + DAY * (d * 3), participants, coordinator, seq, held=False
            )
            seq += 30
        # The session people enrol in at once in the benchmark: open, with a waitlist beyond 20.
        course, months = courses[CourseKind.BASIC_KNOWLEDGE]
        self._session(
            course,
            months,
            self.now + 60 * DAY,
            [],
            coordinator,
            seq,
            held=False,
            capacity=20,
            note=ENROLMENT_SESSION_NOTE,
        )
        self.writer.flush()

    def _session(
        self, course, months, starts, participants, coordinator, seq, *, held, capacity=24, note=""
    ):
        rng = self.rng
        sid = self.take("session")
        ends = starts + 3 * HOUR
        status = SessionStatus.HELD if held else SessionStatus.OPEN
        row = (
            sid,
            course,
            starts,
            ends,
            "Lokaal D0.12",
            "",
            capacity,
            starts - DAY,
            status,
            None,
            note,
            "",
            coordinator,
            starts - 30 * DAY,
            1,
        )
        self.emit("session", row)
        self.history(
            "hsession",
            row,
            when=starts - 30 * DAY,
            kind="+",
            reason="Sessie gepland",
            user=coordinator,
        )
        trainer = rng.choice(self.trainers)
        self.emit("trainers", (self.take("trainers"), sid, trainer))
        count = rng.randint(8, capacity - 2) if participants and capacity > 10 else 0
        for n, person in enumerate(rng.sample(participants, k=min(count, len(participants)))):
            eid = self.take("enrol")
            present = held and rng.random() < 0.9
            attendance = ("present" if present else "no_show") if held else ""
            enrolled_at = min(starts - DAY * rng.randint(2, 25), self.now - HOUR)
            erow = (eid, sid, person, "enrolled", attendance, enrolled_at, None, None, None)
            self.emit("enrol", erow)
            self.history("henrol", erow, when=erow[5], kind="+", reason="Ingeschreven", user=person)
            if present:
                issued = ends.date()
                crow = (
                    self.take("cert"),
                    f"ZWC-LOAD-{sid:07d}-{n:03d}",
                    person,
                    course,
                    sid,
                    eid,
                    issued,
                    _add_months(issued, months),
                    None,
                )
                self.emit("cert", crow)
                self.history(
                    "hcert",
                    crow,
                    when=ends,
                    kind="+",
                    reason="Certificaat uitgereikt",
                    user=trainer,
                )

    # --- The whole run ---------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self.prepare()
        for label, step in (
            ("units", self.units),
            ("staff", self.staff),
            ("students", self.students),
            ("cases", self.cases),
            ("pending escalation requests", self.pending_requests),
            ("training", self.training),
        ):
            t0 = time.monotonic()
            step()
            self.writer.flush()
            self.log(f"{label}: {time.monotonic() - t0:.1f} s")
        self.writer.reset_sequences()
        t0 = time.monotonic()
        self.writer.analyze()
        self.log(f"analyze: {time.monotonic() - t0:.1f} s")
        self.counts = {t.model._meta.label: t.written for t in self.writer.tables.values()}
        self.seconds = time.monotonic() - started
        return self


def _add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def apps_model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)


def database_holds_cases():
    return Case.objects.exists()


def build(size, *, seed=20261128, anchor=None, password="demo", log=print):  # noqa: S107
    """Load one tier into the default database and return the builder (counts, seconds)."""
    anchor = anchor or timezone.localdate()
    builder = Builder(TIERS[size], seed=seed, anchor=anchor, password=password, log=log)
    return builder.run()

"""The training programme: courses, sessions held and planned with their trainers,
enrolments with attendance, certificates, and the session the bench enrols in at once."""

import datetime

from core.dates import add_months
from loadgen.tiers import DAY, HOUR
from training.models import CourseKind, SessionStatus

ENROLMENT_SESSION_NOTE = "Loadtest: inschrijven onder gelijktijdigheid"


class TrainingMixin:
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
                    add_months(issued, months),
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

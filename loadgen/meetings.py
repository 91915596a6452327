"""Care meetings: a regular meeting per faculty every four weeks over the years (held, minutes
approved, the cases escalated since the previous one on the agenda with their decision and
action items), and an upcoming meeting per faculty whose agenda is published, with the live
access grants and guardian `view_case_in_meeting` rows its invitees hold.

The bench dean's faculty's upcoming meeting is the one the benchmark opens: 30 case items
(the cases at the care-meeting rung, then open cases whose review is most overdue), with the
bench's dean, care-team member and counsellor invited and confidentiality confirmed.

Past meetings keep no grants: the nightly job deletes expired grants and their permissions.
"""

import datetime

from django.conf import settings

from accounts.models import Role
from accounts.roles import RoleCode
from cases.models import Case, Rung
from escalation.models import CareMeetingDecision, RungTransition
from loadgen.tiers import DAY, HOUR

BENCH_MEETING_TITLE = "Zorgoverleg (loadtest): agenda met 30 casussen"
AGENDA_SIZE = 30
EVERY = 28 * DAY
DURATION = 90
LENGTH = datetime.timedelta(minutes=DURATION)


class MeetingsMixin:
    def meetings(self):
        self.role_ids = {r.code: r.pk for r in Role.objects.all()}
        self.access_days = datetime.timedelta(days=settings.ZW_MEETING_ACCESS_DAYS)
        escalated = {f: [] for f in self.faculties}
        transitions = RungTransition.objects.filter(to_rung=Rung.CARE_MEETING).order_by("at", "id")
        for case_id, at, faculty, handler in transitions.values_list(
            "case_id", "at", "case__unit__parent_id", "case__handler_id"
        ).iterator(chunk_size=20_000):
            escalated[faculty].append((at, case_id, handler))
        decisions = dict(
            CareMeetingDecision.objects.values_list("case_id", "pk").iterator(chunk_size=20_000)
        )
        for n, faculty in enumerate(self.faculties):
            self._past_meetings(n, faculty, escalated[faculty], decisions)
            self.maybe_flush()
        self.writer.flush()
        self._upcoming_meetings()
        self.writer.flush()

    # --- Held meetings -----------------------------------------------------------------------

    def _past_meetings(self, n, faculty, escalated, decisions):
        dean = self.deans[faculty]
        starts = (self.start + DAY * (n % 28)).replace(hour=14, minute=0)
        pending = iter(escalated)
        upcoming = next(pending, None)
        while starts < self.now - DAY:
            cases = []
            while upcoming and upcoming[0] < starts - DAY:
                cases.append(upcoming)
                upcoming = next(pending, None)
            self._held_meeting(faculty, dean, starts, cases, decisions)
            starts += EVERY

    def _held_meeting(self, faculty, dean, starts, cases, decisions):
        rng = self.rng
        minute_taker = rng.choice(self.team_pool)
        others = rng.sample(self.team_pool, k=min(2, len(self.team_pool)))
        ends = starts + LENGTH
        approved = ends + DAY * rng.randint(2, 10)
        mid = self._meeting(
            faculty, dean, minute_taker, starts, "minutes_approved",
            published=starts - 7 * DAY, held=ends, approved=approved,
        )  # fmt: skip
        self._invite(mid, {dean, minute_taker, *others}, confirmed=starts - DAY, held=True)
        for position, (_at, cid, handler) in enumerate(cases, start=1):
            decision = decisions.get(cid)
            item = (
                self.take("item"), mid, position, "case", "", cid, None, "care_meeting_rung",
                None, True, "Besproken; afspraken gemaakt.",
                "escalate_to_board" if decision else "no_change", decision,
            )  # fmt: skip
            self.emit("item", item)
            self.history(
                "hitem", item, when=starts - 7 * DAY, kind="+", reason="Agendapunt", user=dean
            )
            if rng.random() < 0.4:
                self._action(mid, item[0], handler or dean, starts, open_=starts > self.now - EVERY)

    def _action(self, mid, item_id, owner, starts, *, open_):
        due = (starts + 14 * DAY).date()
        done = not open_ and self.rng.random() < 0.85
        state = "open" if open_ else ("done" if done else "not_done")
        reviewed = None if open_ else starts + EVERY
        row = (
            self.take("action"), mid, item_id, "Vervolggesprek met de student plannen.", owner, due,
            state, None, "" if open_ else "Besproken in het volgende overleg.", reviewed, None,
        )  # fmt: skip
        self.emit("action", row)
        self.history("haction", row, when=starts, kind="+", reason="Actiepunt", user=owner)

    # --- Published, upcoming meetings ------------------------------------------------------

    def _upcoming_meetings(self):
        by_faculty = {f: [] for f in self.faculties}
        at_meeting = Case.objects.filter(rung=Rung.CARE_MEETING).order_by("next_review", "id")
        for cid, faculty in at_meeting.values_list("pk", "unit__parent_id").iterator(
            chunk_size=20_000
        ):
            if len(by_faculty[faculty]) < AGENDA_SIZE:
                by_faculty[faculty].append((cid, "care_meeting_rung"))
        self._fill_bench_agenda(by_faculty[self.faculties[0]])
        for n, faculty in enumerate(self.faculties):
            self._published_meeting(n, faculty, by_faculty[faculty])
            self.maybe_flush()

    def _fill_bench_agenda(self, cases):
        """The bench agenda holds 30 cases: after those at the care-meeting rung, open cases
        whose review is overdue, then the chair adds open cases whose review comes first."""
        support = Case.objects.filter(rung=Rung.SUPPORT, unit__parent_id=self.faculties[0])
        today = self.now.date()
        for cid, review in support.order_by("next_review", "id").values_list("pk", "next_review"):
            if len(cases) >= AGENDA_SIZE:
                return
            overdue = review is not None and review < today
            cases.append((cid, "overdue_review" if overdue else "chair"))

    def _published_meeting(self, n, faculty, cases):
        rng = self.rng
        dean = self.deans[faculty]
        starts = (self.now + DAY * (1 + n % 14)).replace(hour=14, minute=0)
        published = self.now - HOUR * rng.randint(2, 96)
        minute_taker = rng.choice(self.team_pool)
        people = {dean, minute_taker, *rng.sample(self.team_pool, k=min(2, len(self.team_pool)))}
        title = None
        if faculty == self.faculties[0]:
            people |= {self.bench["load-careteam"], self.bench["load-counsellor"]}
            title = BENCH_MEETING_TITLE
        mid = self._meeting(
            faculty, dean, minute_taker, starts, "agenda_published", published=published,
            title=title,
        )  # fmt: skip
        self._invite(mid, people, confirmed=published + HOUR, held=False)
        expires = starts + LENGTH + self.access_days
        for position, (cid, source) in enumerate(cases, start=1):
            item = (
                self.take("item"), mid, position, "case", "", cid, None, source, None, False, "",
                "", None,
            )  # fmt: skip
            self.emit("item", item)
            self.history("hitem", item, when=published, kind="+", reason="Agendapunt", user=dean)
            self.meeting_grants(mid, cid, sorted(people), granted=published, expires=expires)

    # --- Rows every meeting has ------------------------------------------------------------

    def _meeting(self, faculty, dean, minute_taker, starts, state, *, published, held=None,
                 approved=None, title=None):  # fmt: skip
        mid = self.take("meeting")
        created = published - DAY * self.rng.randint(7, 21)
        access_until = starts + LENGTH + self.access_days
        title = title or f"Zorgoverleg {starts:%d-%m-%Y}"
        base = (
            mid, "regular", title, starts, DURATION, "Vergaderzaal A1.03", "", faculty, None,
            dean, minute_taker, dean,
        )  # fmt: skip
        versions = [("planned", None, None, None, None, created, "Overleg gepland")]
        versions.append(("agenda_published", published, access_until, None, None, published,
                         "Agenda gepubliceerd"))  # fmt: skip
        if held:
            versions.append(("held", published, access_until, held, None, held, "Gehouden"))
        if approved:
            versions.append(("minutes_approved", published, access_until, held, approved,
                             approved, "Verslag vastgesteld"))  # fmt: skip
        final = versions[-1]
        self.emit("meeting", (*base, *final[:5], created, len(versions)))
        roles = [self.role_ids[RoleCode.DEAN], self.role_ids[RoleCode.CARE_TEAM]]
        through = []
        for role in roles:
            through.append((self.take("meeting_roles"), role))
            self.emit("meeting_roles", (through[-1][0], mid, role))
        for number, version in enumerate(versions, start=1):
            hid = self.history(
                "hmeeting", (*base, *version[:5], created, number), when=version[5],
                kind="+" if number == 1 else "~", reason=version[6], user=dean,
            )  # fmt: skip
            for through_id, role in through:
                self.emit(
                    "hmeeting_roles", (self.take("hmeeting_roles"), through_id, mid, role, hid)
                )
        return mid

    def _invite(self, mid, people, *, confirmed, held):
        for uid in sorted(people):
            attendance = ""
            if held:
                attendance = "present" if self.rng.random() < 0.85 else "apologies"
            row = (self.take("invitation"), mid, uid, confirmed, attendance)
            self.emit("invitation", row)
            self.history(
                "hinvitation", row, when=confirmed, kind="+", reason="Uitgenodigd", user=uid
            )

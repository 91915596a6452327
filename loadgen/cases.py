"""Cases with their lives: reported, taken on, maybe up the ladder, maybe closed; their
timelines, team members, categories and reference numbers."""

import datetime

from cases.models import CaseReferenceCounter, Rung, TimelineEntry
from loadgen.tiers import DAY, HOUR

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


class CasesMixin:
    """Cases and their timelines; the ladder (`LadderMixin`), history (`HistoryMixin`) and
    permission rows (`PermissionsMixin`) they need are written through the other mixins."""

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
        self.team_permissions(cid, {final["handler_id"], *members} - {None})

        def row_for(state, version_no):
            return (
                cid, reference, student, fields["student_description"], unit, reporter,
                state["handler_id"], what, when, fields["signals_where"], fields["urgency"],
                fields["discussed_with_student"], fields["consulted_colleague"], state["rung"],
                state["next_review"], created, state["at"], version_no,
            )  # fmt: skip

        self.case_history(cid, row_for, states, category_rows, member_rows)
        on_rung_since = created  # each stay starts at the step before, the first at the report
        for kind, frm, to, actor, role, at, reason, extra in steps:
            # A case reported in the last hours has its later steps squeezed against "now";
            # they never go back before the step they follow.
            at = max(at, on_rung_since)
            srow = (
                self.take("step"), cid, kind, frm, to, actor, role, at, reason,
                extra.get("outcome", ""), extra.get("framework1"), extra.get("request"),
                extra.get("decision"), None, on_rung_since,
            )  # fmt: skip
            on_rung_since = at
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

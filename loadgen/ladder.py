"""Up the ladder: framework 1, escalation requests a dean decided (or still has to), and the
care meeting's decisions to take a case to the board."""

import math

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from cases.models import Case, Rung
from loadgen.tiers import DAY, HOUR

PENDING_PER_CASES = 500  # a faculty's dean has one waiting request per this many cases
BENCH_PENDING = 5  # at least this many wait in the bench dean's inbox


class LadderMixin:
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
        """Requests that still wait for a dean, in every faculty: about one per 500 of its
        cases (an inbox holds a handful to a few dozen), at least five in the bench dean's
        faculty, whose inbox the bench measures."""
        cases = self._pending_candidates(self._pending_quota())
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

    def _pending_quota(self):
        """How many waiting requests each faculty gets: one per 500 of its cases, rounded up
        (so a small faculty has one too)."""
        per_faculty = (
            Case.objects.values("unit__parent_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("unit__parent_id", "n")
        )
        quota = {faculty: math.ceil(n / PENDING_PER_CASES) for faculty, n in per_faculty}
        bench = self.faculties[0]
        quota[bench] = max(BENCH_PENDING, quota.get(bench, 0))
        return quota

    def _pending_candidates(self, quota):
        """The newest handled cases at the support rung of each faculty, up to its quota, in
        one query (numbered per faculty by a window function); (case, handler) pairs in a
        fixed order, so the same seed gives the same requests."""
        ranked = (
            Case.objects.filter(rung=Rung.SUPPORT, handler__isnull=False)
            .annotate(
                faculty=F("unit__parent_id"),
                place=Window(
                    RowNumber(),
                    partition_by=F("unit__parent_id"),
                    order_by=(F("created_at").desc(), F("id").desc()),
                ),
            )
            .filter(place__lte=max(quota.values(), default=0))
            .order_by("faculty", "place")
            .values_list("pk", "handler_id", "faculty", "place")
        )
        return [
            (case, handler)
            for case, handler, faculty, place in ranked
            if place <= quota.get(faculty, 0)
        ]

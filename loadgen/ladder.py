"""Up the ladder: framework 1, escalation requests a dean decided (or still has to), and the
care meeting's decisions to take a case to the board."""

from cases.models import Case, Rung
from loadgen.tiers import DAY, HOUR


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

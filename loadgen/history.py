"""History rows: simple-history's row per version, with who and why, generated together with
the rows they describe (the data looks like years of use)."""


class HistoryMixin:
    def history(self, key, row, *, when, kind, reason, user):
        """One history row of table `key`: the tracked values, then id, date, reason, type, user."""
        history_id = self.take(key)
        self.emit(key, (*row, history_id, when, reason, kind, user))
        return history_id

    def case_history(self, cid, row_for, states, category_rows, member_rows):
        """A version of the case per state it went through, with its categories and the team
        members it had then (simple-history's m2m history rows)."""
        for version_no, state in enumerate(states, start=1):
            hid = self.history(
                "hcase",
                row_for(state, version_no),
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

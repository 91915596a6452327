"""Permission rows: guardian's direct foreign-key table (`CaseUserObjectPermission`), as the
services write them: the handler and the team members may view and change their case; an
invitee of a meeting whose agenda is published may view its cases pseudonymised, with a live
`CaseAccessGrant` and the `view_case_in_meeting` row beside it (access needs both)."""


class PermissionsMixin:
    TEAM_PERMISSIONS = ("view_case", "change_case")

    def team_permissions(self, cid, uids):
        """View and change rows for each of `uids` (a set: the handler and the members)."""
        for uid in uids:
            for codename in self.TEAM_PERMISSIONS:
                self.emit("perm", (self.take("perm"), self.perm[codename], uid, cid))

    def meeting_grants(self, mid, cid, uids, *, granted, expires):
        """A grant per invitee for one case on a published agenda, and the guardian row once per
        person and case (the services assign it when the first live grant is made)."""
        given = self.__dict__.setdefault("meeting_permissions", set())
        for uid in uids:
            self.emit("grant", (self.take("grant"), mid, uid, cid, granted, expires))
            if (uid, cid) not in given:
                given.add((uid, cid))
                perm = self.perm["view_case_in_meeting"]
                self.emit("perm", (self.take("perm"), perm, uid, cid))

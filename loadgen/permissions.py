"""Permission rows: guardian's direct foreign-key table (`CaseUserObjectPermission`), as the
services write them — the handler and the team members may view and change their case."""


class PermissionsMixin:
    TEAM_PERMISSIONS = ("view_case", "change_case")

    def team_permissions(self, cid, uids):
        """View and change rows for each of `uids` (a set: the handler and the members)."""
        for uid in uids:
            for codename in self.TEAM_PERMISSIONS:
                self.emit("perm", (self.take("perm"), self.perm[codename], uid, cid))

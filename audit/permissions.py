"""Who may read the access log: the privacy officer, and nobody else.

Not the functional administrator, not a superuser: the log says who looked at which student's
case, which is itself personal data about staff and students.
"""

from accounts.roles import RoleCode


def can_read_access_log(user):
    """Only an active privacy officer reads (and exports) the access log."""
    return bool(user.is_active and user.has_role(RoleCode.PRIVACY_OFFICER))

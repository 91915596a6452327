"""Who manages retention: the functional administrator configures the rules (in /beheer/); the
functional administrator and the privacy officer set and lift legal holds and see what is due.
Nobody else — for them the pages do not exist (404). No case content is shown here: references
and dates only.
"""

from accounts.roles import RoleCode


def _active(user):
    return user.is_authenticated and user.is_active and not getattr(user, "is_system", False)


def can_manage_retention_rules(user):
    return _active(user) and user.has_role(RoleCode.FUNCTIONAL_ADMIN)


def can_manage_legal_holds(user):
    return _active(user) and (
        user.has_role(RoleCode.FUNCTIONAL_ADMIN) or user.has_role(RoleCode.PRIVACY_OFFICER)
    )

"""Who may change whose roles and units, and who decides a request for a role that reaches case
content or the access log. Nobody changes their own; a request is decided by a second person."""

from accounts.roles import ROLE_APPROVERS, RoleCode


def _person(user):
    return bool(user.is_authenticated and user.is_active and not getattr(user, "is_system", False))


def can_change_roles_of(acting_user, user):
    """Whether `acting_user` may change this account's roles and units at all: a functional
    administrator, or the system user acting for the staff import and single sign-on — and
    never on their own account."""
    if acting_user.pk == user.pk:
        return False
    return getattr(acting_user, "is_system", False) or (
        _person(acting_user) and acting_user.has_role(RoleCode.FUNCTIONAL_ADMIN)
    )


def can_decide_role_grants(user):
    """The page of role requests exists for functional administrators and privacy officers."""
    return _person(user) and user.has_role(*ROLE_APPROVERS)


def can_decide_role_grant(user, grant_request):
    """A second person: an approver who neither asked for it nor is the one it is for."""
    return (
        can_decide_role_grants(user)
        and user.pk != grant_request.requested_by_id
        and user.pk != grant_request.user_id
    )

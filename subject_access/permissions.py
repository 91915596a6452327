"""Who answers a subject-access request (inzageverzoek, GDPR art. 15): the privacy officer, and
nobody else — for everyone else the pages do not exist (404)."""

from accounts.roles import RoleCode


def can_answer_subject_access(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and not getattr(user, "is_system", False)
        and user.has_role(RoleCode.PRIVACY_OFFICER)
    )

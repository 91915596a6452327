"""Who may do what with incidents. Deny by default; a page someone may not use is a 404 for them.

- Deans and members of the care meeting see every incident and record, edit and analyse them:
  the timeline, linked cases and improvement actions.
- Board members read incidents; they change nothing.
- An improvement action is closed (done or dropped) by those who record incidents, or by its
  owner. Owners are people who can open the incident, so their reminder never leads to a 404.
- Everyone else (other roles, administrators, superusers) gets a 404.

Linked cases: an incident names its cases by reference and pseudonym code only. A case is linked
by typing its reference, and only a case the user may see (`cases.permissions`) can be linked:
the incident is never a way to learn that a reference exists. See `linked_cases_for` for what an
incident page shows of them and what it writes to the access log.
"""

from accounts.roles import RoleCode
from cases import permissions as case_rules

VIEW_ROLES = (RoleCode.DEAN, RoleCode.CARE_TEAM, RoleCode.BOARD)
RECORD_ROLES = (RoleCode.DEAN, RoleCode.CARE_TEAM)


def _is_staff_member(user):
    return user.is_authenticated and user.is_active and not getattr(user, "is_system", False)


def can_view_incidents(user):
    """The list, the analysis of each incident and its history."""
    return _is_staff_member(user) and user.has_role(*VIEW_ROLES)


def can_record_incidents(user):
    """Record and edit incidents, their timeline, linked cases and improvement actions."""
    return _is_staff_member(user) and user.has_role(*RECORD_ROLES)


def can_close_action(user, action):
    """Mark an open improvement action done or dropped: recorders, or the action's owner."""
    if not action.is_open or not can_view_incidents(user):
        return False
    return can_record_incidents(user) or action.owner_id == user.pk


def may_close_any_action(user):
    """Whether the close-action page can be reached at all (the action decides the rest)."""
    return can_view_incidents(user)


def incidents_visible_to(user):
    from incidents.models import Incident

    if not can_view_incidents(user):
        return Incident.objects.none()
    return Incident.objects.all()


def eligible_owners():
    """People who can own an improvement action: those who can open the incident."""
    from accounts.models import User

    return (
        User.objects.filter(is_active=True, is_system=False, groups__role__code__in=VIEW_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def linkable_case(user, reference):
    """The case with this reference if this user may see it, else None (the same answer for a
    case that does not exist and one they may not see)."""
    if not can_record_incidents(user):
        return None
    return case_rules.cases_visible_to(user).filter(reference=reference).first()


def linked_cases_for(user, incident):
    """The incident's cases as (case, basis) pairs; basis is None for a case this user may not
    see.

    Decision on what is shown and logged. Every viewer sees each linked case's reference and
    pseudonym code: that is what the incident analysis is about, and neither names the student.
    - For a case the viewer may see (by `cases.permissions`), the reference links to the case
      file, where its own access check and logging apply. The incident page itself also writes
      one access-log row per such case (action "list", part "incident", with the basis
      `cases.permissions` gives), because the page shows that this case was involved in the
      incident.
    - For a case the viewer may not see, the page shows only reference and pseudonym code, no
      link, and writes no access-log row: no case data beyond the code is read or shown. Writing a
      row with a basis the viewer does not have would make the access log say something untrue.
    The basis "meeting" is not used here: it belongs to care-meeting attendance (app `overleg`).
    """
    cases = list(incident.cases.select_related("student").order_by("reference"))
    if not cases:
        return []
    visible_ids = set(
        case_rules.cases_visible_to(user)
        .filter(pk__in=[case.pk for case in cases])
        .values_list("pk", flat=True)
    )
    visible = [case for case in cases if case.pk in visible_ids]
    bases = dict(case_rules.bases_for(user, visible)) if visible else {}
    return [(case, bases.get(case)) for case in cases]

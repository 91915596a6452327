"""Who may do what in a care meeting. Every overleg view and service asks here.

A meeting is visible to the people involved in it: its organiser, chair, minute-taker and
invitees — nobody else, whatever their role. Its cases come only from the units its organiser
oversees as dean (and, for a meeting of one faculty, from that faculty): a meeting never shows a
case its organiser could not see. Case content in a meeting is pseudonymised and needs three
things at once: an invitation whose holder has confirmed confidentiality, a live access grant for
that case from publishing the agenda (it ends a configured number of days after the meeting),
and the guardian object permission `cases.view_case_in_meeting` that goes with the grant.
"""

from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Case, CaseUserObjectPermission
from cases.permissions import unit_scope

MEETING_PERMISSION = "view_case_in_meeting"

# The people whose work brings them to a care meeting. Only they can be invited; the seed names
# deans, counsellors, confidential advisers, lawyers and security (contact officer).
MEETING_ROLES = (
    RoleCode.DEAN,
    RoleCode.CARE_TEAM,
    RoleCode.COUNSELLOR,
    RoleCode.BOARD,
    RoleCode.CONTACT_OFFICER,
)


def _active(user, *codes):
    return user.is_authenticated and user.is_active and user.has_role(*codes)


def may_use_meetings(user):
    """The meeting pages exist for the roles that sit in care meetings."""
    return _active(user, *MEETING_ROLES)


def can_plan_meetings(user):
    return _active(user, RoleCode.DEAN)


def can_be_invited(user):
    return user.is_active and not user.is_system and user.has_role(*MEETING_ROLES)


def plannable_units(user):
    """The faculties a dean may plan a meeting for: those they oversee."""
    from accounts.models import OrganisationUnit

    return OrganisationUnit.objects.filter(
        pk__in=unit_scope(user), kind=OrganisationUnit.Kind.FACULTY, is_active=True
    )


def meeting_unit_scope(meeting):
    """The units whose cases this meeting may discuss: the organiser's, narrowed to the meeting's
    faculty when it has one."""
    scope = unit_scope(meeting.organised_by)
    if meeting.unit_id is None:
        return scope
    return scope & ({meeting.unit_id} | set(meeting.unit.children.values_list("pk", flat=True)))


def cases_for_meeting(meeting):
    return Case.objects.filter(unit_id__in=meeting_unit_scope(meeting))


def meetings_visible_to(user):
    from overleg.models import Invitation, Meeting

    if not may_use_meetings(user):
        return Meeting.objects.none()
    invited = Invitation.objects.filter(user=user).values("meeting_id")
    involved = Q(organised_by=user) | Q(chair=user) | Q(minute_taker=user) | Q(pk__in=invited)
    return Meeting.objects.filter(involved)


def _leads(user, meeting):
    return user.pk in (meeting.organised_by_id, meeting.chair_id)


def _writes_minutes(user, meeting):
    return user.pk in (meeting.chair_id, meeting.minute_taker_id)


def can_view_meeting(user, meeting):
    if not may_use_meetings(user):
        return False
    involved = (meeting.organised_by_id, meeting.chair_id, meeting.minute_taker_id)
    return user.pk in involved or meeting.invitations.filter(user=user).exists()


def can_edit_meeting(user, meeting):
    """Details, invitees and agenda: the organiser or chair, until the meeting is held."""
    return _leads(user, meeting) and meeting.is_editable


def can_publish_agenda(user, meeting):
    return _leads(user, meeting) and meeting.state == meeting.State.PLANNED


def invitation_of(user, meeting):
    return meeting.invitations.filter(user=user).first()


def has_confirmed_confidentiality(user, meeting):
    return meeting.invitations.filter(
        user=user, confidentiality_confirmed_at__isnull=False
    ).exists()


def can_read_agenda(user, meeting):
    """Before publishing, the organiser and chair prepare the agenda (case codes only); after
    it, every invitee who confirmed confidentiality reads it — the chair too."""
    if meeting.state == meeting.State.PLANNED:
        return _leads(user, meeting)
    return has_confirmed_confidentiality(user, meeting)


def _live_grants(user, meeting):
    return meeting.grants.filter(
        user=user,
        expires_at__gt=timezone.now(),
        case__caseuserobjectpermission__user=user,
        case__caseuserobjectpermission__permission__codename=MEETING_PERMISSION,
    )


def meeting_case_basis(user, meeting, case):
    """The access-log basis for reading this case in this meeting, or None."""
    if not may_use_meetings(user) or not has_confirmed_confidentiality(user, meeting):
        return None
    if not _live_grants(user, meeting).filter(case=case).exists():
        return None
    return AccessLogEntry.Basis.MEETING


def accessible_case_ids(user, meeting):
    """The cases this person can open from this agenda now (one query); the same rule as
    `meeting_case_basis`, for a whole agenda."""
    if not may_use_meetings(user) or not has_confirmed_confidentiality(user, meeting):
        return set()
    return set(_live_grants(user, meeting).values_list("case_id", flat=True))


def grant_meeting_access(user, case):
    assign_perm(f"cases.{MEETING_PERMISSION}", user, case)


def withdraw_meeting_access(user, case):
    remove_perm(f"cases.{MEETING_PERMISSION}", user, case)


def has_meeting_permission(user, case):
    return CaseUserObjectPermission.objects.filter(
        user=user, content_object_id=case.pk, permission__codename=MEETING_PERMISSION
    ).exists()


def can_mark_held(user, meeting):
    return (
        _writes_minutes(user, meeting)
        and meeting.state == meeting.State.AGENDA_PUBLISHED
        and meeting.starts_at <= timezone.now()
    )


def can_write_minutes(user, meeting):
    return (
        _writes_minutes(user, meeting)
        and meeting.minutes_open
        and has_confirmed_confidentiality(user, meeting)
    )


def can_approve_minutes(user, meeting):
    return user.pk == meeting.chair_id and can_write_minutes(user, meeting)


def can_read_minutes(user, meeting):
    """The minutes exist once the meeting is held. Invitees who confirmed confidentiality read
    them while the meeting's access lasts; after that only the chair and minute-taker do."""
    if meeting.state not in (meeting.State.HELD, meeting.State.MINUTES_APPROVED):
        return False
    if not has_confirmed_confidentiality(user, meeting):
        return False
    access_lasts = meeting.access_until is None or meeting.access_until > timezone.now()
    return access_lasts or _writes_minutes(user, meeting)


def can_decide_in_meeting(user, meeting, case):
    """The chair or minute-taker records what this held meeting decided about a case on its
    agenda (the escalation services take the step; this replaces their dean-or-team rule)."""
    return (
        can_write_minutes(user, meeting)
        and _active(user, *MEETING_ROLES)
        and meeting.items.filter(case=case).exists()
    )


def meeting_role(user, case):
    """The role a person decides in, as the ladder records it: dean over the case's unit first,
    then care team, then whatever meeting role they hold."""
    if _active(user, RoleCode.DEAN) and case.unit_id in unit_scope(user):
        return RoleCode.DEAN
    for code in (RoleCode.CARE_TEAM, *MEETING_ROLES):
        if _active(user, code):
            return code
    return RoleCode.CARE_TEAM


def can_review_action(user, action, meeting):
    """Actions of earlier meetings in this meeting's series are reviewed in its minutes."""
    from overleg.selectors import earlier_open_actions

    return (
        can_write_minutes(user, meeting)
        and earlier_open_actions(meeting).filter(pk=action.pk).exists()
    )

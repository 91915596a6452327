"""Who may do what in a care meeting. Every overleg view asks here.

A meeting is visible to the people involved in it: its organiser, chair, minute-taker and
invitees — nobody else, whatever their role. Case content in a meeting is pseudonymised and needs
three things at once: an invitation whose holder has confirmed confidentiality, a live access
grant for that case from publishing the agenda (it ends a configured number of days after the
meeting), and the guardian object permission `cases.view_case_in_meeting` that goes with the grant.
"""

from django.db.models import Q
from django.utils import timezone

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import CaseUserObjectPermission

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


def meetings_visible_to(user):
    from overleg.models import Meeting

    if not may_use_meetings(user):
        return Meeting.objects.none()
    involved = (
        Q(organised_by=user)
        | Q(chair=user)
        | Q(minute_taker=user)
        | Q(pk__in=_invited_meeting_ids(user))
    )
    return Meeting.objects.filter(involved)


def _invited_meeting_ids(user):
    from overleg.models import Invitation

    return Invitation.objects.filter(user=user).values("meeting_id")


def can_view_meeting(user, meeting):
    if not may_use_meetings(user):
        return False
    return (
        user.pk
        in (
            meeting.organised_by_id,
            meeting.chair_id,
            meeting.minute_taker_id,
        )
        or meeting.invitations.filter(user=user).exists()
    )


def _leads(user, meeting):
    return user.pk in (meeting.organised_by_id, meeting.chair_id)


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
    """Before publishing, the organiser and chair prepare the agenda; after it, every invitee
    who confirmed confidentiality reads it."""
    if meeting.state == meeting.State.PLANNED:
        return _leads(user, meeting)
    return has_confirmed_confidentiality(user, meeting)


def meeting_case_basis(user, meeting, case):
    """The access-log basis for reading this case in this meeting, or None."""
    if not may_use_meetings(user) or not has_confirmed_confidentiality(user, meeting):
        return None
    live_grant = meeting.grants.filter(user=user, case=case, expires_at__gt=timezone.now())
    if not live_grant.exists():
        return None
    permission = CaseUserObjectPermission.objects.filter(
        user=user, content_object_id=case.pk, permission__codename="view_case_in_meeting"
    )
    return AccessLogEntry.Basis.MEETING if permission.exists() else None


def can_mark_held(user, meeting):
    return (
        user.pk in (meeting.chair_id, meeting.minute_taker_id)
        and meeting.state == meeting.State.AGENDA_PUBLISHED
        and meeting.starts_at <= timezone.now()
    )


def can_write_minutes(user, meeting):
    return user.pk in (meeting.chair_id, meeting.minute_taker_id) and meeting.minutes_open


def can_approve_minutes(user, meeting):
    return user.pk == meeting.chair_id and meeting.minutes_open


def can_read_minutes(user, meeting):
    """The minutes exist once the meeting is held: the chair and minute-taker, who write them,
    and the invitees who confirmed confidentiality read them."""
    if meeting.state not in (meeting.State.HELD, meeting.State.MINUTES_APPROVED):
        return False
    return user.pk in (meeting.chair_id, meeting.minute_taker_id) or (
        has_confirmed_confidentiality(user, meeting)
    )


def may_decide_in_meeting(user, case):
    """The chair or minute-taker of a held meeting with this case on its agenda records what the
    meeting decided (escalation rules ask this besides the dean and the case team)."""
    from overleg.models import AgendaItem, Meeting

    return (
        _active(user, *MEETING_ROLES)
        and AgendaItem.objects.filter(case=case, meeting__state=Meeting.State.HELD)
        .filter(Q(meeting__chair=user) | Q(meeting__minute_taker=user))
        .exists()
    )


def may_review_action(user, action, meeting):
    return can_write_minutes(user, meeting) and action.meeting_id != meeting.pk

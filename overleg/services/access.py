"""Publishing an agenda and the access it gives: temporary, pseudonymised, per invitee and case,
as a grant row (with history) plus the guardian object permission that goes with it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.notifications import complete_task, notify_user
from accounts.services import get_system_user
from cases.models import Case
from core.history import recorded_as, save_with_history
from core.locking import save_version
from overleg import (
    notice_kinds,
    tasks,  # the module: its tasks call these services
)
from overleg import permissions as rules
from overleg.models import CaseAccessGrant, IdentityReveal, Invitation, Meeting
from overleg.services.common import (
    MeetingRefused,
    Reason,
    lock,
    meeting_path,
)


def access_end(meeting):
    ends = meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)
    return ends + datetime.timedelta(days=settings.ZW_MEETING_ACCESS_DAYS)


def _invited_users(meeting):
    return [invitation.user for invitation in meeting.invitations.select_related("user")]


def _lock_case(case):
    # Grants of one case from several meetings meet in its object permission: one at a time.
    return Case.objects.select_for_update().get(pk=case.pk)


def grant_case(meeting, case, *, acting_user, users=None):
    """Every invitee (or `users`) may read this case in this meeting until `access_until`."""
    _lock_case(case)
    for user in _invited_users(meeting) if users is None else users:
        if CaseAccessGrant.objects.filter(meeting=meeting, user=user, case=case).exists():
            continue
        grant = CaseAccessGrant(
            meeting=meeting, user=user, case=case, expires_at=meeting.access_until
        )
        save_with_history(grant, acting_user=acting_user, reason=Reason.GRANTED)
        rules.grant_meeting_access(user, case)


def _grant_all(meeting, *, acting_user, users=None):
    for item in meeting.items.filter(case__isnull=False).select_related("case"):
        grant_case(meeting, item.case, acting_user=acting_user, users=users)


def _end(grants, *, acting_user):
    """Delete these grants one by one (with history) and, where no other live grant of the same
    person and case remains, the object permission."""
    now = timezone.now()
    for grant in grants.select_related("user", "case"):
        _lock_case(grant.case)
        with recorded_as(grant, acting_user=acting_user, reason=Reason.WITHDRAWN):
            grant.delete()
        others = CaseAccessGrant.objects.filter(
            user=grant.user, case=grant.case, expires_at__gt=now
        )
        if not others.exists():
            rules.withdraw_meeting_access(grant.user, grant.case)


def withdraw_case(meeting, case, *, acting_user):
    """The case left the agenda: nobody reads it through this meeting any more."""
    _end(CaseAccessGrant.objects.filter(meeting=meeting, case=case), acting_user=acting_user)


def move_access(meeting, *, acting_user):
    """The meeting moved (its `access_until` is already the new end): grants end then too, and
    grants the hourly job already ended come back while the new end lies ahead."""
    for grant in meeting.grants.exclude(expires_at=meeting.access_until):
        grant.expires_at = meeting.access_until
        save_with_history(grant, acting_user=acting_user, reason=Reason.GRANTED)
    if meeting.access_until > timezone.now():
        _grant_all(meeting, acting_user=acting_user)
    else:
        _end(meeting.grants.all(), acting_user=acting_user)


def announce(meeting, users, *, kind=notice_kinds.MEETING_INVITED):
    """Each person's invitation (or news of a change): an inbox item and an e-mail with the
    meeting as a calendar item."""
    invitation = tasks.send_meeting_invitation.s(meeting_id=meeting.pk)
    task = confirm_task(meeting) if kind == notice_kinds.MEETING_INVITED else ""
    for user in users:
        notify_user(
            user,
            path=meeting_path(meeting),
            kind=kind,
            subject=meeting.code,
            task=task,
            email=invitation,
        )


def confirm_task(meeting):
    """The key of an invitee's task to confirm confidentiality (each does their own)."""
    return f"meeting:{meeting.pk}:confirm"


def announce_change(meeting, *, besides):
    """A published meeting moved or changed place: everyone invited but `besides` gets the
    news, with the new calendar item (it replaces the old one: same UID, higher SEQUENCE)."""
    skip = {user.pk for user in besides}
    invited = [user for user in _invited_users(meeting) if user.pk not in skip]
    announce(meeting, invited, kind=notice_kinds.MEETING_CHANGED)


def publish_agenda(meeting, *, acting_user):
    """Invitees get the agenda and, until `access_until`, pseudonymised access to its cases."""
    from overleg.services.planning import invite

    with transaction.atomic():
        meeting = lock(meeting)
        MeetingRefused.unless(
            rules.can_publish_agenda(acting_user, meeting),
            _("Alleen de organisator of voorzitter publiceert de agenda, één keer."),
        )
        if not meeting.items.exists():
            raise MeetingRefused(_("Zet eerst minstens één punt op de agenda."))
        invite(meeting, [], acting_user=acting_user)  # who holds an invited role by now
        meeting.publish_agenda()
        meeting.agenda_published_at = timezone.now()
        meeting.access_until = access_end(meeting)
        save_version(meeting, acting_user=acting_user, reason=Reason.PUBLISHED)
        _grant_all(meeting, acting_user=acting_user)
        announce(meeting, [user for user in _invited_users(meeting) if user != acting_user])
    return meeting


def end_expired_access(*, now=None):
    """The hourly clean-up: access that ran out loses its object permission too. (Reading is
    refused from `expires_at` on already; this removes what is left.) Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = CaseAccessGrant.objects.filter(expires_at__lte=now)
        count = expired.count()
        _end(expired, acting_user=get_system_user())
    return count


def end_access_of_absentees(meeting, *, acting_user):
    """Whoever sent apologies or stayed away has no reason to keep reading the cases."""
    absent = meeting.invitations.exclude(attendance=Invitation.Attendance.PRESENT).values("user")
    _end(meeting.grants.filter(user__in=absent), acting_user=acting_user)


def confirm_confidentiality(meeting, *, acting_user):
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(meeting=meeting, user=acting_user).first()
        )
        MeetingRefused.unless(
            invitation is not None and meeting.state != Meeting.State.PLANNED,
            _("Alleen genodigden bevestigen geheimhouding, zodra de agenda gepubliceerd is."),
        )
        if invitation.confidentiality_confirmed_at is None:
            invitation.confidentiality_confirmed_at = timezone.now()
            save_with_history(invitation, acting_user=acting_user, reason=Reason.CONFIRMED)
        complete_task(confirm_task(meeting), user=acting_user)
    return invitation


def reveal_identity(meeting, case, *, reason, acting_user):
    """Record that this person asked to see the student's identity, and why. The view writes the
    access-log row (it knows the request) in the same transaction."""
    MeetingRefused.unless(
        rules.meeting_case_basis(acting_user, meeting, case) is not None,
        _("Je hebt in dit overleg geen toegang tot deze casus."),
    )
    reveal = IdentityReveal.objects.filter(meeting=meeting, user=acting_user, case=case).first()
    if reveal is None:
        reveal = IdentityReveal(meeting=meeting, user=acting_user, case=case, reason=reason)
        save_with_history(reveal, acting_user=acting_user, reason=Reason.REVEALED)
    return reveal

"""Holding the meeting and its minutes: attendance, what was said and decided per item (through
the escalation services), action items and their review, approval, carrying forward."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.notifications import complete_task, notify_user
from accounts.services import get_system_user
from cases.models import Case, Rung
from core.errors import EditConflict
from core.history import save_with_history
from core.locking import save_version
from escalation import services as ladder
from escalation.models import CareMeetingDecision
from overleg import notice_kinds
from overleg import permissions as rules
from overleg.models import ActionItem, AgendaItem, Meeting
from overleg.services import access, planning
from overleg.services.common import (
    MeetingRefused,
    Reason,
    lock,
    meeting_path,
)

Decision = CareMeetingDecision.Decision


def mark_held(meeting, *, acting_user):
    with transaction.atomic():
        meeting = lock(meeting)
        MeetingRefused.unless(
            rules.can_mark_held(acting_user, meeting),
            _(
                "De voorzitter of notulist zet het overleg op gehouden, vanaf de begintijd en "
                "nadat de agenda gepubliceerd is."
            ),
        )
        meeting.mark_held()
        meeting.held_at = timezone.now()
        save_version(meeting, acting_user=acting_user, reason=Reason.HELD)
    return meeting


def _minutes_check(meeting, acting_user):
    MeetingRefused.unless(
        rules.can_write_minutes(acting_user, meeting),
        _(
            "Alleen de voorzitter of notulist schrijft het verslag, na het bevestigen van de "
            "geheimhouding en zolang het nog niet is vastgesteld."
        ),
    )


def record_attendance(meeting, *, attendance, acting_user):
    """`attendance` maps invitation ids to present / apologies / absent."""
    with transaction.atomic():
        meeting = lock(meeting)
        _minutes_check(meeting, acting_user)
        for invitation in meeting.invitations.select_for_update():
            value = attendance.get(invitation.pk, "")
            if value and value != invitation.attendance:
                invitation.attendance = value
                save_with_history(invitation, acting_user=acting_user, reason=Reason.ATTENDANCE)


def decision_allowed(item):
    """A case decision other than 'no change' moves the case, which is only possible at the
    care-meeting rung (a case elsewhere on the agenda is discussed, not moved here)."""
    return item.case_id is not None and item.case.rung == Rung.CARE_MEETING


def record_item_minutes(item, *, summary, decision, outcome="", acting_user):
    """What was said about one item and, for a case, what was decided. A decision is taken once:
    it moves the case through the escalation services and cannot be undone here."""
    with transaction.atomic():
        meeting = lock(item.meeting)
        _minutes_check(meeting, acting_user)
        item = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting=meeting).first()
        if item is None:
            raise MeetingRefused(_("Dit punt staat niet meer op de agenda."))
        if decision and item.decided:
            raise EditConflict(
                _(
                    "Over deze casus is in dit overleg net een besluit vastgelegd. Bekijk het "
                    "verslag; je samenvatting staat nog in het formulier."
                )
            )
        item.summary = summary
        item.discussed = True
        if decision:
            item.decision_recorded = _decide(meeting, item, decision, summary, outcome, acting_user)
            item.decision = decision
        save_with_history(item, acting_user=acting_user, reason=Reason.MINUTES)
    return item


def _decide(meeting, item, decision, summary, outcome, acting_user):
    if item.case_id is None:
        raise MeetingRefused(_("Een besluit hoort bij een casus op de agenda."))
    case = Case.objects.select_for_update().get(pk=item.case_id)
    if case.rung != Rung.CARE_MEETING:
        if decision != Decision.NO_CHANGE:
            raise MeetingRefused(
                _(
                    "Deze casus staat niet op de trede zorgoverleg: het overleg kan hem niet "
                    "op- of afschalen of sluiten. Leg 'geen verandering' vast en spreek een "
                    "actie af met de behandelaar."
                )
            )
        return None
    return ladder.record_meeting_decision(
        case,
        decision=Decision(decision),
        summary=summary,
        outcome=outcome,
        acting_user=acting_user,
        meeting_ref=meeting.code,
        role=rules.meeting_role(acting_user, case),
    )


def add_action(meeting, *, item, description, owner, due_on, acting_user):
    with transaction.atomic():
        meeting = lock(meeting)
        _minutes_check(meeting, acting_user)
        if not rules.can_be_invited(owner):
            raise MeetingRefused(_("Kies als eigenaar iemand die aan zorgoverleggen deelneemt."))
        if item is not None and item.meeting_id != meeting.pk:
            raise MeetingRefused(_("Dit punt staat niet op de agenda van dit overleg."))
        action = ActionItem(
            meeting=meeting, item=item, description=description, owner=owner, due_on=due_on
        )
        save_with_history(action, acting_user=acting_user, reason=Reason.ACTION)
        notify_user(
            owner,
            path=meeting_path(meeting),
            kind=notice_kinds.MEETING_ACTION,
            subject=meeting.code,
            task=action_task(action),
        )
    return action


def action_task(action):
    """The key of the owner's task to do this action (done when the meeting reviewed it)."""
    return f"action:{action.pk}"


def review_action(action, *, meeting, state, note, acting_user):
    """At a later meeting of the series: done, circumstances changed or not done."""
    with transaction.atomic():
        meeting = lock(meeting)
        _minutes_check(meeting, acting_user)
        action = ActionItem.objects.select_for_update().get(pk=action.pk)
        MeetingRefused.unless(
            rules.can_review_action(acting_user, action, meeting),
            _("Dit actiepunt is al beoordeeld of hoort niet bij de overleggen van deze reeks."),
        )
        action.state = state
        action.review_note = note
        action.reviewed_in = meeting
        action.reviewed_at = timezone.now()
        save_with_history(action, acting_user=acting_user, reason=Reason.ACTION_REVIEWED)
        complete_task(action_task(action))
    return action


def approve_minutes(meeting, *, acting_user):
    """The chair approves; from then on the minutes are read-only. Whoever was not present stops
    reading the cases. Items not discussed carry forward: to the next planned meeting at once,
    or proposed when it is planned."""
    with transaction.atomic():
        meeting = lock(meeting)
        MeetingRefused.unless(
            rules.can_approve_minutes(acting_user, meeting),
            _("Alleen de voorzitter stelt het verslag vast, één keer."),
        )
        if meeting.invitations.filter(attendance="").exists():
            raise MeetingRefused(_("Leg eerst voor iedere genodigde de aanwezigheid vast."))
        meeting.approve_minutes()
        meeting.minutes_approved_at = timezone.now()
        save_version(meeting, acting_user=acting_user, reason=Reason.APPROVED)
        access.end_access_of_absentees(meeting, acting_user=acting_user)
        _carry_forward(meeting, acting_user=acting_user)
    return meeting


def _carry_forward(meeting, *, acting_user):
    if meeting.kind != Meeting.Kind.REGULAR:
        return
    following = Meeting.objects.filter(
        kind=Meeting.Kind.REGULAR,
        state__in=[Meeting.State.PLANNED, Meeting.State.AGENDA_PUBLISHED],
        starts_at__gt=meeting.starts_at,
    ).order_by("starts_at", "id")
    upcoming = next(
        (m for m in following if m.unit_id == meeting.unit_id and _follows(m, meeting)), None
    )
    if upcoming is None:
        return
    for proposal in planning.proposals_for(upcoming):
        if proposal.source == AgendaItem.Source.CARRIED_FORWARD:
            planning.add_proposed(upcoming, proposal, acting_user=acting_user)


def _follows(upcoming, meeting):
    from overleg.selectors import previous_approved

    return previous_approved(upcoming) == meeting


def remind_overdue_actions(*, today=None):
    """Once per action: the owner of an open action past its date gets a reminder, no content."""
    today = today or timezone.localdate()
    system_user = get_system_user()
    count = 0
    with transaction.atomic():
        overdue = ActionItem.objects.filter(
            state=ActionItem.State.OPEN, due_on__lt=today, reminded_at__isnull=True
        ).select_for_update()
        for action in overdue:
            action.reminded_at = timezone.now()
            save_with_history(
                action,
                acting_user=system_user,
                reason=Reason.REMINDED,
                update_fields=["reminded_at"],
            )
            notify_user(
                action.owner,
                path=meeting_path(action.meeting),
                kind=notice_kinds.MEETING_ACTION,
                subject=action.meeting.code,
                task=action_task(action),
            )
            count += 1
    return count

"""Everything that changes a care meeting. Each function is one transaction, locks the meeting
it changes, checks the rule in `overleg.permissions` and saves with history (who and why).
Decisions about cases go through `escalation.services`, the same rules as everywhere else."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import InboxItem, User
from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.services import get_system_user
from audit.history import save_with_history
from cases.models import Case, Rung
from cases.permissions import unit_scope
from escalation import services as ladder
from escalation.models import AcuteRiskReport, CareMeetingDecision
from overleg import permissions as rules
from overleg.models import (
    ActionItem,
    AgendaItem,
    CaseAccessGrant,
    IdentityReveal,
    Invitation,
    Meeting,
)

Kind = InboxItem.Kind
MEETING_PERMISSION = "cases.view_case_in_meeting"
OPEN_RUNGS = (Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD)


class MeetingRefused(PermissionDenied):
    """The step is not allowed for this person or in this state; the message says why."""


class MeetingConflict(Exception):
    """Someone else changed the meeting since this form was opened."""


class Reason:
    """History reasons, stored as message ids and shown in the reader's language."""

    PLANNED = _("Zorgoverleg gepland")
    EDITED = _("Gegevens van het overleg gewijzigd")
    AGENDA = _("Agenda aangepast")
    PUBLISHED = _("Agenda gepubliceerd")
    CONFIRMED = _("Geheimhouding bevestigd")
    HELD = _("Overleg gehouden")
    ATTENDANCE = _("Aanwezigheid vastgelegd")
    MINUTES = _("Verslag van een agendapunt vastgelegd")
    ACTION = _("Actiepunt afgesproken")
    ACTION_REVIEWED = _("Actiepunt beoordeeld")
    APPROVED = _("Verslag vastgesteld")
    REMINDED = _("Herinnering verstuurd: actiepunt over de datum")


def _refuse_unless(allowed, message):
    if not allowed:
        raise MeetingRefused(message)


def _lock(meeting, expected_version=None):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise MeetingConflict(
            _(
                "Iemand anders heeft dit overleg net gewijzigd. Bekijk de nieuwe stand en probeer "
                "het opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def _save_meeting(meeting, *, acting_user, reason):
    meeting.version += 1
    save_with_history(meeting, acting_user=acting_user, reason=reason)


def meeting_path(meeting):
    return f"/overleg/{meeting.pk}/"


# --- Planning ------------------------------------------------------------------------------


def plan_meeting(*, acting_user, invited_roles, invited_people, **fields):
    """A new meeting with its invitees; the app proposes the agenda at once."""
    _refuse_unless(
        rules.can_plan_meetings(acting_user), _("Alleen een decaan plant een zorgoverleg.")
    )
    with transaction.atomic():
        meeting = Meeting(organised_by=acting_user, **fields)
        if meeting.kind == Meeting.Kind.REGULAR:
            meeting.case = None
        save_with_history(meeting, acting_user=acting_user, reason=Reason.PLANNED)
        meeting.invited_roles.set(invited_roles)
        _invite(meeting, invited_people, acting_user=acting_user)
        for proposal in proposals_for(meeting):
            _add_proposal(meeting, proposal, acting_user=acting_user)
    return meeting


def edit_meeting(meeting, *, acting_user, version, invited_roles, invited_people, **fields):
    with transaction.atomic():
        meeting = _lock(meeting, version)
        _refuse_unless(
            rules.can_edit_meeting(acting_user, meeting),
            _("Alleen de organisator of voorzitter wijzigt het overleg, tot het gehouden is."),
        )
        for name, value in fields.items():
            setattr(meeting, name, value)
        if meeting.access_until:
            meeting.access_until = _access_end(meeting)
            meeting.grants.update(expires_at=meeting.access_until)
        _save_meeting(meeting, acting_user=acting_user, reason=Reason.EDITED)
        meeting.invited_roles.set(invited_roles)
        new_people = _invite(meeting, invited_people, acting_user=acting_user)
        if meeting.state == Meeting.State.AGENDA_PUBLISHED:
            _grant_all(meeting, users=new_people)
            _announce(meeting, new_people)
    return meeting


def _invitees(meeting, people):
    roles = [role.code for role in meeting.invited_roles.all()]
    by_role = User.objects.filter(
        is_active=True, is_system=False, groups__role__code__in=roles
    ).distinct()
    wanted = {user.pk: user for user in by_role}
    for user in [*people, meeting.chair, meeting.minute_taker, meeting.organised_by]:
        wanted[user.pk] = user
    return [user for user in wanted.values() if rules.can_be_invited(user)]


def _invite(meeting, people, *, acting_user):
    """Invitations for the roles and people asked for (and the chair, minute-taker and
    organiser); returns who is new. Nobody is uninvited: access already given is not taken
    back silently, and the list shows everyone who was invited."""
    existing = set(meeting.invitations.values_list("user_id", flat=True))
    new = [user for user in _invitees(meeting, people) if user.pk not in existing]
    for user in new:
        save_with_history(
            Invitation(meeting=meeting, user=user), acting_user=acting_user, reason=Reason.EDITED
        )
    return new


# --- The agenda the app proposes -----------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    kind: str
    source: str
    case: Case | None = None
    carried_from: AgendaItem | None = None
    title: str = ""

    @property
    def source_label(self):
        return AgendaItem.Source(self.source).label

    @property
    def key(self):
        if self.case is not None:
            return f"case-{self.case.pk}"
        if self.carried_from is not None:
            return f"carried-{self.carried_from.pk}"
        return self.source


def previous_meeting(meeting):
    """The last regular meeting before this one for the same unit that took place."""
    return (
        Meeting.objects.filter(
            kind=Meeting.Kind.REGULAR,
            unit=meeting.unit,
            state__in=[Meeting.State.HELD, Meeting.State.MINUTES_APPROVED],
            starts_at__lt=meeting.starts_at,
        )
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-id")
        .first()
    )


def _scoped(cases, meeting):
    if meeting.unit_id is None:
        return cases
    scope = [meeting.unit_id, *meeting.unit.children.values_list("pk", flat=True)]
    return cases.filter(unit_id__in=scope)


def proposals_for(meeting):
    """What the app proposes for the agenda and is not on it yet, most pressing first: items
    carried forward from the last meeting, acute cases since then, cases at the care-meeting
    rung, cases past their review date, and the open action items."""
    Source = AgendaItem.Source
    if meeting.kind == Meeting.Kind.AD_HOC:
        candidates = [Proposal(AgendaItem.Kind.CASE, Source.AD_HOC, case=meeting.case)]
    else:
        candidates = _regular_proposals(meeting)
    on_agenda = set()
    for item in meeting.items.all():
        on_agenda.add(f"case-{item.case_id}" if item.case_id else item.source)
        if item.carried_from_id:
            on_agenda.add(f"carried-{item.carried_from_id}")
    proposals = []
    for proposal in candidates:
        if proposal.key not in on_agenda:
            on_agenda.add(proposal.key)
            proposals.append(proposal)
    return proposals


def _regular_proposals(meeting):
    Source = AgendaItem.Source
    CASE = AgendaItem.Kind.CASE
    previous = previous_meeting(meeting)
    candidates = []
    if previous is not None:
        undiscussed = previous.items.filter(discussed=False, carried_to__isnull=True)
        for item in undiscussed.select_related("case", "incident").order_by("position"):
            candidates.append(
                Proposal(
                    item.kind,
                    Source.CARRIED_FORWARD,
                    case=item.case,
                    carried_from=item,
                    title=item.title,
                )
            )
    cases = _scoped(Case.objects.all(), meeting).order_by("created_at", "id")
    acute = AcuteRiskReport.objects.filter(case__in=cases)
    if previous is not None:
        acute = acute.filter(reported_at__gte=previous.starts_at)
    # Each source proposes at most `limit` cases, the oldest first: an agenda is something
    # people discuss in one sitting, and an institution-wide meeting must not list thousands.
    limit = settings.ZW_MEETING_PROPOSALS_PER_SOURCE
    acute_cases = cases.filter(pk__in=acute.values("case_id"), rung__in=OPEN_RUNGS)
    candidates += [Proposal(CASE, Source.ACUTE, case=case) for case in acute_cases[:limit]]
    candidates += [
        Proposal(CASE, Source.CARE_MEETING_RUNG, case=case)
        for case in cases.filter(rung=Rung.CARE_MEETING)[:limit]
    ]
    overdue = cases.filter(rung__in=OPEN_RUNGS, next_review__lt=timezone.localdate())
    candidates += [
        Proposal(CASE, Source.OVERDUE_REVIEW, case=case)
        for case in overdue.order_by("next_review", "id")[:limit]
    ]
    if open_actions_before(meeting).exists():
        candidates.append(
            Proposal(
                AgendaItem.Kind.OTHER,
                Source.OPEN_ACTIONS,
                title=str(_("Openstaande actiepunten doorlopen")),
            )
        )
    return candidates


def open_actions_before(meeting):
    """Action items of earlier meetings that nobody has reviewed yet."""
    return ActionItem.objects.filter(
        state=ActionItem.State.OPEN, meeting__starts_at__lt=meeting.starts_at
    ).exclude(meeting=meeting)


def _next_position(meeting):
    return (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1


def _add_proposal(meeting, proposal, *, acting_user):
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        kind=proposal.kind,
        case=proposal.case,
        source=proposal.source,
        carried_from=proposal.carried_from,
        title=proposal.title,
        incident=proposal.carried_from.incident if proposal.carried_from else None,
    )
    save_with_history(item, acting_user=acting_user, reason=Reason.AGENDA)
    if proposal.case is not None and meeting.state == Meeting.State.AGENDA_PUBLISHED:
        _grant_case(meeting, proposal.case, users=_invited_users(meeting))
    return item


def add_proposal(meeting, key, *, acting_user):
    """Put one proposed item on the agenda (the key comes from the page)."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _refuse_unless(rules.can_edit_meeting(acting_user, meeting), _not_editable())
        proposal = next((p for p in proposals_for(meeting) if p.key == key), None)
        if proposal is None:
            raise MeetingRefused(_("Dit voorstel staat al op de agenda of geldt niet meer."))
        return _add_proposal(meeting, proposal, acting_user=acting_user)


def add_item(meeting, *, kind, title, incident=None, acting_user):
    """A trend review, an incident analysis or another item the chair adds."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _refuse_unless(rules.can_edit_meeting(acting_user, meeting), _not_editable())
        item = AgendaItem(
            meeting=meeting,
            position=_next_position(meeting),
            kind=kind,
            title=title,
            incident=incident,
            source=AgendaItem.Source.CHAIR,
        )
        save_with_history(item, acting_user=acting_user, reason=Reason.AGENDA)
        return item


def remove_item(item, *, acting_user):
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _refuse_unless(rules.can_edit_meeting(acting_user, meeting), _not_editable())
        item = AgendaItem.objects.get(pk=item.pk)
        item._history_user = acting_user
        item._change_reason = str(Reason.AGENDA)
        if item.case_id:
            _revoke(CaseAccessGrant.objects.filter(meeting=meeting, case_id=item.case_id))
        item.delete()
        _renumber(meeting, acting_user=acting_user)


def move_item(item, *, up, acting_user):
    """Swap the item with its neighbour above or below."""
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _refuse_unless(rules.can_edit_meeting(acting_user, meeting), _not_editable())
        items = list(meeting.items.order_by("position", "id"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        _renumber(meeting, items=items, acting_user=acting_user)


def _renumber(meeting, *, acting_user, items=None):
    items = items if items is not None else list(meeting.items.order_by("position", "id"))
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            save_with_history(item, acting_user=acting_user, reason=Reason.AGENDA)


def _not_editable():
    return _("Alleen de organisator of voorzitter wijzigt de agenda, tot het overleg gehouden is.")


# --- Publishing and access -----------------------------------------------------------------


def _access_end(meeting):
    ends = meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)
    return ends + datetime.timedelta(days=settings.ZW_MEETING_ACCESS_DAYS)


def _invited_users(meeting):
    return [invitation.user for invitation in meeting.invitations.select_related("user")]


def _grant_case(meeting, case, *, users):
    for user in users:
        _grant, created = CaseAccessGrant.objects.get_or_create(
            meeting=meeting, user=user, case=case, defaults={"expires_at": meeting.access_until}
        )
        if created:
            assign_perm(MEETING_PERMISSION, user, case)


def _grant_all(meeting, *, users):
    for item in meeting.items.filter(case__isnull=False).select_related("case"):
        _grant_case(meeting, item.case, users=users)


def _announce(meeting, users):
    for user in users:
        notify_user(user, path=meeting_path(meeting), kind=Kind.MEETING_INVITED)


def publish_agenda(meeting, *, acting_user):
    """Invitees get the agenda and, until `access_until`, pseudonymised access to its cases."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _refuse_unless(
            rules.can_publish_agenda(acting_user, meeting),
            _("Alleen de organisator of voorzitter publiceert de agenda, één keer."),
        )
        if not meeting.items.exists():
            raise MeetingRefused(_("Zet eerst minstens één punt op de agenda."))
        _invite(meeting, [], acting_user=acting_user)  # who holds an invited role by now
        meeting.publish_agenda()
        meeting.agenda_published_at = timezone.now()
        meeting.access_until = _access_end(meeting)
        _save_meeting(meeting, acting_user=acting_user, reason=Reason.PUBLISHED)
        users = _invited_users(meeting)
        _grant_all(meeting, users=users)
        _announce(meeting, [user for user in users if user.pk != acting_user.pk])
    return meeting


def _revoke(grants):
    """Delete these grants and, where no other live grant remains, the object permission."""
    pairs = set(grants.values_list("user_id", "case_id"))
    grants.delete()
    now = timezone.now()
    for user_id, case_id in pairs:
        still = CaseAccessGrant.objects.filter(user_id=user_id, case_id=case_id, expires_at__gt=now)
        if not still.exists():
            remove_perm(
                MEETING_PERMISSION, User.objects.get(pk=user_id), Case.objects.get(pk=case_id)
            )
    return len(pairs)


def end_expired_access(*, now=None):
    """The nightly clean-up: access that ran out loses its object permission too. (Reading is
    refused from `expires_at` on already; this removes what is left.)"""
    now = now or timezone.now()
    with transaction.atomic():
        return _revoke(CaseAccessGrant.objects.filter(expires_at__lte=now))


def confirm_confidentiality(meeting, *, acting_user):
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(meeting=meeting, user=acting_user).first()
        )
        _refuse_unless(
            invitation is not None and meeting.state != Meeting.State.PLANNED,
            _("Alleen genodigden bevestigen geheimhouding, zodra de agenda gepubliceerd is."),
        )
        if invitation.confidentiality_confirmed_at is None:
            invitation.confidentiality_confirmed_at = timezone.now()
            save_with_history(invitation, acting_user=acting_user, reason=Reason.CONFIRMED)
    return invitation


def reveal_identity(meeting, case, *, reason, acting_user):
    """Record that this person asked to see the student's identity, and why. The view writes the
    access-log row (it knows the request) in the same transaction."""
    _refuse_unless(
        rules.meeting_case_basis(acting_user, meeting, case) is not None,
        _("Je hebt in dit overleg geen toegang tot deze casus."),
    )
    reveal, _created = IdentityReveal.objects.get_or_create(
        meeting=meeting, user=acting_user, case=case, defaults={"reason": reason}
    )
    return reveal


# --- Holding the meeting and the minutes ---------------------------------------------------


def mark_held(meeting, *, acting_user):
    with transaction.atomic():
        meeting = _lock(meeting)
        _refuse_unless(
            rules.can_mark_held(acting_user, meeting),
            _(
                "De voorzitter of notulist zet het overleg op gehouden, vanaf de begintijd en "
                "nadat de agenda gepubliceerd is."
            ),
        )
        meeting.mark_held()
        meeting.held_at = timezone.now()
        _save_meeting(meeting, acting_user=acting_user, reason=Reason.HELD)
    return meeting


def _minutes_check(meeting, acting_user):
    _refuse_unless(
        rules.can_write_minutes(acting_user, meeting),
        _(
            "Alleen de voorzitter of notulist schrijft het verslag, zolang het nog niet is "
            "vastgesteld."
        ),
    )


def record_attendance(meeting, *, attendance, acting_user):
    """`attendance` maps invitation ids to present / apologies / absent."""
    with transaction.atomic():
        meeting = _lock(meeting)
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
    Decision = AgendaItem.Decision
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _minutes_check(meeting, acting_user)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if decision and item.decided:
            raise MeetingConflict(
                _(
                    "Over deze casus is in dit overleg net een besluit vastgelegd. Bekijk het "
                    "verslag; je samenvatting staat nog in het formulier."
                )
            )
        item.summary = summary
        item.discussed = True
        if decision:
            if item.case_id is None:
                raise MeetingRefused(_("Een besluit hoort bij een casus op de agenda."))
            case = Case.objects.get(pk=item.case_id)
            if case.rung == Rung.CARE_MEETING:
                item.decision_recorded = ladder.record_care_meeting_decision(
                    case,
                    decision=CareMeetingDecision.Decision(decision),
                    summary=summary,
                    outcome=outcome,
                    acting_user=acting_user,
                    meeting_ref=meeting.code,
                )
            elif decision != Decision.NO_CHANGE:
                raise MeetingRefused(
                    _(
                        "Deze casus staat niet op de trede zorgoverleg: het overleg kan hem niet "
                        "op- of afschalen of sluiten. Leg 'geen verandering' vast en spreek een "
                        "actie af met de behandelaar."
                    )
                )
            item.decision = decision
        save_with_history(item, acting_user=acting_user, reason=Reason.MINUTES)
    return item


def add_action(meeting, *, item, description, owner, due_on, acting_user):
    with transaction.atomic():
        meeting = _lock(meeting)
        _minutes_check(meeting, acting_user)
        if not rules.can_be_invited(owner):
            raise MeetingRefused(_("Kies als eigenaar iemand die aan zorgoverleggen deelneemt."))
        action = ActionItem(
            meeting=meeting, item=item, description=description, owner=owner, due_on=due_on
        )
        save_with_history(action, acting_user=acting_user, reason=Reason.ACTION)
        notify_user(owner, path=meeting_path(meeting), kind=Kind.MEETING_ACTION)
    return action


def review_action(action, *, meeting, state, note, acting_user):
    """At a later meeting: done, circumstances changed or not done."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _minutes_check(meeting, acting_user)
        action = ActionItem.objects.select_for_update().get(pk=action.pk)
        _refuse_unless(
            rules.may_review_action(acting_user, action, meeting)
            and action.state == ActionItem.State.OPEN,
            _("Dit actiepunt is al beoordeeld of hoort bij dit overleg zelf."),
        )
        action.state = state
        action.review_note = note
        action.reviewed_in = meeting
        action.reviewed_at = timezone.now()
        save_with_history(action, acting_user=acting_user, reason=Reason.ACTION_REVIEWED)
    return action


def approve_minutes(meeting, *, acting_user):
    """The chair approves; from then on the minutes are read-only. Items not discussed are
    carried forward: to the next planned meeting at once, or proposed when it is planned."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _refuse_unless(
            rules.can_approve_minutes(acting_user, meeting),
            _("Alleen de voorzitter stelt het verslag vast, één keer."),
        )
        if meeting.invitations.filter(attendance="").exists():
            raise MeetingRefused(_("Leg eerst voor iedere genodigde de aanwezigheid vast."))
        meeting.approve_minutes()
        meeting.minutes_approved_at = timezone.now()
        _save_meeting(meeting, acting_user=acting_user, reason=Reason.APPROVED)
        _carry_forward(meeting, acting_user=acting_user)
    return meeting


def _carry_forward(meeting, *, acting_user):
    if meeting.kind != Meeting.Kind.REGULAR:
        return
    upcoming = (
        Meeting.objects.filter(
            kind=Meeting.Kind.REGULAR,
            unit=meeting.unit,
            state__in=[Meeting.State.PLANNED, Meeting.State.AGENDA_PUBLISHED],
            starts_at__gt=meeting.starts_at,
        )
        .order_by("starts_at", "id")
        .first()
    )
    if upcoming is None:
        return
    for proposal in proposals_for(upcoming):
        if proposal.source == AgendaItem.Source.CARRIED_FORWARD:
            _add_proposal(upcoming, proposal, acting_user=acting_user)


# --- Reminders -----------------------------------------------------------------------------


def remind_overdue_actions(*, today=None):
    """Once per action: the owner of an open action past its date gets a reminder, no content."""
    today = today or timezone.localdate()
    overdue = ActionItem.objects.filter(
        state=ActionItem.State.OPEN, due_on__lt=today, reminded_at__isnull=True
    ).select_related("owner")
    count = 0
    system_user = get_system_user()
    with transaction.atomic():
        for action in overdue.select_for_update(of=("self",)):
            action.reminded_at = timezone.now()
            save_with_history(
                action,
                acting_user=system_user,
                reason=Reason.REMINDED,
                update_fields=["reminded_at"],
            )
            notify_user(action.owner, path=meeting_path(action.meeting), kind=Kind.MEETING_ACTION)
            count += 1
    return count


def open_actions_of(user):
    return ActionItem.objects.filter(owner=user, state=ActionItem.State.OPEN).filter(
        Q(meeting__state=Meeting.State.HELD) | Q(meeting__state=Meeting.State.MINUTES_APPROVED)
    )


def eligible_invitees():
    return (
        User.objects.filter(
            is_active=True, is_system=False, groups__role__code__in=rules.MEETING_ROLES
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def eligible_chairs():
    return (
        User.objects.filter(
            is_active=True,
            is_system=False,
            groups__role__code__in=[RoleCode.DEAN, RoleCode.CARE_TEAM],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def unit_cases_for(user):
    """The cases a dean can call an ad-hoc meeting about: those of the units they oversee."""
    return Case.objects.filter(unit_id__in=unit_scope(user), rung__in=OPEN_RUNGS)

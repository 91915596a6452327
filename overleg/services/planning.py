"""Planning a meeting: its invitees and the agenda the app proposes, which the chair orders."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RoleCode
from cases.models import Case, Rung
from core.history import recorded_as, save_with_history
from core.locking import save_version
from escalation.models import AcuteRiskReport
from overleg import permissions as rules
from overleg import selectors
from overleg.models import AgendaItem, Invitation, Meeting
from overleg.services import access
from overleg.services.common import (
    MeetingRefused,
    Reason,
    lock,
    not_editable,
)

OPEN_RUNGS = (Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD)


def _check_scope(meeting, acting_user):
    MeetingRefused.unless(
        meeting.unit_id is None or rules.plannable_units(acting_user).filter(pk=meeting.unit_id),
        _("Kies een faculteit waar je decaan van bent."),
    )
    if meeting.kind == Meeting.Kind.AD_HOC:
        MeetingRefused.unless(
            unit_cases_for(meeting.organised_by).filter(pk=meeting.case_id).exists(),
            _(
                "Een ad-hocoverleg gaat over een open casus van een eenheid waar je decaan "
                "van bent."
            ),
        )


def plan_meeting(*, acting_user, invited_roles, invited_people, **fields):
    """A new meeting with its invitees; the app proposes the agenda at once."""
    MeetingRefused.unless(
        rules.can_plan_meetings(acting_user), _("Alleen een decaan plant een zorgoverleg.")
    )
    with transaction.atomic():
        meeting = Meeting(organised_by=acting_user, **fields)
        if meeting.kind == Meeting.Kind.REGULAR:
            meeting.case = None
        _check_scope(meeting, acting_user)
        save_with_history(meeting, acting_user=acting_user, reason=Reason.PLANNED)
        meeting.invited_roles.set(invited_roles)
        invite(meeting, invited_people, acting_user=acting_user)
        for proposal in proposals_for(meeting):
            add_proposed(meeting, proposal, acting_user=acting_user)
    return meeting


# What the calendar item of an invitation holds: a change sends everyone invited a new one.
CALENDAR_FIELDS = ("starts_at", "duration_minutes", "location", "online_link")


def edit_meeting(meeting, *, acting_user, version, invited_roles, invited_people, **fields):
    """New details; a published agenda's access moves with the meeting's date."""
    with transaction.atomic():
        meeting = lock(meeting, version)
        MeetingRefused.unless(
            rules.can_edit_meeting(acting_user, meeting),
            _("Alleen de organisator of voorzitter wijzigt het overleg, tot het gehouden is."),
        )
        moved = any(
            name in fields and getattr(meeting, name) != fields[name] for name in CALENDAR_FIELDS
        )
        for name, value in fields.items():
            setattr(meeting, name, value)
        _check_scope(meeting, meeting.organised_by)
        if meeting.state == Meeting.State.AGENDA_PUBLISHED:
            meeting.access_until = access.access_end(meeting)
        save_version(meeting, acting_user=acting_user, reason=Reason.EDITED)
        meeting.invited_roles.set(invited_roles)
        new_people = invite(meeting, invited_people, acting_user=acting_user)
        if meeting.state == Meeting.State.AGENDA_PUBLISHED:
            access.move_access(meeting, acting_user=acting_user)
            access.announce(meeting, new_people)
            if moved:
                access.announce_change(meeting, besides=[acting_user, *new_people])
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


def invite(meeting, people, *, acting_user):
    """Invitations for the roles and people asked for (and the chair, minute-taker and
    organiser); returns who is new. Nobody is uninvited: the list shows everyone who was."""
    existing = set(meeting.invitations.values_list("user_id", flat=True))
    new = [user for user in _invitees(meeting, people) if user.pk not in existing]
    for user in new:
        save_with_history(
            Invitation(meeting=meeting, user=user), acting_user=acting_user, reason=Reason.EDITED
        )
    return new


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
    """The cases a dean can call an ad-hoc meeting about: open cases of the units they oversee."""
    from cases.permissions import unit_scope

    return Case.objects.filter(unit_id__in=unit_scope(user), rung__in=OPEN_RUNGS)


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


def proposals_for(meeting):
    """What the app proposes for the agenda and is not on it yet (see `agenda_proposals`)."""
    return agenda_proposals(meeting)[0]


def agenda_proposals(meeting):
    """(proposals, capped): what the app proposes for the agenda and is not on it yet, most
    pressing first — items carried forward from the last approved minutes, acute cases since the
    last meeting, cases at the care-meeting rung, cases past their review date, the open action
    items — and the reasons that had more cases than it proposes. Only cases of the units the
    meeting covers (see `overleg.permissions`)."""
    Source = AgendaItem.Source
    capped = []
    if meeting.kind == Meeting.Kind.AD_HOC:
        candidates = [Proposal(AgendaItem.Kind.CASE, Source.AD_HOC, case=meeting.case)]
    else:
        candidates, capped = _regular_proposals(meeting)
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
    return proposals, capped


def _carried(meeting):
    previous = selectors.previous_approved(meeting)
    if previous is None:
        return []
    undiscussed = (
        previous.items.filter(discussed=False, carried_to__isnull=True)
        .exclude(source=AgendaItem.Source.OPEN_ACTIONS)  # proposed afresh when actions are open
        .exclude(case__rung=Rung.CLOSED)
        .select_related("case__student", "incident")
        .order_by("position")
    )
    return [
        Proposal(
            item.kind,
            AgendaItem.Source.CARRIED_FORWARD,
            case=item.case,
            carried_from=item,
            title=item.title,
        )
        for item in undiscussed
    ]


def _case_sources(meeting):
    """(source, cases) per reason a case is proposed, each at most `limit` cases, oldest first:
    an agenda is discussed in one sitting and must not list thousands."""
    Source = AgendaItem.Source
    on_agenda = meeting.items.filter(case__isnull=False).values("case_id")
    cases = (
        rules.cases_for_meeting(meeting)
        .exclude(pk__in=on_agenda)
        .select_related("student")  # the page shows each proposal's pseudonym
        .order_by("created_at", "id")
    )
    acute = AcuteRiskReport.objects.filter(case__in=cases)
    since = selectors.previous_held(meeting)
    if since is not None:
        acute = acute.filter(reported_at__gte=since.starts_at)
    overdue = cases.filter(rung__in=OPEN_RUNGS, next_review__lt=timezone.localdate())
    return [
        (Source.ACUTE, cases.filter(pk__in=acute.values("case_id"), rung__in=OPEN_RUNGS)),
        (Source.CARE_MEETING_RUNG, cases.filter(rung=Rung.CARE_MEETING)),
        (Source.OVERDUE_REVIEW, overdue.order_by("next_review", "id")),
    ]


def _regular_proposals(meeting):
    CASE = AgendaItem.Kind.CASE
    limit = settings.ZW_MEETING_PROPOSALS_PER_SOURCE
    candidates, capped = _carried(meeting), []
    for source, cases in _case_sources(meeting):
        found = list(cases[: limit + 1])  # one more than shown tells there are more
        if len(found) > limit:
            capped.append(AgendaItem.Source(source).label)
        candidates += [Proposal(CASE, source, case=case) for case in found[:limit]]
    if selectors.earlier_open_actions(meeting).exists():
        candidates.append(
            Proposal(
                AgendaItem.Kind.OTHER,
                AgendaItem.Source.OPEN_ACTIONS,
                title=str(_("Openstaande actiepunten doorlopen")),
            )
        )
    return candidates, capped


def _next_position(meeting):
    return (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1


def add_proposed(meeting, proposal, *, acting_user):
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
        access.grant_case(meeting, proposal.case, acting_user=acting_user)
    return item


def add_proposal(meeting, key, *, acting_user):
    """Put one proposed item on the agenda (the key comes from the page)."""
    with transaction.atomic():
        meeting = lock(meeting)
        MeetingRefused.unless(rules.can_edit_meeting(acting_user, meeting), not_editable())
        proposal = next((p for p in proposals_for(meeting) if p.key == key), None)
        if proposal is None:
            raise MeetingRefused(_("Dit voorstel staat al op de agenda of geldt niet meer."))
        return add_proposed(meeting, proposal, acting_user=acting_user)


def add_item(meeting, *, kind, title, incident=None, acting_user):
    """A trend review, an incident analysis or another item the chair adds."""
    with transaction.atomic():
        meeting = lock(meeting)
        MeetingRefused.unless(rules.can_edit_meeting(acting_user, meeting), not_editable())
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


def _current_item(meeting, item):
    item = meeting.items.filter(pk=item.pk).first()
    if item is None:  # a double click, or someone else removed it just now
        raise MeetingRefused(_("Dit punt staat niet meer op de agenda."))
    return item


def remove_item(item, *, acting_user):
    with transaction.atomic():
        meeting = lock(item.meeting)
        MeetingRefused.unless(rules.can_edit_meeting(acting_user, meeting), not_editable())
        item = _current_item(meeting, item)
        if item.case_id:
            access.withdraw_case(meeting, item.case, acting_user=acting_user)
        with recorded_as(item, acting_user=acting_user, reason=Reason.AGENDA):
            item.delete()
        _renumber(meeting, acting_user=acting_user)


def move_item(item, *, up, acting_user):
    """Swap the item with its neighbour above or below."""
    with transaction.atomic():
        meeting = lock(item.meeting)
        MeetingRefused.unless(rules.can_edit_meeting(acting_user, meeting), not_editable())
        item = _current_item(meeting, item)
        items = list(meeting.items.order_by("position", "id"))
        index = [other.pk for other in items].index(item.pk)
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

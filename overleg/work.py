"""What care meetings put on people's work queues (`core.registry`): an agenda to confirm before
it opens, minutes to write, actions due, the meetings of the coming week. A meeting's code
("ZO-12") and its date, never a case or a name; a fixed number of queries."""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.registry import Urgency, WorkItem, register_work
from overleg import permissions as rules
from overleg.models import ActionItem, Invitation, Meeting

SECTION = "overleg:meeting_list"
ACTIONS_AHEAD_DAYS = 14
MEETINGS_AHEAD_DAYS = 7
SHOWN = 5


def _meeting_url(meeting):
    return reverse("overleg:meeting_detail", args=[meeting.pk])


def meeting_work(user, now):
    if not rules.may_use_meetings(user):
        return []
    return [*_to_confirm_and_coming(user, now), *_minutes_to_write(user), *_actions(user, now)]


def _to_confirm_and_coming(user, now):
    """Published agendas this person has not confirmed confidentiality for (to do before the
    meeting), and the meetings of the coming week they are invited to (one query)."""
    soon = now + datetime.timedelta(days=MEETINGS_AHEAD_DAYS)
    invitations = (
        Invitation.objects.filter(user=user, meeting__starts_at__gte=now)
        .filter(
            Q(meeting__state=Meeting.State.AGENDA_PUBLISHED, confidentiality_confirmed_at=None)
            | Q(meeting__starts_at__lt=soon)
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")[:SHOWN]
    )
    return [_invitation_item(invitation) for invitation in invitations]


def _invitation_item(invitation):
    meeting = invitation.meeting
    published = meeting.state == Meeting.State.AGENDA_PUBLISHED
    if published and invitation.confidentiality_confirmed_at is None:
        label, urgency = _("Geheimhouding bevestigen en de agenda lezen"), Urgency.DUE
    else:
        label, urgency = _("Zorgoverleg"), Urgency.UPCOMING
    return WorkItem(
        label, _meeting_url(meeting), SECTION, urgency, subject=meeting.code, due=meeting.starts_at
    )


def _minutes_to_write(user):
    """Held meetings whose minutes this person writes or approves and that are not final yet."""
    held = Meeting.objects.filter(state=Meeting.State.HELD).filter(
        Q(chair=user) | Q(minute_taker=user)
    )
    return [
        WorkItem(
            _("Verslag afmaken en laten vaststellen"),
            reverse("overleg:minutes", args=[meeting.pk]),
            SECTION,
            subject=meeting.code,
            since=meeting.held_at,
        )
        for meeting in held.order_by("held_at", "pk")[:SHOWN]
    ]


def _actions(user, now):
    """Open action items this person owns: overdue ones, and those due within two weeks."""
    today = timezone.localdate(now)
    ahead = today + datetime.timedelta(days=ACTIONS_AHEAD_DAYS)
    late, soon = Q(due_on__lt=today), Q(due_on__gte=today, due_on__lte=ahead)
    counted = ActionItem.objects.filter(owner=user, state=ActionItem.State.OPEN).aggregate(
        late=Count("pk", filter=late),
        soon=Count("pk", filter=soon),
        first_late=Min("due_on", filter=late),
        first_soon=Min("due_on", filter=soon),
    )
    url = reverse(SECTION) + "#actions-heading"
    items = []
    if counted["late"]:
        label = ngettext(
            "%(count)d actiepunt uit het zorgoverleg is over de datum",
            "%(count)d actiepunten uit het zorgoverleg zijn over de datum",
            counted["late"],
        ) % {"count": counted["late"]}
        items.append(
            WorkItem(label, url, SECTION, Urgency.OVERDUE, due=counted["first_late"],
                     count=counted["late"])
        )  # fmt: skip
    if counted["soon"]:
        label = ngettext(
            "%(count)d actiepunt uit het zorgoverleg staat voor je open",
            "%(count)d actiepunten uit het zorgoverleg staan voor je open",
            counted["soon"],
        ) % {"count": counted["soon"]}
        items.append(
            WorkItem(label, url, SECTION, due=counted["first_soon"], count=counted["soon"])
        )
    return items


def register_providers():
    for role in rules.MEETING_ROLES:
        register_work(role, meeting_work)

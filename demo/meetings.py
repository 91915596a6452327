"""Demo care meetings: one held three weeks ago with approved minutes and actions (one point left
undiscussed, one action overdue), and one next week with the agenda the app proposes — which
carries that point forward. Every step goes through `overleg.services`, taken by the demo person
whose work it is."""

import datetime

from django.utils import timezone

from accounts.models import Role, User
from accounts.roles import RoleCode
from overleg import services
from overleg.models import AgendaItem, Meeting

PAST_TITLE = "Zorgoverleg — november"
NEXT_TITLE = "Zorgoverleg — december"

SUMMARIES = [
    (
        "Het gaat wisselend. De student heeft inmiddels contact met de huisarts en de "
        "studentpsycholoog; de begeleider blijft wekelijks in gesprek. Over vier weken opnieuw "
        "bespreken."
    ),
    (
        "De signalen zijn duidelijker geworden. Afgesproken dat de begeleider samen met de "
        "vertrouwenspersoon een gesprek voorbereidt en dat we de casus volgende keer weer "
        "bespreken."
    ),
]
ACTIONS = [
    ("Gesprek met de vertrouwenspersoon voorbereiden en plannen", 7),
    ("Navragen bij de studieadviseur of er een aangepast studieplan mogelijk is", -5),
]


def _at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    naive = datetime.datetime.combine(day, datetime.time(hour, 0))
    return timezone.make_aware(naive)


def seed_meetings(*, acting_user=None):
    """Load the two demo meetings once; returns how many were added (0 when already there).
    `acting_user` is accepted like the other demo loaders; the history names the demo dean, the
    care-team member and the counsellors who did the work."""
    if Meeting.objects.filter(title__in=[PAST_TITLE, NEXT_TITLE]).exists():
        return 0
    people = {user.username: user for user in User.objects.filter(is_system=False)}
    dean, careteam = people.get("dean"), people.get("careteam")
    if dean is None or careteam is None:
        return 0
    common = {
        "kind": Meeting.Kind.REGULAR,
        "duration_minutes": 90,
        "location": "Zorgkamer, gebouw A, 2e verdieping",
        "online_link": "",
        "unit": None,
        "case": None,
        "chair": dean,
        "minute_taker": careteam,
        "invited_roles": list(Role.objects.filter(code=RoleCode.CARE_TEAM)),
        "invited_people": [
            people[name] for name in ("counsellor", "counsellor2") if name in people
        ],
    }
    past = _held_meeting(dean, careteam, people, common)
    upcoming = services.plan_meeting(
        acting_user=dean, title=NEXT_TITLE, starts_at=_at(7, 10), **common
    )
    services.add_item(
        upcoming,
        kind=AgendaItem.Kind.TREND,
        title="Trends van dit kwartaal",
        acting_user=dean,
    )
    return 2 if past else 1


def _held_meeting(dean, careteam, people, common):
    meeting = services.plan_meeting(
        acting_user=dean, title=PAST_TITLE, starts_at=_at(-21, 10), **common
    )
    if not meeting.items.exists():
        services.add_item(
            meeting, kind="trend", title="Trends van de afgelopen maand", acting_user=dean
        )
    meeting = services.publish_agenda(meeting, acting_user=dean)
    for invitation in meeting.invitations.select_related("user"):
        services.confirm_confidentiality(meeting, acting_user=invitation.user)
    meeting = services.mark_held(meeting, acting_user=careteam)
    items = list(meeting.items.select_related("case").order_by("position"))
    # All but the last point were discussed; the last one carries forward to December.
    for item, summary in zip(items[:-1], SUMMARIES * len(items), strict=False):
        services.record_item_minutes(
            item,
            summary=summary,
            decision=AgendaItem.Decision.NO_CHANGE if item.case_id else "",
            acting_user=careteam,
        )
    owners = [people.get("counsellor") or careteam, careteam]
    for (description, due_in), owner in zip(ACTIONS, owners, strict=True):
        services.add_action(
            meeting,
            item=items[0] if items else None,
            description=description,
            owner=owner,
            due_on=timezone.localdate() + datetime.timedelta(days=due_in),
            acting_user=careteam,
        )
    services.record_attendance(
        meeting,
        attendance={
            invitation.pk: "apologies" if invitation.user.username == "counsellor2" else "present"
            for invitation in meeting.invitations.select_related("user")
        },
        acting_user=careteam,
    )
    return services.approve_minutes(meeting, acting_user=dean)

"""What the case file puts on people's work queues (`core.registry`): counts, a case reference at
most, a deadline — never a student's name or case content. Each provider costs a fixed number of
queries however many cases wait."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from cases import notice_kinds, permissions
from cases.models import Rung, TimelineEntry
from core.registry import Urgency, WorkItem, register_work

SECTION = "cases:list"
# A report should be picked up within two working days (the programme's target); the queue
# calls it late after three calendar days, which covers a weekend.
PICKUP_DAYS = 3
REVIEW_AHEAD_DAYS = 7
Kind = TimelineEntry.Kind


def _list_url(which, **filters):
    query = "&".join([f"lijst={which}", *(f"{k}={v}" for k, v in filters.items())])
    return f"{reverse(SECTION)}?{query}"


def _waiting_in_triage(user, now):
    """(how many untaken reports, since when the oldest waits, whether that is too long)."""
    waiting = permissions.cases_in_triage_for(user).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    late = bool(waiting["n"]) and waiting["oldest"] < now - datetime.timedelta(days=PICKUP_DAYS)
    return waiting["n"], waiting["oldest"], late


def _reviews(cases, today):
    """Open cases past their review date, and those due within a week, with the first date of
    each (one query)."""
    ahead = today + datetime.timedelta(days=REVIEW_AHEAD_DAYS)
    soon = Q(next_review__gte=today, next_review__lte=ahead)
    return cases.exclude(rung=Rung.CLOSED).aggregate(
        late=Count("pk", filter=Q(next_review__lt=today)),
        soon=Count("pk", filter=soon),
        first_late=Min("next_review", filter=Q(next_review__lt=today)),
        first_soon=Min("next_review", filter=soon),
    )


def _unanswered_consent(cases):
    """Open cases where consent was asked and not answered (nor withdrawn) afterwards."""
    later = TimelineEntry.objects.filter(
        case=OuterRef("case"),
        kind__in=[Kind.CONSENT_ANSWER, Kind.CONSENT_WITHDRAWAL],
        created_at__gt=OuterRef("created_at"),
    )
    return (
        TimelineEntry.objects.filter(case__in=cases, kind=Kind.CONSENT_REQUEST)
        .exclude(case__rung=Rung.CLOSED)
        .filter(~Exists(later))
        .aggregate(n=Count("case", distinct=True), oldest=Min("occurred_on"))
    )


def counsellor_work(user, now):
    items = []
    count, oldest, late = _waiting_in_triage(user, now)
    if count:
        label = ngettext(
            "%(count)d nieuwe melding wacht in triage",
            "%(count)d nieuwe meldingen wachten in triage",
            count,
        ) % {"count": count}
        urgency = Urgency.OVERDUE if late else Urgency.DUE
        items.append(
            WorkItem(label, _list_url("triage"), SECTION, urgency, since=oldest, count=count)
        )
    mine = permissions.team_cases(user)
    reviews = _reviews(mine, timezone.localdate(now))
    url = _list_url("mijn", sort="evaluatie")
    if reviews["late"]:
        label = ngettext(
            "%(count)d van je casussen is aan evaluatie toe",
            "%(count)d van je casussen zijn aan evaluatie toe",
            reviews["late"],
        ) % {"count": reviews["late"]}
        items.append(
            WorkItem(label, f"{url}&overdue=on", SECTION, Urgency.OVERDUE,
                     due=reviews["first_late"], count=reviews["late"])
        )  # fmt: skip
    if reviews["soon"]:
        label = ngettext(
            "%(count)d van je casussen wordt binnen een week geëvalueerd",
            "%(count)d van je casussen worden binnen een week geëvalueerd",
            reviews["soon"],
        ) % {"count": reviews["soon"]}
        items.append(
            WorkItem(label, url, SECTION, Urgency.UPCOMING, due=reviews["first_soon"],
                     count=reviews["soon"])
        )  # fmt: skip
    consent = _unanswered_consent(mine)
    if consent["n"]:
        label = ngettext(
            "Toestemming gevraagd en nog niet beantwoord in %(count)d casus",
            "Toestemming gevraagd en nog niet beantwoord in %(count)d casussen",
            consent["n"],
        ) % {"count": consent["n"]}
        items.append(
            WorkItem(label, _list_url("mijn"), SECTION, since=consent["oldest"], count=consent["n"])
        )
    return items


def dean_work(user, now):
    items = []
    count, oldest, late = _waiting_in_triage(user, now)
    if late:
        # A dean watches over pick-up: only reports that wait too long are theirs to act on.
        label = ngettext(
            "%(count)d melding in je eenheden is nog niet opgepakt",
            "%(count)d meldingen in je eenheden zijn nog niet opgepakt",
            count,
        ) % {"count": count}
        items.append(
            WorkItem(label, _list_url("triage"), SECTION, Urgency.OVERDUE, since=oldest,
                     count=count)
        )  # fmt: skip
    # The cases of their units (as the label says) among those they may see: the unit filter
    # lets PostgreSQL use its index instead of reading every case for the OR of the visibility
    # rule (measured at tier N: 110 ms → see bench/RESULTS.md).
    in_units = permissions.cases_visible_to(user).filter(unit_id__in=permissions.unit_scope(user))
    reviews = _reviews(in_units, timezone.localdate(now))
    if reviews["late"]:
        label = ngettext(
            "%(count)d casus in je eenheden is aan evaluatie toe",
            "%(count)d casussen in je eenheden zijn aan evaluatie toe",
            reviews["late"],
        ) % {"count": reviews["late"]}
        url = _list_url("alle", overdue="on", sort="evaluatie")
        items.append(
            WorkItem(label, url, SECTION, Urgency.OVERDUE, due=reviews["first_late"],
                     count=reviews["late"])
        )  # fmt: skip
    return items


def reporter_work(user, now):
    """Reports of this person whose status changed since they last looked (one query)."""
    changed = user.inbox.filter(kind=notice_kinds.REPORT_STATUS, done_at__isnull=True).aggregate(
        n=Count("subject", distinct=True), since=Min("created_at")
    )
    if not changed["n"]:
        return []
    label = ngettext(
        "De status van %(count)d melding van je is veranderd",
        "De status van %(count)d meldingen van je is veranderd",
        changed["n"],
    ) % {"count": changed["n"]}
    url = reverse("cases:my_reports")
    return [WorkItem(label, url, "cases:my_reports", since=changed["since"], count=changed["n"])]


def register_providers():
    register_work(RoleCode.COUNSELLOR, counsellor_work)
    register_work(RoleCode.DEAN, dean_work)
    # Everyone may report a concern: whatever their role, they hear how their reports fare.
    for role in RoleCode.values:
        register_work(role, reporter_work)

"""What the case part of the product puts on people's home pages: counts and a link, no content."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from cases import permissions
from cases.models import Rung
from core.registry import AttentionItem, register_work


def _overdue(cases):
    return cases.filter(next_review__lt=timezone.localdate()).exclude(rung=Rung.CLOSED)


def _list_url(which, **filters):
    query = "&".join([f"lijst={which}", *(f"{k}={v}" for k, v in filters.items())])
    return f"{reverse('cases:list')}?{query}"


def counsellor_items(user):
    items = []
    waiting = permissions.cases_in_triage_for(user).count()
    if waiting:
        label = ngettext(
            "%(count)d nieuwe melding wacht in triage",
            "%(count)d nieuwe meldingen wachten in triage",
            waiting,
        ) % {"count": waiting}
        items.append(AttentionItem(label, _list_url("triage")))
    mine = permissions.cases_visible_to(user).filter(pk__in=permissions.team_case_ids(user))
    overdue = _overdue(mine).count()
    if overdue:
        label = ngettext(
            "%(count)d van je casussen is aan evaluatie toe",
            "%(count)d van je casussen zijn aan evaluatie toe",
            overdue,
        ) % {"count": overdue}
        items.append(AttentionItem(label, _list_url("mijn", overdue="on", sort="evaluatie")))
    return items


def dean_items(user):
    items = []
    untaken = permissions.cases_in_triage_for(user).count()
    if untaken:
        label = ngettext(
            "%(count)d melding in je eenheden is nog niet opgepakt",
            "%(count)d meldingen in je eenheden zijn nog niet opgepakt",
            untaken,
        ) % {"count": untaken}
        items.append(AttentionItem(label, _list_url("triage")))
    overdue = _overdue(permissions.cases_visible_to(user)).count()
    if overdue:
        label = ngettext(
            "%(count)d casus in je eenheden is aan evaluatie toe",
            "%(count)d casussen in je eenheden zijn aan evaluatie toe",
            overdue,
        ) % {"count": overdue}
        items.append(AttentionItem(label, _list_url("alle", overdue="on", sort="evaluatie")))
    return items


def register_providers():
    register_work(RoleCode.COUNSELLOR, counsellor_items)
    register_work(RoleCode.DEAN, dean_items)

"""On the home page of those who manage the partner register: agreements about to lapse."""

from django.urls import reverse
from django.utils.translation import ngettext

from core.registry import AttentionItem, register_work
from network import permissions, selectors


def lapsing_agreement_items(user):
    if not permissions.can_manage_partners(user):
        return []
    count = selectors.lapsing_agreements().count()
    if not count:
        return []
    label = ngettext(
        "%(count)d afspraak met een partner loopt binnenkort af",
        "%(count)d afspraken met partners lopen binnenkort af",
        count,
    ) % {"count": count}
    return [AttentionItem(label, reverse("network:partner_list") + "?aflopend=1")]


def register_providers():
    for role in permissions.PARTNER_MANAGERS:
        register_work(role, lapsing_agreement_items)

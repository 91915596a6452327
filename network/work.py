"""What the knowledge base and partner register put on people's work queues: agreements with
partners about to end, and texts still holding a "[vul in: …]" the institution must fill in
(emergency numbers, partner contacts). Two queries."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from core.registry import Urgency, WorkItem, register_work
from network import permissions, selectors
from network.models import Article, Partner

PLACEHOLDER = "[vul in"


def lapsing_agreements_work(user, now):
    if not permissions.can_manage_partners(user):
        return []
    counted = selectors.lapsing_agreements().aggregate(n=Count("pk"), first=Min("ends_on"))
    if not counted["n"]:
        return []
    label = ngettext(
        "%(count)d afspraak met een partner loopt binnenkort af",
        "%(count)d afspraken met partners lopen binnenkort af",
        counted["n"],
    ) % {"count": counted["n"]}
    url = reverse("network:partner_list") + "?aflopend=1"
    section = "network:support"
    return [
        WorkItem(label, url, section, Urgency.UPCOMING, due=counted["first"], count=counted["n"])
    ]


def placeholders_work(user, now):
    """Partners and published articles that still say "[vul in: …]"."""
    items = []
    if permissions.can_manage_partners(user):
        fields = ("name", "contact_person", "phone", "address", "when_to_involve_nl")
        holding = Q()
        for field in fields:
            holding |= Q(**{f"{field}__contains": PLACEHOLDER})
        partners = Partner.objects.filter(holding, is_active=True).count()
        if partners:
            label = ngettext(
                "%(count)d partner heeft nog gegevens in te vullen",
                "%(count)d partners hebben nog gegevens in te vullen",
                partners,
            ) % {"count": partners}
            url = reverse("network:partner_list")
            items.append(WorkItem(label, url, "network:support", count=partners))
    if permissions.can_edit_articles(user):
        holding = Q(body_nl__contains=PLACEHOLDER) | Q(body_en__contains=PLACEHOLDER)
        articles = Article.objects.filter(holding, is_published=True).count()
        if articles:
            label = ngettext(
                "%(count)d artikel bevat nog iets om in te vullen (zoals een alarmnummer)",
                "%(count)d artikelen bevatten nog iets om in te vullen (zoals een alarmnummer)",
                articles,
            ) % {"count": articles}
            url = reverse("network:article_list")
            items.append(WorkItem(label, url, "network:support", count=articles))
    return items


def register_providers():
    for role in permissions.PARTNER_MANAGERS:
        register_work(role, lapsing_agreements_work)
    for role in {*permissions.PARTNER_MANAGERS, *permissions.ARTICLE_EDITORS}:
        register_work(role, placeholders_work)

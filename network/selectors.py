"""Reading the knowledge base and the partner register; every query starts from permissions."""

import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.comparison import field_changes, history_row
from network import permissions
from network.models import Agreement, Article, Partner

CATEGORY_ORDER = list(Article.Category.values)
ARTICLE_SEARCH_FIELDS = ("title_nl", "title_en", "summary_nl", "summary_en", "body_nl", "body_en")


def search_articles(user, *, query="", category=""):
    """Articles this user may read whose title or text (either language) has every word typed."""
    articles = permissions.articles_visible_to(user)
    if category:
        articles = articles.filter(category=category)
    for word in (query or "").split()[:8]:
        match = Q()
        for field in ARTICLE_SEARCH_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        articles = articles.filter(match)
    articles = articles.only(
        "slug", "title_nl", "title_en", "summary_nl", "summary_en", "category", "is_published",
        "is_featured", "updated_at",
    )  # fmt: skip
    return sorted(articles, key=lambda a: (CATEGORY_ORDER.index(a.category), a.title.lower()))


def get_article_for(user, slug):
    """The article with this slug if this user may read it, else None."""
    return permissions.articles_visible_to(user).filter(slug=slug).first()


def featured_articles_for(user):
    featured = permissions.articles_visible_to(user).filter(is_featured=True, is_published=True)
    return sorted(featured, key=lambda a: (CATEGORY_ORDER.index(a.category), a.title.lower()))


def related_articles(user, article, *, limit=6):
    """Other articles of the same category, for the side of an article page."""
    others = permissions.articles_visible_to(user).filter(
        category=article.category, is_published=True
    )
    return sorted(others.exclude(pk=article.pk)[:limit], key=lambda a: a.title.lower())


def filter_partners(partners, *, kind="", partner_type="", query="", lapsing=False):
    if lapsing:
        partners = partners.filter(pk__in=lapsing_agreements().values("partner_id"))
    if kind:
        partners = partners.filter(kind=kind)
    if partner_type:
        partners = partners.filter(partner_type=partner_type)
    if query:
        partners = partners.filter(Q(name__icontains=query) | Q(contact_person__icontains=query))
    return partners


def partners_for_list(user, **filters):
    """The register as this user may see it, with each partner's agreements in one more query."""
    partners = filter_partners(permissions.partners_visible_to(user), **filters)
    return list(
        # "internal" sorts after "external": internal services first, then external partners.
        partners.order_by("-kind", "name").prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.order_by("ends_on", "pk"))
        )
    )


def get_partner_for(user, pk):
    return permissions.partners_visible_to(user).filter(pk=pk).first()


def disclosure_recipients():
    """The external partners a disclosure can go to (for the escalation app's forms)."""
    return Partner.objects.filter(is_active=True, kind=Partner.Kind.EXTERNAL).order_by("name")


def agreements_of(partner):
    return list(partner.agreements.order_by("-starts_on", "pk"))


def reminder_window():
    return datetime.timedelta(days=settings.ZW_AGREEMENT_REMINDER_DAYS)


def lapsing_agreements(today=None):
    """Active partners' agreements that end within the reminder window (and have not ended)."""
    today = today or timezone.localdate()
    return Agreement.objects.filter(
        partner__is_active=True, ends_on__gte=today, ends_on__lte=today + reminder_window()
    )


def support_contacts_for(user):
    """(internal services, external partners) for the support page, as this user may see them."""
    contacts = list(permissions.support_contacts_visible_to(user).order_by("name"))
    internal = [p for p in contacts if p.kind == Partner.Kind.INTERNAL]
    external = [p for p in contacts if p.kind == Partner.Kind.EXTERNAL]
    return internal, external


# --- History as a readable comparison ------------------------------------------------------

HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "partner", "author"}


def article_history(article):
    """Who changed what in this article, when and why; newest first."""
    return _rows(
        article.history.select_related("history_user").order_by("history_date", "pk"),
        Article,
        created=_("Artikel geschreven"),
        changed=_("Artikel gewijzigd"),
    )


def partner_history(partner):
    """Changes to a partner and its agreements, newest first."""
    rows = _rows(
        partner.history.select_related("history_user").order_by("history_date", "pk"),
        Partner,
        created=_("Partner toegevoegd"),
        changed=_("Partner gewijzigd"),
    )
    records = Agreement.history.filter(partner_id=partner.pk).select_related("history_user")
    by_agreement = {}
    for record in records.order_by("history_date", "pk"):
        by_agreement.setdefault(record.id, []).append(record)
    for agreement_records in by_agreement.values():
        name = agreement_records[-1].name
        rows += _rows(
            agreement_records,
            Agreement,
            created=_("Afspraak vastgelegd: %(name)s") % {"name": name},
            changed=_("Afspraak gewijzigd: %(name)s") % {"name": name},
        )
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def _rows(records, model, *, created, changed):
    rows, previous = [], None
    for record in records:
        changes = field_changes(model, previous, record, hidden=HIDDEN_FIELDS)
        if previous is None or changes:
            rows.append(history_row(record, created if previous is None else changed, changes))
        previous = record
    rows.reverse()
    return rows

"""Knowledge-base and partner pages: parse input, ask `network.permissions`, call a service or a
selector, respond. Whoever may not use a page gets a 404, before any method check."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pages import GET_POST, page, posted, without
from network import permissions, selectors, services
from network.forms import (
    AgreementForm,
    ArticleForm,
    ArticleSearchForm,
    PartnerFilterForm,
    PartnerForm,
)
from network.rendering import render_markdown


def _saved_or_errors(form, action):
    """Run a service for a valid form; its refusals become form errors, the input stays."""
    try:
        return action(form.cleaned_data)
    except services.EditConflict as conflict:
        form.add_error(None, str(conflict))
    except services.InvalidChange as invalid:
        field = invalid.field if invalid.field in form.fields else None
        form.add_error(field, str(invalid))
    return None


# --- Support and contacts ------------------------------------------------------------------


@page(permissions.can_read_articles)
def support(request):
    internal, external = selectors.support_contacts_for(request.user)
    context = {
        "internal": internal,
        "external": external,
        "articles": selectors.featured_articles_for(request.user),
        "can_read_partners": permissions.can_read_partners(request.user),
    }
    return render(request, "network/support.html", context)


# --- Knowledge base ------------------------------------------------------------------------


@page(permissions.can_read_articles)
def article_list(request):
    form = ArticleSearchForm(request.GET)
    articles = []
    if form.is_valid():
        query, category = form.cleaned_data["q"], form.cleaned_data["categorie"]
        articles = list(selectors.search_articles(request.user, query=query, category=category))
    context = {
        "form": form,
        "articles": articles,
        "searching": bool(request.GET.get("q") or request.GET.get("categorie")),
        "can_edit": permissions.can_edit_articles(request.user),
    }
    return render(request, "network/article_list.html", context)


def _article_or_404(request, slug):
    article = selectors.get_article_for(request.user, slug)
    if article is None:
        raise Http404
    return article


@page(permissions.can_read_articles)
def article_detail(request, slug):
    article = _article_or_404(request, slug)
    context = {
        "article": article,
        "body": render_markdown(article.body),
        "related": selectors.related_articles(request.user, article),
        "can_edit": permissions.can_edit_articles(request.user),
    }
    return render(request, "network/article_detail.html", context)


@page(permissions.can_read_articles)
def article_history(request, slug):
    article = _article_or_404(request, slug)
    context = {
        "article": article,
        "rows": selectors.article_history(article),
        "can_edit": permissions.can_edit_articles(request.user),
    }
    return render(request, "network/article_history.html", context)


@page(permissions.can_edit_articles, methods=GET_POST)
def article_create(request):
    form = ArticleForm(posted(request), creating=True, initial={"is_published": True})
    if request.method == "POST" and form.is_valid():
        article = _saved_or_errors(
            form,
            lambda d: services.create_article(
                slug=d["slug"],
                data=without(d, "slug", "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if article is not None:
            messages.success(request, _("Het artikel is opgeslagen."))
            return redirect("network:article", slug=article.slug)
    return render(request, "network/article_form.html", {"form": form, "creating": True})


@page(permissions.can_edit_articles, methods=GET_POST)
def article_edit(request, slug):
    article = _article_or_404(request, slug)
    form = ArticleForm(posted(request), initial=ArticleForm.initial_for(article))
    if request.method == "POST" and form.is_valid():
        saved = _saved_or_errors(
            form,
            lambda d: services.update_article(
                article,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Het artikel is opgeslagen."))
            return redirect("network:article", slug=saved.slug)
    return render(request, "network/article_form.html", {"form": form, "article": article})


# --- Partner register ----------------------------------------------------------------------


@page(permissions.can_read_partners)
def partner_list(request):
    form = PartnerFilterForm(request.GET)
    partners = []
    if form.is_valid():
        data = form.cleaned_data
        partners = selectors.partners_for_list(
            request.user,
            kind=data["soort"],
            partner_type=data["type"],
            query=data["q"],
            lapsing=data["aflopend"],
        )
    context = {
        "form": form,
        "partners": partners,
        "can_manage": permissions.can_manage_partners(request.user),
        "lapsing": set(selectors.lapsing_agreements().values_list("pk", flat=True)),
    }
    return render(request, "network/partner_list.html", context)


def _partner_or_404(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    if partner is None:
        raise Http404
    return partner


@page(permissions.can_read_partners)
def partner_detail(request, pk):
    partner = _partner_or_404(request, pk)
    context = {
        "partner": partner,
        "agreements": selectors.agreements_of(partner),
        "lapsing": set(selectors.lapsing_agreements().values_list("pk", flat=True)),
        "can_manage": permissions.can_manage_partners(request.user),
    }
    return render(request, "network/partner_detail.html", context)


@page(permissions.can_manage_partners)
def partner_history(request, pk):
    partner = _partner_or_404(request, pk)
    context = {"partner": partner, "rows": selectors.partner_history(partner)}
    return render(request, "network/partner_history.html", context)


@page(permissions.can_manage_partners, methods=GET_POST)
def partner_create(request):
    form = PartnerForm(posted(request), initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        partner = _saved_or_errors(
            form,
            lambda d: services.create_partner(
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if partner is not None:
            messages.success(request, _("De partner is toegevoegd."))
            return redirect("network:partner", pk=partner.pk)
    return render(request, "network/partner_form.html", {"form": form, "creating": True})


@page(permissions.can_manage_partners, methods=GET_POST)
def partner_edit(request, pk):
    partner = _partner_or_404(request, pk)
    form = PartnerForm(posted(request), initial=PartnerForm.initial_for(partner))
    if request.method == "POST" and form.is_valid():
        saved = _saved_or_errors(
            form,
            lambda d: services.update_partner(
                partner,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("De gegevens van de partner zijn opgeslagen."))
            return redirect("network:partner", pk=saved.pk)
    return render(request, "network/partner_form.html", {"form": form, "partner": partner})


@page(permissions.can_manage_partners, methods=GET_POST)
def agreement_create(request, pk):
    partner = _partner_or_404(request, pk)
    form = AgreementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        agreement = _saved_or_errors(
            form,
            lambda d: services.add_agreement(
                partner,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if agreement is not None:
            messages.success(request, _("De afspraak is vastgelegd."))
            return redirect("network:partner", pk=partner.pk)
    context = {"form": form, "partner": partner, "creating": True}
    return render(request, "network/agreement_form.html", context)


@page(permissions.can_manage_partners, methods=GET_POST)
def agreement_edit(request, pk, agreement_pk):
    partner = _partner_or_404(request, pk)
    agreement = partner.agreements.filter(pk=agreement_pk).first()
    if agreement is None:
        raise Http404
    form = AgreementForm(posted(request), initial=AgreementForm.initial_for(agreement))
    if request.method == "POST" and form.is_valid():
        saved = _saved_or_errors(
            form,
            lambda d: services.update_agreement(
                agreement,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("De afspraak is opgeslagen."))
            return redirect("network:partner", pk=partner.pk)
    context = {"form": form, "partner": partner, "agreement": agreement}
    return render(request, "network/agreement_form.html", context)

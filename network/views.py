"""Knowledge-base and partner pages: parse input, ask `network.permissions`, call a service or a
selector, respond. Whoever may not use a page gets a 404, before any method check
(`core.pages.page`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pages import GET_POST, page, posted, run_service, without
from network import permissions, selectors, services
from network.forms import (
    AgreementForm,
    ArticleForm,
    ArticleSearchForm,
    PartnerFilterForm,
    PartnerForm,
)
from network.rendering import render_markdown


def _article(request, slug):
    return selectors.get_article_for(request.user, slug)


def _partner(request, pk):
    return selectors.get_partner_for(request.user, pk)


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


@page(permissions.can_read_articles, find=_article, key="slug")
def article_detail(request, article):
    context = {
        "article": article,
        "body": render_markdown(article.body),
        "related": selectors.related_articles(request.user, article),
        "can_edit": permissions.can_edit_articles(request.user),
    }
    return render(request, "network/article_detail.html", context)


@page(permissions.can_read_articles, find=_article, key="slug")
def article_history(request, article):
    context = {
        "article": article,
        "rows": selectors.article_history(article),
        "can_edit": permissions.can_edit_articles(request.user),
    }
    return render(request, "network/article_history.html", context)


@page(permissions.can_edit_articles, methods=GET_POST)
def article_create(request):
    form = ArticleForm(posted(request), creating=True, initial={"is_published": True})
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        article, status = run_service(
            form,
            lambda: services.create_article(
                slug=d["slug"],
                data=without(d, "slug", "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if article is not None:
            messages.success(request, _("Het artikel is opgeslagen."))
            return redirect("network:article", slug=article.slug)
    context = {"form": form, "creating": True}
    return render(request, "network/article_form.html", context, status=status)


@page(permissions.can_edit_articles, methods=GET_POST, find=_article, key="slug")
def article_edit(request, article):
    form = ArticleForm(posted(request), initial=ArticleForm.initial_for(article))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_article(
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
    context = {"form": form, "article": article}
    return render(request, "network/article_form.html", context, status=status)


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


@page(permissions.can_read_partners, find=_partner)
def partner_detail(request, partner):
    context = {
        "partner": partner,
        "agreements": selectors.agreements_of(partner),
        "lapsing": set(selectors.lapsing_agreements().values_list("pk", flat=True)),
        "can_manage": permissions.can_manage_partners(request.user),
    }
    return render(request, "network/partner_detail.html", context)


@page(permissions.can_manage_partners, find=_partner)
def partner_history(request, partner):
    context = {"partner": partner, "rows": selectors.partner_history(partner)}
    return render(request, "network/partner_history.html", context)


@page(permissions.can_manage_partners, methods=GET_POST)
def partner_create(request):
    form = PartnerForm(posted(request), initial={"is_active": True})
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        partner, status = run_service(
            form,
            lambda: services.create_partner(
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if partner is not None:
            messages.success(request, _("De partner is toegevoegd."))
            return redirect("network:partner", pk=partner.pk)
    context = {"form": form, "creating": True}
    return render(request, "network/partner_form.html", context, status=status)


@page(permissions.can_manage_partners, methods=GET_POST, find=_partner)
def partner_edit(request, partner):
    form = PartnerForm(posted(request), initial=PartnerForm.initial_for(partner))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_partner(
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
    context = {"form": form, "partner": partner}
    return render(request, "network/partner_form.html", context, status=status)


@page(permissions.can_manage_partners, methods=GET_POST, find=_partner)
def agreement_create(request, partner):
    form = AgreementForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agreement, status = run_service(
            form,
            lambda: services.add_agreement(
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
    return render(request, "network/agreement_form.html", context, status=status)


@page(permissions.can_manage_partners, methods=GET_POST, find=_partner)
def agreement_edit(request, partner, agreement_pk):
    agreement = partner.agreements.filter(pk=agreement_pk).first()
    if agreement is None:
        raise Http404
    form = AgreementForm(posted(request), initial=AgreementForm.initial_for(agreement))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_agreement(
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
    return render(request, "network/agreement_form.html", context, status=status)

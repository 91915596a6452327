"""Sharing with a partner: the request, and the disclosure's own page where the board decides
(four eyes), the requester withdraws and the contact officer records that it was carried out."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.reauth import recent_authentication_required
from cases import permissions as case_rules
from core.pages import run_service
from escalation import disclosures, forms, package, selectors
from escalation import permissions as rules
from escalation.models import Disclosure
from escalation.pdf import package_pdf
from escalation.views.access import disclosure_page, form_page, step_page

# --- Disclosure -----------------------------------------------------------------------------


@step_page("disclosure_form", who=case_rules.can_change_case, rule=rules.can_request_disclosure)
def request_disclosure(request, case, basis):
    initial = {"framework2": request.GET.get("ak2")} if request.GET.get("ak2", "").isdigit() else {}
    form = forms.DisclosureForm(request.POST or None, case=case, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == form.REQUEST
        disclosure, status = run_service(
            form,
            lambda: disclosures.prepare_disclosure(
                case,
                details=form.details(),
                framework2=form.cleaned_data["framework2"],
                acting_user=request.user,
                submit=submit,
            ),
        )
        if disclosure:
            messages.success(
                request,
                _("Het verzoek ligt bij het College van Bestuur.")
                if submit
                else _("Het verzoek is als concept opgeslagen."),
            )
            return redirect("escalation:disclosure", pk=disclosure.pk)
    return form_page(
        request,
        case,
        "escalation/disclosure_form.html",
        form,
        status,
        may_sign=rules.can_sign_frameworks(request.user, case),
    )


def _disclosure_context(request, disclosure, **bound):
    user = request.user
    board = rules.may_use_board_inbox(user)
    requested = disclosure.state == disclosure.State.REQUESTED
    may_approve = rules.can_approve_disclosure(user, disclosure)
    context = {
        "disclosure": disclosure,
        "case": disclosure.case,
        "history": selectors.disclosure_history(disclosure),
        "categories": selectors.data_category_labels(disclosure),
        "may_view_case": case_rules.can_view_case(user, disclosure.case),
        "crumb": _crumb(user),
        "shows_identity": selectors.shows_identity(user, disclosure),
        "time_left": selectors.time_left(disclosure),
        "may_approve": may_approve,
        "may_submit": disclosure.state == disclosure.State.DRAFT
        and rules.can_request_disclosure(user, disclosure.case),
        "decide_form": None,
        "withdraw_form": None,
        "carry_out_form": None,
    }
    sections, frozen = selectors.disclosure_package(disclosure)
    context.update(package=sections, package_frozen=frozen)
    if board and requested:
        context["decide_form"] = _decide_form(bound.get("decide_form"), may_approve, sections)
    if rules.can_withdraw_disclosure(user, disclosure):
        context["withdraw_form"] = bound.get("withdraw_form") or forms.WithdrawForm()
    if rules.can_carry_out_disclosure(user, disclosure):
        context["carry_out_form"] = bound.get("carry_out_form") or forms.CarryOutForm(
            initial={
                "carried_out_on": timezone.localdate(),
                "what_was_shared": package.as_text(sections) if frozen else "",
            }
        )
    return context


def _decide_form(sent, may_approve, sections):
    """The decision form, carrying the fingerprint of the package shown beside it: after a
    refusal, what was typed stays and the fingerprint is the package as it is now."""
    seen = package.fingerprint(sections)
    if sent is None:
        return forms.DecideDisclosureForm(may_approve=may_approve, initial={"package": seen})
    sent.data = sent.data.copy()
    sent.data[sent.add_prefix("package")] = seen
    return sent


def _crumb(user):
    """Where a board member or the contact officer came from, for the breadcrumb."""
    if rules.may_use_board_inbox(user):
        return _("College van Bestuur"), reverse("escalation:board_inbox")
    if rules.may_use_contact_list(user):
        return _("Uitvoeren"), reverse("escalation:contact_list")
    return None


def _disclosure_page(request, disclosure, *, status=200, error="", **bound):
    disclosure = selectors.get_disclosure(disclosure.pk)  # as it is now, after any change
    context = _disclosure_context(request, disclosure, **bound)
    # A refusal shows on its form; at the top only when that form no longer applies.
    shown = any(context.get(name) is form for name, form in bound.items())
    context["error"] = "" if shown else error
    return render(request, "escalation/disclosure_detail.html", context, status=status)


@disclosure_page("disclosure")
def disclosure_detail(request, disclosure):
    return _disclosure_page(request, disclosure)


def _disclosure_action(request, disclosure, *, form, name, action, done):
    """Run one step on a disclosure from its page; errors come back on that page."""
    status = 200
    if form.is_valid():
        result, status = run_service(form, lambda: action(form.cleaned_data))
        if result:
            messages.success(request, done)
            return redirect("escalation:disclosure", pk=disclosure.pk)
    error = " ".join(form.non_field_errors())
    return _disclosure_page(request, disclosure, status=status, error=error, **{name: form})


def _board(user, disclosure):
    return rules.may_use_board_inbox(user)


def _team(user, disclosure):
    return case_rules.can_change_case(user, disclosure.case)


def _contact_officer(user, disclosure):
    return rules.may_use_contact_list(user)


@disclosure_page("disclosure_decide", methods=("POST",), allowed=_board)
@recent_authentication_required(
    back=lambda request, d: reverse("escalation:disclosure", args=[d.pk])
)
def decide_disclosure(request, disclosure):
    if disclosure.state != Disclosure.State.REQUESTED:
        # Decided (or withdrawn) since the page was shown: a conflict, said at the top, rather
        # than a choice judged by a form that no longer applies. A decision that loses the race
        # inside this window gets the same 409 from the service, under the row lock.
        error = disclosures.moved_on_message(disclosure)
        return _disclosure_page(request, disclosure, status=409, error=error)
    form = forms.DecideDisclosureForm(
        request.POST, may_approve=rules.can_approve_disclosure(request.user, disclosure)
    )

    def decide(data):
        if data["decision"] == form.APPROVE:
            return disclosures.approve_disclosure(
                disclosure,
                reason=data["reason"],
                acting_user=request.user,
                seen_package=data["package"] or None,
            )
        return disclosures.reject_disclosure(
            disclosure, reason=data["reason"], acting_user=request.user
        )

    return _disclosure_action(
        request,
        disclosure,
        form=form,
        name="decide_form",
        action=decide,
        done=_("Je besluit is vastgelegd."),
    )


@disclosure_page("disclosure_submit", methods=("POST",), allowed=_team)
def submit_disclosure(request, disclosure):
    form = forms.SubmitForm(request.POST)
    return _disclosure_action(
        request,
        disclosure,
        form=form,
        name="submit_form",
        action=lambda data: disclosures.submit_disclosure(disclosure, acting_user=request.user),
        done=_("Het verzoek ligt bij het College van Bestuur."),
    )


@disclosure_page(
    "disclosure_withdraw", methods=("POST",), allowed=rules.may_ever_withdraw_disclosure
)
def withdraw_disclosure(request, disclosure):
    return _disclosure_action(
        request,
        disclosure,
        form=forms.WithdrawForm(request.POST),
        name="withdraw_form",
        action=lambda data: disclosures.withdraw_disclosure(
            disclosure, reason=data["reason"], acting_user=request.user
        ),
        done=_("Het verzoek is ingetrokken."),
    )


@disclosure_page("disclosure_carry_out", methods=("POST",), allowed=_contact_officer)
def carry_out_disclosure(request, disclosure):
    return _disclosure_action(
        request,
        disclosure,
        form=forms.CarryOutForm(request.POST),
        name="carry_out_form",
        action=lambda data: disclosures.record_carried_out(
            disclosure, acting_user=request.user, **data
        ),
        done=_("Vastgelegd dat de verstrekking is uitgevoerd."),
    )


def _packaged(user, disclosure):
    return hasattr(disclosure, "package")


@disclosure_page("disclosure_package_pdf", allowed=_packaged)
def disclosure_package_pdf(request, disclosure):
    """The approved package as a document the contact officer can keep beside the call."""
    disclosure = selectors.get_disclosure(disclosure.pk)
    sections, _frozen = selectors.disclosure_package(disclosure)
    content = package_pdf(disclosure, sections=sections)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"verstrekking-{disclosure.case.reference}-{disclosure.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

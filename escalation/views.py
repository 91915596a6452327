"""Ladder pages: parse input, ask `escalation.permissions`, call one service or selector, respond.

Pages about one case go through `cases.access.case_page` (a logged 404 for outsiders on every
method); pages about one disclosure through `disclosure_page`, its twin. A refusal or a conflict
from a service comes back as an error on the form, with what was typed still in it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access, log_list_access
from cases import permissions as case_rules
from cases.access import case_page
from cases.services import CaseActionRefused, CaseConflict
from escalation import disclosures, forms, ladder, selectors, services
from escalation import permissions as rules
from escalation.models import AcuteRiskReport, CareMeetingDecision

Basis = AccessLogEntry.Basis
GET_POST = ("GET", "POST")


# --- Reaching a case or a disclosure ---------------------------------------------------------


def step_page(part, *, who, rule):
    """A form that acts on one case. Outsiders get a logged 404 (via `case_page`); anyone who
    may never take this step on this case (`who`) a logged 403, and so does opening the form
    when the step is not possible now (`rule`). A POST that comes too late still reaches the
    service, which refuses with a message; the form then keeps what was typed."""

    def decorator(view):
        @case_page(part, methods=GET_POST, allowed=who, log=False)
        @wraps(view)
        def wrapper(request, case, basis, **kwargs):
            if request.method == "GET" and not rule(request.user, case):
                log_denied_access(request, case=case, part=part)
                raise PermissionDenied
            log_case_access(request, case=case, part=part, basis=basis)
            return view(request, case, basis, **kwargs)

        return wrapper

    return decorator


def disclosure_page(part, *, methods=("GET",), allowed=None):
    """A page about one disclosure: a logged 404 for anyone who may not see it, whatever the
    method; then the method; then `allowed(user, disclosure)` (a logged 403); then the read is
    logged with the basis the user has."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk):
            disclosure = selectors.get_disclosure(pk)
            where = f"{part}:{pk}"
            if disclosure is None or not rules.can_view_disclosure(request.user, disclosure):
                case = disclosure.case if disclosure else None
                log_denied_access(request, case=case, part=where)
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if allowed is not None and not allowed(request.user, disclosure):
                log_denied_access(request, case=disclosure.case, part=where)
                raise PermissionDenied
            basis = selectors.disclosure_basis(request.user, disclosure)
            log_case_access(request, case=disclosure.case, part=where, basis=basis)
            return view(request, disclosure)

        return wrapper

    return decorator


# Who may ever take a step on a case, whatever its rung; `escalation.permissions` adds the rung.
def _care_decider(user, case):
    return rules.is_dean_over(user, case) or case_rules.can_change_case(user, case)


def _acute_reporter(user, case):
    return (
        case_rules.can_change_case(user, case)
        or rules.is_dean_over(user, case)
        or case_rules.can_take_case(user, case)
    )


def _run(form, action):
    """(result, status): the service's result, or its refusal as the form's error (409 when
    someone else acted first)."""
    try:
        return action(), 200
    except CaseConflict as conflict:
        form.add_error(None, str(conflict))
        return None, 409
    except CaseActionRefused as refused:
        form.add_error(None, str(refused))
        return None, 200


def _context(request, case, **extra):
    user = request.user
    return {
        "case": case,
        "can_take": case_rules.can_take_case(user, case),
        "can_change": case_rules.can_change_case(user, case),
        "can_manage": case_rules.can_manage_case(user, case),
        "can_link": case.student_id is None and case_rules.can_link_student(user, case),
        **extra,
    }


def _back_to_case(request, case, message):
    """To the case page; or home when the step took the user's own access away."""
    messages.success(request, message)
    if case_rules.can_view_case(request.user, selectors.fresh_case(case)):
        return redirect(reverse("cases:detail", args=[case.reference]) + "#ladder")
    messages.info(request, _("Je hebt geen toegang meer tot %(ref)s.") % {"ref": case.reference})
    return redirect("home")


def _form_page(request, case, template, form, status=200, **extra):
    return render(request, template, _context(request, case, form=form, **extra), status=status)


# --- Weighing frameworks --------------------------------------------------------------------


@step_page("framework1_form", who=case_rules.can_change_case, rule=rules.can_sign_frameworks)
def sign_framework1(request, case, basis):
    form = forms.Framework1Form(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        signed, status = _run(
            form,
            lambda: services.sign_framework1(
                case, answers=form.cleaned_data, acting_user=request.user
            ),
        )
        if signed:
            return _back_to_case(request, case, _("Afwegingskader 1 is ondertekend."))
    return _form_page(request, case, "escalation/framework1_form.html", form, status)


@case_page("framework1")
def framework1_detail(request, case, basis, pk):
    framework = selectors.get_framework1(case, pk)
    if framework is None:
        raise Http404
    context = _context(
        request,
        case,
        framework=framework,
        valid=ladder.current_framework1(case) == framework,
        dimensions=[
            (_("Veiligheid van de student zelf"), framework.get_own_safety_display(),
             framework.own_safety_motivation),
            (_("Veiligheid van medestudenten en medewerkers"),
             framework.get_others_safety_display(), framework.others_safety_motivation),
            (_("Veiligheid van omgeving en samenleving"),
             framework.get_environment_safety_display(), framework.environment_safety_motivation),
        ],
    )  # fmt: skip
    return render(request, "escalation/framework1_detail.html", context)


@step_page("framework2_form", who=case_rules.can_change_case, rule=rules.can_sign_frameworks)
def sign_framework2(request, case, basis):
    form = forms.Framework2Form(request.POST or None, case=case)
    status = 200
    if request.method == "POST" and form.is_valid():
        signed, status = _run(
            form,
            lambda: services.sign_framework2(
                case,
                answers=form.answers(),
                consent_entries=list(form.cleaned_data["consent_entries"]),
                acting_user=request.user,
            ),
        )
        if signed:
            messages.success(request, _("Afwegingskader 2 is ondertekend."))
            return redirect("escalation:framework2", reference=case.reference, pk=signed.pk)
    return _form_page(request, case, "escalation/framework2_form.html", form, status)


@case_page("framework2")
def framework2_detail(request, case, basis, pk):
    framework = selectors.get_framework2(case, pk)
    if framework is None:
        raise Http404
    context = _context(
        request,
        case,
        framework=framework,
        questions=[
            (_("Zijn alle andere mogelijkheden benut?"), framework.other_options_used,
             framework.other_options_motivation),
            (_("Is alles gedaan om toestemming te krijgen?"), framework.consent_pursued,
             framework.consent_motivation),
            (_("Is delen nodig om het risico te verkleinen?"), framework.sharing_necessary,
             framework.sharing_motivation),
        ],
        may_request=rules.can_request_disclosure(request.user, case),
        may_sign=rules.can_sign_frameworks(request.user, case),
    )  # fmt: skip
    return render(request, "escalation/framework2_detail.html", context)


# --- Support → care meeting -----------------------------------------------------------------


@step_page("escalation_form", who=case_rules.can_change_case, rule=rules.can_request_escalation)
def request_escalation(request, case, basis):
    form = forms.EscalationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _run(
            form,
            lambda: services.request_escalation(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            message = _("Je verzoek ligt bij de decaan. Je krijgt bericht van het besluit.")
            return _back_to_case(request, case, message)
    requirements = ladder.requirements_to_escalate(case)
    return _form_page(
        request,
        case,
        "escalation/request_escalation.html",
        form,
        status,
        requirements=requirements,
    )


@case_page("escalation_request", methods=GET_POST, allowed=rules.is_dean_over)
def review_escalation(request, case, basis, pk):
    escalation = selectors.get_request(case, pk)
    if escalation is None:
        raise Http404
    form = forms.ReviewEscalationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == form.ACCEPT
        service = services.accept_escalation if accept else services.send_back_escalation
        done, status = _run(
            form,
            lambda: service(
                escalation, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            message = (
                _("Geaccepteerd: de casus staat nu op de trede zorgoverleg.")
                if accept
                else _("Het verzoek is teruggestuurd naar de begeleider.")
            )
            messages.success(request, message)
            return redirect("escalation:dean_inbox")
        escalation = selectors.get_request(case, pk)
    context = _context(
        request,
        case,
        form=form,
        escalation=escalation,
        requirements=ladder.requirements_to_escalate(case),
        may_review=escalation.state == escalation.State.PENDING
        and rules.can_review_escalation(request.user, case),
    )
    return render(request, "escalation/review_escalation.html", context, status=status)


# --- Care meeting, stepping down, closing, reopening ----------------------------------------


@step_page("care_decision_form", who=_care_decider, rule=rules.can_record_care_decision)
def record_care_decision(request, case, basis):
    form = forms.CareDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, status = _run(
            form,
            lambda: services.record_care_meeting_decision(
                case,
                decision=data["decision"],
                summary=data["summary"],
                outcome=data["outcome"],
                meeting_ref=data["meeting_ref"],
                acting_user=request.user,
            ),
        )
        if done:
            return _back_to_case(request, case, _("Het besluit van het zorgoverleg is vastgelegd."))
    escalating = CareMeetingDecision.Decision.ESCALATE_TO_BOARD.label
    return _form_page(
        request,
        case,
        "escalation/care_decision.html",
        form,
        status,
        requirements=ladder.requirements_to_escalate(case),
        escalating=escalating,
    )


@step_page("step_down_form", who=case_rules.can_manage_case, rule=rules.can_step_down)
def step_down(request, case, basis):
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _run(
            form,
            lambda: services.step_down(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            return _back_to_case(request, case, _("De casus is een trede afgeschaald."))
    return _form_page(request, case, "escalation/step_down.html", form, status)


@step_page("close_form", who=case_rules.can_manage_case, rule=rules.can_close)
def close_case(request, case, basis):
    form = forms.CloseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _run(
            form,
            lambda: services.close_case(
                case,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            ),
        )
        if done:
            return _back_to_case(request, case, _("De casus is gesloten."))
    return _form_page(request, case, "escalation/close.html", form, status)


@step_page("reopen_form", who=case_rules.can_manage_case, rule=rules.can_reopen)
def reopen_case(request, case, basis):
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _run(
            form,
            lambda: services.reopen_case(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            return _back_to_case(
                request, case, _("De casus is heropend en staat op studentondersteuning.")
            )
    return _form_page(request, case, "escalation/reopen.html", form, status)


# --- Acute risk -----------------------------------------------------------------------------


@step_page("acute_form", who=_acute_reporter, rule=rules.can_report_acute)
def report_acute_risk(request, case, basis):
    may_share = rules.can_sign_frameworks(request.user, case)
    form = forms.AcuteRiskForm(request.POST or None, may_share=may_share)
    status = 200
    if request.method == "POST" and form.is_valid():
        report, status = _run(form, lambda: _report_acute(request, case, form))
        if report:
            return _back_to_case(
                request,
                case,
                _(
                    "Het acute risico is gemeld. Het College van Bestuur en de "
                    "veiligheidscoördinator zijn direct op de hoogte gebracht."
                ),
            )
    return _form_page(request, case, "escalation/acute.html", form, status, may_share=may_share)


def _report_acute(request, case, form):
    if not form.sharing():
        return services.report_acute_risk(case, answers=form.answers(), acting_user=request.user)
    return services.report_acute_risk_and_share(
        case,
        answers=form.answers(),
        framework2_answers=form.framework2_answers(),
        disclosure=form.details(),
        acting_user=request.user,
    )


@login_required
@require_POST
def acknowledge_emergency(request, pk):
    """The board takes note, afterwards, that emergency services were called."""
    report = AcuteRiskReport.objects.select_related("case").filter(pk=pk).first()
    if report is None or not rules.may_use_board_inbox(request.user):
        log_denied_access(request, case=report.case if report else None, part=f"emergency:{pk}")
        raise Http404
    try:
        services.acknowledge_emergency_action(report, acting_user=request.user)
    except CaseActionRefused as refused:
        messages.error(request, str(refused))
    else:
        done = _("Je hebt kennisgenomen van de noodactie bij %(ref)s.")
        messages.success(request, done % {"ref": report.case.reference})
    return redirect("escalation:board_inbox")


# --- Disclosure -----------------------------------------------------------------------------


@step_page("disclosure_form", who=case_rules.can_change_case, rule=rules.can_request_disclosure)
def request_disclosure(request, case, basis):
    initial = {"framework2": request.GET.get("ak2")} if request.GET.get("ak2", "").isdigit() else {}
    form = forms.DisclosureForm(request.POST or None, case=case, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == form.REQUEST
        disclosure, status = _run(
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
    return _form_page(
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
        "shows_identity": selectors.shows_identity(user, disclosure),
        "time_left": selectors.time_left(disclosure),
        "may_approve": may_approve,
        "may_submit": disclosure.state == disclosure.State.DRAFT
        and rules.can_request_disclosure(user, disclosure.case),
        "decide_form": None,
        "withdraw_form": None,
        "carry_out_form": None,
    }
    if board and requested:
        context["decide_form"] = bound.get("decide_form") or forms.DecideDisclosureForm(
            may_approve=may_approve
        )
    if rules.can_withdraw_disclosure(user, disclosure):
        context["withdraw_form"] = bound.get("withdraw_form") or forms.WithdrawForm()
    if rules.can_carry_out_disclosure(user, disclosure):
        context["carry_out_form"] = bound.get("carry_out_form") or forms.CarryOutForm(
            initial={"carried_out_on": timezone.localdate()}
        )
    return context


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
        result, status = _run(form, lambda: action(form.cleaned_data))
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
def decide_disclosure(request, disclosure):
    form = forms.DecideDisclosureForm(
        request.POST, may_approve=rules.can_approve_disclosure(request.user, disclosure)
    )

    def decide(data):
        approve = data["decision"] == form.APPROVE
        service = disclosures.approve_disclosure if approve else disclosures.reject_disclosure
        return service(disclosure, reason=data["reason"], acting_user=request.user)

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


def _may_withdraw(user, disclosure):
    # The same people as `can_withdraw_disclosure`, whatever the state: a late click is answered
    # by the service (a conflict), not by a 403.
    requester = user.pk == disclosure.requested_by_id
    return requester or case_rules.can_manage_case(user, disclosure.case)


@disclosure_page("disclosure_withdraw", methods=("POST",), allowed=_may_withdraw)
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


# --- Inboxes --------------------------------------------------------------------------------


@login_required
@require_GET
def dean_inbox(request):
    if not rules.may_use_dean_inbox(request.user):
        raise Http404
    requests = selectors.pending_requests_for_dean(request.user)
    cases = [item.case for item in requests]
    log_list_access(
        request, cases_with_basis=case_rules.bases_for(request.user, cases), part="dean_inbox"
    )
    return render(request, "escalation/dean_inbox.html", {"requests": requests})


@login_required
@require_GET
def board_inbox(request):
    if not rules.may_use_board_inbox(request.user):
        raise Http404
    inbox = selectors.board_inbox(request.user)
    log_list_access(request, cases_with_basis=inbox.cases_with_basis(), part="board_inbox")
    return render(request, "escalation/board_inbox.html", {"inbox": inbox})


@login_required
@require_GET
def contact_list(request):
    if not rules.may_use_contact_list(request.user):
        raise Http404
    to_do, done = selectors.contact_officer_list(request.user)
    cases = {item.case.pk: (item.case, Basis.DISCLOSURE) for item in (*to_do, *done)}
    log_list_access(request, cases_with_basis=list(cases.values()), part="contact_list")
    return render(request, "escalation/contact_list.html", {"to_do": to_do, "done": done})

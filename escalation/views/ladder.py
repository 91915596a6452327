"""Moving a case on the ladder: the weighing frameworks, the escalation request and the dean's
review, the care meeting's decision, stepping down, closing, reopening and acute risk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.services import log_denied_access
from cases import permissions as case_rules
from cases.access import case_page
from cases.services import CaseActionRefused
from core.pages import GET_POST, run_service
from escalation import forms, ladder, selectors, services
from escalation import permissions as rules
from escalation.models import AcuteRiskReport
from escalation.views.access import back_to_case, case_context, form_page, step_page

# --- Weighing frameworks --------------------------------------------------------------------


@step_page("framework1_form", who=case_rules.can_change_case, rule=rules.can_sign_frameworks)
def sign_framework1(request, case, basis):
    form = forms.Framework1Form(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        signed, status = run_service(
            form,
            lambda: services.sign_framework1(
                case, answers=form.cleaned_data, acting_user=request.user
            ),
        )
        if signed:
            return back_to_case(request, case, _("Afwegingskader 1 is ondertekend."))
    return form_page(request, case, "escalation/framework1_form.html", form, status)


@case_page("framework1")
def framework1_detail(request, case, basis, pk):
    framework = selectors.get_framework1(case, pk)
    if framework is None:
        raise Http404
    context = case_context(
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
        signed, status = run_service(
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
    return form_page(request, case, "escalation/framework2_form.html", form, status)


@case_page("framework2")
def framework2_detail(request, case, basis, pk):
    framework = selectors.get_framework2(case, pk)
    if framework is None:
        raise Http404
    context = case_context(
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
        done, status = run_service(
            form,
            lambda: services.request_escalation(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            message = _("Je verzoek ligt bij de decaan. Je krijgt bericht van het besluit.")
            return back_to_case(request, case, message)
    requirements = ladder.requirements_to_escalate(case)
    return form_page(
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
        done, status = run_service(
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
    context = case_context(
        request,
        case,
        form=form,
        escalation=escalation,
        requirements=ladder.requirements_to_escalate(case),
        may_review=escalation.state == escalation.State.PENDING
        and rules.can_review_escalation(request.user, case, escalation),
    )
    return render(request, "escalation/review_escalation.html", context, status=status)


# --- Stepping down, closing, reopening ----------------------------------------


@step_page("step_down_form", who=case_rules.can_manage_case, rule=rules.can_step_down)
def step_down(request, case, basis):
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = run_service(
            form,
            lambda: services.step_down(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            return back_to_case(request, case, _("De casus is een trede afgeschaald."))
    return form_page(request, case, "escalation/step_down.html", form, status)


@step_page("close_form", who=case_rules.can_manage_case, rule=rules.can_close)
def close_case(request, case, basis):
    form = forms.CloseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = run_service(
            form,
            lambda: services.close_case(
                case,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            ),
        )
        if done:
            return back_to_case(request, case, _("De casus is gesloten."))
    return form_page(request, case, "escalation/close.html", form, status)


@step_page("reopen_form", who=case_rules.can_manage_case, rule=rules.can_reopen)
def reopen_case(request, case, basis):
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = run_service(
            form,
            lambda: services.reopen_case(
                case, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            return back_to_case(
                request, case, _("De casus is heropend en staat op studentondersteuning.")
            )
    return form_page(request, case, "escalation/reopen.html", form, status)


# --- Acute risk -----------------------------------------------------------------------------


@step_page("acute_form", who=rules.may_ever_report_acute, rule=rules.can_report_acute)
def report_acute_risk(request, case, basis):
    may_share = rules.can_sign_frameworks(request.user, case)
    form = forms.AcuteRiskForm(request.POST or None, may_share=may_share)
    status = 200
    if request.method == "POST" and form.is_valid():
        report, status = run_service(form, lambda: _report_acute(request, case, form))
        if report:
            return back_to_case(
                request,
                case,
                _(
                    "Het acute risico is gemeld. Het College van Bestuur en de "
                    "veiligheidscoördinator zijn direct op de hoogte gebracht."
                ),
            )
    return form_page(request, case, "escalation/acute.html", form, status, may_share=may_share)


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
def acknowledge_emergency(request, pk):
    """The board takes note, afterwards, that emergency services were called."""
    report = AcuteRiskReport.objects.select_related("case").filter(pk=pk).first()
    if report is None or not rules.may_use_board_inbox(request.user):
        log_denied_access(request, case=report.case if report else None, part=f"emergency:{pk}")
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.acknowledge_emergency_action(report, acting_user=request.user)
    except CaseActionRefused as refused:
        messages.error(request, str(refused))
    else:
        done = _("Je hebt kennisgenomen van de noodactie bij %(ref)s.")
        messages.success(request, done % {"ref": report.case.reference})
    return redirect("escalation:board_inbox")

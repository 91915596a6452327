"""Taking a case on: a counsellor takes a report, a dean names the handler. For a report still
at the signal rung this is its first step on the ladder, so it lives here."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import permissions as case_rules
from cases.access import case_form_page, case_page
from cases.forms import AssignHandlerForm
from core.pages import GET_POST, act
from escalation import services


@case_page("take", methods=("POST",))
def take_case(request, case, basis):
    done = _("Je bent nu behandelaar van %(ref)s.") % {"ref": case.reference}
    if not act(request, lambda: services.take_case(case, acting_user=request.user), done):
        return redirect(reverse("cases:list") + "?lijst=triage")
    return redirect("cases:detail", reference=case.reference)


@case_page("assign_handler", methods=GET_POST, allowed=case_rules.can_manage_case)
def assign_handler(request, case, basis):
    return case_form_page(
        request,
        case,
        form_class=AssignHandlerForm,
        initial={"version": case.version, "handler": case.handler_id},
        template="cases/assign_handler.html",
        run=lambda data: services.assign_handler(
            case,
            handler=data["handler"],
            reason=data["reason"],
            acting_user=request.user,
            expected_version=data["version"],
        ),
        done=_("De behandelaar is vastgelegd."),
    )

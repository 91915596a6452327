"""How the ladder pages reach a case or a disclosure, and what they share: a refusal from a
service becomes the form's error (409 when someone else acted first), never a lost input."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import log_case_access, log_denied_access
from cases import permissions as case_rules
from cases.access import case_page
from cases.services import CaseActionRefused, CaseConflict, fresh_case
from escalation import permissions as rules
from escalation import selectors

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


def run_service(form, action):
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


def case_context(request, case, **extra):
    user = request.user
    return {
        "case": case,
        "can_take": case_rules.can_take_case(user, case),
        "can_change": case_rules.can_change_case(user, case),
        "can_manage": case_rules.can_manage_case(user, case),
        "can_link": case.student_id is None and case_rules.can_link_student(user, case),
        **extra,
    }


def back_to_case(request, case, message):
    """To the case page; or home when the step took the user's own access away."""
    messages.success(request, message)
    if case_rules.can_view_case(request.user, fresh_case(case)):
        return redirect(reverse("cases:detail", args=[case.reference]) + "#ladder")
    messages.info(request, _("Je hebt geen toegang meer tot %(ref)s.") % {"ref": case.reference})
    return redirect("home")


def form_page(request, case, template, form, status=200, **extra):
    return render(request, template, case_context(request, case, form=form, **extra), status=status)

"""How the ladder pages reach a case or a disclosure. A refusal from a service becomes the
form's error (409 when someone else acted first), never a lost input: `core.pages.run_service`."""

from functools import partial, wraps

from django.shortcuts import render

from audit.services import log_case_access, log_denied_access
from cases.access import back_to_case as _back_to_case
from cases.access import case_context, case_page
from core.errors import ActionRefused
from core.pages import GET_POST, page
from escalation import permissions as rules
from escalation import selectors

# --- Reaching a case or a disclosure ---------------------------------------------------------


def step_page(part, *, who, rule):
    """A form that acts on one case. Outsiders get a logged 404 (via `case_page`); anyone who
    may never take this step on this case (`who`) a logged 403, and so does opening the form
    when the step is not possible now (`rule`). A POST that comes too late still reaches the
    service, which refuses with a message; the form then keeps what was typed."""

    def decorator(view):
        @wraps(view)
        def checked(request, case, basis, **kwargs):
            if request.method == "GET" and not rule(request.user, case):
                log_denied_access(request, case=case, part=part)
                raise ActionRefused
            log_case_access(request, case=case, part=part, basis=basis)
            return view(request, case, basis, **kwargs)

        return case_page(part, methods=GET_POST, allowed=who, log=False)(checked)

    return decorator


def _visible_disclosure(request, pk, *, part):
    disclosure = selectors.get_disclosure(pk)
    if disclosure is None or not rules.can_view_disclosure(request.user, disclosure):
        case = disclosure.case if disclosure else None
        log_denied_access(request, case=case, part=f"{part}:{pk}")
        return None
    return disclosure


def disclosure_page(part, *, methods=("GET",), allowed=None):
    """A page about one disclosure: a logged 404 for anyone who may not see it, whatever the
    method; then the method; then `allowed(user, disclosure)` (a logged 403); then the read is
    logged with the basis the user has."""

    def after_method_check(request, disclosure):
        where = f"{part}:{disclosure.pk}"
        if allowed is not None and not allowed(request.user, disclosure):
            log_denied_access(request, case=disclosure.case, part=where)
            raise ActionRefused
        basis = selectors.disclosure_basis(request.user, disclosure)
        log_case_access(request, case=disclosure.case, part=where, basis=basis)

    return page(
        methods=methods, find=partial(_visible_disclosure, part=part), then=after_method_check
    )


def back_to_case(request, case, message):
    """To the case's ladder; or home when the step took the user's own access away."""
    return _back_to_case(request, case, message, anchor="#ladder")


def form_page(request, case, template, form, status=200, **extra):
    return render(request, template, case_context(request, case, form=form, **extra), status=status)

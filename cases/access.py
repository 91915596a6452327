"""Reaching one case from a URL: a logged 404 for anyone who may not see it, whatever the
method; a logged 403 for a step they may not take; a logged read otherwise. Every page about a
case, in any app, goes through `case_page`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access
from cases import permissions
from cases.models import Case

Action = AccessLogEntry.Action


def visible_case(request, reference, *, part, action=Action.VIEW):
    """(case, basis) if this user may see the case; a logged refusal and a 404 otherwise."""
    case = (
        Case.objects.select_related("student__programme", "unit__parent", "handler", "reporter")
        .filter(reference=reference)
        .first()
    )
    basis = permissions.access_basis(request.user, case) if case else None
    if basis is None:
        log_denied_access(request, case=case, part=part, action=action)
        raise Http404
    return case, basis


def case_page(part, *, methods=("GET",), action=Action.VIEW, log=True, allowed=None):
    """A page about one case: a logged 404 for anyone who may not see it, whatever the method;
    then the method check; then `allowed(user, case)` (a logged 403 when it says no); then the
    read is logged and the view gets the case and basis."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, reference, **kwargs):
            case, basis = visible_case(request, reference, part=part, action=action)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if allowed is not None and not allowed(request.user, case):
                log_denied_access(request, case=case, part=part, action=action)
                raise PermissionDenied
            if log:
                log_case_access(request, case=case, part=part, action=action, basis=basis)
            return view(request, case, basis, **kwargs)

        return wrapper

    return decorator

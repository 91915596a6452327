"""The lists of the dean, the board and the contact officer; each read is in the access log."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render

from audit.models import AccessLogEntry
from audit.services import log_list_access
from cases import permissions as case_rules
from escalation import permissions as rules
from escalation import selectors

Basis = AccessLogEntry.Basis


# --- Inboxes --------------------------------------------------------------------------------


def inbox_for(may_use):
    """Signed in, then a 404 for anyone the list is not for (whatever the method), then GET."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request):
            if not may_use(request.user):
                raise Http404
            if request.method != "GET":
                return HttpResponseNotAllowed(["GET"])
            return view(request)

        return wrapper

    return decorator


@inbox_for(rules.may_use_dean_inbox)
def dean_inbox(request):
    requests = selectors.pending_requests_for_dean(request.user)
    cases = [item.case for item in requests]
    log_list_access(
        request, cases_with_basis=case_rules.bases_for(request.user, cases), part="dean_inbox"
    )
    return render(request, "escalation/dean_inbox.html", {"requests": requests})


@inbox_for(rules.may_use_board_inbox)
def board_inbox(request):
    inbox = selectors.board_inbox(request.user)
    log_list_access(request, cases_with_basis=inbox.cases_with_basis(), part="board_inbox")
    return render(request, "escalation/board_inbox.html", {"inbox": inbox})


@inbox_for(rules.may_use_contact_list)
def contact_list(request):
    to_do, done = selectors.contact_officer_list(request.user)
    cases = {item.case.pk: (item.case, Basis.DISCLOSURE) for item in (*to_do, *done)}
    log_list_access(request, cases_with_basis=list(cases.values()), part="contact_list")
    return render(request, "escalation/contact_list.html", {"to_do": to_do, "done": done})

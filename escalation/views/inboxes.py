"""The lists of the dean, the board and the contact officer; each read is in the access log."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.models import AccessLogEntry
from audit.services import log_list_access
from cases import permissions as case_rules
from escalation import permissions as rules
from escalation import selectors

Basis = AccessLogEntry.Basis


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

"""The lists of the dean, the board and the contact officer; each read is in the access log."""

from django.shortcuts import render

from audit.models import AccessLogEntry
from audit.services import log_list_access
from cases import permissions as case_rules
from core.pages import page
from core.paging import page_links
from escalation import permissions as rules
from escalation import selectors

Basis = AccessLogEntry.Basis


# --- Inboxes --------------------------------------------------------------------------------


@page(rules.may_use_dean_inbox)
def dean_inbox(request):
    waiting = selectors.pending_requests_for_dean(request.user, cursor=request.GET.get("na"))
    cases = [item.case for item in waiting.requests]
    log_list_access(
        request, cases_with_basis=case_rules.bases_for(request.user, cases), part="dean_inbox"
    )
    context = {
        "requests": waiting.requests,
        "page": waiting,
        **page_links(request, waiting.next_cursor, on_first_page=waiting.is_first_page),
    }
    return render(request, "escalation/dean_inbox.html", context)


@page(rules.may_use_board_inbox)
def board_inbox(request):
    inbox = selectors.board_inbox(request.user)
    log_list_access(request, cases_with_basis=inbox.cases_with_basis(), part="board_inbox")
    return render(request, "escalation/board_inbox.html", {"inbox": inbox})


@page(rules.may_use_contact_list)
def contact_list(request):
    to_do, done = selectors.contact_officer_list(request.user)
    cases = {item.case.pk: (item.case, Basis.DISCLOSURE) for item in (*to_do, *done)}
    log_list_access(request, cases_with_basis=list(cases.values()), part="contact_list")
    return render(request, "escalation/contact_list.html", {"to_do": to_do, "done": done})

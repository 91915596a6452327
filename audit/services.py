"""Writing the access log: every read of case data and every refused attempt, one row each."""

from django.utils import timezone

from audit import chain
from audit.models import AccessLogEntry

Action = AccessLogEntry.Action
Outcome = AccessLogEntry.Outcome
Basis = AccessLogEntry.Basis


def _clean(text, limit):
    # PostgreSQL refuses NUL in text; a hostile address must not cost us the log row.
    return text.replace("\x00", "")[:limit]


def _shared(request, *, part, action, outcome, query="", reason=""):
    """The fields every row of one read shares: who, when, where from, what part."""
    user = request.user
    return {
        "at": timezone.now(),
        "user_id": user.pk,
        "roles": ",".join(sorted(user.role_codes)),
        "part": part,
        "action": action,
        "outcome": outcome,
        "query": _clean(query, 300),
        "reason": _clean(reason, 500),
        "access_point": _clean(f"{request.method} {request.path}", 300),
        "ip_address": request.META.get("REMOTE_ADDR") or None,
    }


def _about(case, basis, pseudonym=""):
    """What one row is about: the case (or, with none, the student by `pseudonym`), and why
    the user may read it."""
    return {
        "case_id": case.pk if case else None,
        "case_reference": case.reference if case else "",
        "student_pseudonym": case.student_pseudonym if case else pseudonym,
        "basis": basis,
    }


def _append(request, *, case, basis, pseudonym="", **fields):
    chain.write(_shared(request, **fields), [_about(case, basis, pseudonym)])


def log_case_access(request, *, case, part, action=Action.VIEW, basis, query="", reason=""):
    """Record that the user read this part of a case (with the reason they gave, if asked)."""
    _append(
        request,
        case=case,
        part=part,
        action=action,
        outcome=Outcome.ALLOWED,
        basis=basis,
        query=query,
        reason=reason,
    )


def log_denied_access(request, *, case, part, action=Action.VIEW):
    """Record a refused attempt; `case` is None when the id did not exist at all."""
    _append(request, case=case, part=part, action=action, outcome=Outcome.DENIED, basis=Basis.NONE)


def log_list_access(request, *, cases_with_basis, part, action=Action.LIST, query=""):
    """Record one row per case shown on a list, search result or export."""
    shared = _shared(request, part=part, action=action, outcome=Outcome.ALLOWED, query=query)
    chain.write(shared, [_about(case, basis) for case, basis in cases_with_basis])


def log_search_without_results(request, *, part, query):
    """A search that found nothing: one row with the query, so probing leaves a trace too."""
    _append(
        request,
        case=None,
        part=part,
        action=Action.SEARCH,
        outcome=Outcome.ALLOWED,
        basis=Basis.NONE,
        query=query,
    )


def log_privacy_read(request, *, part, query="", action=Action.VIEW, pseudonym=""):
    """The access log is case data about people too: reading it is logged as well. A read of
    one student's data names the student (`pseudonym`), so it shows in that student's own
    subject-access report."""
    _append(
        request,
        case=None,
        part=part,
        action=action,
        outcome=Outcome.ALLOWED,
        basis=Basis.PRIVACY_OFFICER,
        query=query,
        pseudonym=pseudonym,
    )

"""What the ladder puts on people's work queues (`core.registry`): the board's decisions (acute
first, with the time left), the dean's escalation requests, the contact officer's disclosures
to carry out. A case reference at most, never a student's name; the same permission rules as the
pages the items link to; a fixed number of queries however many tasks wait."""

from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from cases import permissions as case_rules
from cases.models import Rung
from core.registry import Urgency, WorkItem, register_work
from escalation import permissions as rules
from escalation.models import AcuteRiskReport, Disclosure, EscalationRequest

State = Disclosure.State
BOARD = "escalation:board_inbox"
DEAN = "escalation:dean_inbox"
CONTACT = "escalation:contact_list"
# Each acute request is its own line; ordinary ones are named one by one up to this many.
NAMED = 5


def _decidable_by(user):
    """Requests the board decides now, that this member may approve (four eyes: not asked by
    them, not about a case they handle or handled when it was asked)."""
    involved = Q(requested_by=user) | Q(handler_at_request=user) | Q(case__handler=user)
    return (
        Disclosure.objects.filter(state=State.REQUESTED, case__rung=Rung.BOARD)
        .exclude(involved)
        .select_related("case")
    )


def board_work(user, now):
    if not rules.may_use_board_inbox(user):
        return []
    url = reverse(BOARD)
    decidable = _decidable_by(user)
    total = decidable.count()  # always counted, so the page costs the same however many wait
    first = ("-acute", F("decide_before").asc(nulls_last=True), "requested_at", "id")
    pending = list(decidable.order_by(*first)[:NAMED]) if total else []
    items = [_decision(disclosure, url, now) for disclosure in pending]
    if total > NAMED:
        items.append(_more_decisions(total - NAMED, url))
    return items + _emergencies(url)


def _decision(disclosure, url, now):
    if disclosure.acute:
        late = disclosure.decide_before and disclosure.decide_before < now
        return WorkItem(
            _("Acuut verzoek om te delen: besluit nodig"),
            url,
            BOARD,
            Urgency.OVERDUE if late else Urgency.ACUTE,
            subject=disclosure.case.reference,
            due=disclosure.decide_before,
        )
    return WorkItem(
        _("Verzoek om te delen met derden: besluit nodig"),
        url,
        BOARD,
        subject=disclosure.case.reference,
        since=disclosure.requested_at,
    )


def _more_decisions(rest, url):
    label = ngettext(
        "En nog %(count)d verzoek om te delen", "En nog %(count)d verzoeken om te delen", rest
    ) % {"count": rest}
    return WorkItem(label, url, BOARD, count=rest)


def _emergencies(url):
    """112 calls of cases at the board rung still to take note of (one query)."""
    calls = AcuteRiskReport.objects.filter(
        emergency_called=True, acknowledged_at__isnull=True, case__rung=Rung.BOARD
    ).aggregate(n=Count("pk"), oldest=Min("reported_at"))
    if not calls["n"]:
        return []
    label = ngettext(
        "%(count)d noodactie (112) om kennis van te nemen",
        "%(count)d noodacties (112) om kennis van te nemen",
        calls["n"],
    ) % {"count": calls["n"]}
    return [WorkItem(label, url, BOARD, since=calls["oldest"], count=calls["n"])]


def dean_work(user, now):
    """Escalation requests waiting in the units this dean watches, never their own (one query)."""
    if not rules.may_use_dean_inbox(user):
        return []
    waiting = (
        EscalationRequest.objects.filter(
            state=EscalationRequest.State.PENDING,
            case__in=case_rules.cases_visible_to(user),
            case__unit_id__in=case_rules.unit_scope(user),
        )
        .exclude(requested_by=user)
        .aggregate(n=Count("pk"), oldest=Min("requested_at"))
    )
    if not waiting["n"]:
        return []
    label = ngettext(
        "%(count)d verzoek tot opschaling wacht op je beoordeling",
        "%(count)d verzoeken tot opschaling wachten op je beoordeling",
        waiting["n"],
    ) % {"count": waiting["n"]}
    return [WorkItem(label, reverse(DEAN), DEAN, since=waiting["oldest"], count=waiting["n"])]


def contact_officer_work(user, now):
    """Approved disclosures to carry out, acute first, then the longest waiting."""
    if not rules.may_use_contact_list(user):
        return []
    url = reverse(CONTACT)
    waiting = Disclosure.objects.filter(state=State.APPROVED)
    total = waiting.count()  # always counted: the same queries however many wait
    approved = list(
        waiting.select_related("case").order_by("-acute", "decided_at", "id")[:NAMED]
        if total
        else []
    )
    items = [
        WorkItem(
            _("Goedgekeurde verstrekking uitvoeren"),
            url,
            CONTACT,
            Urgency.ACUTE if disclosure.acute else Urgency.DUE,
            subject=disclosure.case.reference,
            since=disclosure.decided_at,
        )
        for disclosure in approved
    ]
    if total > NAMED:
        rest = total - NAMED
        label = ngettext(
            "En nog %(count)d verstrekking uit te voeren",
            "En nog %(count)d verstrekkingen uit te voeren",
            rest,
        ) % {"count": rest}
        items.append(WorkItem(label, url, CONTACT, count=rest))
    return items


def register_providers():
    register_work(RoleCode.BOARD, board_work)
    register_work(RoleCode.DEAN, dean_work)
    register_work(RoleCode.CONTACT_OFFICER, contact_officer_work)

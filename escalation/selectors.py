"""Reading the ladder: the panel on the case page, the inboxes of deans, board and contact
officer, and one disclosure. Every list starts from what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncDate
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases import permissions as case_rules
from cases.models import Case, Rung, TimelineEntry
from core.dates import duration_in_words, within
from core.paging import keyset_slice, parse_keyset_cursor
from core.registry import Panel
from escalation import ladder, package
from escalation import permissions as rules
from escalation.models import (
    AcuteRiskReport,
    CloseOutcome,
    DataCategory,
    Disclosure,
    EscalationRequest,
    Framework2,
    RungTransition,
)

Basis = AccessLogEntry.Basis
State = Disclosure.State
LADDER = (Rung.SIGNAL, Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD)
CONSENT_KINDS = (
    TimelineEntry.Kind.CONSENT_REQUEST,
    TimelineEntry.Kind.CONSENT_ANSWER,
    TimelineEntry.Kind.CONSENT_WITHDRAWAL,
)
RECENTLY_CARRIED_OUT_DAYS = rules.CONTACT_OFFICER_DAYS


# --- The ladder panel on the case page ------------------------------------------------------


@dataclass(frozen=True)
class RungStep:
    code: str
    label: str
    state: str  # "done", "current" or "ahead"


@dataclass
class LadderPanel:
    rungs: list
    closed: bool
    next_rung: str
    requirements: list
    pending_request: EscalationRequest | None
    framework1: object
    framework1_valid: bool
    framework2: object
    transitions: list
    disclosures: list
    actions: dict = field(default_factory=dict)
    waiting: str = ""  # the next step and whom it waits on, in words

    @property
    def any_action(self):
        return any(self.actions.values())


def _rungs(case):
    if case.rung == Rung.CLOSED:
        return [RungStep(code, label, "ahead") for code, label in _ladder_labels()]
    current = LADDER.index(case.rung)
    return [
        RungStep(code, label, "done" if i < current else "current" if i == current else "ahead")
        for i, (code, label) in enumerate(_ladder_labels())
    ]


def _ladder_labels():
    return [(code, Rung(code).label) for code in LADDER]


def transitions_of(case):
    """Every step on the ladder, newest first, with the role held as the institution names it."""
    # The institution's name for the role comes along in the same query (a subquery on the
    # role's unique code) instead of a query for all roles: one query less on the case page,
    # whose budget is 20 (issue 9).
    column = "label_en" if translation.get_language() == "en" else "label_nl"
    named = Role.objects.filter(code=OuterRef("role_held")).values(column)[:1]
    rows = list(
        case.transitions.select_related("actor", "decision")
        .annotate(zw_role_label=Subquery(named))
        .order_by("-at", "-id")
    )
    for row in rows:
        row.role_label = row.zw_role_label or _default_role_label(row.role_held)
        row.outcome_label = CloseOutcome(row.outcome).label if row.outcome in CloseOutcome else ""
    return rows


def _default_role_label(code):
    return RoleCode(code).label if code in RoleCode.values else code


def ladder_case_panel(user, case, *, timeline=None):
    """The ladder's part of the case page (registered in `escalation.apps`)."""
    return Panel("escalation/_ladder_panel.html", ladder_panel(user, case, timeline=timeline))


def ladder_panel(user, case, *, timeline=None):
    """Everything the ladder panel shows for this user: where the case stands, what is still
    needed for the next step, the latest frameworks, every step so far and what they may do.
    `timeline`: the case's whole timeline when the page already loaded it (saves a query)."""
    frameworks1 = case.frameworks1.select_related("author").order_by("-signed_at", "-id")
    framework1 = frameworks1.first()
    pending = (
        case.escalation_requests.filter(state=EscalationRequest.State.PENDING)
        .select_related("requested_by")
        .first()
    )
    next_rung = ladder.NEXT_RUNG.get(case.rung)
    transitions = transitions_of(case)
    # The checklist reuses the transitions, timeline and framework 1 loaded here instead of
    # asking the database for each again (the query budget of the case page, issue 9).
    requirements = (
        ladder.requirements_to_escalate(
            case, transitions=transitions, timeline=timeline, newest_framework1=framework1
        )
        if next_rung
        else []
    )
    shared = list(
        case.disclosures.select_related("recipient", "requested_by").order_by("-created_at", "-id")
    )
    return LadderPanel(
        rungs=_rungs(case),
        closed=case.rung == Rung.CLOSED,
        next_rung=Rung(next_rung).label if next_rung else "",
        requirements=requirements,
        pending_request=pending,
        framework1=framework1,
        framework1_valid=ladder.is_recent(framework1),
        framework2=case.frameworks2.select_related("author").order_by("-signed_at", "-id").first(),
        transitions=transitions,
        disclosures=shared,
        actions=_actions(user, case, pending),
        waiting=_waiting(case, pending, shared),
    )


def _waiting(case, pending, shared):
    """What the case waits for now, and on whom: the next step in one sentence."""
    if case.rung == Rung.SIGNAL:
        return _(
            "Volgende stap: een studentbegeleider van %(unit)s pakt de melding op (of de decaan "
            "wijst een behandelaar toe)."
        ) % {"unit": case.unit.name}
    if case.rung == Rung.SUPPORT:
        return "" if pending else _support_step(case)
    if case.rung == Rung.CARE_MEETING:
        return _("Volgende stap: het zorgoverleg besluit over de casus (zie hieronder wanneer).")
    if case.rung == Rung.BOARD:
        return _board_step(shared)
    return ""


def _support_step(case):
    handler = case.handler.get_full_name() or case.handler.username if case.handler else ""
    text = _(
        "Volgende stap: %(handler)s bespreekt de zorg met de student en een collega; blijft de "
        "zorg, dan vraagt %(handler)s opschaling naar het zorgoverleg aan."
    ) % {"handler": handler or _("de behandelaar")}
    if case.next_review:
        text += " " + _("Evaluatie uiterlijk %(day)s.") % {"day": date_format(case.next_review)}
    return text


def _board_step(shared):
    states = {disclosure.state for disclosure in shared}
    if State.REQUESTED in states:
        return _("Wacht op het besluit van het College van Bestuur over het verzoek om te delen.")
    if State.APPROVED in states:
        return _("Wacht op de veiligheidscoördinator, die de goedgekeurde verstrekking uitvoert.")
    return _(
        "Volgende stap: het College van Bestuur weegt de casus; is de zorg afgenomen, dan schaalt "
        "de behandelaar of de decaan af."
    )


def _actions(user, case, pending):
    sign = rules.can_sign_frameworks(user, case)
    return {
        "sign_framework1": sign,
        "sign_framework2": sign,
        "request_escalation": pending is None and rules.can_request_escalation(user, case),
        "review_escalation": pending is not None
        and rules.can_review_escalation(user, case, pending),
        "step_down": rules.can_step_down(user, case),
        "close": rules.can_close(user, case),
        "reopen": rules.can_reopen(user, case),
        "report_acute": rules.can_report_acute(user, case),
        "request_disclosure": rules.can_request_disclosure(user, case),
    }


# --- Forms' choices --------------------------------------------------------------------------


def consent_entries_of(case):
    """The consent ledger of a case: requests, answers and withdrawals, newest first."""
    return case.timeline.filter(kind__in=CONSENT_KINDS).order_by("-occurred_on", "-id")


def allowing_frameworks2(case):
    """This case's signed frameworks 2 that allow a disclosure (every answer yes)."""
    return (
        Framework2.objects.filter(
            case=case, other_options_used=True, consent_pursued=True, sharing_necessary=True
        )
        .select_related("author")
        .order_by("-signed_at", "-id")
    )


def get_framework1(case, pk):
    return case.frameworks1.select_related("author").filter(pk=pk).first()


def get_framework2(case, pk):
    return (
        case.frameworks2.select_related("author")
        .prefetch_related("consent_entries")
        .filter(pk=pk)
        .first()
    )


def get_request(case, pk):
    return (
        case.escalation_requests.select_related("requested_by", "decided_by", "framework1__author")
        .filter(pk=pk)
        .first()
    )


# --- The dean's inbox -----------------------------------------------------------------------

DEAN_INBOX_PAGE_SIZE = 50


@dataclass
class RequestPage:
    requests: list
    next_cursor: str  # empty when this is the last page
    is_first_page: bool


def pending_requests_for_dean(user, *, cursor=""):
    """One page of the escalation requests waiting in the units this dean watches, oldest
    first, by keyset (no OFFSET, no COUNT: a dean at national scale had 713 of them)."""
    if not rules.may_use_dean_inbox(user):
        return RequestPage(requests=[], next_cursor="", is_first_page=True)
    pending = EscalationRequest.objects.filter(
        state=EscalationRequest.State.PENDING,
        case__in=case_rules.cases_visible_to(user),
        case__unit_id__in=case_rules.unit_scope(user),
    )
    after = parse_keyset_cursor(cursor)
    if after is not None:
        requested_at, pk = after
        pending = pending.filter(
            Q(requested_at__gt=requested_at) | Q(requested_at=requested_at, pk__gt=pk)
        )
    pending = pending.select_related("case__student", "case__unit", "requested_by")
    rows, next_cursor = keyset_slice(
        pending.order_by("requested_at", "id"), size=DEAN_INBOX_PAGE_SIZE, key="requested_at"
    )
    return RequestPage(requests=rows, next_cursor=next_cursor, is_first_page=after is None)


# --- The board's inbox ----------------------------------------------------------------------


@dataclass
class BoardInbox:
    disclosures: list
    cases: list
    emergencies: list

    def cases_with_basis(self):
        """(case, basis) once per case on the page, for the access log."""
        seen = {}
        for disclosure in self.disclosures:
            seen.setdefault(disclosure.case.pk, (disclosure.case, Basis.BOARD_RUNG))
        for case in self.cases:
            seen.setdefault(case.pk, (case, Basis.BOARD_RUNG))
        for report in self.emergencies:
            seen.setdefault(report.case.pk, (report.case, Basis.EMERGENCY))
        return list(seen.values())


def board_inbox(user, *, now=None):
    """Pending disclosures (acute first, by deadline; then the others, oldest first), the cases
    at the board rung and emergency actions still to acknowledge."""
    if not rules.may_use_board_inbox(user):
        return BoardInbox([], [], [])
    now = now or timezone.now()
    pending = list(
        Disclosure.objects.filter(state=State.REQUESTED, case__rung=Rung.BOARD)
        .select_related("case__student", "case__handler", "recipient", "requested_by")
        .order_by(
            "-acute",
            F("decide_before").asc(nulls_last=True),
            F("requested_at").asc(nulls_last=True),
            "id",
        )
    )
    for disclosure in pending:
        disclosure.time_left = _time_left(disclosure, now)
        disclosure.user_may_approve = rules.can_approve_disclosure(user, disclosure)
    cases = list(
        case_rules.cases_visible_to(user)
        .filter(rung=Rung.BOARD)
        .select_related("student", "unit", "handler")
        .order_by("next_review", "pk")
    )
    emergencies = list(
        AcuteRiskReport.objects.filter(
            emergency_called=True, acknowledged_at__isnull=True, case__rung=Rung.BOARD
        )
        .select_related("case__student", "reported_by")
        .order_by("reported_at", "id")
    )
    return BoardInbox(pending, cases, emergencies)


def _time_left(disclosure, now):
    """How long the board still has, in words: "nog 42 minuten" or "23 minuten over tijd"."""
    if not disclosure.decide_before:
        return ""
    left = disclosure.decide_before - now
    text = duration_in_words(left)
    if left.total_seconds() >= 0:
        return _("nog %(time)s") % {"time": text}
    return _("%(time)s over tijd") % {"time": text}


# --- The contact officer's list --------------------------------------------------------------


def contact_officer_list(user, *, today=None):
    """(approved disclosures to carry out, oldest decision first; those carried out lately)."""
    if not rules.may_use_contact_list(user):
        return [], []
    today = today or timezone.localdate()
    related = ("case__student", "recipient", "decided_by", "carried_out_by")
    to_do = list(
        Disclosure.objects.filter(state=State.APPROVED)
        .select_related(*related)
        .order_by("-acute", "decided_at", "id")
    )
    since = today - datetime.timedelta(days=RECENTLY_CARRIED_OUT_DAYS)
    done = list(
        Disclosure.objects.filter(state=State.CARRIED_OUT, carried_out_on__gte=since)
        .select_related(*related)
        .order_by("-carried_out_on", "-id")
    )
    return to_do, done


# --- One disclosure -------------------------------------------------------------------------


def get_disclosure(pk):
    return (
        Disclosure.objects.select_related(
            "case__student",
            "case__unit",
            "case__handler",
            "recipient",
            "framework2__author",
            "requested_by",
            "decided_by",
            "carried_out_by",
            "acute_report",
            "package",
        )
        .filter(pk=pk)
        .first()
    )


def disclosure_package(disclosure):
    """(sections, frozen): the package approved for this disclosure; before a decision, the
    package as the case holds it now; none once it was rejected or withdrawn undecided."""
    frozen = getattr(disclosure, "package", None) if disclosure.pk else None
    if frozen is not None:
        return package.from_json(frozen.sections), True
    if disclosure.state in (State.DRAFT, State.REQUESTED):
        return package.build_package(disclosure), False
    return [], False


def data_category_labels(disclosure):
    return [
        DataCategory(code).label if code in DataCategory.values else code
        for code in disclosure.data_categories
    ]


def shows_identity(user, disclosure):
    """The student's name: for those who may read the case, and for the contact officer once
    sharing the student's identity was approved (they must tell the partner who it is about)."""
    if case_rules.can_view_case(user, disclosure.case):
        return True
    return (
        rules.may_use_contact_list(user)
        and disclosure.state in (State.APPROVED, State.CARRIED_OUT)
        and DataCategory.IDENTITY in disclosure.data_categories
    )


def time_left(disclosure, now=None):
    if disclosure.state != State.REQUESTED:
        return ""
    return _time_left(disclosure, now or timezone.now())


def disclosure_basis(user, disclosure):
    """Why this user reads the disclosure: their basis for the case, else board or contact."""
    basis = case_rules.access_basis(user, disclosure.case)
    if basis is not None:
        return basis
    if rules.may_use_board_inbox(user):
        return Basis.BOARD_RUNG
    return Basis.DISCLOSURE


@dataclass(frozen=True)
class DisclosureStep:
    when: datetime.datetime
    who: object
    state: str
    reason: str


def disclosure_history(disclosure):
    """Each change of state (and each reminder), oldest first, with who and why."""
    records = disclosure.history.select_related("history_user").order_by("history_date", "pk")
    steps, previous = [], None
    for record in records:
        if previous is None or record.state != previous or record.history_change_reason:
            reason = record.history_change_reason or ""
            steps.append(
                DisclosureStep(
                    when=record.history_date,
                    who=record.history_user,
                    state=State(record.state).label,
                    # Reasons the product writes are message ids; typed ones pass unchanged.
                    reason=_(reason) if reason else "",
                )
            )
        previous = record.state
    return steps


# --- Aggregates (the programme dashboard): counts, never a case -------------------------------

# Calendar days from a report's day to the end of its second working day, per ISO weekday
# (Monday 1 … Sunday 7). Public holidays are not known to the app and count as working days.
PICKUP_DAYS = {1: 2, 2: 2, 3: 2, 4: 4, 5: 4, 6: 3, 7: 2}


def _picked_up_cases():
    """Cases with the moment they were picked up (`picked`) and how long that took (`wait`):
    their take-on step, or, for a case that never had one (acute straight from the signal
    rung), when it first got a handler (the case's history)."""
    take_on = RungTransition.objects.filter(
        case=OuterRef("pk"), kind=RungTransition.Kind.TAKE_ON
    ).order_by("at", "pk")
    first_handler = Case.history.model.objects.filter(
        id=OuterRef("pk"), handler__isnull=False
    ).order_by("history_date", "history_id")
    picked = Coalesce(
        Subquery(take_on.values("at")[:1]), Subquery(first_handler.values("history_date")[:1])
    )
    wait = ExpressionWrapper(F("picked") - F("created_at"), output_field=DurationField())
    return Case.objects.annotate(picked=picked).filter(picked__isnull=False).annotate(wait=wait)


def pickup(period):
    """Reports picked up in the period: how many within two working days, how many later, and
    the median time it took (a timedelta, None without any). Three small queries."""
    cases = _picked_up_cases().filter(within(period, "picked"))
    allowed = Choose(
        *[
            When(weekday=day, then=Value(datetime.timedelta(days=days)))
            for day, days in PICKUP_DAYS.items()
        ],
        output_field=DurationField(),
    )
    # On time: picked up on or before the last day allowed (whole local days).
    deadline = ExpressionWrapper(
        TruncDate("created_at") + F("allowed"), output_field=DateTimeField()
    )
    counted = (
        cases.annotate(weekday=ExtractIsoWeekDay("created_at"), allowed=allowed)
        .annotate(deadline=deadline, picked_day=TruncDate("picked"))
        .aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(picked_day__lte=F("deadline"))),
        )
    )
    total = counted["total"]
    return {
        "on_time": counted["on_time"],
        "late": total - counted["on_time"],
        "median": _median_wait(cases, total),
    }


def _median_wait(cases, total):
    """The median wait, picked out by the database: the middle one or two of the sorted waits."""
    if not total:
        return None
    middle = list(
        cases.order_by("wait", "pk").values_list("wait", flat=True)[
            (total - 1) // 2 : total // 2 + 1
        ]
    )
    return sum(middle, datetime.timedelta()) / len(middle)


def ladder_counts(period):
    """Escalations, step-downs, cases with an acute-risk report, and disclosures decided."""
    steps = RungTransition.objects.filter(within(period, "at")).aggregate(
        escalations=Count("pk", filter=Q(kind=RungTransition.Kind.ESCALATE)),
        step_downs=Count("pk", filter=Q(kind=RungTransition.Kind.STEP_DOWN)),
    )
    acute = AcuteRiskReport.objects.filter(within(period, "reported_at")).aggregate(
        acute_cases=Count("case", distinct=True)
    )
    approved = [Disclosure.State.APPROVED, Disclosure.State.CARRIED_OUT]
    decided = Disclosure.objects.filter(within(period, "decided_at")).aggregate(
        approved=Count("pk", filter=Q(state__in=approved)),
        rejected=Count("pk", filter=Q(state=Disclosure.State.REJECTED)),
    )
    return {**steps, **acute, **decided}

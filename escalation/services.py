"""Every step on the ladder: who acted, in which role, why, on which forms — one row each.

Each service locks the case row, checks the rule, runs the transition, writes the transition row
and history, and queues notifications after the commit.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import complete_task, notify_users
from accounts.roles import RoleCode
from cases import notice_kinds as case_kinds
from cases import permissions as case_rules
from cases import services as case_services
from cases.models import Case, Rung
from cases.services import CaseActionRefused, lock_case
from core.errors import EditConflict
from core.history import recorded_as, save_with_history
from core.locking import save_version
from escalation import ladder, notice_kinds
from escalation import permissions as rules
from escalation.models import (
    AcuteRiskReport,
    CareMeetingDecision,
    EscalationRequest,
    Framework1,
    Framework2,
    OverdueNotice,
    RungTransition,
)

Step = RungTransition.Kind
Decision = CareMeetingDecision.Decision


class LadderRefused(CaseActionRefused):
    """The step is not allowed now; the message says what is missing."""


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    TAKEN = case_services.Reason.TAKEN
    FRAMEWORK1 = gettext_noop("Afwegingskader 1 ondertekend")
    FRAMEWORK2 = gettext_noop("Afwegingskader 2 ondertekend")
    REQUESTED = gettext_noop("Opschaling aangevraagd")
    ACUTE = gettext_noop("Acuut risico gemeld")
    ACKNOWLEDGED = gettext_noop("Noodactie voor kennisgeving aangenomen")
    CARE_DECISION = gettext_noop("Besluit zorgoverleg vastgelegd")


def deans_over(case):
    """The deans whose units cover the case's unit."""
    units = [case.unit_id, case.unit.parent_id]
    return User.objects.filter(
        is_active=True, groups__role__code=RoleCode.DEAN, units__in=units
    ).distinct()


def people_with_role(*codes):
    return User.objects.filter(is_active=True, groups__role__code__in=codes).distinct()


def _case_path(case):
    return reverse("cases:detail", args=[case.reference])


def move_case(case, *, step, to, role, reason, acting_user, outcome="", **links):
    """Run one transition on a locked case and write its row; the caller checked the rules."""
    from_rung, status = case.rung, case_services.report_status(case)
    # The stay on the rung it leaves began at its latest step (the case is locked: no step
    # comes in between); a case that never moved came onto the signal rung when reported.
    latest = case.transitions.order_by("-at", "-id").values_list("at", flat=True).first()
    if from_rung == Rung.BOARD and to != Rung.BOARD:
        from escalation.disclosures import withdraw_open_disclosures

        withdraw_open_disclosures(case, acting_user=acting_user, reason=reason)
    getattr(case, _TRANSITIONS[(step, from_rung, to)])()
    case.next_review = next_review_after(step, case.rung)
    save_version(case, acting_user=acting_user, reason=reason)
    complete_task(review_task(case))  # a step sets a new review date
    case_services.tell_reporter(case, before=status)
    row = RungTransition(
        case=case,
        kind=step,
        from_rung=from_rung,
        to_rung=case.rung,
        actor=acting_user,
        role_held=role,
        on_rung_since=latest or case.created_at,
        reason=reason,
        outcome=outcome,
        **links,
    )
    save_with_history(row, acting_user=acting_user, reason=reason)
    return row


def review_task(case):
    """The key of the task to review the case (done when the review date moves)."""
    return f"review:{case.pk}"


def next_review_after(step, rung):
    """The review date a step sets: the first review after taking a report on, then the period
    of the rung the case is on now; none on a closed case."""
    days = (
        settings.ZW_FIRST_REVIEW_DAYS if step == Step.TAKE_ON else settings.ZW_REVIEW_DAYS.get(rung)
    )
    return timezone.localdate() + datetime.timedelta(days=days) if days else None


_TRANSITIONS = {
    (Step.TAKE_ON, Rung.SIGNAL, Rung.SUPPORT): "take_on",
    (Step.ESCALATE, Rung.SUPPORT, Rung.CARE_MEETING): "escalate_to_care_meeting",
    (Step.ESCALATE, Rung.CARE_MEETING, Rung.BOARD): "escalate_to_board",
    (Step.ACUTE, Rung.SIGNAL, Rung.BOARD): "escalate_acute",
    (Step.ACUTE, Rung.SUPPORT, Rung.BOARD): "escalate_acute",
    (Step.ACUTE, Rung.CARE_MEETING, Rung.BOARD): "escalate_acute",
    (Step.STEP_DOWN, Rung.CARE_MEETING, Rung.SUPPORT): "step_down_to_support",
    (Step.STEP_DOWN, Rung.BOARD, Rung.CARE_MEETING): "step_down_to_care_meeting",
    (Step.CLOSE, Rung.SIGNAL, Rung.CLOSED): "close",
    (Step.CLOSE, Rung.SUPPORT, Rung.CLOSED): "close",
    (Step.CLOSE, Rung.CARE_MEETING, Rung.CLOSED): "close",
    (Step.CLOSE, Rung.BOARD, Rung.CLOSED): "close",
    (Step.REOPEN, Rung.CLOSED, Rung.SUPPORT): "reopen",
}


# --- Taking a case on: its first step ----------------------------------------------------


def take_case(case, *, acting_user):
    """A counsellor of the unit takes an untaken report: they handle it from now on, and it
    moves from the signal rung to student support."""
    with transaction.atomic():
        case = lock_case(case)
        CaseActionRefused.unless(
            case.handler_id is None, _("Deze melding is al opgepakt door een collega.")
        )
        CaseActionRefused.unless(
            case_rules.can_take_case(acting_user, case),
            _("Je kunt alleen meldingen van je eigen eenheden oppakken."),
        )
        case_services.check_certificate_rule(acting_user, own=True)
        _hand_over(case, acting_user, reason=Reason.TAKEN, acting_user=acting_user)
    return case


def assign_handler(case, *, handler, reason, acting_user, expected_version=None):
    """A dean (or the current handler) names who handles the case; an untaken report moves
    from the signal rung to student support."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        CaseActionRefused.unless(
            case_rules.can_manage_case(acting_user, case),
            _("Je mag de behandelaar van deze casus niet wijzigen."),
        )
        CaseActionRefused.unless(
            case_rules.can_handle(handler, case),
            _("Alleen een studentbegeleider van de eenheid van de casus kan behandelaar zijn."),
        )
        case_services.check_certificate_rule(handler)
        _hand_over(case, handler, reason=reason, acting_user=acting_user)
        notify_users(
            [handler], path=_case_path(case), kind=case_kinds.ASSIGNED, subject=case.reference
        )
    return case


def _hand_over(case, handler, *, reason, acting_user):
    before = case_services.report_status(case)
    case_services.make_handler(case, handler)
    complete_task(case_services.triage_task(case))
    if case.rung != Rung.SIGNAL:
        save_version(case, acting_user=acting_user, reason=reason)
    else:
        role = RoleCode.DEAN if handler != acting_user else RoleCode.COUNSELLOR
        move_case(
            case, step=Step.TAKE_ON, to=Rung.SUPPORT, role=role, reason=reason,
            acting_user=acting_user,
        )  # fmt: skip
    case_services.tell_reporter(case, before=before)


# --- Weighing frameworks ------------------------------------------------------------------


def sign_framework1(case, *, answers, acting_user):
    """Sign a weighing framework 1; it is never changed afterwards, a newer one supersedes it."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_sign_frameworks(acting_user, case),
            _("Alleen het casusteam ondertekent een afwegingskader."),
        )
        form = Framework1(case=case, author=acting_user, **answers)
        save_with_history(form, acting_user=acting_user, reason=Reason.FRAMEWORK1)
    return form


def sign_framework2(case, *, answers, consent_entries, acting_user):
    """Sign a weighing framework 2: the three questions before any disclosure."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_sign_frameworks(acting_user, case),
            _("Alleen het casusteam ondertekent een afwegingskader."),
        )
        foreign = [e for e in consent_entries if e.case_id != case.pk]
        LadderRefused.unless(not foreign, _("Kies alleen toestemmingsstappen uit deze casus."))
        form = Framework2(case=case, author=acting_user, **answers)
        save_with_history(form, acting_user=acting_user, reason=Reason.FRAMEWORK2)
        with recorded_as(form, acting_user=acting_user, reason=Reason.FRAMEWORK2):
            form.consent_entries.set(consent_entries)
    return form


# --- Support → care meeting: a request a dean reviews ---------------------------------------


def request_escalation(case, *, reason, acting_user):
    """Ask a dean to move the case to the care meeting: the concern was not taken away."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_request_escalation(acting_user, case),
            _(
                "Alleen een studentbegeleider uit het team vraagt opschaling aan, op trede "
                "studentondersteuning."
            ),
        )
        _refuse_if_missing(case)
        if case.escalation_requests.filter(state=EscalationRequest.State.PENDING).exists():
            raise EditConflict(_("Er ligt al een opschalingsverzoek bij de decaan."))
        request = EscalationRequest(
            case=case,
            requested_by=acting_user,
            reason=reason,
            framework1=ladder.current_framework1(case),
        )
        save_with_history(request, acting_user=acting_user, reason=Reason.REQUESTED)
        notify_users(
            deans_over(case),
            path=reverse("escalation:dean_inbox"),
            kind=notice_kinds.ESCALATION_REQUEST,
            subject=case.reference,
            task=request_task(request),
        )
    return request


def _refuse_if_missing(case):
    missing = ladder.missing_to_escalate(case)
    if missing:
        raise LadderRefused(
            _("Opschalen kan nog niet. Eerst nodig: %(missing)s.")
            % {"missing": "; ".join(str(r.label) for r in missing)}
        )


def _locked_pending_request(request):
    case = lock_case(request.case)
    request = EscalationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != EscalationRequest.State.PENDING:
        raise EditConflict(_("Iemand anders heeft dit verzoek net beoordeeld."))
    return case, request


def accept_escalation(request, *, reason, acting_user):
    """The dean agrees: the case moves to the care meeting."""
    with transaction.atomic():
        case, request = _locked_pending_request(request)
        LadderRefused.unless(
            rules.can_review_escalation(acting_user, case, request),
            _("Alleen een decaan van de eenheid beoordeelt dit verzoek, nooit het eigen verzoek."),
        )
        _decide(request, accept=True, reason=reason, acting_user=acting_user)
        move_case(
            case,
            step=Step.ESCALATE,
            to=Rung.CARE_MEETING,
            role=RoleCode.DEAN,
            reason=request.reason,
            acting_user=acting_user,
            framework1=request.framework1,
            request=request,
        )
        _tell_requester(request, case)
    return request


def send_back_escalation(request, *, reason, acting_user):
    """The dean sends the request back; the reason says what to do first."""
    with transaction.atomic():
        case, request = _locked_pending_request(request)
        LadderRefused.unless(
            rules.can_review_escalation(acting_user, case, request),
            _("Alleen een decaan van de eenheid beoordeelt dit verzoek, nooit het eigen verzoek."),
        )
        _decide(request, accept=False, reason=reason, acting_user=acting_user)
        _tell_requester(request, case)
    return request


def request_task(request):
    """The key of the deans' task to review this request (their notifications' `task`)."""
    return f"escalation_request:{request.pk}"


def _tell_requester(request, case):
    complete_task(request_task(request))
    notify_users(
        [request.requested_by],
        path=_case_path(case),
        kind=notice_kinds.ESCALATION_DECIDED,
        subject=case.reference,
    )


def _decide(request, *, accept, reason, acting_user):
    request.accept() if accept else request.send_back()
    request.decided_by = acting_user
    request.decided_at = timezone.now()
    request.decision_reason = reason
    save_with_history(request, acting_user=acting_user, reason=reason)


def _withdraw_pending_requests(case, *, acting_user, reason):
    for request in case.escalation_requests.filter(state=EscalationRequest.State.PENDING):
        request.withdraw()
        save_with_history(request, acting_user=acting_user, reason=reason)


# --- The care meeting decides --------------------------------------------------------------


def record_meeting_decision(case, *, decision, summary, meeting_ref, role, acting_user, outcome=""):
    """Take the step a held care meeting decided: the only way a decision of the care meeting
    reaches the ladder. The care-meeting app hands over plain values after checking that
    `acting_user` chairs or minutes that meeting, held; the ladder checks its own rule: only a
    case on the care-meeting rung moves."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            case.rung == Rung.CARE_MEETING,
            _("Alleen de voorzitter of notulist legt het besluit van het overleg vast."),
        )
        return _record_decision(
            case, decision, summary, outcome, meeting_ref, role=role, acting_user=acting_user
        )


def _record_decision(case, decision, summary, outcome, meeting_ref, *, role, acting_user):
    if decision == Decision.ESCALATE_TO_BOARD:
        _refuse_if_missing(case)
    row = CareMeetingDecision(
        case=case,
        decision=decision,
        summary=summary,
        recorded_by=acting_user,
        meeting_ref=meeting_ref,
    )
    save_with_history(row, acting_user=acting_user, reason=Reason.CARE_DECISION)
    _apply_decision(case, row, role=role, outcome=outcome, acting_user=acting_user)
    return row


def _apply_decision(case, row, *, role, outcome, acting_user):
    common = {"role": role, "reason": row.summary, "acting_user": acting_user, "decision": row}
    if row.decision == Decision.ESCALATE_TO_BOARD:
        move_case(
            case,
            step=Step.ESCALATE,
            to=Rung.BOARD,
            framework1=ladder.current_framework1(case),
            **common,
        )
        notify_users(
            people_with_role(RoleCode.BOARD),
            path=reverse("escalation:board_inbox"),
            kind=notice_kinds.CASE_MOVED,
            subject=case.reference,
        )
    elif row.decision == Decision.STEP_DOWN:
        move_case(case, step=Step.STEP_DOWN, to=Rung.SUPPORT, **common)
    elif row.decision == Decision.CLOSE:
        move_case(case, step=Step.CLOSE, to=Rung.CLOSED, outcome=outcome or "other", **common)


# --- Stepping down, closing, reopening -----------------------------------------------------


def _role_for_management(user, case):
    return RoleCode.DEAN if rules.is_dean_over(user, case) else RoleCode.COUNSELLOR


def step_down(case, *, reason, acting_user):
    """One rung down: the concern is smaller now. The reason goes on the row."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_step_down(acting_user, case),
            _(
                "Afschalen kan vanaf het zorgoverleg of het College van Bestuur, door de "
                "behandelaar of de decaan."
            ),
        )
        to = Rung.SUPPORT if case.rung == Rung.CARE_MEETING else Rung.CARE_MEETING
        role = _role_for_management(acting_user, case)
        _withdraw_pending_requests(case, acting_user=acting_user, reason=reason)
        return move_case(
            case, step=Step.STEP_DOWN, to=to, role=role, reason=reason, acting_user=acting_user
        )


def close_case(case, *, outcome, reason, acting_user):
    """Close the case with an outcome and a reason."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_close(acting_user, case),
            _("Alleen de behandelaar of de decaan sluit een open casus."),
        )
        _withdraw_pending_requests(case, acting_user=acting_user, reason=reason)
        return move_case(
            case,
            step=Step.CLOSE,
            to=Rung.CLOSED,
            outcome=outcome,
            role=_role_for_management(acting_user, case),
            reason=reason,
            acting_user=acting_user,
        )


def reopen_case(case, *, reason, acting_user):
    """A closed case is handled again, at student support."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_reopen(acting_user, case),
            _("Alleen de behandelaar of de decaan heropent een gesloten casus."),
        )
        return move_case(
            case,
            step=Step.REOPEN,
            to=Rung.SUPPORT,
            role=_role_for_management(acting_user, case),
            reason=reason,
            acting_user=acting_user,
        )


# --- Acute risk ----------------------------------------------------------------------------


def report_acute_risk(case, *, answers, acting_user, disclosure=None):
    """Acute risk: straight to the board, everyone who must act is told at once, and an acute
    disclosure request opens when its framework 2 allows one. Calling 112 is never blocked."""
    from escalation import disclosures

    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_report_acute(acting_user, case),
            _("Je kunt voor deze casus geen acuut risico melden."),
        )
        report = AcuteRiskReport(case=case, reported_by=acting_user, **answers)
        save_with_history(report, acting_user=acting_user, reason=Reason.ACUTE)
        _withdraw_pending_requests(case, acting_user=acting_user, reason=Reason.ACUTE)
        if case.rung != Rung.BOARD:
            move_case(
                case,
                step=Step.ACUTE,
                to=Rung.BOARD,
                role=_acute_role(acting_user, case),
                reason=report.description,
                acting_user=acting_user,
                acute_report=report,
            )
        notify_users(
            people_with_role(RoleCode.BOARD),
            path=reverse("escalation:board_inbox"),
            kind=notice_kinds.ACUTE,
            subject=case.reference,
        )
        notify_users(
            people_with_role(RoleCode.CONTACT_OFFICER).exclude(
                pk__in=people_with_role(RoleCode.BOARD)
            ),
            path=reverse("escalation:contact_list"),
            kind=notice_kinds.ACUTE,
            subject=case.reference,
        )
        if disclosure is not None:
            disclosures.open_acute_disclosure(
                case, report=report, acting_user=acting_user, **disclosure
            )
    return report


def report_acute_risk_and_share(
    case, *, answers, framework2_answers, disclosure, acting_user, consent_entries=()
):
    """Acute risk with an acute request to share, from one form: the framework 2 it rests on
    is signed first, and the report, the step and the request all happen or none does."""
    with transaction.atomic():
        framework2 = sign_framework2(
            case,
            answers=framework2_answers,
            consent_entries=list(consent_entries),
            acting_user=acting_user,
        )
        return report_acute_risk(
            case,
            answers=answers,
            acting_user=acting_user,
            disclosure={**disclosure, "framework2": framework2},
        )


def _acute_role(user, case):
    if rules.is_dean_over(user, case):
        return RoleCode.DEAN
    return (
        RoleCode.CARE_TEAM
        if user.has_role(RoleCode.CARE_TEAM) and not user.has_role(RoleCode.COUNSELLOR)
        else RoleCode.COUNSELLOR
    )


def acknowledge_emergency_action(report, *, acting_user):
    """The board takes note, afterwards, that emergency services were called."""
    with transaction.atomic():
        report = AcuteRiskReport.objects.select_for_update().get(pk=report.pk)
        LadderRefused.unless(
            rules.can_acknowledge_emergency(acting_user, report),
            _("Alleen een lid van het College van Bestuur neemt hiervan kennis, één keer."),
        )
        report.acknowledged_by = acting_user
        report.acknowledged_at = timezone.now()
        save_with_history(report, acting_user=acting_user, reason=Reason.ACKNOWLEDGED)
    return report


# --- Review deadlines ----------------------------------------------------------------------


def plan_review(case, *, on, reason, acting_user):
    """Set the next review date of an open case (the handler or the dean). Forms only offer
    dates from today on; imported or demo data may carry a date already passed."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            case.rung != Rung.CLOSED and rules.can_close(acting_user, case),
            _("Alleen de behandelaar of de decaan plant de evaluatie van een open casus."),
        )
        case.next_review = on
        save_version(case, acting_user=acting_user, reason=reason)
        complete_task(review_task(case))
    return case


def flag_overdue_reviews(*, today=None):
    """Tell the handler and the deans once per passed review date: scale up if the concern has
    not been taken away. Safe to run twice: each (case, review date) is told once."""
    today = today or timezone.localdate()
    flagged = 0
    overdue = (
        Case.objects.filter(next_review__lt=today)
        .exclude(rung=Rung.CLOSED)
        .exclude(
            pk__in=OverdueNotice.objects.filter(review_date=F("case__next_review")).values("case")
        )
        .values_list("pk", flat=True)
    )
    for pk in overdue:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("unit").get(pk=pk)
            notice, created = OverdueNotice.objects.get_or_create(
                case=case, review_date=case.next_review
            )
            if not created:
                continue
            people = set(deans_over(case)) | ({case.handler} if case.handler else set())
            notify_users(
                people,
                path=_case_path(case),
                kind=notice_kinds.REVIEW_OVERDUE,
                subject=case.reference,
                task=review_task(case),
            )
            flagged += 1
    return flagged

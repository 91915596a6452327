"""A case on the agenda, pseudonymised, and revealing the student's identity with a reason."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.services import log_case_access, log_denied_access
from cases.models import Case
from core.pages import GET_POST, posted
from escalation.models import CareMeetingDecision, RungTransition
from overleg import forms, services
from overleg import permissions as rules
from overleg.views.common import MEETING, Action, mask_for, meeting_page


def _meeting_case(request, meeting, reference, *, part, action=Action.VIEW):
    case = (
        Case.objects.select_related("student", "unit__parent", "handler")
        .filter(reference=reference)
        .first()
    )
    basis = rules.meeting_case_basis(request.user, meeting, case) if case else None
    if basis is None:
        log_denied_access(request, case=case, part=part, action=action)
        raise Http404
    return case


@meeting_page()
def meeting_case(request, meeting, reference):
    case = _meeting_case(request, meeting, reference, part="meeting_case")
    log_case_access(request, case=case, part="meeting_case", basis=MEETING)
    reveal = meeting.reveals.filter(user=request.user, case=case).first()
    masked = (lambda text: text) if reveal else mask_for(case)
    timeline = [
        {"entry": entry, "summary": masked(entry.summary), "outcome": masked(entry.outcome)}
        for entry in case.timeline.order_by("-occurred_on", "-id")[:50]
    ]
    context = {
        "meeting": meeting,
        "case": case,
        "reveal": reveal,
        "signals_what": masked(case.signals_what),
        "categories": case.categories.all(),
        "timeline": timeline,
        "steps": [
            {"step": step, "reason": masked(step.reason)}
            for step in RungTransition.objects.filter(case=case).order_by("-at", "-id")[:20]
        ],
        "decisions": [
            {"decision": d, "summary": masked(d.summary)}
            for d in CareMeetingDecision.objects.filter(case=case).order_by("-recorded_at")[:20]
        ],
        "reveal_form": forms.RevealForm() if not reveal and case.student_id else None,
    }
    return render(request, "overleg/meeting_case.html", context)


@meeting_page(methods=GET_POST)
def reveal_identity(request, meeting, reference):
    case = _meeting_case(request, meeting, reference, part="meeting_identity")
    if case.student_id is None:
        raise Http404
    form = forms.RevealForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            services.reveal_identity(meeting, case, reason=reason, acting_user=request.user)
            log_case_access(
                request,
                case=case,
                part="meeting_identity",
                action=Action.REVEAL,
                basis=MEETING,
                reason=reason,
            )
        messages.success(request, _("De identiteit is zichtbaar en je reden is vastgelegd."))
        return redirect("overleg:meeting_case", pk=meeting.pk, reference=case.reference)
    log_case_access(request, case=case, part="meeting_identity", basis=MEETING)
    return render(
        request,
        "overleg/reveal_identity.html",
        {"meeting": meeting, "case": case, "form": form},
        status=200 if request.method == "GET" else 400,
    )

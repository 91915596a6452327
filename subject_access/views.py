"""The privacy officer answers a subject-access request: find the student by number (sent in
the request body, never in an address), see what there is, download it as JSON or PDF.
Every search and every export is in the access log."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.reauth import recent_authentication_required
from audit.models import AccessLogEntry
from audit.services import log_case_access, log_privacy_read
from core.pages import GET_POST, page, run_service
from subject_access import pdf, selectors, services
from subject_access.forms import AnswerForm, ExtendForm, RegisterRequestForm, StudentNumberForm
from subject_access.models import SubjectAccessRequest
from subject_access.permissions import can_answer_subject_access

Action = AccessLogEntry.Action
Basis = AccessLogEntry.Basis
FORMATS = {"json", "pdf"}


def _student_from(form):
    """The student of a valid form, or None with the error on the form."""
    if not form.is_valid():
        return None
    student = selectors.find_student(form.cleaned_data["student_number"])
    if student is None:
        form.add_error("student_number", _("Er is geen student met dit studentnummer."))
    return student


@page(can_answer_subject_access, methods=GET_POST)
@never_cache
def search(request):
    form = StudentNumberForm(request.POST if request.method == "POST" else None)
    student = _student_from(form) if request.method == "POST" else None
    context = {"form": form, "student": student}
    if request.method == "POST":
        log_privacy_read(
            request,
            part="subject_access_search",
            query=student.pseudonym if student else _("geen student gevonden"),
            action=Action.SEARCH,
            pseudonym=student.pseudonym if student else "",
        )
    if student is not None:
        report = selectors.subject_access_report(student)
        context.update(cases=report["cases"], access_count=len(report["access_log"]))
    return render(request, "subject_access/search.html", context, status=200)


def _back_to_search(request, *args, **kwargs):
    return reverse("subject_access:search")


@page(can_answer_subject_access, methods=("POST",))
@recent_authentication_required(back=_back_to_search)
def export(request, kind):
    form = StudentNumberForm(request.POST)
    student = _student_from(form) if kind in FORMATS else None
    if student is None:
        return render(request, "subject_access/search.html", {"form": form}, status=400)
    report = selectors.subject_access_report(student)
    _log_export(request, student, kind)
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"inzageverzoek-{student.pseudonym}-{stamp}.{kind}"
    if kind == "json":
        body = json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(pdf.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _log_export(request, student, kind):
    """One export row per case (it names the case and pseudonym), or one for the student."""
    part = f"subject_access_{kind}"
    cases = list(student.cases.all())
    for case in cases:
        log_case_access(
            request, case=case, part=part, action=Action.EXPORT, basis=Basis.PRIVACY_OFFICER
        )
    if not cases:
        log_privacy_read(
            request,
            part=part,
            query=student.pseudonym,
            action=Action.EXPORT,
            pseudonym=student.pseudonym,
        )


# --- The register of requests and their deadlines ---------------------------------------------


def _requests_page(request, *, register=None, status=200, **bound):
    today = timezone.localdate()
    context = {
        "open_requests": [
            (item, bound.get(f"answer{item.pk}") or AnswerForm(prefix=f"a{item.pk}",
             initial={"answered_on": today}), bound.get(f"extend{item.pk}") or ExtendForm(
             prefix=f"e{item.pk}"))
            for item in selectors.open_requests()
        ],
        "answered": selectors.answered_requests(),
        "register": register or RegisterRequestForm(initial={"received_on": today}),
        "today": today,
    }  # fmt: skip
    return render(request, "subject_access/requests.html", context, status=status)


@page(can_answer_subject_access, methods=GET_POST)
@never_cache
def requests(request):
    if request.method != "POST":
        return _requests_page(request)
    form = RegisterRequestForm(request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        student = selectors.find_student(data["student_number"]) if data["student_number"] else None
        if data["student_number"] and student is None:
            form.add_error("student_number", _("Er is geen student met dit studentnummer."))
        else:
            registered, status = run_service(
                form,
                lambda: services.register_request(
                    received_on=data["received_on"],
                    how=data["how"],
                    student=student,
                    acting_user=request.user,
                    today=timezone.localdate(),
                ),
            )
            if registered:
                messages.success(
                    request,
                    _("Verzoek %(code)s vastgelegd: beantwoorden uiterlijk %(day)s.")
                    % {"code": registered.code, "day": date_format(registered.due_on)},
                )
                return redirect("subject_access:requests")
    return _requests_page(request, register=form, status=status if form.is_valid() else 400)


def _open_request(request, pk):
    return SubjectAccessRequest.objects.filter(pk=pk, answered_on__isnull=True).first()


@page(can_answer_subject_access, methods=("POST",), find=_open_request)
def answer(request, item):
    form = AnswerForm(request.POST, prefix=f"a{item.pk}")
    status = 200
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.record_answer(
                item,
                answered_on=form.cleaned_data["answered_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
                today=timezone.localdate(),
            ),
        )
        if done:
            messages.success(request, _("Verzoek %(code)s is beantwoord.") % {"code": item.code})
            return redirect("subject_access:requests")
    return _requests_page(request, status=status if form.is_valid() else 400, **{
        f"answer{item.pk}": form})  # fmt: skip


@page(can_answer_subject_access, methods=("POST",), find=_open_request)
def extend(request, item):
    form = ExtendForm(request.POST, prefix=f"e{item.pk}")
    status = 200
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.extend_deadline(
                item, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if done:
            messages.success(
                request,
                _("De termijn van %(code)s is verlengd tot %(day)s.")
                % {"code": item.code, "day": date_format(done.due_on)},
            )
            return redirect("subject_access:requests")
    return _requests_page(request, status=status if form.is_valid() else 400, **{
        f"extend{item.pk}": form})  # fmt: skip

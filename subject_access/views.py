"""The privacy officer answers a subject-access request: find the student by number (sent in
the request body, never in an address), see what there is, download it as JSON or PDF.
Every search and every export is in the access log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.reauth import recent_authentication_required
from audit.models import AccessLogEntry
from audit.services import log_case_access, log_privacy_read
from core.pages import GET_POST, page
from subject_access import pdf, selectors
from subject_access.forms import StudentNumberForm
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

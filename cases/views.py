"""Case pages: parse input, ask `cases.permissions`, call one service or selector, respond.

Every page that shows case data writes the access log; a case the user may not see is a 404
(and a logged refusal) on every URL and method.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauth import recent_authentication_required
from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from audit.services import (
    log_case_access,
    log_denied_access,
    log_list_access,
    log_search_without_results,
)
from cases import permissions, selectors, services
from cases.access import case_context, case_form_page, case_page
from cases.forms import (
    AttachmentForm,
    CaseFilterForm,
    LinkStudentForm,
    ReportForm,
    TeamForm,
    TimelineEntryForm,
)
from cases.models import Case
from cases.rows import case_rows, timeline_items
from core.pages import GET_POST, posted, run_service
from core.paging import page_links
from core.registry import case_panels

Action = AccessLogEntry.Action
Basis = AccessLogEntry.Basis


# --- Reporting a concern --------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def report_concern(request):
    services.CaseActionRefused.unless(permissions.can_report_concern(request.user))
    searching = request.method == "POST" and "search" in request.POST
    form = ReportForm.keeping(request.POST) if searching else ReportForm(request.POST or None)
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        case = services.report_concern(
            reporter=request.user,
            student=data["student"],
            unit=data["unit"],
            student_description=data["student_description"],
            categories=data["categories"],
            signals={
                "what": data["signals_what"],
                "when": data["signals_when"],
                "where": data["signals_where"],
            },
            urgency=data["urgency"],
            discussed=data["discussed"],
            consulted=data["consulted"],
        )
        return redirect("cases:report_received", reference=case.reference)
    selected = form.selected_student()
    matches = form.search_results() if searching else selectors.StudentMatches([])
    students = [s for s in matches.students if s != selected]
    context = {"form": form, "searching": searching, "selected": selected}
    return render(
        request, "cases/report.html", {**context, "students": students, "matches": matches}
    )


@login_required
@require_POST
def student_search(request):
    """The student picker of the report form (htmx): matching enrolled students, at most ten.
    A POST, so that names typed never end up in addresses, server logs or browser history."""
    services.CaseActionRefused.unless(permissions.can_report_concern(request.user))
    query = request.POST.get("student_query", "")
    return render(
        request,
        "cases/report.html#student_results",
        {
            "matches": (matches := selectors.find_students(query)),
            "students": matches.students,
            "query": query,
            "searching": True,
        },  # fmt: skip
    )


def _own_report(request, reference, *, part):
    case = selectors.reports_filed_by(request.user).filter(reference=reference).first()
    if case is None:
        log_denied_access(request, case=Case.objects.filter(reference=reference).first(), part=part)
        raise Http404
    log_case_access(request, case=case, part=part, basis=Basis.REPORTER)
    return case


@login_required
def report_received(request, reference):
    case = _own_report(request, reference, part="report_received")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "cases/report_received.html", {"case": case})


@login_required
@require_GET
def my_reports(request):
    reports = list(selectors.reports_filed_by(request.user))
    services.mark_report_statuses_seen(request.user)
    log_list_access(
        request,
        cases_with_basis=[(case, Basis.REPORTER) for case in reports],
        part="my_reports",
    )
    return render(request, "cases/my_reports.html", {"reports": reports})


# --- Lists ---------------------------------------------------------------------------------


LISTS = {
    selectors.CaseList.MINE: (
        gettext_lazy("Mijn casussen"),
        gettext_lazy("Je staat nog in geen enkel casusteam."),
    ),
    selectors.CaseList.TRIAGE: (
        gettext_lazy("Triage"),
        gettext_lazy("Er wachten geen nieuwe meldingen."),
    ),
    selectors.CaseList.ALL: (
        gettext_lazy("Alle casussen die ik mag zien"),
        gettext_lazy("Geen casussen gevonden."),
    ),
}


def _list_choice(request):
    mine_first = request.user.has_role(RoleCode.COUNSELLOR)
    default = selectors.CaseList.MINE if mine_first else selectors.CaseList.ALL
    chosen = request.GET.get("lijst", default)
    return chosen if chosen in LISTS else default


@login_required
@require_GET
def case_list(request):
    if not permissions.may_use_case_lists(request.user):
        raise Http404
    which = _list_choice(request)
    units = permissions.units_in_scope(request.user).order_by("code")
    form = CaseFilterForm(_with_defaults(request.GET, which), units=units)
    page, query = selectors.CasePage(cases=[], next_cursor=""), ""
    if form.is_valid():
        filters = form.cleaned_data
        query = filters["q"]
        cases = selectors.filter_cases(
            selectors.cases_for_list(request.user, which),
            **{k: filters[k] for k in ("rung", "category", "unit", "handler", "overdue", "q")},
        )
        page = selectors.page_of_cases(cases, sort=filters["sort"], cursor=request.GET.get("na"))
    log_list_access(
        request,
        cases_with_basis=permissions.bases_for(request.user, page.cases),
        part=f"list:{which}",
        action=Action.SEARCH if query else Action.LIST,
        query=query,
    )
    if query and not page.cases:
        # A search that finds nothing still says what someone looked for.
        log_search_without_results(request, part=f"list:{which}", query=query)
    label, empty_text = LISTS[which]
    context_today = timezone.localdate()
    context = {
        "form": form,
        "page": page,
        "which": which,
        "lists": [(code, name) for code, (name, _empty) in LISTS.items()],
        "caption": label,
        "empty_text": empty_text,
        "today": context_today,
        **page_links(request, page.next_cursor),
        "rows": case_rows(page.cases, today=context_today),
    }
    return render(request, "cases/case_list.html", context)


def _with_defaults(data, which):
    """'My cases' opens on the open cases, the next review first: what a counsellor works
    through. Any filter they choose themselves replaces both."""
    if which != selectors.CaseList.MINE or any(name in data for name in CaseFilterForm.base_fields):
        return data
    data = data.copy()
    data.update({"rung": selectors.OPEN, "sort": "evaluatie"})
    return data


# --- The case file -------------------------------------------------------------------------


@case_page("detail")
def case_detail(request, case, basis):
    # Query budget (issue 9): the timeline once for the page and the ladder's checklist (the
    # team permissions were loaded once by `visible_case`).
    timeline = selectors.timeline_of(case)
    context = case_context(
        request,
        case,
        timeline=timeline,
        timeline_items=timeline_items(timeline),
        attachments=selectors.attachments_of(case),
        team=list(case.members.all()),
        panels=_panels(request.user, case, timeline),
        tab="detail",
    )
    return render(request, "cases/case_detail.html", context)


def _panels(user, case, timeline):
    """The parts other apps draw on the case page (the ladder's, first), each built from what
    this page already loaded."""
    built = (panel.build(user, case, timeline=timeline) for panel in case_panels())
    return [panel for panel in built if panel is not None]


@case_page("history")
def case_history(request, case, basis):
    context = case_context(request, case, rows=selectors.history_of(case), tab="history")
    return render(request, "cases/case_history.html", context)


@case_page("timeline_form", methods=GET_POST, allowed=permissions.can_change_case)
def add_timeline_entry(request, case, basis):
    form = TimelineEntryForm(posted(request), initial={"kind": request.GET.get("soort")})
    status = 200
    if request.method == "POST" and form.is_valid():
        entry, status = run_service(
            form,
            lambda: services.add_timeline_entry(
                case, acting_user=request.user, **form.cleaned_data
            ),
        )
        if entry:
            messages.success(request, _("Vastgelegd in de tijdlijn."))
            return redirect("cases:detail", reference=case.reference)
    context = case_context(request, case, form=form)
    return render(request, "cases/timeline_form.html", context, status=status)


@case_page("attachment_form", methods=GET_POST, allowed=permissions.can_change_case)
def add_attachment(request, case, basis):
    form = AttachmentForm(posted(request), request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        attachment, status = run_service(
            form,
            lambda: services.add_attachment(
                case,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            ),
        )
        if attachment:
            messages.success(request, _("De bijlage is toegevoegd."))
            return redirect("cases:detail", reference=case.reference)
    context = case_context(
        request,
        case,
        form=form,
        multipart=True,
        max_upload=filesizeformat(settings.ZW_ATTACHMENT_MAX_BYTES),
    )
    return render(request, "cases/attachment_form.html", context, status=status)


@case_page("attachment", action=Action.DOWNLOAD, log=False)
def download_attachment(request, case, basis, pk):
    part = f"attachment:{pk}"
    attachment = selectors.get_attachment(case, pk)
    if attachment is None:
        log_denied_access(request, case=case, part=part, action=Action.DOWNLOAD)
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        # The record outlived its file (a restore without the file store): nothing to serve.
        log_denied_access(request, case=case, part=part, action=Action.DOWNLOAD)
        raise Http404 from None
    log_case_access(request, case=case, part=part, action=Action.DOWNLOAD, basis=basis)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _may_link_student(user, case):
    return case.student_id is None and permissions.can_link_student(user, case)


@case_page("team", methods=GET_POST, allowed=permissions.can_manage_case)
@recent_authentication_required
def change_team(request, case, basis):
    return case_form_page(
        request,
        case,
        form_class=TeamForm,
        initial={"version": case.version, "members": list(case.members.all())},
        template="cases/team_form.html",
        run=lambda data: services.change_team(
            case,
            members=list(data["members"]),
            reason=data["reason"],
            acting_user=request.user,
            expected_version=data["version"],
        ),
        done=_("Het casusteam is gewijzigd."),
    )


@case_page("link_student", methods=GET_POST, allowed=_may_link_student)
def link_student(request, case, basis):
    return case_form_page(
        request,
        case,
        form_class=LinkStudentForm,
        initial={"version": case.version},
        template="cases/link_student.html",
        run=lambda data: services.link_student(
            case,
            student=data["student"],
            acting_user=request.user,
            expected_version=data["version"],
        ),
        done=_("De student is aan de casus gekoppeld."),
    )

"""The import pages: upload → preview → confirm. Parse input, ask `directory.permissions`,
call one service or selector, respond. Anyone but a functional administrator gets a 404."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from core.pages import GET_POST, page
from directory import selectors, services
from directory.forms import ConfirmForm, UploadForm
from directory.models import ImportRun
from directory.parsing import UnreadableFile
from directory.permissions import can_import_directory


def _to(request, url):
    """After an htmx form post the browser itself must go to the next page."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _run(request, run_id):
    """The import run this administrator may see, or None (a 404)."""
    return selectors.get_import_for(request.user, run_id)


def _import_page(*, methods, about_a_run=False):
    """Signed in, then a 404 for anyone but a functional administrator (and for a run they may
    not see), then the method."""
    find = _run if about_a_run else None
    return page(can_import_directory, methods=methods, find=find, key="run_id")


@_import_page(methods=GET_POST)
def upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            run, _plan = services.start_upload(
                data=file.read(),
                file_name=file.name,
                kind=form.cleaned_data["kind"],
                full_export=form.cleaned_data["full_export"],
                acting_user=request.user,
            )
        except UnreadableFile as problem:
            form.add_error("file", str(problem))
        else:
            return _to(request, reverse("directory:preview", args=[run.pk]))
    context = {
        "form": form,
        "runs": selectors.recent_imports_for(request.user),
        "column_guide": selectors.column_guide(),
    }
    return render(request, "directory/upload.html", context)


@_import_page(methods=("GET",), about_a_run=True)
def preview(request, run):
    if run.status == ImportRun.Status.APPLIED:
        return _result(request, run)
    try:
        plan = selectors.plan_for_upload(run)
    except (services.FileUnavailable, UnreadableFile) as problem:
        return _preview(request, run, None, problem=str(problem))
    return _preview(request, run, plan)


def _preview(request, run, plan, *, problem=None, changed=None):
    context = {"run": run, "plan": plan, "problem": problem, "changed_since": changed}
    context["key_label"], context["detail_label"] = selectors.TABLE_HEADINGS[run.kind]
    if plan is not None:
        context["counts"] = plan.counts()
        context["tables"] = selectors.preview_tables(plan)
        context["reasons"] = plan.reasons()
        context["unused"] = selectors.unused_columns(plan)
        context["units_hint"] = selectors.units_hint(plan)
        context["leavers_check"] = selectors.leavers_check(plan)
        context["confirm_form"] = ConfirmForm(initial={"digest": plan.digest()})
    return render(request, "directory/preview.html", context)


def _result(request, run):
    rejected = selectors.rejected_rows_of(run)
    context = {
        "run": run,
        "key_label": selectors.TABLE_HEADINGS[run.kind][0],
        "counts": {**selectors.EMPTY_COUNTS, **run.summary},
        "rejected": rejected[: selectors.PREVIEW_ROWS],
        "rejected_more": max(len(rejected) - selectors.PREVIEW_ROWS, 0),
    }
    return render(request, "directory/result.html", context)


@_import_page(methods=("POST",), about_a_run=True)
def confirm(request, run):
    preview_url = reverse("directory:preview", args=[run.pk])
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bekijk de voorvertoning en bevestig daar opnieuw."))
        return _to(request, preview_url)
    try:
        run, plan = services.apply_upload(
            run,
            expected_digest=form.cleaned_data["digest"],
            leavers_confirmed=form.cleaned_data["leavers_confirmed"],
            acting_user=request.user,
        )
    except services.DirectoryChanged as changed:
        return _preview(request, run, changed.plan, changed=str(changed))
    except services.TooManyLeaving as refusal:
        messages.error(
            request,
            f"{refusal} "
            + _("Klopt het, vink dan aan dat je deze vertrekkers bevestigt en bevestig opnieuw."),
        )
        return _to(request, preview_url)
    except services.ImportRefused as refusal:
        messages.error(request, str(refusal))
        return _to(request, preview_url)
    messages.success(
        request,
        _("De import is verwerkt: %(new)s nieuw, %(changed)s gewijzigd, %(left)s vertrokken.")
        % plan.counts(),
    )
    return _to(request, preview_url)


@_import_page(methods=("GET",), about_a_run=True)
def rejected_rows(request, run):
    """Every rejected row as CSV, to fix in the source system."""
    try:
        rows = selectors.rejected_rows_of(run)
    except (services.FileUnavailable, UnreadableFile):
        raise Http404 from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="afgewezen-{run.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("regel"), _("sleutel"), _("reden")])
    for line, key, reason in rows:
        writer.writerow([line, _spreadsheet_safe(key), reason])
    return response


def _spreadsheet_safe(value):
    # A value from the uploaded file must not run as a formula when the CSV is opened.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

"""The privacy officer's access-log pages: the filtered log, page by page, and its CSV export."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.reauth import recent_authentication_required
from audit.anomalies import AlreadyReviewed, anomalies_for_review, review_anomaly
from audit.export import access_log_csv
from audit.forms import AccessLogFilterForm, AnomalyReviewForm
from audit.models import AccessAnomaly, AccessLogEntry
from audit.permissions import can_read_access_log
from audit.selectors import Cursor, access_log_entries, mark_deleted_cases, page_of, role_labels
from audit.services import log_denied_access, log_privacy_read

CURSOR = "after"
Action = AccessLogEntry.Action


def _privacy_officer_only(view):
    """Everyone else gets 404, whatever the method: for them the log does not exist."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_access_log(request.user):
            log_denied_access(request, case=None, part="access_log")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@_privacy_officer_only
@require_GET
@never_cache
def access_log(request):
    form = AccessLogFilterForm(request.GET)
    rows, after, next_cursor = [], None, None
    if form.is_valid():
        after = Cursor.parse(request.GET.get(CURSOR))
        rows, next_cursor = page_of(access_log_entries(**form.cleaned_data), after=after)
    for entry in mark_deleted_cases(rows):  # "verwijderde casus" after retention
        entry.role_labels = role_labels(entry)
    filters = _filter_query(request, form)
    log_privacy_read(
        request,
        part="access_log",
        query=_with_cursor(filters, after),
        pseudonym=form.cleaned_data["pseudonym"] if form.is_valid() else "",
    )
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "rows": rows,
            "is_first_page": after is None,
            "first_page_query": filters,
            "next_page_query": _with_cursor(filters, next_cursor) if next_cursor else "",
            "export_query": filters,
        },
    )


@login_required
@_privacy_officer_only
@require_GET
@never_cache
@recent_authentication_required
def access_log_export(request):
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():  # the list page explains what is wrong with the filters
        return redirect(f"{reverse('audit:access_log')}?{request.GET.urlencode()}")
    filters = _filter_query(request, form)
    log_privacy_read(
        request,
        part="access_log_export",
        query=filters,
        action=Action.EXPORT,
        pseudonym=form.cleaned_data["pseudonym"],
    )
    response = StreamingHttpResponse(
        access_log_csv(access_log_entries(**form.cleaned_data)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"toegangslogboek-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filter_query(request, form):
    """The filters as typed, empty ones left out, for links, the export and the log itself."""
    return urlencode([(name, request.GET[name]) for name in form.fields if request.GET.get(name)])


def _with_cursor(filters, cursor):
    if cursor is None:
        return filters
    return "&".join(part for part in (filters, urlencode({CURSOR: str(cursor)})) if part)


# --- Signals of unusual access and their review ----------------------------------------------


def _anomaly_page(request, *, bound=None, status=200):
    open_, done = anomalies_for_review()
    for anomaly in open_:
        anomaly.form = (
            bound
            if bound is not None and bound.prefix == f"a{anomaly.pk}"
            else AnomalyReviewForm(prefix=f"a{anomaly.pk}")
        )
    for anomaly in (*open_, *done):
        anomaly.log_query = _log_query_for(anomaly)
    log_privacy_read(request, part="access_anomalies")
    context = {"open": open_, "done": done}
    return render(request, "audit/anomalies.html", context, status=status)


def _log_query_for(anomaly):
    """The access-log filters that show the rows behind a signal."""
    if anomaly.user is None:
        return ""
    query = {
        "user": anomaly.user.username,
        "date_from": anomaly.day.isoformat(),
        "date_to": anomaly.day.isoformat(),
    }
    if anomaly.kind == AccessAnomaly.Kind.EMERGENCY:
        query["basis"] = AccessLogEntry.Basis.EMERGENCY
    elif anomaly.kind == AccessAnomaly.Kind.DENIED:
        query["outcome"] = AccessLogEntry.Outcome.DENIED
    return urlencode(query)


@login_required
@_privacy_officer_only
@require_GET
@never_cache
def anomalies(request):
    return _anomaly_page(request)


@login_required
@_privacy_officer_only
@require_POST
def review(request, pk):
    anomaly = get_object_or_404(AccessAnomaly, pk=pk)
    form = AnomalyReviewForm(request.POST, prefix=f"a{anomaly.pk}")
    if not form.is_valid():
        return _anomaly_page(request, bound=form, status=400)
    try:
        review_anomaly(anomaly, acting_user=request.user, **form.cleaned_data)
    except AlreadyReviewed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Je beoordeling is vastgelegd."))
    return redirect("audit:anomalies")

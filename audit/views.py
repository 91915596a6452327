"""The privacy officer's access-log pages: the filtered log, page by page, and its CSV export."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.reauth import recent_authentication_required
from audit import chain
from audit.anomalies import anomalies_for_review, local_days_of, review_anomaly
from audit.export import access_log_csv
from audit.forms import AccessLogFilterForm, AnomalyReviewForm
from audit.models import AccessAnomaly, AccessLogEntry
from audit.permissions import can_read_access_log
from audit.selectors import access_log_entries, mark_deleted_cases, page_of, role_labels
from audit.services import log_denied_access, log_privacy_read
from core.pages import act, page
from core.paging import parse_keyset_cursor
from core.registry import access_part_label

CURSOR = "after"
Action = AccessLogEntry.Action


def _refused(request):
    # For everyone else the log does not exist (a 404, whatever the method); the attempt is
    # itself a line in it.
    log_denied_access(request, case=None, part="access_log")


def _privacy_officer_page(*, methods=("GET",)):
    return page(can_read_access_log, methods=methods, refused=_refused)


@_privacy_officer_page()
@never_cache
def access_log(request):
    form = AccessLogFilterForm(request.GET)
    rows, after, next_cursor = [], None, None
    if form.is_valid():
        after = parse_keyset_cursor(request.GET.get(CURSOR))
        rows, next_cursor = page_of(access_log_entries(**form.cleaned_data), after=after)
    for entry in mark_deleted_cases(rows):  # "verwijderde casus" after retention
        entry.role_labels = role_labels(entry)
        entry.part_label = access_part_label(entry.part)
    filters = _filter_query(request, form)
    sealing = _sealing()  # before this page's own row joins the wait
    log_privacy_read(
        request,
        part="access_log",
        query=_with_cursor(filters, request.GET.get(CURSOR) if after else ""),
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
            "sealing": sealing,
        },
    )


def _sealing():
    """How far the hash chain is behind the log: the rows waiting and whether that is too long."""
    waiting = chain.backlog()
    seconds = waiting.oldest_seconds
    capped = waiting.count >= chain.BACKLOG_COUNT_CAP
    return {
        "count": waiting.count,
        "count_text": _("meer dan %(count)s") % {"count": waiting.count}
        if capped
        else waiting.count,
        "seconds": round(seconds) if seconds is not None else None,
        "behind": seconds is not None and seconds > settings.ZW_SEAL_ALERT_SECONDS,
    }


@_privacy_officer_page()
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
    if not cursor:
        return filters
    return "&".join(part for part in (filters, urlencode({CURSOR: cursor})) if part)


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
    if anomaly.user is None or anomaly.kind == AccessAnomaly.Kind.ROLES:
        return ""  # a role change is no read: its line says what changed, by whom
    first, last = local_days_of(anomaly.day)
    query = {
        "user": anomaly.user.username,
        "date_from": first.isoformat(),
        "date_to": last.isoformat(),
    }
    if anomaly.kind == AccessAnomaly.Kind.EMERGENCY:
        query["basis"] = AccessLogEntry.Basis.EMERGENCY
    elif anomaly.kind == AccessAnomaly.Kind.DENIED:
        query["outcome"] = AccessLogEntry.Outcome.DENIED
    return urlencode(query)


@_privacy_officer_page()
@never_cache
def anomalies(request):
    return _anomaly_page(request)


@_privacy_officer_page(methods=("POST",))
def review(request, pk):
    anomaly = get_object_or_404(AccessAnomaly, pk=pk)
    form = AnomalyReviewForm(request.POST, prefix=f"a{anomaly.pk}")
    if not form.is_valid():
        return _anomaly_page(request, bound=form, status=400)
    act(
        request,
        lambda: review_anomaly(anomaly, acting_user=request.user, **form.cleaned_data),
        _("Je beoordeling is vastgelegd."),
    )
    return redirect("audit:anomalies")

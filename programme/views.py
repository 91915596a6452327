"""The programme dashboard, its CSV export, the targets page and the periodic reports.

Charts are drawn on the server as SVG (no script, no style attribute: colours come from
static/programme/programme.css); each has a table with the same figures beside it.
"""

import csv

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.export import DELIMITER, neutralise
from core.pages import GET_POST, page, posted
from overleg.suppression import HIDDEN_MARK, rounding_legend, rounding_note
from programme import charts, services
from programme.forms import PeriodForm, TargetForm
from programme.models import PeriodicReport, Target
from programme.permissions import can_manage_programme, can_view_dashboard, can_view_reports
from programme.sections import build_dashboard, hidden_explained


def _period_or_none(request):
    form = PeriodForm(request.GET)
    return form, (form.period() if form.is_valid() else None)


@never_cache
@page(can_view_dashboard)
def dashboard(request):
    form, period = _period_or_none(request)
    if period is None:
        return render(request, "programme/dashboard.html", {"form": form}, status=400)
    board = build_dashboard(period)
    context = {
        "form": form,
        "board": board,
        "sections": [(s, charts.chart_for(s)) for s in board.sections],
        "threshold": board.threshold,
        "hidden_mark": HIDDEN_MARK,
        "rounding_note": rounding_note(),
        "may_manage": can_manage_programme(request.user),
    }
    return render(request, "programme/dashboard.html", context)


@never_cache
@page(can_view_dashboard)
def dashboard_csv(request):
    form, period = _period_or_none(request)
    if period is None:
        return render(request, "programme/dashboard.html", {"form": form}, status=400)
    board = build_dashboard(period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programma-{period.code}.csv"'
    response.write("\ufeff")  # a byte-order mark: Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=DELIMITER)
    for line in csv_rows(board):
        writer.writerow([neutralise(value) for value in line])
    return response


def csv_rows(board):
    """Long format, one published figure per line: section, row, column, figure as shown."""
    yield [_("Onderdeel"), _("Rij"), _("Kolom"), _("Waarde")]
    yield [_("Filter"), _("Periode"), "", str(board.period.label)]
    yield [_("Filter"), _("Vorige periode"), "", str(board.previous.label)]
    threshold = board.threshold
    yield [_("Toelichting"), f"<{threshold}", "", _("minder dan %(n)d") % {"n": threshold}]
    yield [_("Toelichting"), str(2 * threshold), "", rounding_legend(threshold)]
    yield [_("Toelichting"), HIDDEN_MARK, "", hidden_explained()]
    for sentence in board.summary:
        yield [_("Samenvatting"), "", "", sentence]
    for section in board.sections:
        title = str(section.title)
        if section.withheld:
            yield [title, "", "", _("niet getoond: minder dan %(n)d in totaal") % {"n": threshold}]
            continue
        for line in section.lines:
            for column, cell in zip(section.columns, line.cells, strict=True):
                yield [title, str(line.export or line.label), str(column), cell.text or "–"]


@never_cache
@page(can_manage_programme, methods=GET_POST)
def targets(request):
    current = list(Target.objects.all())
    form = TargetForm(posted(request), targets=current)
    if request.method == "POST" and form.is_valid():
        changed = services.set_targets(form.values(), acting_user=request.user)
        messages.success(request, _("Doelen opgeslagen (%(n)d gewijzigd).") % {"n": changed})
        return redirect("programme:dashboard")
    status = 400 if request.method == "POST" else 200
    history = Target.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "programme/targets.html", {"form": form, "history": history}, status=status
    )


@page(can_manage_programme, methods=("POST",))
def generate_report(request):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een kwartaal of jaar uit de lijst."))
        return redirect("programme:dashboard")
    report = services.generate_report(form.period(), acting_user=request.user)
    messages.success(
        request, _("De rapportage over %(period)s staat klaar.") % {"period": report.period_code}
    )
    return redirect("programme:report_list")


@never_cache
@page(can_view_reports)
def report_list(request):
    reports = PeriodicReport.objects.select_related("created_by").order_by(
        "-first", "-created_at", "-id"
    )[:100]
    return render(request, "programme/report_list.html", {"reports": reports})


@never_cache
@page(can_view_reports)
def report_download(request, pk):
    report = get_object_or_404(PeriodicReport, pk=pk)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=report.filename, content_type="application/pdf"
    )

"""The trends page of the care meeting and its CSV export: the same suppressed figures in both.

Charts are drawn on the server as SVG (no script); each has a table with the same figures. The
chart scales to the figures that are shown: a hidden cell has no bar and its height never shows.
"""

import csv

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.export import DELIMITER, neutralise
from core.pages import page
from overleg.suppression import (
    HIDDEN_MARK,
    METHOD,
    default_threshold,
    rounding_legend,
    rounding_note,
)
from overleg.trend_forms import TrendFilterForm
from overleg.trend_permissions import can_view_trends
from overleg.trends import figures, figures_key, trend_sections

SERIES_COLOURS = ("#1d3b53", "#b35c00", "#3d7a3a")  # each at least 3:1 against white
MAX_SERIES = len(SERIES_COLOURS)  # a table with more columns charts its row totals
# Column charts (months left to right)
SLOT, PLOT_HEIGHT, TOP, BOTTOM = 44, 160, 22, 40
# Bar charts (one bar per row)
LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 250, 260, 30


@never_cache
@page(can_view_trends)
def trends(request):
    form = TrendFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "overleg/trends/trends.html", {"form": form}, status=400)
    filters = form.filters()
    computed = figures(filters)
    context = {
        "form": form,
        "filters": filters,
        "computed_at": computed.computed_at,
        "cache_seconds": settings.ZW_TRENDS_CACHE_SECONDS,
        "cache_minutes": -(-settings.ZW_TRENDS_CACHE_SECONDS // 60),  # whole minutes, up
        # The page keeps its rendered figures as long as the figures themselves (the template's
        # cache tag, by these figures' key and moment): suppressing and drawing them took 90 ms
        # at tier N. Only built when that rendering is not kept.
        "figures_key": figures_key(filters),
        "sections": SimpleLazyObject(
            lambda: [(section, _chart(section)) for section in trend_sections(filters, computed)]
        ),
        "threshold": default_threshold(),
        "hidden_mark": HIDDEN_MARK,
        "rounding_note": rounding_note(),
        "method": METHOD,
        "export_query": request.GET.urlencode(),
    }
    return render(request, "overleg/trends/trends.html", context)


@never_cache
@page(can_view_trends)
def trends_csv(request):
    form = TrendFilterForm(request.GET)
    if not form.is_valid():  # the page explains what is wrong with the filters
        return render(request, "overleg/trends/trends.html", {"form": form}, status=400)
    filters = form.filters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    period = filters.period
    name = f"trends-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A byte-order mark makes Excel read the file as UTF-8 (ë, ï in labels).
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=DELIMITER)
    computed = figures(filters)
    for line in csv_rows(filters, trend_sections(filters, computed), computed.computed_at):
        writer.writerow([neutralise(value) for value in line])
    return response


# --- The export ---------------------------------------------------------------------------------


def csv_rows(filters, sections, computed_at):
    """Long format, one published figure per line: section, row, column, figure as shown."""
    threshold = default_threshold()
    faculty = filters.faculty.name if filters.faculty else _("Alle faculteiten")
    period = filters.period
    counted = timezone.localtime(computed_at).isoformat(timespec="minutes")
    yield [_("Onderdeel"), _("Rij"), _("Kolom"), _("Waarde")]
    yield [_("Filter"), _("Periode"), "", f"{period.first:%Y-%m} – {period.last:%Y-%m}"]
    yield [_("Filter"), _("Eenheid"), "", faculty]
    yield [_("Filter"), _("Geteld op"), "", counted]
    yield [_("Toelichting"), f"<{threshold}", "", _("minder dan %(n)d") % {"n": threshold}]
    yield [_("Toelichting"), str(2 * threshold), "", rounding_legend(threshold)]
    yield [_("Toelichting"), HIDDEN_MARK, "", _hidden_explained(threshold)]
    for section in sections:
        yield from _section_rows(section, threshold)


def _hidden_explained(threshold):
    return _("verborgen, zodat je een aantal onder de %(n)d niet uit de totalen kunt afleiden") % {
        "n": threshold
    }


def _section_rows(section, threshold):
    title, total = str(section.title), _("Totaal")
    if section.withheld:
        yield [title, "", "", _withheld_text(threshold)]
        return
    for index, row in enumerate(section.rows):
        for column, cell in zip(section.columns, row.cells, strict=False):  # durations: + days
            yield [title, str(row.export), str(column), cell.text]
        if section.kind == "table":
            yield [title, str(row.export), total, row.total.text]
        if section.kind == "durations":
            yield [title, str(row.export), str(section.columns[1]), _days(section, index)]
    for column, cell in zip(section.columns, section.column_totals, strict=False):
        yield [title, total, str(column), cell.text]
    if section.total is not None:
        yield [title, total, total if section.kind == "table" else str(section.columns[0]),
               section.total.text]  # fmt: skip


def _days(section, index):
    days = section.averages[index]
    return _("geen gemiddelde") if days is None else formats.number_format(days, 1)


def _withheld_text(threshold):
    return _("niet getoond: minder dan %(n)d in totaal") % {"n": threshold}


# --- Chart geometry -----------------------------------------------------------------------------


def _chart(section):
    if section.withheld:
        return None
    if section.kind == "durations":
        values = [(row.label, days, _days_text(days)) for row, days in section.rows_with_averages]
        return _bar_chart(values)
    if section.chart == "bars":
        return _bar_chart(
            [(row.label, row.cells[0].count, row.cells[0].text) for row in section.rows]
        )
    if section.kind == "table" and len(section.columns) > MAX_SERIES:
        series = [(row.label, [row.total]) for row in section.rows]
        return _column_chart(series, [_("Totaal per maand")])
    series = [(row.label, list(row.cells)) for row in section.rows]
    return _column_chart(
        series, [str(c) for c in section.columns] if section.kind == "table" else []
    )


def _days_text(days):
    if days is None:
        return _("geen gemiddelde")
    return _("%(days)s dagen") % {"days": formats.number_format(days, 1)}


def _bar_chart(values):
    """values: (label, number or None, text) per row; one horizontal bar each."""
    top = max((v for _label, v, _text in values if v), default=0) or 1
    bars = [
        {
            "y": index * ROW_HEIGHT,
            "label": _shorten(label),
            "width": round(BAR_WIDTH * (value or 0) / top),
            "text": text,
            "text_x": LABEL_WIDTH + 8 + round(BAR_WIDTH * (value or 0) / top),
        }
        for index, (label, value, text) in enumerate(values)
    ]
    return {
        "kind": "bars",
        "width": LABEL_WIDTH + BAR_WIDTH + 130,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bars": bars,
    }


def _column_chart(series, legend):
    """series: (month label, [cell per series]); grouped columns, one slot per month."""
    count = max((len(cells) for _label, cells in series), default=1)
    top = max((c.count or 0 for _label, cells in series for c in cells), default=0) or 1
    width = (SLOT - 8) / count
    slots, previous_year = [], None
    for index, (label, cells) in enumerate(series):
        x = 8 + index * SLOT
        month, _space, year = str(label).rpartition(" ")
        bars = []
        for n, cell in enumerate(cells):
            height = round(PLOT_HEIGHT * (cell.count or 0) / top)
            bars.append(
                {
                    "x": round(x + n * width, 1),
                    "width": round(width - 1, 1),
                    "y": TOP + PLOT_HEIGHT - height,
                    "height": height,
                    "text": cell.text,
                    "text_x": round(x + n * width + width / 2, 1),
                    "text_y": TOP + PLOT_HEIGHT - height - 4,
                    "fill": SERIES_COLOURS[n % MAX_SERIES],
                }
            )
        # The year under the first month and under every January, not under each month.
        shown_year = year if year != previous_year else ""
        previous_year = year
        slots.append(
            {"label_x": x + (SLOT - 8) / 2, "month": month, "year": shown_year, "bars": bars}
        )
    return {
        "kind": "columns",
        "width": 16 + len(series) * SLOT,
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "baseline": TOP + PLOT_HEIGHT,
        "month_y": TOP + PLOT_HEIGHT + 16,
        "year_y": TOP + PLOT_HEIGHT + 32,
        "slots": slots,
        "legend": [{"label": label, "fill": SERIES_COLOURS[n]} for n, label in enumerate(legend)],
    }


def _shorten(label, length=30):
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"

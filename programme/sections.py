"""The programme dashboard as suppressed sections: the same figures for the page, the CSV export
and the PDF report.

Every count from `programme.figures` goes through `overleg.suppression` here (see its docstring
for the method and why it holds across views): a count below the threshold reads "<5", every
other count is rounded down to a multiple of the threshold, a figure that could be worked out
from the rest of its table reads "x", and a breakdown that is too small as a whole is withheld.
These are the same figures as on the trends page where both count the same thing (time per rung,
step-downs), rounded the same way. Derived figures follow the published cells they come from:

- a share (picked up within two working days, actions on time, training coverage) is a
  breakdown of two parts; it is shown only when both parts are shown, so a share never points
  at fewer than five people on either side, and it is worked out from the two published
  (rounded) counts — an exact share beside two rounded counts would tell which counts they are;
- a median or an average is shown only when the number of cases it describes is shown;
- a trend compares two shown figures, as published, never a hidden one.

Nothing here names a person, a case reference or a pseudonym.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overleg.suppression import (
    HIDDEN_MARK,
    default_threshold,
    suppress_breakdown,
    suppress_count,
    suppress_table,
)
from programme import figures
from programme.models import Metric, Target

PERIODS_IN_REPORT_TABLE = 4
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class Text:
    """A figure that is not a count: a share, a median, a trend, a target or its assessment."""

    text: str
    status: str = "text"  # or MET / NOT_MET / UNKNOWN for an assessment
    value: object = None  # the number behind it, for charts and targets


NO_FIGURE = Text("–")


@dataclass(frozen=True)
class Line:
    label: str
    cells: tuple  # suppression.Cell or Text, one per column
    export: str = ""
    total: bool = False  # the totals line of a table


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    note: str
    row_header: str
    columns: tuple
    lines: tuple
    withheld: bool = False
    chart: dict | None = None  # series for the chart: {"legend": [...], "rows": [(label, values)]}


@dataclass(frozen=True)
class Assessment:
    metric: str
    target: Target
    status: str
    text: str


@dataclass
class Dashboard:
    period: object
    previous: object
    sections: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    summary: list = field(default_factory=list)

    @property
    def threshold(self):
        return default_threshold()


# --- Formatting ---------------------------------------------------------------------------------


def _number(value, digits=1):
    return formats.number_format(round(value, digits), digits)


def percent_text(value):
    return _("%(n)s %%") % {"n": formats.number_format(round(value))}


def days_text(value):
    return _("%(n)s dagen") % {"n": _number(value)}


def share(parts):
    """The first part's share of the whole, in percent; None unless both parts are shown."""
    first, rest = parts
    if not (first.shown and rest.shown):
        return None
    return 100 * first.count / (first.count + rest.count)


def _share_text(value):
    return NO_FIGURE if value is None else Text(percent_text(value), value=value)


def _days(delta):
    return None if delta is None else delta.total_seconds() / 86400


def trend_text(current, previous, *, kind="count"):
    """How a figure moved since the previous period, or a dash when either is not shown."""
    if current is None or previous is None:
        return NO_FIGURE
    change = current - previous
    if kind == "count":
        if previous == 0:
            return NO_FIGURE
        relative = round(100 * change / previous)
        return Text(_("%(sign)s%(n)s %%") % {"sign": _sign(relative), "n": abs(relative)})
    if kind == "percent":
        points = round(change)
        return Text(_("%(sign)s%(n)s procentpunt") % {"sign": _sign(points), "n": abs(points)})
    return Text(_("%(sign)s%(n)s dagen") % {"sign": _sign(change), "n": _number(abs(change))})


def _sign(value):
    return "+" if value > 0 else ("−" if value < 0 else "±")


def _count(cell):
    return cell.count if cell.shown else None


# --- Targets ------------------------------------------------------------------------------------


def target_text(target):
    if target is None:
        return NO_FIGURE
    value = formats.number_format(
        target.value.normalize() if target.value % 1 == 0 else target.value
    )
    if target.metric == Metric.PICKUP_MEDIAN_DAYS:
        return Text(_("≤ %(n)s dagen") % {"n": value})
    return Text(_("≥ %(n)s %%") % {"n": value})


def assess(target, value):
    if target is None:
        return NO_FIGURE
    met = target.is_met_by(None if value is None else Decimal(str(round(value, 1))))
    if met is None:
        return Text(_("Niet te beoordelen"), status=UNKNOWN)
    return Text(_("Behaald"), status=MET) if met else Text(_("Niet behaald"), status=NOT_MET)


# --- The sections -------------------------------------------------------------------------------


def build_dashboard(period, *, today=None):
    """Every section of the dashboard for `period`, compared with the period before."""
    targets = {t.metric: t for t in Target.objects.all()}
    previous = period.previous
    board = Dashboard(period=period, previous=previous)
    reports = _reports(period)
    pickup = [_pickup(p) for p in (previous, period)]
    actions = [
        suppress_breakdown(list(figures.actions_due(p).values())) for p in (previous, period)
    ]
    coverage = [_coverage(p, today) for p in (previous, period)]
    ladder = [figures.ladder_counts(p) for p in (previous, period)]
    key = _key_figures(period, previous, reports, pickup, actions, coverage, ladder, targets)
    board.sections = [
        key,
        reports["section"],
        _pickup_section(pickup, period, previous),
        _rung_section(period, previous),
        _ladder_section(period, previous, ladder),
        _meeting_section(period, previous, actions),
        _coverage_section(coverage, period, previous, targets.get(Metric.COVERAGE_PER_UNIT)),
        _training_section(period, previous),
    ]
    board.assessments = [line for line in key.lines if line.cells[4].status != "text"]
    from programme.summary import summarise  # the summary reads the sections built here

    board.summary = summarise(
        board, reports=reports, pickup=pickup, actions=actions, coverage=coverage
    )
    return board


def _reports(period):
    periods = period.back(PERIODS_IN_REPORT_TABLE)
    faculties = figures.faculties()
    counts = figures.reports_per_faculty(periods)
    grid = [[counts.get((f.pk, i), 0) for i in range(len(periods))] for f in faculties]
    # Reports on a unit that is no longer active still count, in a line of their own.
    known = {f.pk for f in faculties}
    other = [
        sum(n for (f, i), n in counts.items() if f not in known and i == c)
        for c in range(len(periods))
    ]
    if any(other):
        grid.append(other)
    table = suppress_table(grid) if grid else suppress_table([[0] * len(periods)])
    labels = [f.name for f in faculties] + ([_("Overige eenheden")] if any(other) else [])
    lines = [
        Line(label, (*cells, total), export=label)
        for label, cells, total in zip(labels, table.cells, table.row_totals, strict=False)
    ]
    lines.append(Line(_("Totaal"), (*table.column_totals, table.total), _("Totaal"), total=True))
    chart = {
        "legend": [_("Meldingen")],
        "rows": [(p.label, [cell]) for p, cell in zip(periods, table.column_totals, strict=True)],
    }
    section = Section(
        key="reports",
        title=_("Meldingen per periode en eenheid"),
        note=_(
            "Zorgmeldingen per faculteit, in de periode waarin ze zijn gedaan; een melding bij "
            "een opleiding telt bij haar faculteit."
        ),
        row_header=_("Eenheid"),
        columns=(*[p.label for p in periods], _("Totaal")),
        lines=tuple(lines),
        withheld=table.withheld,
        chart=chart,
    )
    return {
        "section": section,
        "current": table.column_totals[-1],
        "previous": table.column_totals[-2],
    }


def _pickup(period):
    raw = figures.pickup(period)
    parts = suppress_breakdown([raw["on_time"], raw["late"]])
    median = _days(raw["median"]) if parts.total.shown else None
    return {"parts": parts, "share": share(parts.cells), "median": median}


def _pickup_section(pickup, period, previous):
    before, now = pickup
    rows = [
        (_("Opgepakt binnen 2 werkdagen"), [p["parts"].cells[0] for p in pickup], None),
        (_("Later opgepakt"), [p["parts"].cells[1] for p in pickup], None),
        (_("Opgepakt in totaal"), [p["parts"].total for p in pickup], "count"),
    ]
    lines = [
        Line(
            label,
            (*cells, trend_text(*[_count(c) for c in cells[::-1]]) if kind else NO_FIGURE),
            label,
        )
        for label, cells, kind in rows
    ]
    lines.append(
        Line(
            _("Aandeel binnen 2 werkdagen"),
            (_share_text(before["share"]), _share_text(now["share"]),
             trend_text(now["share"], before["share"], kind="percent")),
            _("Aandeel binnen 2 werkdagen"),
        )
    )  # fmt: skip
    lines.append(
        Line(
            _("Mediane tijd tot oppakken"),
            (_days_cell(before["median"]), _days_cell(now["median"]),
             trend_text(now["median"], before["median"], kind="days")),
            _("Mediane tijd tot oppakken"),
        )
    )  # fmt: skip
    return Section(
        key="pickup",
        title=_("Hoe snel meldingen worden opgepakt"),
        note=_(
            "Meldingen die in de periode zijn opgepakt (de stap van signaal naar "
            "studentondersteuning, of de eerste behandelaar). Binnen 2 werkdagen: uiterlijk op "
            "de tweede werkdag na de dag van de melding; feestdagen tellen als werkdag."
        ),
        row_header=_("Cijfer"),
        columns=(previous.label, period.label, _("Verschil")),
        lines=tuple(lines),
        chart=_pair_chart(lines[:2], period, previous),
    )


def _days_cell(value):
    return NO_FIGURE if value is None else Text(days_text(value), value=value)


def _rung_section(period, previous):
    stays = [figures.rung_stays(p) for p in (previous, period)]
    lines = []
    for (rung, cases_before, avg_before), (_rung, cases_now, avg_now) in zip(*stays, strict=True):
        cells = [suppress_count(cases_before), suppress_count(cases_now)]
        days = [
            _days(avg) if cell.shown else None
            for cell, avg in zip(cells, (avg_before, avg_now), strict=True)
        ]
        lines.append(
            Line(
                str(rung.label),
                (cells[1], _days_cell(days[0]), _days_cell(days[1]),
                 trend_text(days[1], days[0], kind="days")),
                str(rung.label),
            )
        )  # fmt: skip
    return Section(
        key="rungs",
        title=_("Hoe lang casussen op een trede blijven"),
        note=_(
            "Gemiddelde verblijfsduur, voor de casussen die in de periode van een trede af "
            "gingen (zoals op de trendpagina). Bij minder dan 5 casussen geen gemiddelde."
        ),
        row_header=_("Trede"),
        columns=(
            _("Casussen %(period)s") % {"period": period.label},
            _("Gemiddeld %(period)s") % {"period": previous.label},
            _("Gemiddeld %(period)s") % {"period": period.label},
            _("Verschil"),
        ),
        lines=tuple(lines),
        chart={
            "legend": [previous.label, period.label],
            "rows": [(line.label, [line.cells[1], line.cells[2]]) for line in lines],
            "unit": "days",
        },
    )


def _count_lines(items):
    """items: (label, count before, count now); each count suppressed on its own."""
    lines = []
    for label, before, now in items:
        cells = (suppress_count(before), suppress_count(now))
        trend = trend_text(_count(cells[1]), _count(cells[0]))
        lines.append(Line(label, (*cells, trend), label))
    return lines


LADDER = (
    ("escalations", gettext_lazy("Opgeschaald")),
    ("step_downs", gettext_lazy("Afgeschaald")),
    ("acute_cases", gettext_lazy("Casussen met acuut risico")),
    ("approved", gettext_lazy("Verstrekkingen goedgekeurd")),
    ("rejected", gettext_lazy("Verstrekkingen afgewezen")),
)


def _ladder_section(period, previous, ladder):
    before, now = ladder
    lines = _count_lines([(str(label), before[k], now[k]) for k, label in LADDER])
    return Section(
        key="ladder",
        title=_("Opschalen, afschalen, delen en acuut risico"),
        note=_(
            "Stappen op de ladder in de periode (acuut opschalen telt bij acuut risico), "
            "besluiten van het College van Bestuur over verstrekkingen aan derden."
        ),
        row_header=_("Cijfer"),
        columns=(previous.label, period.label, _("Verschil")),
        lines=tuple(lines),
        chart=_pair_chart(lines, period, previous),
    )


def _meeting_section(period, previous, actions):
    lines = _count_lines(
        [
            (
                _("Zorgoverleggen gehouden"),
                figures.meetings_held(previous),
                figures.meetings_held(period),
            )
        ]
    )
    for label, index in ((_("Actiepunten op tijd gedaan"), 0), (_("Actiepunten niet op tijd"), 1)):
        cells = tuple(a.cells[index] for a in actions)
        lines.append(Line(label, (*cells, trend_text(_count(cells[1]), _count(cells[0]))), label))
    shares = [share(a.cells) for a in actions]
    lines.append(
        Line(
            _("Aandeel op tijd"),
            (_share_text(shares[0]), _share_text(shares[1]),
             trend_text(shares[1], shares[0], kind="percent")),
            _("Aandeel op tijd"),
        )
    )  # fmt: skip
    return Section(
        key="meetings",
        title=_("Zorgoverleg en actiepunten"),
        note=_(
            "Actiepunten met een uiterste datum in de periode. Op tijd: als gedaan beoordeeld in "
            "het eerste zorgoverleg op of na die datum (of eerder). Nog open zonder overleg "
            "sindsdien telt nog niet mee."
        ),
        row_header=_("Cijfer"),
        columns=(previous.label, period.label, _("Verschil")),
        lines=tuple(lines),
        chart=_pair_chart(lines[:3], period, previous),
    )


def _coverage(period, today):
    day = period.reference_day(today)
    faculties = figures.faculties()
    counts = figures.coverage_per_faculty(day)
    grid = [list(counts.get(f.pk, (0, 0))) for f in faculties] or [[0, 0]]
    table = suppress_table(grid)
    shares = [share(cells) for cells in table.cells][: len(faculties)]
    return {
        "day": day,
        "faculties": faculties,
        "table": table,
        "shares": shares,
        "total": share(table.column_totals),
    }


def _coverage_section(coverage, period, previous, target):
    before, now = coverage
    lines = []
    for index, faculty in enumerate(now["faculties"]):
        cells = now["table"].cells[index]
        lines.append(
            Line(
                faculty.name,
                (*cells, _share_text(before["shares"][index]), _share_text(now["shares"][index]),
                 trend_text(now["shares"][index], before["shares"][index], kind="percent"),
                 assess(target, now["shares"][index])),
                faculty.name,
            )
        )  # fmt: skip
    totals = now["table"].column_totals
    lines.append(
        Line(
            _("Totaal"),
            (*totals, _share_text(before["total"]), _share_text(now["total"]),
             trend_text(now["total"], before["total"], kind="percent"), NO_FIGURE),
            _("Totaal"),
            total=True,
        )
    )  # fmt: skip
    return Section(
        key="coverage",
        title=_("Dekking basistraining per eenheid"),
        note=_(
            "Medewerkers met een rol in de faculteit of een van haar opleidingen, en hoeveel van "
            "hen een geldig certificaat basiskennis hebben op %(day)s (wie in twee faculteiten "
            "werkt, telt in beide)."
        )
        % {"day": formats.date_format(now["day"], "j F Y")},
        row_header=_("Eenheid"),
        columns=(
            _("Met certificaat"),
            _("Zonder certificaat"),
            _("Dekking %(period)s") % {"period": previous.label},
            _("Dekking %(period)s") % {"period": period.label},
            _("Verschil"),
            _("Doel %(target)s") % {"target": target_text(target).text} if target else _("Doel"),
        ),
        lines=tuple(lines),
        withheld=now["table"].withheld,
        chart={
            "legend": [previous.label, period.label],
            "rows": [(line.label, [line.cells[2], line.cells[3]]) for line in lines],
            "unit": "percent",
        },
    )


def _training_section(period, previous):
    before, now = figures.training_counts(previous), figures.training_counts(period)
    lines = _count_lines(
        [
            (_("Actieve trainers in de cascade"), before["trainers"], now["trainers"]),
            (_("Intakes voor teamtrainingen"), before["intakes"], now["intakes"]),
        ]
    )
    return Section(
        key="training",
        title=_("Trainers en teamtrainingen"),
        note=_(
            "Trainers die in de periode een gehouden sessie gaven, en intakes voor een "
            "teamtraining die in de periode zijn gehouden."
        ),
        row_header=_("Cijfer"),
        columns=(previous.label, period.label, _("Verschil")),
        lines=tuple(lines),
        chart=_pair_chart(lines, period, previous),
    )


def _pair_chart(lines, period, previous):
    return {
        "legend": [previous.label, period.label],
        "rows": [(line.label, [line.cells[0], line.cells[1]]) for line in lines],
    }


# --- The key figures, each against the previous period and its target --------------------------


def _key_figures(period, previous, reports, pickup, actions, coverage, ladder, targets):
    def figure(label, before, now, kind, metric=None):
        target = targets.get(metric) if metric else None
        value = now.value if isinstance(now, Text) else _count(now)
        old = before.value if isinstance(before, Text) else _count(before)
        judged = (
            assess(target, value)
            if metric != Metric.COVERAGE_PER_UNIT
            else _units_met(target, coverage[1]["shares"])
        )
        return Line(label, (before, now, trend_text(value, old, kind=kind), target_text(target),
                            judged), label)  # fmt: skip

    shares = [share(a.cells) for a in actions]
    lines = [
        figure(_("Meldingen"), reports["previous"], reports["current"], "count"),
        figure(_("Opgepakt binnen 2 werkdagen"), _share_text(pickup[0]["share"]),
               _share_text(pickup[1]["share"]), "percent", Metric.PICKUP_ON_TIME),
        figure(_("Mediane tijd tot oppakken"), _days_cell(pickup[0]["median"]),
               _days_cell(pickup[1]["median"]), "days", Metric.PICKUP_MEDIAN_DAYS),
        figure(_("Opgeschaald"), suppress_count(ladder[0]["escalations"]),
               suppress_count(ladder[1]["escalations"]), "count"),
        figure(_("Casussen met acuut risico"), suppress_count(ladder[0]["acute_cases"]),
               suppress_count(ladder[1]["acute_cases"]), "count"),
        figure(_("Actiepunten op tijd gedaan"), _share_text(shares[0]), _share_text(shares[1]),
               "percent", Metric.ACTIONS_ON_TIME),
        figure(_("Dekking basistraining"), _share_text(coverage[0]["total"]),
               _share_text(coverage[1]["total"]), "percent", Metric.COVERAGE_PER_UNIT),
    ]  # fmt: skip
    return Section(
        key="key_figures",
        title=_("Kerncijfers"),
        note=_("De belangrijkste cijfers van deze periode, met het verschil en het doel."),
        row_header=_("Cijfer"),
        columns=(previous.label, period.label, _("Verschil"), _("Doel"), _("Beoordeling")),
        lines=tuple(lines),
    )


def _units_met(target, shares):
    """Coverage per unit: met when every unit that can be judged reaches the target."""
    if target is None:
        return NO_FIGURE
    judged = [s for s in shares if s is not None]
    if not judged:
        return Text(_("Niet te beoordelen"), status=UNKNOWN)
    met = sum(1 for s in judged if target.is_met_by(Decimal(str(round(s, 1)))))
    text = _("%(met)d van %(n)d eenheden behaald") % {"met": met, "n": len(judged)}
    return Text(text, status=MET if met == len(judged) else NOT_MET)


def hidden_explained():
    threshold = default_threshold()
    return _("verborgen (%(mark)s), zodat je een aantal onder de %(n)d niet kunt afleiden") % {
        "mark": HIDDEN_MARK,
        "n": threshold,
    }

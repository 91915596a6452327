"""Trends for the care meeting ("breng trends in beeld"): anonymous, institution-wide counts.

Every figure is computed in the database (one grouped query per figure) and goes through the
small-count protection of `overleg.suppression` before anything sees it: redacted below the
threshold, rounded down to a multiple of it, checked per table. The page, its charts and the CSV
export all show these same published figures. The exact counts are computed once per filter
and kept in the cache; redacting, rounding and checking them is done in Python when the page or
the export is rendered (the page keeps its rendering as long as the figures, under a key that
names the method). Nothing here names a student, a case reference or a pseudonym.

Which date counts:
- a case counts in the month of its signal (`signals_when`, "wanneer?"): the month the
  behaviour was seen, which is what a trend of concerning behaviour is about;
- time per rung, escalations and step-downs by the moment of the step on the ladder;
- acute-risk reports by when they were reported; incidents by the day they happened.

The unit filter takes a faculty (with its programmes); the breakdown per unit then shows the
programmes of that faculty instead of all faculties.

The figures of one filter are computed once and kept in the cache for
`ZW_TRENDS_CACHE_SECONDS` (10 minutes by default): they count months of reports, so a few minutes
do not change what a care meeting reads from them, while counting a year of a national
instance's cases costs about a second of the database's time per view (tier N, issue 9). The
page says when its figures were computed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from cases.models import Case, ConcernCategory, Rung
from core.dates import add_months, local_moments
from escalation.models import AcuteRiskReport, RungTransition
from incidents.models import Incident, IncidentKind
from overleg.suppression import (
    default_threshold,
    suppress_breakdown,
    suppress_count,
    suppress_table,
)

MAX_MONTHS = 36  # a longer span makes the month charts unreadable; ask for it in parts
DEFAULT_MONTHS = 12
UP, DOWN = "up", "down"


# --- The filter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months, from the first day of `first` up to the last day of `last`."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def last_months(cls, count=DEFAULT_MONTHS, today=None):
        this_month = (today or timezone.localdate()).replace(day=1)
        return cls(first=add_months(this_month, -(count - 1)), last=this_month)

    @property
    def months(self):
        count = months_between(self.first, self.last) + 1
        return [add_months(self.first, n) for n in range(count)]

    @property
    def end(self):
        """The first day after the period."""
        return add_months(self.last, 1)

    def moments(self):
        """The period as aware datetimes in the local time zone: [start, end)."""
        return local_moments(self.first, self.end)


def months_between(first, last):
    return (last.year - first.year) * 12 + last.month - first.month


@dataclass(frozen=True)
class Filters:
    period: Period
    faculty: OrganisationUnit | None = None


def _in_faculty(faculty, prefix=""):
    """Rows whose unit is the faculty or one of its programmes (no condition without a faculty)."""
    if faculty is None:
        return Q()
    return Q(**{f"{prefix}unit": faculty}) | Q(**{f"{prefix}unit__parent": faculty})


def _cases(filters):
    period = filters.period
    return Case.objects.filter(
        _in_faculty(filters.faculty),
        signals_when__gte=period.first,
        signals_when__lt=period.end,
    )


def _during(filters, moment_field, *, case_prefix="case__"):
    start, end = filters.period.moments()
    return Q(**{f"{moment_field}__gte": start, f"{moment_field}__lt": end}) & _in_faculty(
        filters.faculty, case_prefix
    )


# --- The figures, one grouped query each --------------------------------------------------------


def _month(value):
    """TruncMonth gives a date for a date field and an aware datetime for a datetime field."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def cases_per_month(filters):
    rows = (
        _cases(filters)
        .annotate(month=TruncMonth("signals_when"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {_month(row["month"]): row["n"] for row in rows}


def cases_per_category(filters):
    """(category, number of cases mentioning it); a case with two categories counts in both."""
    # From the cases of the period to their categories: counting every category's cases and
    # filtering afterwards read the whole link table (0.9 s at tier N).
    mentions = (
        Case.categories.through.objects.filter(case__in=_cases(filters))
        .values("concerncategory_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["concerncategory_id"]: row["n"] for row in mentions}
    categories = ConcernCategory.objects.filter(Q(is_active=True) | Q(pk__in=counts))
    return [
        (category, counts.get(category.pk, 0)) for category in categories.order_by("order", "code")
    ]


def cases_per_unit(filters):
    """(unit, number of cases): per faculty, or per programme of the chosen faculty."""
    if filters.faculty is None:
        group, level = Coalesce("unit__parent_id", "unit_id"), Q(kind=OrganisationUnit.Kind.FACULTY)
    else:
        group, level = F("unit_id"), Q(parent=filters.faculty)
    rows = _cases(filters).annotate(group=group).values("group").annotate(n=Count("id")).order_by()
    counts = {row["group"]: row["n"] for row in rows}
    # Active units of that level, and any other unit that has cases (inactive, or the faculty
    # itself when a case sits on it directly).
    units = OrganisationUnit.objects.filter((level & Q(is_active=True)) | Q(pk__in=counts))
    return [(unit, counts.get(unit.pk, 0)) for unit in units.order_by("name")]


def cases_per_rung(filters):
    rows = _cases(filters).values("rung").annotate(n=Count("id")).order_by()
    counts = {row["rung"]: row["n"] for row in rows}
    return [(rung, counts.get(rung.value, 0)) for rung in Rung]


def time_per_rung(filters):
    """Per rung left during the period: how many cases left it, and their average stay in days.

    A stay starts at the step that brought the case onto the rung (or at the report, for the
    signal rung) and ends at the step that took it off; stays still going are not counted yet.
    """
    stay = ExpressionWrapper(F("at") - F("on_rung_since"), output_field=DurationField())
    rows = (
        RungTransition.objects.filter(_during(filters, "at"))
        .exclude(from_rung=Rung.CLOSED)
        .values("from_rung")
        .annotate(cases=Count("case", distinct=True), average=Avg(stay))
        .order_by()
    )
    found = {row["from_rung"]: row for row in rows}
    return [
        (rung, found.get(rung.value, {}).get("cases", 0), found.get(rung.value, {}).get("average"))
        for rung in Rung
        if rung != Rung.CLOSED
    ]


def ladder_steps_per_month(filters):
    """{(month, "up" or "down"): steps}: escalations (acute ones included) and step-downs."""
    direction = Choose(
        When(kind=RungTransition.Kind.STEP_DOWN, then=Value(DOWN)), default=Value(UP)
    )
    kinds = [RungTransition.Kind.ESCALATE, RungTransition.Kind.ACUTE, RungTransition.Kind.STEP_DOWN]
    rows = (
        RungTransition.objects.filter(_during(filters, "at"), kind__in=kinds)
        .annotate(month=TruncMonth("at"), direction=direction)
        .values("month", "direction")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(_month(row["month"]), row["direction"]): row["n"] for row in rows}


def acute_reports_per_month(filters):
    rows = (
        AcuteRiskReport.objects.filter(_during(filters, "reported_at"))
        .annotate(month=TruncMonth("reported_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {_month(row["month"]): row["n"] for row in rows}


def incidents_per_month_and_kind(filters):
    period = filters.period
    rows = (
        Incident.objects.filter(
            _in_faculty(filters.faculty),
            occurred_on__gte=period.first,
            occurred_on__lt=period.end,
        )
        .annotate(month=TruncMonth("occurred_on"))
        .values("month", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(_month(row["month"]), row["kind"]): row["n"] for row in rows}


# --- Suppressed sections, the same for the page and the export ----------------------------------


@dataclass(frozen=True)
class Row:
    label: str  # as the page shows it
    export: str  # as the export writes it (a month as 2026-03)
    cells: tuple  # suppression.Cell per column
    total: object = None  # suppression.Cell, for a table's row total


@dataclass(frozen=True)
class Section:
    """One figure on the page: a breakdown (one column of counts and a total), a table (columns
    with row and column totals), or the time per rung (counts with an average beside them)."""

    key: str
    kind: str  # "breakdown", "table" or "durations"
    title: str
    note: str
    row_header: str
    columns: tuple  # column headers
    rows: tuple  # of Row
    column_totals: tuple = ()
    total: object = None
    withheld: bool = False
    chart: str = "bars"  # "columns" for a time series (months left to right)
    averages: tuple = field(default=())  # durations: average days per row, None when suppressed

    @property
    def rows_with_averages(self):
        return list(zip(self.rows, self.averages, strict=True))


def month_label(month):
    return date_format(month, "M Y")


def _breakdown(key, title, note, row_header, column, items, *, chart="bars"):
    """items: (label, export key, count) in the order to show."""
    suppressed = suppress_breakdown([count for _label, _key, count in items])
    rows = tuple(
        Row(label=label, export=export_key, cells=(cell,))
        for (label, export_key, _count), cell in zip(items, suppressed.cells, strict=True)
    )
    return Section(
        key=key,
        kind="breakdown",
        title=title,
        note=note,
        row_header=row_header,
        columns=(column,),
        rows=rows,
        total=suppressed.total,
        withheld=suppressed.withheld,
        chart=chart,
    )


def _table(key, title, note, columns, months, counts):
    """counts: {(month, column key): n}; columns: (column key, header) pairs."""
    grid = [[counts.get((month, column), 0) for column, _header in columns] for month in months]
    suppressed = suppress_table(grid)
    rows = tuple(
        Row(label=month_label(month), export=f"{month:%Y-%m}", cells=cells, total=total)
        for month, cells, total in zip(months, suppressed.cells, suppressed.row_totals, strict=True)
    )
    return Section(
        key=key,
        kind="table",
        title=title,
        note=note,
        row_header=_("Maand"),
        columns=tuple(header for _column, header in columns),
        rows=rows,
        column_totals=suppressed.column_totals,
        total=suppressed.total,
        withheld=suppressed.withheld,
        chart="columns",
    )


def _durations(durations):
    rows, averages = [], []
    for rung, cases, average in durations:
        cell = suppress_count(cases)
        rows.append(Row(label=rung.label, export=str(rung.label), cells=(cell,)))
        # An average over fewer than the threshold's cases would describe those few students.
        days = round(average.total_seconds() / 86400, 1) if cell.shown and average else None
        averages.append(days)
    return Section(
        key="time_per_rung",
        kind="durations",
        title=_("Tijd per trede"),
        note=_(
            "Hoe lang casussen gemiddeld op een trede bleven, voor de stappen van die trede af in "
            "deze periode. Bij minder dan %(n)d casussen tonen we geen gemiddelde."
        )
        % {"n": default_threshold()},
        row_header=_("Trede"),
        columns=(_("Casussen"), _("Gemiddeld aantal dagen")),
        rows=tuple(rows),
        averages=tuple(averages),
    )


def _months(counts, months):
    return [(month_label(m), f"{m:%Y-%m}", counts.get(m, 0)) for m in months]


# --- Computed once per filter, kept for a while -------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The raw (unsuppressed) figures of one filter, as the cache keeps them. A category is
    named when shown, in the reader's language (it holds both names)."""

    computed_at: datetime.datetime
    per_month: dict  # {month: cases}
    per_category: tuple  # ((category, cases), ...) in the order to show
    per_unit: tuple  # ((unit, cases), ...) in the order to show
    per_rung: tuple  # ((rung, cases), ...)
    durations: tuple  # ((rung, cases that left it, average stay or None), ...)
    steps: dict  # {(month, "up" or "down"): steps}
    acute: dict  # {month: reports}
    incidents: dict  # {(month, kind): incidents}


def compute_figures(filters):
    """Every figure of the page from the database, one grouped query each."""
    return Figures(
        computed_at=timezone.now(),
        per_month=cases_per_month(filters),
        per_category=tuple(cases_per_category(filters)),
        per_unit=tuple(cases_per_unit(filters)),
        per_rung=tuple(cases_per_rung(filters)),
        durations=tuple(time_per_rung(filters)),
        steps=ladder_steps_per_month(filters),
        acute=acute_reports_per_month(filters),
        incidents=incidents_per_month_and_kind(filters),
    )


CACHE_VERSION = 3  # raise when Figures changes shape


def figures_key(filters):
    """The cache key of a filter's figures (the page keeps its rendered figures under it too)."""
    period = filters.period
    faculty = filters.faculty.pk if filters.faculty else "all"
    return f"overleg:trends:{CACHE_VERSION}:{period.first:%Y-%m}:{period.last:%Y-%m}:{faculty}"


def figures(filters):
    """The figures of a filter: from the cache while they are young enough, else computed."""
    found = cache.get(figures_key(filters))
    return found if found is not None else recount(filters)


def recount(filters=None):
    """Count a filter's figures now and keep them; without a filter, the page's first view
    (the last twelve months, all faculties). A scheduled job recounts that view before its
    figures expire, so nobody waits for a count of a national instance's year (a second)."""
    filters = filters or Filters(period=Period.last_months())
    computed = compute_figures(filters)
    cache.set(figures_key(filters), computed, settings.ZW_TRENDS_CACHE_SECONDS)
    return computed


def trend_sections(filters, computed):
    """Every figure of the trends page (`computed`: its `figures`), suppressed, in the order the
    page shows them."""
    months = filters.period.months
    reports = _("Meldingen")
    return [
        _breakdown(
            "cases_per_month",
            _("Meldingen per maand"),
            _("Het aantal casussen per maand waarin het gedrag is gezien."),
            _("Maand"),
            reports,
            _months(computed.per_month, months),
            chart="columns",
        ),
        _breakdown(
            "cases_per_category",
            _("Meldingen per zorgcategorie"),
            _(
                "Een casus met meer categorieën telt bij elke categorie mee; het totaal telt "
                "vermeldingen, geen casussen."
            ),
            _("Zorgcategorie"),
            reports,
            [(category.label, category.label, n) for category, n in computed.per_category],
        ),
        _breakdown(
            "cases_per_unit",
            _("Meldingen per eenheid"),
            _("Per faculteit; kies je een faculteit, dan per opleiding van die faculteit."),
            _("Eenheid"),
            reports,
            [(unit.name, unit.name, n) for unit, n in computed.per_unit],
        ),
        _breakdown(
            "cases_per_rung",
            _("Meldingen per trede (nu)"),
            _("Op welke trede de casussen uit deze periode nu staan."),
            _("Trede"),
            reports,
            [(rung.label, rung.label, n) for rung, n in computed.per_rung],
        ),
        _durations(computed.durations),
        _table(
            "ladder_steps",
            _("Opschalen en afschalen per maand"),
            _("Stappen op de ladder; acuut opschalen telt mee bij opschalen."),
            [(UP, _("Opgeschaald")), (DOWN, _("Afgeschaald"))],
            months,
            computed.steps,
        ),
        _breakdown(
            "acute_reports",
            _("Acute-risicomeldingen per maand"),
            _("Meldingen van acuut risico, in de maand waarin ze zijn gedaan."),
            _("Maand"),
            _("Acute-risicomeldingen"),
            _months(computed.acute, months),
            chart="columns",
        ),
        _table(
            "incidents",
            _("Incidenten per maand en soort"),
            _("Incidenten in de maand waarin ze gebeurden."),
            list(IncidentKind.choices),
            months,
            computed.incidents,
        ),
    ]

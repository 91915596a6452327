"""For the differencing tests: a made-up institution whose every record is known, the trends page
and the programme dashboard counting it, and a reader who takes what two or three views publish
and tries to work a small count out of them.

- `worlds()` draws the records: cases (signal month, month reported, programme, categories, rung
  now, when picked up), steps on the ladder, acute-risk reports, incidents, action items,
  meetings, staff with or without a certificate, disclosure decisions, trainers and intakes.
- `install()` replaces the queries of `overleg.trends` and `programme.figures` by counts over
  these records. Everything after the counting — suppression, rounding, the sections, the CSV
  exports — is the app's own code.
- `published()` reads a view's CSV export, as anyone who may see it can, and says for every
  count in it which records it counts (a set, as a bit mask) and what the export says about it.

The reader who combines what was published is in tests/differencing_reader.py.
"""

import dataclasses
import datetime
import random
import re
from types import SimpleNamespace

from hypothesis import strategies as st

from cases.models import Rung
from incidents.models import IncidentKind
from overleg.trends import Filters, Period

FIRST_YEAR = 2025
MONTHS = [datetime.date(FIRST_YEAR + n // 12, n % 12 + 1, 1) for n in range(24)]
FACULTIES = [
    SimpleNamespace(pk=1, name="Faculteit Gezondheid", parent_id=None),
    SimpleNamespace(pk=2, name="Faculteit Techniek", parent_id=None),
]
PROGRAMMES = [
    SimpleNamespace(pk=11, name="Fysiotherapie", parent_id=1),
    SimpleNamespace(pk=12, name="Verpleegkunde", parent_id=1),
    SimpleNamespace(pk=21, name="HBO-ICT", parent_id=2),
]
CATEGORIES = [
    SimpleNamespace(pk=1, code="mood", label="Psychische nood"),
    SimpleNamespace(pk=2, code="threat", label="Dreiging"),
    SimpleNamespace(pk=3, code="other", label="Anders"),
]
OPEN_RUNGS = [Rung.SIGNAL, Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD]
KINDS = [kind for kind, _label in IncidentKind.choices]
ESCALATE, ACUTE, STEP_DOWN, CLOSE = "escalate", "acute", "step_down", "close"
TODAY = datetime.date(2027, 1, 15)  # after the made-up years: every period is over


def index(day):
    return (day.year - FIRST_YEAR) * 12 + day.month - 1


def faculty_of(unit):
    return next(p.parent_id for p in PROGRAMMES if p.pk == unit) if unit else None


# --- The records -------------------------------------------------------------------------------


@st.composite
def worlds(draw):
    """Records of two years, a few in each month, so that counts near 5 are common.

    Hypothesis draws how busy each kind of record is and a seed; the records follow from those
    (drawing each of some 300 records on its own made the search ten times slower). A failing
    world is printed in full and comes back from the seed."""
    busy = {
        kind: draw(st.integers(0, most), label=kind)
        for kind, most in (("cases", 5), ("steps", 3), ("acute", 2), ("incidents", 3),
                           ("actions", 3), ("meetings", 1), ("staff", 30), ("decisions", 1),
                           ("trainers", 2), ("intakes", 1))
    }  # fmt: skip
    return build_world(random.Random(draw(st.integers(0, 2**32 - 1), label="seed")), busy)


def build_world(rng, busy):
    def monthly(kind, record):
        return [record(m) for m in range(len(MONTHS)) for _n in range(rng.randint(0, busy[kind]))]

    last = len(MONTHS) - 1
    cases = monthly("cases", lambda m: {
        "signal": m,
        "created": min(m + rng.randint(0, 1), last),
        "unit": rng.choice(PROGRAMMES).pk,
        "categories": set(rng.sample([1, 2, 3], rng.randint(1, 2))),
        "rung": rng.choice(list(Rung)),
        "picked": rng.choice([None, (rng.randint(0, 1), rng.random() < 0.5)]),
    }) or [{"signal": 0, "created": 0, "unit": 11, "categories": {1}, "rung": Rung.SIGNAL,
            "picked": None}]  # fmt: skip

    def case():
        return rng.randrange(len(cases))

    def unit():
        return rng.choice([None, *[p.pk for p in PROGRAMMES]])

    return {
        "cases": cases,
        "steps": monthly("steps", lambda m: (
            case(), m, rng.choice(OPEN_RUNGS), rng.choice([ESCALATE, ACUTE, STEP_DOWN, CLOSE]),
            rng.randint(1, 60))),
        "acute": monthly("acute", lambda m: (case(), m)),
        "incidents": monthly("incidents", lambda m: (m, rng.choice(KINDS), unit())),
        "actions": monthly("actions", lambda m: (m, rng.random() < 0.5)),
        "meetings": monthly("meetings", lambda m: m),
        # (faculty, month certified or None)
        "staff": [(rng.choice([1, 2]), rng.choice([None, rng.randint(0, last)]))
                  for _n in range(busy["staff"])],
        "decisions": monthly("decisions", lambda m: (m, rng.random() < 0.5)),
        "trainers": monthly("trainers", lambda m: (rng.randint(0, 7), m)),
        "intakes": monthly("intakes", lambda m: m),
    }  # fmt: skip


# --- Sets of records, as bit masks; the fake queries and the reader both use these -----------


def _mask(items, keep):
    return sum(1 << n for n, item in enumerate(items) if keep(item))


def months_of(first, last):
    return range(index(first), index(last) + 1)


def _in_faculty(unit, faculty):
    return faculty is None or faculty_of(unit) == faculty


def case_set(world, months, *, faculty=None, unit=None, rung=None, created=False):
    field = "created" if created else "signal"
    return _mask(
        world["cases"],
        lambda c: (
            c[field] in months
            and _in_faculty(c["unit"], faculty)
            and (unit is None or c["unit"] == unit)
            and (rung is None or c["rung"] == rung)
        ),
    )


def mention_set(world, months, *, faculty=None, category=None):
    mentions = [(c, k) for c in world["cases"] for k in sorted(c["categories"])]
    return _mask(
        mentions,
        lambda m: (
            m[0]["signal"] in months
            and _in_faculty(m[0]["unit"], faculty)
            and (category is None or m[1] == category)
        ),
    )


def _case_unit(world, case):
    return world["cases"][case]["unit"]


def step_set(world, months, *, faculty=None, kinds=None):
    return _mask(
        world["steps"],
        lambda s: (
            s[1] in months
            and _in_faculty(_case_unit(world, s[0]), faculty)
            and (kinds is None or s[3] in kinds)
        ),
    )


def leaving_set(world, months, *, faculty=None, rung):
    """The cases (not the steps) that left `rung` in the months: the trends' time per rung."""
    left = {
        s[0]
        for s in world["steps"]
        if s[1] in months and s[2] == rung and _in_faculty(_case_unit(world, s[0]), faculty)
    }
    return sum(1 << n for n in left)


def acute_set(world, months, *, faculty=None):
    return _mask(
        world["acute"],
        lambda a: a[1] in months and _in_faculty(_case_unit(world, a[0]), faculty),
    )


def acute_case_set(world, months):
    return sum(1 << a[0] for a in world["acute"] if a[1] in months)


def incident_set(world, months, *, faculty=None, kind=None):
    return _mask(
        world["incidents"],
        lambda i: (
            i[0] in months
            and (faculty is None or (i[2] is not None and faculty_of(i[2]) == faculty))
            and (kind is None or i[1] == kind)
        ),
    )


def pickup_set(world, months, *, on_time=None):
    return _mask(
        world["cases"],
        lambda c: (
            c["picked"] is not None
            and min(c["created"] + c["picked"][0], len(MONTHS) - 1) in months
            and (on_time is None or c["picked"][1] == on_time)
        ),
    )


def action_set(world, months, *, on_time=None):
    return _mask(world["actions"], lambda a: a[0] in months and on_time in (None, a[1]))


def meeting_set(world, months):
    return _mask(world["meetings"], lambda m: m in months)


def staff_set(world, day, *, faculty=None, certified=None):
    def keep(person):
        has = person[1] is not None and person[1] <= index(day)
        return faculty in (None, person[0]) and certified in (None, has)

    return _mask(world["staff"], keep)


def decision_set(world, months, *, approved):
    return _mask(world["decisions"], lambda d: d[0] in months and d[1] == approved)


def trainer_set(world, months):
    return sum(1 << t[0] for t in world["trainers"] if t[1] in months)


def intake_set(world, months):
    return _mask(world["intakes"], lambda m: m in months)


def size(mask):
    return bin(mask).count("1")


# --- The fake queries ---------------------------------------------------------------------------


def _faculty_pk(filters):
    return filters.faculty.pk if filters.faculty else None


def _span(filters):
    return months_of(filters.period.first, filters.period.last)


def _period_months(period):
    return months_of(period.first, period.last_day)


def install(monkeypatch, world):
    """Point the trends' and the dashboard's queries at `world`."""
    from overleg import trends
    from programme import figures

    def per_month(filters):
        f = _faculty_pk(filters)
        return {MONTHS[m]: size(case_set(world, [m], faculty=f)) for m in _span(filters)}

    def per_category(filters):
        f = _faculty_pk(filters)
        return [(c, size(mention_set(world, _span(filters), faculty=f, category=c.pk)))
                for c in CATEGORIES]  # fmt: skip

    def per_unit(filters):
        f = _faculty_pk(filters)
        if f is None:
            return [(u, size(case_set(world, _span(filters), faculty=u.pk))) for u in FACULTIES]
        units = sorted((p for p in PROGRAMMES if p.parent_id == f), key=lambda p: p.name)
        return [(u, size(case_set(world, _span(filters), unit=u.pk))) for u in units]

    def per_rung(filters):
        f = _faculty_pk(filters)
        return [(r, size(case_set(world, _span(filters), faculty=f, rung=r))) for r in Rung]

    def durations(filters):
        f = _faculty_pk(filters)
        found = []
        for rung in OPEN_RUNGS:
            n = size(leaving_set(world, _span(filters), faculty=f, rung=rung))
            found.append((rung, n, datetime.timedelta(days=3) if n else None))
        return found

    def steps(filters):
        f = _faculty_pk(filters)
        counted = {}
        for m in _span(filters):
            counted[(MONTHS[m], trends.UP)] = size(
                step_set(world, [m], faculty=f, kinds=(ESCALATE, ACUTE))
            )
            counted[(MONTHS[m], trends.DOWN)] = size(
                step_set(world, [m], faculty=f, kinds=(STEP_DOWN,))
            )
        return counted

    def acute(filters):
        f = _faculty_pk(filters)
        return {MONTHS[m]: size(acute_set(world, [m], faculty=f)) for m in _span(filters)}

    def incidents(filters):
        f = _faculty_pk(filters)
        return {
            (MONTHS[m], k): size(incident_set(world, [m], faculty=f, kind=k))
            for m in _span(filters)
            for k in KINDS
        }

    for name, function in {
        "cases_per_month": per_month,
        "cases_per_category": per_category,
        "cases_per_unit": per_unit,
        "cases_per_rung": per_rung,
        "time_per_rung": durations,
        "ladder_steps_per_month": steps,
        "acute_reports_per_month": acute,
        "incidents_per_month_and_kind": incidents,
    }.items():
        monkeypatch.setattr(trends, name, function)

    def reports(periods):
        return {
            (f.pk, i): size(case_set(world, _period_months(p), faculty=f.pk, created=True))
            for i, p in enumerate(periods)
            for f in FACULTIES
        }

    def pickup(period):
        months = _period_months(period)
        on_time = size(pickup_set(world, months, on_time=True))
        late = size(pickup_set(world, months, on_time=False))
        return {"on_time": on_time, "late": late,
                "median": datetime.timedelta(days=2) if on_time + late else None}  # fmt: skip

    def ladder(period):
        months = _period_months(period)
        return {
            "escalations": size(step_set(world, months, kinds=(ESCALATE,))),
            "step_downs": size(step_set(world, months, kinds=(STEP_DOWN,))),
            "acute_cases": size(acute_case_set(world, months)),
            "approved": size(decision_set(world, months, approved=True)),
            "rejected": size(decision_set(world, months, approved=False)),
        }

    def coverage(day):
        return {
            f.pk: (size(staff_set(world, day, faculty=f.pk, certified=True)),
                   size(staff_set(world, day, faculty=f.pk, certified=False)))
            for f in FACULTIES
        }  # fmt: skip

    def actions(period):
        months = _period_months(period)
        return {"on_time": size(action_set(world, months, on_time=True)),
                "late": size(action_set(world, months, on_time=False))}  # fmt: skip

    def training(period):
        months = _period_months(period)
        return {"trainers": size(trainer_set(world, months)),
                "intakes": size(intake_set(world, months))}  # fmt: skip

    for name, function in {
        "faculties": lambda: FACULTIES,
        "reports_per_faculty": reports,
        "pickup": pickup,
        "actions_due": actions,
        "coverage_per_faculty": coverage,
        "ladder_counts": ladder,
        "meetings_held": lambda period: size(meeting_set(world, _period_months(period))),
        "training_counts": training,
        "rung_stays": lambda period: durations(period.trend_filters()),
    }.items():
        monkeypatch.setattr(figures, name, function)


# --- The views, as a person can ask for them ---------------------------------------------------


def trends_view(first, last, faculty=None):
    return ("trends", first, last, faculty)


def programme_view(code):
    return ("programme", code)


@st.composite
def view_sets(draw):
    """Two or three views that overlap: nested and shifted periods, a faculty and all of them,
    months and their totals, quarters and years of the programme dashboard."""
    first = draw(st.integers(0, 22))
    last = draw(st.integers(first + 1, min(first + 12, 23)))
    faculty = draw(st.sampled_from([None, 1, 2]))
    views = [trends_view(first, last, faculty)]
    for _n in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["shorter", "later", "shifted", "unit", "programme"]))
        if kind == "shorter":
            views.append(trends_view(first, draw(st.integers(first, last)), faculty))
        elif kind == "later":
            views.append(trends_view(draw(st.integers(first, last)), last, faculty))
        elif kind == "shifted":
            start = draw(st.integers(first, last))
            views.append(trends_view(start, draw(st.integers(start, 23)), faculty))
        elif kind == "unit":
            other = draw(st.sampled_from([f for f in (None, 1, 2) if f != faculty]))
            views.append(trends_view(first, last, other))
        else:
            year = draw(st.sampled_from([2025, 2026]))
            quarter = draw(st.sampled_from(["", "-K1", "-K2", "-K3", "-K4"]))
            views.append(programme_view(f"{year}{quarter}"))
    return views


# --- What a view publishes, and which records each figure counts ------------------------------


@dataclasses.dataclass(frozen=True)
class Figure:
    kind: str  # which records: cases, mentions, steps, acute, incidents, ...
    mask: int
    text: str


def published(world, view):
    """Every count in the view's CSV export, with the records it counts, and how many values a
    printed number stands for (1 unless the export's legend says numbers are rounded)."""
    if view[0] == "trends":
        lines, meaning = _trend_lines(*view[1:]), _trend_set
        span = range(view[1], view[2] + 1)
        context = {"span": span, "faculty": view[3]}
    else:
        lines, meaning, context = _programme_lines(view[1]), _programme_set, {}
    figures = []
    for section, row, column, text in lines["counts"]:
        if not _is_count(text):
            continue
        found = meaning(world, section, row, column, **context, **lines["context"])
        if found is not None:
            figures.append(Figure(found[0], found[1], text))
    return figures, _block(lines["legend"])


def _block(legend):
    """From the legend: "10 tot en met 14: ..." says a printed 10 stands for five values."""
    for text in legend:
        found = re.match(r"(\d+) tot en met (\d+)", text)
        if found:
            return int(found.group(2)) - int(found.group(1)) + 1
    return 1


def _split(rows, sections):
    keys = {str(s.title): s for s in sections}
    counts, legend = [], []
    for title, row, column, text in rows:
        if title in keys:
            counts.append((keys[title], row, column, text))
        elif title == "Toelichting":
            legend.append(text)
    return counts, legend


def _trend_lines(first, last, faculty_pk):
    from overleg.trend_views import csv_rows
    from overleg.trends import compute_figures, trend_sections

    faculty = next((f for f in FACULTIES if f.pk == faculty_pk), None)
    filters = Filters(period=Period(first=MONTHS[first], last=MONTHS[last]), faculty=faculty)
    computed = compute_figures(filters)
    sections = trend_sections(filters, computed)
    counts, legend = _split(csv_rows(filters, sections, computed.computed_at), sections)
    return {"counts": counts, "legend": legend, "context": {}}


def _programme_lines(code):
    from programme.periods import ReportPeriod
    from programme.sections import build_dashboard
    from programme.views import csv_rows

    period = ReportPeriod.parse(code)
    board = build_dashboard(period, today=TODAY)
    labels = {str(p.label): p for p in [*period.back(4), period.previous]}
    counts, legend = _split(csv_rows(board), board.sections)
    return {"counts": counts, "legend": legend,
            "context": {"labels": labels, "period": period}}  # fmt: skip


def _trend_set(world, section, row, column, *, span, faculty):
    months = [index(datetime.date(int(row[:4]), int(row[5:]), 1))] if _is_month(row) else span
    key = section.key
    if key == "cases_per_month":
        return "cases", case_set(world, months, faculty=faculty)
    if key == "cases_per_category":
        category = _by_label(CATEGORIES, row, "label")
        return "mentions", mention_set(world, span, faculty=faculty,
                                       category=category.pk if category else None)  # fmt: skip
    if key == "cases_per_unit":
        unit = _by_label(FACULTIES + PROGRAMMES, row, "name")
        if unit is None:
            return "cases", case_set(world, span, faculty=faculty)
        if unit.parent_id is None:
            return "cases", case_set(world, span, faculty=unit.pk)
        return "cases", case_set(world, span, unit=unit.pk)
    if key == "cases_per_rung":
        rung = next((r for r in Rung if str(r.label) == row), None)
        return "cases", case_set(world, span, faculty=faculty, rung=rung)
    if key == "time_per_rung":
        rung = next(r for r in Rung if str(r.label) == row)
        if column != str(section.columns[0]):
            return None  # the average days
        return "cases", leaving_set(world, span, faculty=faculty, rung=rung)
    if key == "ladder_steps":
        kinds = {"Opgeschaald": (ESCALATE, ACUTE), "Afgeschaald": (STEP_DOWN,)}.get(column)
        return "steps", step_set(world, months, faculty=faculty,
                                 kinds=kinds or (ESCALATE, ACUTE, STEP_DOWN))  # fmt: skip
    if key == "acute_reports":
        return "acute", acute_set(world, months, faculty=faculty)
    if key == "incidents":
        kind = next((k for k, label in IncidentKind.choices if str(label) == column), None)
        return "incidents", incident_set(world, months, faculty=faculty, kind=kind)
    raise AssertionError(f"A section the reader does not know: {key}")


def _programme_set(world, section, row, column, *, labels, period):
    which = labels.get(column)
    months = _period_months(which) if which else None
    key = section.key
    if key == "reports" or (key == "key_figures" and row == "Meldingen"):
        if months is None:  # the row total: the four quarters or years together
            months = range(index(period.back(4)[0].first), index(period.last_day) + 1)
        faculty = next((f.pk for f in FACULTIES if f.name == row), None)
        return "cases", case_set(world, months, faculty=faculty, created=True)
    if months is None and key not in ("coverage", "rungs"):
        return None  # a difference, a share, a target
    if key == "pickup":
        on_time = {"Opgepakt binnen 2 werkdagen": True, "Later opgepakt": False}.get(row)
        if row not in ("Opgepakt binnen 2 werkdagen", "Later opgepakt", "Opgepakt in totaal"):
            return None
        return "pickups", pickup_set(world, months, on_time=on_time)
    if key in ("ladder", "key_figures"):
        return _ladder_set(world, row, months)
    if key == "rungs":
        if not column.startswith("Casussen"):
            return None  # the average stays
        rung = next(r for r in Rung if str(r.label) == row)
        return "cases", leaving_set(world, _period_months(period), rung=rung)
    if key == "meetings":
        if row == "Zorgoverleggen gehouden":
            return "meetings", meeting_set(world, months)
        on_time = {"Actiepunten op tijd gedaan": True, "Actiepunten niet op tijd": False}
        return ("actions", action_set(world, months, on_time=on_time[row])) if row in on_time \
            else None  # fmt: skip
    if key == "coverage":
        certified = {"Met certificaat": True, "Zonder certificaat": False}.get(column)
        if certified is None:
            return None
        faculty = next((f.pk for f in FACULTIES if f.name == row), None)
        day = period.reference_day(TODAY)
        return "staff", staff_set(world, day, faculty=faculty, certified=certified)
    if key == "training":
        if row.startswith("Actieve trainers"):
            return "trainers", trainer_set(world, months)
        return "intakes", intake_set(world, months)
    raise AssertionError(f"A section the reader does not know: {key}")


def _ladder_set(world, row, months):
    if row == "Opgeschaald":
        return "steps", step_set(world, months, kinds=(ESCALATE,))
    if row == "Afgeschaald":
        return "steps", step_set(world, months, kinds=(STEP_DOWN,))
    if row == "Casussen met acuut risico":
        return "cases", acute_case_set(world, months)
    if row.startswith("Verstrekkingen"):
        return "decisions", decision_set(world, months, approved=row.endswith("goedgekeurd"))
    return None


def _is_count(text):
    return text in ("<5", "x") or re.fullmatch(r"\d+", text) is not None


def _is_month(text):
    return re.fullmatch(r"\d{4}-\d{2}", text) is not None


def _by_label(items, text, attribute):
    return next((item for item in items if str(getattr(item, attribute)) == text), None)

"""The disclosure package: the approved data categories filled from the case, so the board
approves — and the contact officer shares — concrete data, not a list of labels.

While a request waits, the board sees the package as the case holds it now; approving freezes
exactly what the approver saw (`fingerprint`), and the contact officer reads the frozen copy.
Labels are stored as their Dutch source text and translated when shown; the case's own words
are stored as written."""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import TimelineEntry
from escalation.models import DataCategory, Level, RungTransition

# Timeline entries that record what was done about the concern (measures), and those that
# record what was seen or learned (signals).
MEASURE_KINDS = (
    TimelineEntry.Kind.CONVERSATION,
    TimelineEntry.Kind.NO_CONVERSATION,
    TimelineEntry.Kind.INTERNAL_SERVICE,
    TimelineEntry.Kind.REFERRAL,
)
SIGNAL_KINDS = (TimelineEntry.Kind.NOTE, TimelineEntry.Kind.CONSULTATION)


@dataclass(frozen=True)
class Line:
    """One item of a section. `label` and `term` are Dutch source texts, translated when shown;
    `text` is the case's own words; `day` an ISO date."""

    label: str
    text: str = ""
    term: str = ""
    day: str = ""

    @property
    def shown_label(self):
        return _(self.label)

    @property
    def shown_day(self):
        return _day(datetime.date.fromisoformat(self.day)) if self.day else ""

    @property
    def shown_text(self):
        return _(self.term) if self.term else self.text


@dataclass(frozen=True)
class Section:
    category: str
    lines: tuple

    @property
    def title(self):
        return DataCategory(self.category).label if self.category in DataCategory.values else ""


def build_package(disclosure):
    """The sections of the approved categories, as the case holds them now, in the form's
    order of categories."""
    chosen = set(disclosure.data_categories)
    with translation.override("nl"):  # labels kept as their source text, whoever builds it
        return [
            Section(code, tuple(_BUILDERS[code](disclosure)))
            for code in DataCategory.values
            if code in chosen
        ]


def fingerprint(sections):
    """A digest of the package's content: approving checks the approver saw this one."""
    raw = json.dumps(to_json(sections), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def to_json(sections):
    return [
        {
            "category": section.category,
            "lines": [asdict(line) for line in section.lines],
        }
        for section in sections
    ]


def from_json(data):
    return [
        Section(item["category"], tuple(Line(**line) for line in item["lines"])) for item in data
    ]


def as_text(sections):
    """The package as plain text: where the contact officer's 'what was shared' starts."""
    parts = []
    for section in sections:
        parts.append(str(section.title))
        parts += [
            f"- {line.shown_label}{' ' + line.shown_day if line.day else ''}: {line.shown_text}"
            for line in section.lines
        ]
        if not section.lines:
            parts.append("- " + _("Niets vastgelegd in deze categorie."))
    return "\n".join(parts)


# --- Per category ----------------------------------------------------------------------------


def _day(value):
    return date_format(value, "j F Y")


def _iso(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _identity(disclosure):
    case = disclosure.case
    student = case.student
    if student is None:
        return [Line(gettext_noop("Omschrijving van de student"), case.student_description)]
    return [
        Line(gettext_noop("Naam"), f"{student.first_name} {student.last_name}"),
        Line(gettext_noop("Studentnummer"), student.student_number),
    ]


def _study(disclosure):
    case = disclosure.case
    student = case.student
    unit = student.programme if student is not None else case.unit
    lines = [Line(gettext_noop("Opleiding"), unit.name)]
    if unit.parent_id:
        lines.append(Line(gettext_noop("Onderdeel van"), unit.parent.name))
    if student is not None:
        enrolled = (
            gettext_noop("ingeschreven") if student.is_active else gettext_noop("uitgeschreven")
        )
        lines.append(Line(gettext_noop("Inschrijving"), term=enrolled))
    return lines


def _signals(disclosure):
    case = disclosure.case
    lines = [Line(gettext_noop("Melding"), case.signals_what, day=_iso(case.signals_when))]
    if case.signals_where:
        lines.append(Line(gettext_noop("Waar"), case.signals_where))
    categories = ", ".join(str(category) for category in case.categories.all())
    if categories:
        lines.append(Line(gettext_noop("Zorgcategorieën"), categories))
    if disclosure.acute_report_id:
        report = disclosure.acute_report
        lines.append(
            Line(gettext_noop("Acute situatie"), report.description, day=_iso(report.reported_at))
        )
    entries = case.timeline.filter(kind__in=SIGNAL_KINDS).order_by("occurred_on", "id")
    return lines + [_entry(entry) for entry in entries]


def _entry(entry):
    text = entry.summary + (f"\n{entry.outcome}" if entry.outcome else "")
    return Line(str(entry.get_kind_display()), text, day=_iso(entry.occurred_on))


def _risk(disclosure):
    framework = disclosure.case.frameworks1.order_by("-signed_at", "-id").first()
    if framework is None:
        return []
    lines = [Line(gettext_noop("Afwegingskader 1 ondertekend"), day=_iso(framework.signed_at))]
    for field in ("own_safety", "others_safety", "environment_safety"):
        label = str(framework._meta.get_field(field).verbose_name)
        level = str(Level(getattr(framework, field)).label)
        motivation = getattr(framework, f"{field}_motivation")
        lines += [Line(label, term=level), Line(gettext_noop("Motivering"), motivation)]
    if framework.instrument_name:
        lines.append(Line(gettext_noop("Instrument"), framework.instrument_name))
    if framework.instrument_level:
        level = str(Level(framework.instrument_level).label)
        lines.append(Line(gettext_noop("Totaalniveau volgens het instrument"), term=level))
    return lines


def _health(disclosure):
    """The case file keeps no separate health data (minimisation): what it knows about the
    student's health is in the signals and the risk assessment, shared only when approved."""
    return []


def _measures(disclosure):
    case = disclosure.case
    entries = case.timeline.filter(kind__in=MEASURE_KINDS).order_by("occurred_on", "id")
    steps = RungTransition.objects.filter(case=case).order_by("at", "id")
    return [_entry(entry) for entry in entries] + [
        Line(str(step.get_kind_display()), step.reason, day=_iso(step.at)) for step in steps
    ]


_BUILDERS = {
    DataCategory.IDENTITY: _identity,
    DataCategory.STUDY: _study,
    DataCategory.SIGNALS: _signals,
    DataCategory.RISK: _risk,
    DataCategory.HEALTH: _health,
    DataCategory.ACTIONS: _measures,
}

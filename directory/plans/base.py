"""The shape of a plan, shared by students, units and staff."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.parsing import FIELD_LABELS, ImpossibleDate, UnreadableFile, parse_date

# Field lengths of the models the rows go into; longer values are rejected, never cut off.
MAX_LENGTHS = {
    "student_number": 20,
    "first_name": 100,
    "last_name": 150,
    "code": 32,
    "name": 200,
    "employee_number": 32,
    "staff_name": 150,
    "email": 254,
}


@dataclass(frozen=True)
class Rejection:
    """A row that will not go in, with its line in the file and why."""

    line: int
    key: str  # the number or code as the row gives it; '' when missing
    codes: tuple  # why, as stable codes: part of the plan's fingerprint
    message: str  # why, in the reader's language


@dataclass(frozen=True)
class Duplicate:
    """Rows that repeat an earlier row exactly: the earlier one is planned, these are skipped."""

    key: str
    line: int  # the row that is planned
    copies: tuple  # the lines that repeat it


@dataclass(frozen=True)
class Conflict:
    """Rows that share a key but not their values. None of them is planned."""

    key: str
    lines: tuple
    differences: tuple  # (field label, ((value, lines), ...)) for every field that differs
    message: str  # everything above, in the reader's language

    @property
    def lines_text(self):
        return join_and(self.lines)

    def shown_differences(self):
        """(field, "'Veenstra' (regel 2), 'Veen' (regel 4)") for every field that differs."""
        return [(label, difference_text(values)) for label, values in self.differences]


@dataclass
class Entry:
    """One student, unit or staff member that the import creates, changes or marks as left."""

    key: str  # student number, unit code or employee number
    label: str  # the name, for the preview
    values: dict  # what will be written; JSON-friendly (ids, codes, sorted lists)
    reason: str  # the history reason (a Dutch msgid, shown in the reader's language)
    line: int | None = None  # the row in the file; None for someone missing from it
    pk: int | None = None  # the existing row, for changes and leavers
    detail: str = ""  # one more column for the preview (programme, faculty, e-mail)
    diffs: list = field(default_factory=list)  # (field label, old, new) for changes
    before: dict = field(default_factory=dict)  # the stored values it replaces (fingerprint)


@dataclass
class Plan:
    kind: str
    full_export: bool
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    left: list = field(default_factory=list)
    unchanged: int = 0
    rejected: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    rows: int = 0
    ignored_columns: list = field(default_factory=list)
    # Students only: the units the file describes and the confirmation creates first
    # (create_units), or that are missing and would have to be imported first.
    new_units: list = field(default_factory=list)
    missing_units: list = field(default_factory=list)  # (code, name) of each missing unit
    can_describe_units: bool = False  # the file names faculties and programmes
    # Active records before the import: what the share of leavers is measured against.
    active_before: int = 0

    @property
    def has_changes(self):
        return bool(self.new or self.changed or self.left or self.new_units)

    @property
    def accepted(self):
        """Rows that go in or are there already (duplicates of them not counted)."""
        return len(self.new) + len(self.changed) + self.unchanged

    @property
    def all_rejected(self):
        """Every row of the file is rejected or in conflict: nothing of it goes in."""
        return self.rows > 0 and not self.accepted and bool(self.rejected or self.conflicts)

    def counts(self):
        return {
            "rows": self.rows,
            "new": len(self.new),
            "changed": len(self.changed),
            "left": len(self.left),
            "unchanged": self.unchanged,
            "duplicates": sum(len(d.copies) for d in self.duplicates),
            "conflicts": len(self.conflicts),
            "rejected": len(self.rejected),
            "new_units": len(self.new_units),
        }

    def too_many_leaving(self, max_left):
        """More than `max_left` percent of the active records would be marked as left."""
        return bool(self.left) and len(self.left) * 100 > max_left * max(self.active_before, 1)

    def left_percent(self):
        return round(len(self.left) * 100 / max(self.active_before, 1))

    def reasons(self):
        """(reason, number of rows) for the rejected rows, most frequent first."""
        counted = Counter(reason_label(r.codes[0], r.message) for r in self.rejected if r.codes)
        if self.conflicts:
            counted[_("conflict tussen regels met één sleutel")] += sum(
                len(c.lines) for c in self.conflicts
            )
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))

    def problems(self):
        """(line, key, why) of every rejected row and every conflict, in file order."""
        rows = [(r.line, r.line, r.key, r.message) for r in self.rejected]
        rows += [(c.lines[0], c.lines_text, c.key, c.message) for c in self.conflicts]
        return [(line, key, message) for _first, line, key, message in sorted(rows)]

    def digest(self):
        """A fingerprint of every write the plan would make and every row it rejects: equal
        digests mean the same import, so a confirmation applies exactly what was previewed."""
        content = [
            self.kind,
            self.full_export,
            [(e.key, e.values) for e in self.new_units],
            [(e.key, e.values) for e in self.new],
            [(e.key, e.pk, e.values, e.before) for e in self.changed],
            [(e.key, e.pk, e.before) for e in self.left],
            [(r.line, r.codes) for r in self.rejected],
            [(c.key, c.lines) for c in self.conflicts],
        ]
        encoded = json.dumps(content, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


# What leaves, per kind, in "59 van 60 studenten".
KIND_PLURALS = {
    "students": gettext_lazy("studenten"),
    "staff": gettext_lazy("medewerkers"),
    "units": gettext_lazy("eenheden"),
}


def leavers_text(plan):
    """'Deze volledige export markeert 59 van 60 studenten als vertrokken (98 %)'."""
    return _(
        "Deze volledige export markeert %(left)s van %(active)s %(noun)s als vertrokken "
        "(%(percent)s %%)"
    ) % {
        "left": len(plan.left),
        "active": plan.active_before,
        "noun": KIND_PLURALS[plan.kind],
        "percent": plan.left_percent(),
    }


# The first reason of a rejected row, as the summary of a file whose rows are all rejected
# counts it. Codes without a label here are counted by their message.
REASON_LABELS = {
    "missing_number": gettext_lazy("nummer ontbreekt"),
    "missing_name": gettext_lazy("naam ontbreekt"),
    "unknown_programme": gettext_lazy("onbekende opleidingscode"),
    "missing_programme": gettext_lazy("opleidingscode ontbreekt"),
    "not_a_programme": gettext_lazy("geen opleiding"),
    "inactive_programme": gettext_lazy("opleiding niet meer actief"),
    "unknown_unit": gettext_lazy("onbekende eenheid"),
    "unit_mismatch": gettext_lazy("opleiding valt niet onder de eenheid"),
    "malformed_date": gettext_lazy("geen datum"),
    "impossible_date": gettext_lazy("datum bestaat niet"),
    "dates_reversed": gettext_lazy("einddatum voor begindatum"),
    "too_long": gettext_lazy("waarde te lang"),
    "extra_cells": gettext_lazy("meer kolommen dan de kopregel"),
    "unknown_role": gettext_lazy("onbekende rol"),
    "malformed_email": gettext_lazy("geen e-mailadres"),
    "username_taken": gettext_lazy("gebruikersnaam al in gebruik"),
    "ambiguous_account": gettext_lazy("personeelsnummer bij meer accounts"),
    "kind_conflict": gettext_lazy("faculteit en opleiding door elkaar"),
    "missing_code": gettext_lazy("code ontbreekt"),
}


def reason_label(code, message):
    return str(REASON_LABELS.get(code, message.split(";")[0]))


def join_and(items, limit=20):
    """'2', '2 en 4', '2, 4 en 9'; past `limit` items: '2, 4, … en 30 andere'."""
    shown = [str(item) for item in items[:limit]]
    if len(items) > limit:
        return _("%(items)s en %(count)s andere") % {
            "items": ", ".join(shown),
            "count": len(items) - limit,
        }
    if len(shown) == 1:
        return shown[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(shown[:-1]), "last": shown[-1]}


def lines_phrase(lines):
    """'regel 2' or 'regels 2 en 4'."""
    return ngettext("regel %(lines)s", "regels %(lines)s", len(lines)) % {"lines": join_and(lines)}


class Problems:
    """The reasons one row is rejected; a row can have several."""

    def __init__(self):
        self.codes, self.messages = [], []

    def add(self, code, message):
        self.codes.append(code)
        self.messages.append(str(message))

    def __bool__(self):
        return bool(self.codes)

    def rejection(self, row, key):
        return Rejection(row.line, key, tuple(self.codes), "; ".join(self.messages))


def check_common(row, problems):
    if row.extra_cells:
        problems.add(
            "extra_cells",
            _(
                "meer kolommen dan de kopregel; staat er een scheidingsteken in een waarde "
                "zonder aanhalingstekens?"
            ),
        )


def check_length(problems, value, limit, label):
    if len(value) > limit:
        problems.add(
            "too_long",
            _("%(field)s is te lang (%(length)s tekens; hooguit %(limit)s)")
            % {"field": label, "length": len(value), "limit": limit},
        )


def check_required(problems, value, label, code="missing_value"):
    if not value:
        problems.add(code, _("%(field)s ontbreekt") % {"field": label})
        return False
    return True


def split_duplicates(rows, plan, key_field, key_label):
    """The rows to plan. Rows that repeat an earlier row with the same key exactly are counted
    as duplicates and skipped; rows that share a key with different values become one conflict
    in the plan and none of them is planned. Rows without a key are left to the planner."""
    by_key = {}
    for row in rows:
        if key := row.values.get(key_field, ""):
            by_key.setdefault(key, []).append(row)
    held = set()
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        first = group[0]
        if all(_same(first, other) for other in group[1:]):
            plan.duplicates.append(Duplicate(key, first.line, tuple(r.line for r in group[1:])))
            held.update(r.line for r in group[1:])
        else:
            plan.conflicts.append(conflict(key, key_label, group))
            held.update(r.line for r in group)
    return [row for row in rows if row.line not in held]


def _same(row, other):
    return row.values == other.values and row.extra_cells == other.extra_cells


def conflict(key, key_label, group):
    """One conflict for rows that share `key`: every line, and per field that differs, which
    value is on which lines."""
    lines = tuple(row.line for row in group)
    differences = []
    for name in group[0].values:
        values = {}
        for row in group:
            values.setdefault(row.values[name], []).append(row.line)
        if len(values) > 1:
            differences.append(
                (FIELD_LABELS[name], tuple((v, tuple(ls)) for v, ls in values.items()))
            )
    if len({row.extra_cells for row in group}) > 1:
        differences.append((_("aantal kolommen"), ()))
    return Conflict(
        key, lines, tuple(differences), conflict_message(key, key_label, lines, differences)
    )


def difference_text(values):
    """ "'Veenstra' (regel 2), 'Veen' (regels 4 en 9)"; an empty value as 'leeg'."""
    return ", ".join(
        f"'{value}' ({lines_phrase(at)})" if value else f"{_('leeg')} ({lines_phrase(at)})"
        for value, at in values
    )


def conflict_message(key, key_label, lines, differences):
    parts = []
    for label, values in differences:
        shown = difference_text(values)
        parts.append(f"{label}: {shown}" if shown else str(label))
    return _(
        "%(field)s %(key)s staat op %(lines)s met verschillende gegevens — %(differences)s. "
        "Geen van deze regels is verwerkt."
    ) % {
        "field": key_label,
        "key": key,
        "lines": lines_phrase(lines),
        "differences": "; ".join(parts),
    }


def active_by_dates(values, today, problems):
    """Active today according to the row's begin and end dates (no dates: active). A date that
    is not one, or does not exist, rejects the row."""
    dates = {}
    for name in ("active_from", "active_to"):
        text = values.get(name, "")
        try:
            dates[name] = parse_date(text)
        except ImpossibleDate:
            problems.add(
                "impossible_date",
                _("%(field)s '%(value)s' bestaat niet")
                % {"field": FIELD_LABELS[name], "value": text},
            )
            dates[name] = None
        except ValueError:
            problems.add(
                "malformed_date",
                _("%(field)s '%(value)s' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)")
                % {"field": FIELD_LABELS[name], "value": text},
            )
            dates[name] = None
    start, end = dates["active_from"], dates["active_to"]
    if start and end and end < start:
        problems.add("dates_reversed", _("de einddatum ligt voor de begindatum"))
    return (start is None or start <= today) and (end is None or end >= today)


def full_name(values):
    """The last name as the directory keeps it: a Dutch export's tussenvoegsel ("van der")
    goes before it."""
    return " ".join(p for p in (values.get("name_prefix", ""), values["last_name"]) if p)


def refuse_empty_full_export(parsed, full_export):
    """A full export without a single row would mark everyone as left: never that."""
    if full_export and not parsed.rows:
        raise UnreadableFile(
            _(
                "Dit bestand heeft geen enkele rij. Als volledige export zou het iedereen als "
                "vertrokken markeren; er is niets gepland."
            )
        )


def yes_no(value):
    return _("ja") if value else _("nee")

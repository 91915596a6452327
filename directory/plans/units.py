"""Planning a units export (faculty or institute → programme): new, renamed, moved, left.

Each row names a faculty or institute and optionally one of its programmes, by code or — when
the file has no code column — by name only. A student export that carries these columns works
as well: a unit repeated on many rows is one unit. A unit that rows describe differently (two
names, two faculties) is a conflict: none of those rows is applied.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import OrganisationUnit
from directory.parsing import FIELD_LABELS
from directory.plans.base import (
    MAX_LENGTHS,
    Conflict,
    Duplicate,
    Entry,
    Plan,
    Problems,
    check_common,
    check_length,
    conflict_message,
    refuse_empty_full_export,
    yes_no,
)

FACULTY, PROGRAMME = OrganisationUnit.Kind.FACULTY, OrganisationUnit.Kind.PROGRAMME
# Translated only when a message needs them: a file of 50,000 rows checks every row.
CODE_LABEL, NAME_LABEL = gettext_lazy("code"), gettext_lazy("naam")


class Reason:
    """History reasons for units: stored in Dutch, shown in the reader's language."""

    NEW = gettext_noop("Nieuw uit de import van organisatie-eenheden")
    CHANGED = gettext_noop("Gewijzigd volgens de import van organisatie-eenheden")
    REACTIVATED = gettext_noop("Weer actief volgens de import van organisatie-eenheden")
    LEFT = gettext_noop("Niet meer in de volledige export: niet meer actief, niet verwijderd")


@dataclass(frozen=True)
class UnitInfo:
    pk: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_active: bool

    def __str__(self):
        return f"{self.code} ({self.name})"


def units_by_code():
    """Every organisation unit, by code, in one query."""
    fields = ("pk", "code", "name", "kind", "parent_id", "is_active")
    return {
        row[1]: UnitInfo(*row) for row in OrganisationUnit.objects.order_by().values_list(*fields)
    }


def kind_text(kind, parent_code=None):
    if kind == FACULTY:
        return _("faculteit of instituut")
    if parent_code:
        return _("opleiding onder %(code)s") % {"code": parent_code}
    return _("opleiding")


# --- Codes for units named only by name ---------------------------------------------------------


def _name_key(name):
    return re.sub(r"\s+", " ", name).strip().casefold()


def code_from_name(name):
    """'Instituut voor ICT' → 'INSTITUUT-VOOR-ICT': letters, digits and dashes, at most 32."""
    return slugify(name)[: MAX_LENGTHS["code"]].strip("-").upper() or "EENHEID"


class _Names:
    """The code of a unit a file names only by name: the existing unit of that name, or a code
    made from the name (unique among all codes). Next time the name finds that unit again."""

    def __init__(self, units):
        self.taken = set(units)
        self.faculties, self.programmes, self.made = {}, {}, {}
        codes_by_pk = {unit.pk: unit.code for unit in units.values()}
        for unit in units.values():
            if unit.kind == FACULTY:
                self.faculties.setdefault(_name_key(unit.name), []).append(unit.code)
            else:
                parent = codes_by_pk.get(unit.parent_id)
                self.programmes.setdefault(_name_key(unit.name), []).append((unit.code, parent))

    def faculty(self, name):
        found = self.faculties.get(_name_key(name), [])
        return found[0] if len(found) == 1 else self._make(FACULTY, name)

    def programme(self, name, parent_code):
        found = self.programmes.get(_name_key(name), [])
        under = [code for code, parent in found if parent == parent_code]
        if len(under) == 1:
            return under[0]
        if len(found) == 1:
            return found[0][0]
        return self._make(PROGRAMME, name)

    def _make(self, kind, name):
        key = (kind, _name_key(name))
        if key not in self.made:
            code = base = code_from_name(name)
            number = 2
            while code in self.taken:
                suffix = f"-{number}"
                code = base[: MAX_LENGTHS["code"] - len(suffix)] + suffix
                number += 1
            self.taken.add(code)
            self.made[key] = code
        return self.made[key]


# --- What a file says about units ---------------------------------------------------------------


class FileUnits:
    """What the rows of one file say about units: per row the faculty and programme it names,
    per code what the rows agree on (`wanted`), the codes they disagree about (`conflicts`)
    and the rows that cannot be read as units (`rejections`)."""

    def __init__(self, rows, fields, units):
        self.units = units
        self.fields = set(fields)
        self.names = _Names(units)
        self.rows = {row.line: row for row in rows}
        self.resolved = {}  # line → (faculty code, programme code); '' where the row has none
        self.named = set()  # every code any row names, rejected rows included
        described, self.rejections = {}, {}
        for row in rows:
            problems = Problems()
            units_of_row = self._describe(row, problems)
            self.named.update(unit["code"] for unit in units_of_row if unit["code"])
            if not problems:
                _check_kinds(units_of_row, units, problems)
            if problems:
                self.rejections[row.line] = problems
            else:
                described[row.line] = units_of_row
        self.conflicts = _conflicts(described)
        held = {line for conflict in self.conflicts.values() for line in conflict.lines}
        self.described = {line: d for line, d in described.items() if line not in held}
        self.wanted = self._merge_named()

    def faculty_code(self, values):
        if "unit" in self.fields:
            return values.get("unit", "")
        name = values.get("unit_name", "")
        return self.names.faculty(name) if name else ""

    def programme_code(self, values, faculty_code):
        if "programme_code" in self.fields:
            return values.get("programme_code", "")
        name = values.get("programme_name", "")
        return self.names.programme(name, faculty_code) if name else ""

    def _describe(self, row, problems):
        """The faculty and (if any) programme the row describes."""
        check_common(row, problems)
        values = row.values
        faculty_code = self.faculty_code(values)
        programme_code = self.programme_code(values, faculty_code)
        self.resolved[row.line] = (faculty_code, programme_code)
        faculty = _unit(faculty_code, FACULTY, values.get("unit_name", ""), None, row.line)
        described = [faculty]
        if programme_code:
            name = values.get("programme_name", "")
            described.append(_unit(programme_code, PROGRAMME, name, faculty_code, row.line))
        elif values.get("programme_name"):
            problems.add("missing_code", _("opleidingscode ontbreekt bij de opleidingsnaam"))
        if not faculty_code:
            problems.add("missing_code", _("%(field)s ontbreekt") % {"field": FIELD_LABELS["unit"]})
        for unit in described:
            check_length(problems, unit["code"], MAX_LENGTHS["code"], CODE_LABEL)
            check_length(problems, unit["name"], MAX_LENGTHS["name"], NAME_LABEL)
        return described

    def _merge_named(self):
        """The units the remaining rows agree on. A new unit that no row names is no unit:
        the rows that need it are rejected, and the rest merged again without them."""
        while True:
            wanted = {}
            for units_of_row in self.described.values():
                for unit in units_of_row:
                    earlier = wanted.setdefault(unit["code"], dict(unit))
                    earlier["name"] = earlier["name"] or unit["name"]
            nameless = {c for c, u in wanted.items() if not u["name"] and c not in self.units}
            if not nameless:
                return wanted
            for line, units_of_row in list(self.described.items()):
                for unit in units_of_row:
                    if unit["code"] in nameless:
                        problems = self.rejections.setdefault(line, Problems())
                        problems.add(
                            "missing_name",
                            _("nieuwe eenheid %(code)s heeft geen naam") % {"code": unit["code"]},
                        )
                if line in self.rejections:
                    del self.described[line]

    def rejection(self, line):
        row = self.rows[line]
        key = row.values.get("programme_code") or row.values.get("unit") or ""
        return self.rejections[line].rejection(row, key)


def _unit(code, kind, name, parent_code, line):
    return {"code": code, "kind": kind, "name": name, "parent_code": parent_code, "line": line}


def _check_kinds(described, units, problems):
    """A code keeps the kind it has: a faculty is never a programme, nor the other way."""
    for unit in described:
        existing = units.get(unit["code"])
        if existing and existing.kind != unit["kind"]:
            problems.add("kind_conflict", _kind_conflict(unit["code"], existing.kind))


def _kind_conflict(code, kind):
    if kind == FACULTY:
        return _("%(code)s is een faculteit of instituut, geen opleiding") % {"code": code}
    return _("%(code)s is een opleiding, geen faculteit of instituut") % {"code": code}


def _conflicts(described):
    """Code → Conflict, for every code whose rows give it another kind, name or faculty."""
    seen = {}
    for line, units_of_row in described.items():
        for unit in units_of_row:
            info = seen.setdefault(unit["code"], {"lines": set(), "kind": {}, "name": {}, "up": {}})
            info["lines"].add(line)
            info["kind"].setdefault(unit["kind"], []).append(line)
            if unit["name"]:
                info["name"].setdefault(unit["name"], []).append(line)
            if unit["kind"] == PROGRAMME:
                info["up"].setdefault(unit["parent_code"], []).append(line)
    conflicts = {}
    for code, info in seen.items():
        info["kind"] = {str(kind_text(kind)): lines for kind, lines in info["kind"].items()}
        differences = tuple(
            (label, tuple((value, tuple(lines)) for value, lines in info[key].items()))
            for key, label in (("kind", _("soort")), ("name", _("naam")), ("up", _("valt onder")))
            if len(info[key]) > 1
        )
        if differences:
            lines = tuple(sorted(info["lines"]))
            message = conflict_message(code, _("eenheid"), lines, differences)
            conflicts[code] = Conflict(code, lines, differences, message)
    return conflicts


def split_repeated_rows(rows, plan):
    """Rows that repeat an earlier row exactly are counted as duplicates and skipped."""
    first, kept = {}, []
    for row in rows:
        same = (tuple(row.values.items()), row.extra_cells)
        if same in first:
            first[same].append(row.line)
        else:
            first[same] = [row.line]
            kept.append(row)
    for (values, _extra), lines in first.items():
        if len(lines) > 1:
            key = dict(values).get("programme_code") or dict(values).get("unit") or ""
            plan.duplicates.append(Duplicate(key, lines[0], tuple(lines[1:])))
    return kept


# --- The plan -----------------------------------------------------------------------------------


def plan_units(parsed, *, full_export):
    """Plan a units export against the organisation units as they are now."""
    refuse_empty_full_export(parsed, full_export)
    units = units_by_code()
    plan = Plan(kind="units", full_export=full_export, rows=len(parsed.rows))
    plan.ignored_columns = parsed.ignored_columns
    plan.active_before = sum(unit.is_active for unit in units.values())
    # A repeated row names the same units as the row it repeats: `named` covers the file.
    file_units = FileUnits(split_repeated_rows(parsed.rows, plan), parsed.fields, units)
    plan.rejected = [file_units.rejection(line) for line in sorted(file_units.rejections)]
    plan.conflicts = sorted(file_units.conflicts.values(), key=lambda c: c.lines)
    codes_by_pk = {unit.pk: unit.code for unit in units.values()}
    for unit in sorted(file_units.wanted.values(), key=lambda u: (u["kind"] != FACULTY, u["line"])):
        _plan_unit(plan, unit, units.get(unit["code"]), codes_by_pk)
    if full_export and plan.accepted:
        plan.left = _leavers(units, file_units.named)
    return plan


plan_units.required = ()
plan_units.one_of = ("unit", "unit_name")
plan_units.uses = ("unit", "unit_name", "programme_code", "programme_name")


def new_unit_entry(unit, reason):
    """The entry that creates a unit the file describes."""
    values = {k: unit[k] for k in ("code", "kind", "name", "parent_code")}
    values["is_active"] = True
    return Entry(
        key=unit["code"],
        label=unit["name"],
        values=values,
        reason=reason,
        line=unit["line"],
        detail=kind_text(unit["kind"], unit["parent_code"]),
    )


def _plan_unit(plan, unit, existing, codes_by_pk):
    entry = new_unit_entry(unit, Reason.NEW)
    if existing is None:
        plan.new.append(entry)
        return
    values = entry.values
    values["name"] = unit["name"] or existing.name
    entry.label, entry.pk = values["name"], existing.pk
    entry.before = _before(existing)
    parent_code = codes_by_pk.get(existing.parent_id)
    if values["name"] != existing.name:
        entry.diffs.append((_("naam"), existing.name, values["name"]))
    if unit["kind"] == PROGRAMME and parent_code != unit["parent_code"]:
        entry.diffs.append((_("valt onder"), parent_code or "—", unit["parent_code"]))
    if not existing.is_active:
        entry.diffs.append((_("actief"), yes_no(False), yes_no(True)))
        entry.reason = Reason.REACTIVATED
    else:
        entry.reason = Reason.CHANGED
    if entry.diffs:
        plan.changed.append(entry)
    else:
        plan.unchanged += 1


def _before(unit):
    return {"name": unit.name, "parent_id": unit.parent_id, "is_active": unit.is_active}


def _leavers(units, in_file):
    """Active units a full export no longer names: made inactive, never deleted."""
    return [
        Entry(
            key=unit.code,
            label=unit.name,
            values={"is_active": False},
            reason=Reason.LEFT,
            pk=unit.pk,
            detail=kind_text(unit.kind),
            diffs=[(_("actief"), yes_no(True), yes_no(False))],
            before=_before(unit),
        )
        for unit in sorted(units.values(), key=lambda u: u.code)
        if unit.is_active and unit.code not in in_file
    ]

"""Planning a units export (faculty or institute → programme): new, renamed, moved, left.

Each row names a faculty (column `unit`) and optionally one of its programmes. A student
export that carries these columns works as well: a unit repeated on many rows is one unit.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import OrganisationUnit
from directory.parsing import FIELD_LABELS
from directory.plans.base import (
    MAX_LENGTHS,
    Entry,
    Plan,
    Problems,
    check_common,
    check_length,
    refuse_empty_full_export,
    yes_no,
)
from directory.plans.students import units_by_code

FACULTY, PROGRAMME = OrganisationUnit.Kind.FACULTY, OrganisationUnit.Kind.PROGRAMME


class Reason:
    """History reasons for units: stored in Dutch, shown in the reader's language."""

    NEW = gettext_noop("Nieuw uit de import van organisatie-eenheden")
    CHANGED = gettext_noop("Gewijzigd volgens de import van organisatie-eenheden")
    REACTIVATED = gettext_noop("Weer actief volgens de import van organisatie-eenheden")
    LEFT = gettext_noop("Niet meer in de volledige export: niet meer actief, niet verwijderd")


def plan_units(parsed, *, full_export):
    """Plan a units export against the organisation units as they are now."""
    refuse_empty_full_export(parsed, full_export)
    units = units_by_code()
    plan = Plan(kind="units", full_export=full_export, rows=len(parsed.rows))
    plan.ignored_columns = parsed.ignored_columns
    wanted, in_file = {}, set()
    for row in parsed.rows:
        in_file.update(c for c in (row.values["unit"], row.values.get("programme_code")) if c)
        problems = Problems()
        described = _described(row, problems)
        if not problems:
            _check_against(described, wanted, units, problems)
        if problems:
            key = row.values.get("programme_code") or row.values["unit"]
            plan.rejected.append(problems.rejection(row, key))
            continue
        for unit in described:
            _merge(wanted, unit)
    codes_by_pk = {unit.pk: unit.code for unit in units.values()}
    for unit in sorted(wanted.values(), key=lambda u: (u["kind"] != FACULTY, u["line"])):
        _plan_unit(plan, unit, units.get(unit["code"]), codes_by_pk)
    if full_export:
        plan.left = _leavers(units, in_file)
    return plan


plan_units.required = ("unit",)
plan_units.one_of = ()


def _described(row, problems):
    """The faculty and (if any) programme the row describes."""
    check_common(row, problems)
    values = row.values
    faculty = {
        "code": values["unit"],
        "kind": FACULTY,
        "name": values.get("unit_name", ""),
        "parent_code": None,
        "line": row.line,
    }
    described = [faculty]
    if values.get("programme_code"):
        described.append(
            {
                "code": values["programme_code"],
                "kind": PROGRAMME,
                "name": values.get("programme_name", ""),
                "parent_code": faculty["code"],
                "line": row.line,
            }
        )
    elif values.get("programme_name"):
        problems.add("missing_code", _("opleidingscode ontbreekt bij de opleidingsnaam"))
    if not faculty["code"]:
        problems.add("missing_code", _("%(field)s ontbreekt") % {"field": FIELD_LABELS["unit"]})
    for unit in described:
        check_length(problems, unit["code"], MAX_LENGTHS["code"], _("code"))
        check_length(problems, unit["name"], MAX_LENGTHS["name"], _("naam"))
    return described


def _check_against(described, wanted, units, problems):
    """A row must agree with earlier rows and with the kind each code already has."""
    for unit in described:
        code, earlier, existing = unit["code"], wanted.get(unit["code"]), units.get(unit["code"])
        if existing and existing.kind != unit["kind"]:
            problems.add("kind_conflict", _kind_conflict(code, existing.kind))
        elif earlier and earlier["kind"] != unit["kind"]:
            problems.add("kind_conflict", _kind_conflict(code, earlier["kind"]))
        elif earlier and _conflicts(earlier, unit):
            problems.add(
                "duplicate",
                _("%(code)s staat op regel %(line)s met andere gegevens")
                % {"code": code, "line": earlier["line"]},
            )
        elif not existing and not unit["name"] and not (earlier and earlier["name"]):
            problems.add(
                "missing_name", _("nieuwe eenheid %(code)s heeft geen naam") % {"code": code}
            )


def _kind_conflict(code, kind):
    if kind == FACULTY:
        return _("%(code)s is een faculteit of instituut, geen opleiding") % {"code": code}
    return _("%(code)s is een opleiding, geen faculteit of instituut") % {"code": code}


def _conflicts(earlier, unit):
    names_differ = earlier["name"] and unit["name"] and earlier["name"] != unit["name"]
    return names_differ or earlier["parent_code"] != unit["parent_code"]


def _merge(wanted, unit):
    earlier = wanted.setdefault(unit["code"], unit)
    if not earlier["name"]:
        earlier["name"] = unit["name"]


def _detail(unit):
    if unit["kind"] == FACULTY:
        return _("faculteit of instituut")
    return _("opleiding onder %(code)s") % {"code": unit["parent_code"]}


def _plan_unit(plan, unit, existing, codes_by_pk):
    values = {k: unit[k] for k in ("code", "kind", "name", "parent_code")}
    values["is_active"] = True
    entry = Entry(
        key=unit["code"], label=unit["name"], values=values, reason=Reason.NEW, line=unit["line"]
    )
    entry.detail = _detail(unit)
    if existing is None:
        plan.new.append(entry)
        return
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
            detail=_("faculteit of instituut") if unit.kind == FACULTY else _("opleiding"),
            diffs=[(_("actief"), yes_no(True), yes_no(False))],
            before=_before(unit),
        )
        for unit in sorted(units.values(), key=lambda u: u.code)
        if unit.is_active and unit.code not in in_file
    ]

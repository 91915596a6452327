"""Planning a student export: who is new, who changed (name, programme, enrolment), who left."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import OrganisationUnit
from cases.models import Student
from directory.parsing import FIELD_LABELS, parse_date
from directory.plans.base import (
    MAX_LENGTHS,
    Entry,
    Plan,
    Problems,
    check_common,
    check_length,
    check_required,
    duplicate_message,
    duplicates,
    refuse_empty_full_export,
)


class Reason:
    """History reasons for students: stored in Dutch, shown in the reader's language."""

    NEW = gettext_noop("Nieuw uit de studentenadministratie")
    CHANGED = gettext_noop("Gewijzigd in de studentenadministratie")
    MOVED = gettext_noop(
        "Andere opleiding in de studentenadministratie; lopende casussen blijven bij hun team"
    )
    UNENROLLED = gettext_noop("Uitgeschreven volgens de studentenadministratie")
    REENROLLED = gettext_noop("Weer ingeschreven volgens de studentenadministratie")
    LEFT = gettext_noop("Niet meer in de volledige export: uitgeschreven, niet verwijderd")


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


def plan_students(parsed, *, full_export, today=None):
    """Plan a student export against the students as they are now."""
    refuse_empty_full_export(parsed, full_export)
    today = today or timezone.localdate()
    units = units_by_code()
    by_pk = {unit.pk: unit for unit in units.values()}
    existing = {
        row[0]: row
        for row in Student.objects.order_by().values_list(
            "student_number", "pk", "first_name", "last_name", "programme_id", "is_active"
        )
    }
    doubles = duplicates(parsed, "student_number")
    plan = Plan(kind="students", full_export=full_export, rows=len(parsed.rows))
    plan.ignored_columns = parsed.ignored_columns
    in_file = set()
    for row in parsed.rows:
        number = row.values["student_number"]
        in_file.add(number)
        wanted = _wanted(row, units, doubles, today)
        if not isinstance(wanted, dict):
            plan.rejected.append(wanted.rejection(row, number))
        elif number not in existing:
            plan.new.append(_new_entry(row, wanted, by_pk))
        else:
            entry = _changed_entry(row, wanted, existing[number], by_pk)
            if entry is None:
                plan.unchanged += 1
            else:
                plan.changed.append(entry)
    if full_export:
        plan.left = _leavers(existing, in_file, by_pk)
    return plan


plan_students.required = ("student_number", "first_name", "last_name")
plan_students.one_of = ("programme_code", "unit")


def _wanted(row, units, doubles, today):
    """The student as the row describes them, or the Problems that reject the row."""
    problems = Problems()
    values = row.values
    check_common(row, problems)
    number = values["student_number"]
    if check_required(problems, number, FIELD_LABELS["student_number"], "missing_number"):
        check_length(problems, number, MAX_LENGTHS["student_number"], _("studentnummer"))
        if number in doubles:
            problems.add(
                "duplicate",
                duplicate_message(_("studentnummer"), number, doubles[number]),
            )
    first_name = values["first_name"]
    # A Dutch export keeps "van der" apart; the directory keeps it with the last name.
    last_name = " ".join(p for p in (values.get("name_prefix", ""), values["last_name"]) if p)
    for value, given, field in (
        (first_name, first_name, "first_name"),
        (last_name, values["last_name"], "last_name"),
    ):
        if check_required(problems, given, FIELD_LABELS[field], "missing_name"):
            check_length(problems, value, MAX_LENGTHS[field], FIELD_LABELS[field])
    programme = _programme(values, units, problems)
    is_active = _enrolled(values, today, problems)
    if problems:
        return problems
    return {
        "student_number": number,
        "first_name": first_name,
        "last_name": last_name,
        "programme_id": programme.pk,
        "is_active": is_active,
    }


def _programme(values, units, problems):
    """The programme the row names, checked against the unit column when there is one."""
    code, unit_code = values.get("programme_code", ""), values.get("unit", "")
    programme = None
    if code:
        programme = units.get(code)
        if programme is None:
            problems.add(
                "unknown_programme", _("onbekende opleidingscode %(code)s") % {"code": code}
            )
        elif programme.kind != OrganisationUnit.Kind.PROGRAMME:
            problems.add(
                "not_a_programme",
                _("%(code)s is een faculteit of instituut, geen opleiding") % {"code": code},
            )
            programme = None
    elif unit_code:
        programme = units.get(unit_code)
        if programme is None or programme.kind != OrganisationUnit.Kind.PROGRAMME:
            problems.add("missing_programme", _("opleidingscode ontbreekt"))
            programme = None
    else:
        problems.add("missing_programme", _("opleidingscode ontbreekt"))
    if programme is None:
        if unit_code and unit_code not in units:
            problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": unit_code})
        return None
    if unit_code and unit_code != programme.code:
        _check_unit_matches(unit_code, programme, units, problems)
    if not programme.is_active:
        problems.add(
            "inactive_programme",
            _("opleiding %(code)s is niet meer actief") % {"code": programme.code},
        )
    return programme


def _check_unit_matches(unit_code, programme, units, problems):
    unit = units.get(unit_code)
    if unit is None:
        problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": unit_code})
    elif unit.pk != programme.parent_id:
        problems.add(
            "unit_mismatch",
            _("opleiding %(programme)s valt niet onder eenheid %(unit)s")
            % {"programme": programme.code, "unit": unit_code},
        )


def _enrolled(values, today, problems):
    """Enrolled today according to the row's dates (no dates: enrolled)."""
    dates = {}
    for field in ("active_from", "active_to"):
        try:
            dates[field] = parse_date(values.get(field, ""))
        except ValueError:
            problems.add(
                "malformed_date",
                _("%(field)s '%(value)s' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)")
                % {"field": FIELD_LABELS[field], "value": values[field]},
            )
            dates[field] = None
    start, end = dates["active_from"], dates["active_to"]
    if start and end and end < start:
        problems.add("dates_reversed", _("de inschrijving eindigt voordat ze begint"))
    return (start is None or start <= today) and (end is None or end >= today)


def _programme_text(by_pk, pk):
    unit = by_pk.get(pk)
    return str(unit) if unit else "—"


def _enrolment_text(is_active):
    return _("ingeschreven") if is_active else _("uitgeschreven")


def _new_entry(row, wanted, by_pk):
    return Entry(
        key=wanted["student_number"],
        label=f"{wanted['first_name']} {wanted['last_name']}",
        values=wanted,
        reason=Reason.NEW,
        line=row.line,
        detail=_programme_text(by_pk, wanted["programme_id"])
        + ("" if wanted["is_active"] else f" · {_enrolment_text(False)}"),
    )


def _changed_entry(row, wanted, current, by_pk):
    """An Entry with the differences, or None when the row matches the student exactly."""
    number, pk, first_name, last_name, programme_id, is_active = current
    diffs = []
    if first_name != wanted["first_name"]:
        diffs.append((FIELD_LABELS["first_name"], first_name, wanted["first_name"]))
    if last_name != wanted["last_name"]:
        diffs.append((FIELD_LABELS["last_name"], last_name, wanted["last_name"]))
    if programme_id != wanted["programme_id"]:
        diffs.append(
            (
                _("opleiding"),
                _programme_text(by_pk, programme_id),
                _programme_text(by_pk, wanted["programme_id"]),
            )
        )
    if is_active != wanted["is_active"]:
        diffs.append(
            (_("inschrijving"), _enrolment_text(is_active), _enrolment_text(wanted["is_active"]))
        )
    if not diffs:
        return None
    if programme_id != wanted["programme_id"]:
        reason = Reason.MOVED
    elif is_active != wanted["is_active"]:
        reason = Reason.REENROLLED if wanted["is_active"] else Reason.UNENROLLED
    else:
        reason = Reason.CHANGED
    return Entry(
        key=number,
        label=f"{wanted['first_name']} {wanted['last_name']}",
        values=wanted,
        reason=reason,
        line=row.line,
        pk=pk,
        diffs=diffs,
        before=_before(current),
    )


def _before(current):
    _number, _pk, first_name, last_name, programme_id, is_active = current
    return {
        "first_name": first_name,
        "last_name": last_name,
        "programme_id": programme_id,
        "is_active": is_active,
    }


def _leavers(existing, in_file, by_pk):
    """Enrolled students that a full export no longer names: marked as left, never deleted.
    A number on a rejected row counts as named: a bad row must not unenrol anyone."""
    leavers = [
        Entry(
            key=number,
            label=f"{first_name} {last_name}",
            values={"is_active": False},
            reason=Reason.LEFT,
            pk=pk,
            detail=_programme_text(by_pk, programme_id),
            diffs=[(_("inschrijving"), _enrolment_text(True), _enrolment_text(False))],
            before=_before(current),
        )
        for current in existing.values()
        for number, pk, first_name, last_name, programme_id, is_active in [current]
        if is_active and number not in in_file
    ]
    return sorted(leavers, key=lambda entry: entry.key)

"""Planning a student export: who is new, who changed (name, programme, enrolment), who left.

A student export that names institutes and programmes (codes, or names only) also says which
units are missing: with `create_units` the plan creates them first, in the same confirmation.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import OrganisationUnit
from cases.models import Student
from directory.parsing import FIELD_LABELS
from directory.plans.base import (
    MAX_LENGTHS,
    Entry,
    Plan,
    Problems,
    active_by_dates,
    check_common,
    check_length,
    check_required,
    full_name,
    refuse_empty_full_export,
    split_duplicates,
)
from directory.plans.units import FACULTY, FileUnits, new_unit_entry, units_by_code


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
    NEW_UNIT = gettext_noop("Nieuw uit de studentenexport, bevestigd bij de import van studenten")


def plan_students(parsed, *, full_export, today=None, create_units=False):
    """Plan a student export against the students as they are now."""
    refuse_empty_full_export(parsed, full_export)
    today = today or timezone.localdate()
    existing = {
        row[0]: row
        for row in Student.objects.order_by().values_list(
            "student_number", "pk", "first_name", "last_name", "programme_id", "is_active"
        )
    }
    plan = Plan(kind="students", full_export=full_export, rows=len(parsed.rows))
    plan.ignored_columns = parsed.ignored_columns
    plan.active_before = sum(1 for current in existing.values() if current[5])
    rows = split_duplicates(parsed.rows, plan, "student_number", _("studentnummer"))
    programmes = Programmes(parsed, rows, create_units=create_units)
    plan.can_describe_units = programmes.file_units is not None
    for row in rows:
        number = row.values["student_number"]
        wanted = _wanted(row, programmes, today)
        if not isinstance(wanted, dict):
            plan.rejected.append(wanted.rejection(row, number))
        elif number not in existing:
            plan.new.append(_new_entry(row, wanted, programmes))
        elif entry := _changed_entry(row, wanted, existing[number], programmes):
            plan.changed.append(entry)
        else:
            plan.unchanged += 1
    plan.new_units = programmes.new_units()
    plan.missing_units = programmes.missing_units()
    if full_export and plan.accepted:
        in_file = {row.values["student_number"] for row in parsed.rows}
        plan.left = _leavers(existing, in_file, programmes)
    return plan


plan_students.required = ("student_number", "first_name", "last_name")
plan_students.one_of = ("programme_code", "programme_name", "unit")
plan_students.uses = (
    "student_number",
    "first_name",
    "name_prefix",
    "last_name",
    "programme_code",
    "programme_name",
    "unit",
    "unit_name",
    "active_from",
    "active_to",
)


def _wanted(row, programmes, today):
    """The student as the row describes them, or the Problems that reject the row."""
    problems = Problems()
    values = row.values
    check_common(row, problems)
    number = values["student_number"]
    if check_required(problems, number, FIELD_LABELS["student_number"], "missing_number"):
        check_length(
            problems, number, MAX_LENGTHS["student_number"], FIELD_LABELS["student_number"]
        )
    first_name = values["first_name"]
    last_name = full_name(values)
    for value, given, field in (
        (first_name, first_name, "first_name"),
        (last_name, values["last_name"], "last_name"),
    ):
        if check_required(problems, given, FIELD_LABELS[field], "missing_name"):
            check_length(problems, value, MAX_LENGTHS[field], FIELD_LABELS[field])
    programme = programmes.programme_of(row, problems)
    is_active = active_by_dates(values, today, problems)
    if problems:
        return problems
    wanted = {
        "student_number": number,
        "first_name": first_name,
        "last_name": last_name,
        "programme_id": programme.pk,
        "is_active": is_active,
    }
    if programme.pk is None:
        wanted["new_programme"] = programme.code  # created first, in the same confirmation
    return wanted


class Programmes:
    """The programme of each student row: an existing one, or — with `create_units` — one the
    file describes well enough to create (a code, a name and its faculty or institute)."""

    def __init__(self, parsed, rows, *, create_units):
        self.units = units_by_code()
        self.by_pk = {unit.pk: unit for unit in self.units.values()}
        self.fields = set(parsed.fields)
        self.create_units = create_units
        describes = self.fields & {"programme_code", "programme_name"} and self.fields & {
            "unit",
            "unit_name",
        }
        self.file_units = FileUnits(rows, parsed.fields, self.units) if describes else None
        self.proposable, self.taken_names = self._proposable()
        self.used, self.missing, self.texts = set(), {}, {}

    def _proposable(self):
        """Code → unit for every new unit the file describes without contradiction, and
        code → (name, code of the existing unit of that name): a typo in a code, or another
        system's codes for the same programme. The preview says so next to the proposal."""
        if self.file_units is None:
            return {}, {}
        names = {(u.kind, u.name.casefold()): u.code for u in self.units.values()}
        proposable, taken = {}, {}
        for unit in sorted(self.file_units.wanted.values(), key=lambda u: u["kind"] != FACULTY):
            if unit["code"] in self.units:
                continue
            same_name = names.get((unit["kind"], unit["name"].casefold()))
            parent = unit["parent_code"]
            parent_ok = parent is None or parent in proposable or self._is_faculty(parent)
            if same_name:
                taken[unit["code"]] = (unit["name"], same_name)
            if parent_ok:
                proposable[unit["code"]] = unit
        return proposable, taken

    def _is_faculty(self, code):
        unit = self.units.get(code)
        return unit is not None and unit.kind == FACULTY and unit.is_active

    def programme_of(self, row, problems):
        """The row's programme (an existing UnitInfo or a proposed one), or None."""
        values = row.values
        if self.file_units is not None and row.line in self.file_units.resolved:
            faculty_code, code = self.file_units.resolved[row.line]
        else:
            faculty_code, code = values.get("unit", ""), values.get("programme_code", "")
        if not code and "programme_code" not in self.fields and "programme_name" not in self.fields:
            return self._programme_in_unit_column(values.get("unit", ""), problems)
        if not code:
            problems.add("missing_programme", _("opleidingscode ontbreekt"))
            return None
        programme = self.units.get(code)
        if programme is None:
            return self._new_programme(code, faculty_code, values, problems)
        if programme.kind != OrganisationUnit.Kind.PROGRAMME:
            problems.add(
                "not_a_programme",
                _("%(code)s is een faculteit of instituut, geen opleiding") % {"code": code},
            )
            return None
        unit_code = values.get("unit", "")
        if unit_code and unit_code != programme.code:
            self._check_unit_matches(unit_code, programme, problems)
        if not programme.is_active:
            problems.add(
                "inactive_programme",
                _("opleiding %(code)s is niet meer actief") % {"code": programme.code},
            )
        return programme

    def _programme_in_unit_column(self, unit_code, problems):
        # An export without programme columns may name the programme in its unit column.
        programme = self.units.get(unit_code)
        if programme is not None and programme.kind == OrganisationUnit.Kind.PROGRAMME:
            return programme if self._active(programme, problems) else None
        problems.add("missing_programme", _("opleidingscode ontbreekt"))
        if unit_code and programme is None:
            problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": unit_code})
        return None

    def _active(self, programme, problems):
        if not programme.is_active:
            problems.add(
                "inactive_programme",
                _("opleiding %(code)s is niet meer actief") % {"code": programme.code},
            )
        return programme.is_active

    def _new_programme(self, code, faculty_code, values, problems):
        if code in self.proposable and self.create_units:
            self.used.add(code)
            return _Proposed(code, self.proposable[code]["name"])
        self.missing.setdefault(code, faculty_code)
        if "programme_code" in self.fields:
            message = _("onbekende opleidingscode %(code)s") % {"code": code}
        else:
            message = _("onbekende opleiding '%(name)s'") % {"name": values["programme_name"]}
        conflict = self.file_units.conflicts.get(code) if self.file_units else None
        if conflict is not None:
            message += "; " + _("het bestand beschrijft hem verschillend op regels %(lines)s") % {
                "lines": conflict.lines_text
            }
        if code in self.taken_names:
            name, other = self.taken_names[code]
            message += "; " + _("de naam '%(name)s' hoort bij %(other)s") % {
                "name": name,
                "other": other,
            }
        problems.add("unknown_programme", message)
        unit_code = values.get("unit", "")
        if unit_code and unit_code not in self.units and unit_code not in self.proposable:
            problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": unit_code})
        return None

    def _check_unit_matches(self, unit_code, programme, problems):
        unit = self.units.get(unit_code)
        if unit is None:
            problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": unit_code})
        elif unit.pk != programme.parent_id:
            problems.add(
                "unit_mismatch",
                _("opleiding %(programme)s valt niet onder eenheid %(unit)s")
                % {"programme": programme.code, "unit": unit_code},
            )

    def new_units(self):
        """Entries for the units the accepted rows need: faculties first, then programmes."""
        needed = set(self.used)
        needed |= {self.proposable[c]["parent_code"] for c in self.used} - set(self.units)
        units = sorted(
            (self.proposable[code] for code in needed),
            key=lambda u: (u["kind"] != FACULTY, u["line"]),
        )
        entries = [new_unit_entry(unit, Reason.NEW_UNIT) for unit in units]
        for entry in entries:
            if entry.key in self.taken_names:
                _name, other = self.taken_names[entry.key]
                entry.detail += " · " + _("let op: %(other)s heeft dezelfde naam") % {
                    "other": other
                }
        return entries

    def missing_units(self):
        """(code, name) of the units rejected rows need: faculties first, then in file order."""
        wanted = self.file_units.wanted if self.file_units is not None else {}
        codes = dict.fromkeys(self.missing)
        for faculty in self.missing.values():
            if faculty and faculty not in self.units and faculty in wanted:
                codes[faculty] = None
        missing = [(code, wanted.get(code, {}).get("name", "")) for code in codes]
        return sorted(missing, key=lambda unit: wanted.get(unit[0], {}).get("kind") != FACULTY)

    def text(self, pk, new_code=None):
        """How the preview names a programme: 'VPK (Verpleegkunde)', or a new one."""
        if new_code:
            if new_code not in self.texts:
                name = self.proposable[new_code]["name"]
                self.texts[new_code] = _("%(code)s (%(name)s, nieuw)") % {
                    "code": new_code,
                    "name": name,
                }
            return self.texts[new_code]
        unit = self.by_pk.get(pk)
        return str(unit) if unit else "—"


class _Proposed:
    """A programme the confirmation creates first; it has no id yet."""

    pk = None

    def __init__(self, code, name):
        self.code, self.name = code, name


def _enrolment_text(is_active):
    return _("ingeschreven") if is_active else _("uitgeschreven")


def _new_entry(row, wanted, programmes):
    detail = programmes.text(wanted["programme_id"], wanted.get("new_programme"))
    return Entry(
        key=wanted["student_number"],
        label=f"{wanted['first_name']} {wanted['last_name']}",
        values=wanted,
        reason=Reason.NEW,
        line=row.line,
        detail=detail + ("" if wanted["is_active"] else f" · {_enrolment_text(False)}"),
    )


def _changed_entry(row, wanted, current, programmes):
    """An Entry with the differences, or None when the row matches the student exactly."""
    number, pk, first_name, last_name, programme_id, is_active = current
    diffs = []
    if first_name != wanted["first_name"]:
        diffs.append((FIELD_LABELS["first_name"], first_name, wanted["first_name"]))
    if last_name != wanted["last_name"]:
        diffs.append((FIELD_LABELS["last_name"], last_name, wanted["last_name"]))
    moved = programme_id != wanted["programme_id"]
    if moved:
        new = programmes.text(wanted["programme_id"], wanted.get("new_programme"))
        diffs.append((_("opleiding"), programmes.text(programme_id), new))
    if is_active != wanted["is_active"]:
        diffs.append(
            (_("inschrijving"), _enrolment_text(is_active), _enrolment_text(wanted["is_active"]))
        )
    if not diffs:
        return None
    if moved:
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


def _leavers(existing, in_file, programmes):
    """Enrolled students that a full export no longer names: marked as left, never deleted.
    A number on a rejected row counts as named: a bad row must not unenrol anyone."""
    leavers = [
        Entry(
            key=number,
            label=f"{first_name} {last_name}",
            values={"is_active": False},
            reason=Reason.LEFT,
            pk=pk,
            detail=programmes.text(programme_id),
            diffs=[(_("inschrijving"), _enrolment_text(True), _enrolment_text(False))],
            before=_before(current),
        )
        for current in existing.values()
        for number, pk, first_name, last_name, programme_id, is_active in [current]
        if is_active and number not in in_file
    ]
    return sorted(leavers, key=lambda entry: entry.key)

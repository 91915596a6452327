"""Planning a staff export from the identity system: accounts, units and roles by mapping.

Staff are matched on their employee number. Accounts without one (the demo accounts, the
system user, accounts made by hand) are never changed or deactivated by an import, except
that an account whose user name is the row's e-mail address is linked to that employee.
"""

import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, RoleGrantRequest, User
from directory.conf import normalise, role_names
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
from directory.plans.units import units_by_code


class Reason:
    """History reasons for staff: stored in Dutch, shown in the reader's language."""

    NEW = gettext_noop("Nieuw uit het identiteitssysteem")
    CHANGED = gettext_noop("Gewijzigd in het identiteitssysteem")
    REACTIVATED = gettext_noop("Weer actief volgens het identiteitssysteem")
    LEFT = gettext_noop("Niet meer in de volledige export: gedeactiveerd, sessies beëindigd")
    OUT_OF_SERVICE = gettext_noop(
        "Uit dienst volgens het identiteitssysteem: gedeactiveerd, sessies beëindigd"
    )


def _asked_by_import():
    """What earlier imports asked a second person for: roles and units still waiting count as
    there (the same file twice asks nothing new), and so do roles a second person refused while
    the file keeps naming them (the import does not ask again). Two queries."""
    asked_roles, refused_roles, asked_units = {}, {}, {}
    State = RoleGrantRequest.State
    requests = RoleGrantRequest.objects.filter(
        source=RoleGrantRequest.Source.IMPORT, state__in=[State.PENDING, State.REJECTED]
    )
    for user_id, code, state in requests.filter(role__isnull=False).values_list(
        "user_id", "role__code", "state"
    ):
        (asked_roles if state == State.PENDING else refused_roles).setdefault(user_id, set()).add(
            code
        )
    for user_id, code in requests.filter(state=State.PENDING, units__isnull=False).values_list(
        "user_id", "units__code"
    ):
        asked_units.setdefault(user_id, set()).add(code)
    return asked_roles, refused_roles, asked_units


def _people():
    """Every account but the system user, with its units and roles (and those an import asked
    for): five queries."""
    asked_roles, refused_roles, asked_units = _asked_by_import()
    units, roles = {}, {}
    for user_id, code in User.units.through.objects.values_list(
        "user_id", "organisationunit__code"
    ):
        units.setdefault(user_id, []).append(code)
    for user_id, code in User.groups.through.objects.filter(group__role__isnull=False).values_list(
        "user_id", "group__role__code"
    ):
        roles.setdefault(user_id, []).append(code)
    fields = ("pk", "username", "employee_number", "first_name", "last_name", "email", "is_active")
    people = []
    for row in User.objects.filter(is_system=False).order_by().values_list(*fields):
        person = dict(zip(fields, row, strict=True))
        pk = person["pk"]
        person["units"] = sorted(set(units.get(pk, [])) | asked_units.get(pk, set()))
        person["roles"] = sorted(set(roles.get(pk, [])) | asked_roles.get(pk, set()))
        person["refused_roles"] = refused_roles.get(pk, set())
        people.append(person)
    return people


class _Context:
    """What every row is checked against, read once."""

    def __init__(self, parsed, today):
        self.units = units_by_code()
        self.role_names = role_names()
        self.role_labels = {role.code: role.label for role in Role.objects.all()}
        people = _people()
        self.by_number = {p["employee_number"]: p for p in people if p["employee_number"]}
        # The model does not make employee numbers unique; two accounts with one number are
        # for a person to sort out, never for the import to guess.
        numbers = Counter(p["employee_number"] for p in people if p["employee_number"])
        self.shared_numbers = {number for number, count in numbers.items() if count > 1}
        self.by_username = {p["username"].lower(): p for p in people}
        self.has_units = "unit" in parsed.fields
        self.has_roles = "roles" in parsed.fields
        self.has_email = "email" in parsed.fields
        self.today = today
        self.claimed = {}  # user name of a new account → the line that claims it


def plan_staff(parsed, *, full_export, today=None):
    """Plan a staff export against the accounts as they are now."""
    refuse_empty_full_export(parsed, full_export)
    context = _Context(parsed, today or timezone.localdate())
    plan = Plan(kind="staff", full_export=full_export, rows=len(parsed.rows))
    plan.ignored_columns = parsed.ignored_columns
    plan.active_before = sum(
        1
        for number, person in context.by_number.items()
        if person["is_active"] and number not in context.shared_numbers
    )
    for row in split_duplicates(parsed.rows, plan, "employee_number", _("personeelsnummer")):
        number = row.values["employee_number"]
        problems = Problems()
        wanted = _wanted(row, context, problems)
        current = None if problems else _account_for(row, wanted, context, problems)
        if problems:
            plan.rejected.append(problems.rejection(row, number))
        elif current is None:
            plan.new.append(_new_entry(row, wanted, context))
        elif entry := _changed_entry(row, wanted, current, context):
            plan.changed.append(entry)
        else:
            plan.unchanged += 1
    if full_export and plan.accepted:
        plan.left = _leavers(context, {row.values["employee_number"] for row in parsed.rows})
    return plan


plan_staff.required = ("employee_number", "first_name", "last_name")
plan_staff.one_of = ()
plan_staff.uses = (
    "employee_number",
    "first_name",
    "name_prefix",
    "last_name",
    "email",
    "unit",
    "roles",
    "active_from",
    "active_to",
)


def _wanted(row, context, problems):
    check_common(row, problems)
    values = row.values
    number = values["employee_number"]
    if check_required(problems, number, FIELD_LABELS["employee_number"], "missing_number"):
        check_length(problems, number, MAX_LENGTHS["employee_number"], _("personeelsnummer"))
    wanted = {"employee_number": number}
    wanted["first_name"], wanted["last_name"] = values["first_name"], full_name(values)
    for field in ("first_name", "last_name"):
        if check_required(problems, values[field], FIELD_LABELS[field], "missing_name"):
            check_length(problems, wanted[field], MAX_LENGTHS["staff_name"], FIELD_LABELS[field])
    wanted["is_active"] = active_by_dates(values, context.today, problems)
    wanted["email"] = _email(values, context, problems)
    wanted["units"] = _unit_codes(values, context, problems)
    wanted["roles"] = _role_codes(values, context, problems)
    return wanted


def _email(values, context, problems):
    if not context.has_email:
        return None  # no column: the account keeps its address
    email = values["email"].lower()
    if email:
        check_length(problems, email, MAX_LENGTHS["email"], FIELD_LABELS["email"])
        try:
            validate_email(email)
        except ValidationError:
            problems.add(
                "malformed_email", _("%(value)s is geen e-mailadres") % {"value": values["email"]}
            )
    return email


def _split(text, separators):
    return [part.strip() for part in re.split(separators, text) if part.strip()]


def _unit_codes(values, context, problems):
    if not context.has_units:
        return None  # no column: the account keeps its units
    codes = _split(values["unit"], r"[|,;\s]+")
    for code in codes:
        unit = context.units.get(code)
        if unit is None:
            problems.add("unknown_unit", _("onbekende eenheid %(code)s") % {"code": code})
        elif not unit.is_active:
            problems.add(
                "inactive_unit", _("eenheid %(code)s is niet meer actief") % {"code": code}
            )
    return sorted(set(codes))


def _role_codes(values, context, problems):
    if not context.has_roles:
        return None  # no column: the account keeps its roles
    codes = set()
    for name in _split(values["roles"], r"[|,;]+"):
        code = context.role_names.get(normalise(name))
        if code is None:
            problems.add("unknown_role", _("onbekende rol '%(name)s'") % {"name": name})
        else:
            codes.add(code)
    return sorted(codes)


def _account_for(row, wanted, context, problems):
    """The account this row describes, or None for a new one. An account without employee
    number whose user name is the row's e-mail address is the same person: it is linked."""
    number = wanted["employee_number"]
    if number in context.shared_numbers:
        problems.add(
            "ambiguous_account",
            _("personeelsnummer %(number)s staat bij meer dan één account") % {"number": number},
        )
        return None
    if number in context.by_number:
        return context.by_number[number]
    username = wanted.get("email") or number
    if username in context.claimed:
        problems.add(
            "username_taken",
            _("gebruikersnaam %(name)s staat al op regel %(line)s")
            % {"name": username, "line": context.claimed[username]},
        )
        return None
    context.claimed[username] = row.line
    person = context.by_username.get(username.lower())
    if person is not None and person["employee_number"]:
        problems.add(
            "username_taken",
            _("gebruikersnaam %(name)s is al in gebruik bij personeelsnummer %(other)s")
            % {"name": username, "other": person["employee_number"]},
        )
        return None
    return person


def _roles_text(codes, context):
    return ", ".join(str(context.role_labels.get(c, c)) for c in codes) or "—"


def _new_entry(row, wanted, context):
    values = dict(wanted, username=wanted.get("email") or wanted["employee_number"])
    detail = [values["email"] or values["username"], ", ".join(values["units"] or [])]
    if values["roles"]:
        detail.append(_roles_text(values["roles"], context))
    if not values["is_active"]:
        detail.append(_("uit dienst"))
    return Entry(
        key=wanted["employee_number"],
        label=f"{wanted['first_name']} {wanted['last_name']}",
        values=values,
        reason=Reason.NEW,
        line=row.line,
        detail=" · ".join(part for part in detail if part),
    )


def _changed_entry(row, wanted, current, context):
    """An Entry with the differences, or None when the row matches the account exactly."""
    diffs = []
    if current["employee_number"] != wanted["employee_number"]:
        diffs.append((FIELD_LABELS["employee_number"], "—", wanted["employee_number"]))
    for field in ("first_name", "last_name", "email"):
        if wanted[field] is not None and current[field] != wanted[field]:
            diffs.append((FIELD_LABELS[field], current[field] or "—", wanted[field] or "—"))
    if wanted["units"] is not None and current["units"] != wanted["units"]:
        diffs.append(
            (_("eenheden"), ", ".join(current["units"]) or "—", ", ".join(wanted["units"]) or "—")
        )
    # A role a second person refused is not asked again while the file keeps naming it.
    old = current["roles"]
    if wanted["roles"] is not None:
        old = sorted(set(old) | (current["refused_roles"] & set(wanted["roles"])))
    if wanted["roles"] is not None and old != wanted["roles"]:
        new = wanted["roles"]
        diffs.append((_("rollen"), _roles_text(old, context), _roles_text(new, context)))
    if current["is_active"] != wanted["is_active"]:
        diffs.append(
            (_("account"), _account_text(current["is_active"]), _account_text(wanted["is_active"]))
        )
    if not diffs:
        return None
    if current["is_active"] == wanted["is_active"]:
        reason = Reason.CHANGED
    else:
        reason = Reason.REACTIVATED if wanted["is_active"] else Reason.OUT_OF_SERVICE
    return Entry(
        key=wanted["employee_number"],
        label=f"{wanted['first_name']} {wanted['last_name']}",
        values=wanted,
        reason=reason,
        line=row.line,
        pk=current["pk"],
        detail=current["username"],
        diffs=diffs,
        before=current,
    )


def _account_text(is_active):
    return _("actief") if is_active else _("gedeactiveerd")


def _leavers(context, in_file):
    """Active employees a full export no longer names: deactivated, never deleted."""
    return [
        Entry(
            key=number,
            label=f"{person['first_name']} {person['last_name']}",
            values={"is_active": False},
            reason=Reason.LEFT,
            pk=person["pk"],
            detail=person["username"],
            diffs=[(_("account"), _("actief"), _("gedeactiveerd"))],
            before=person,
        )
        for number, person in sorted(context.by_number.items())
        if person["is_active"] and number not in in_file and number not in context.shared_numbers
    ]

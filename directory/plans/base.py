"""The shape of a plan, shared by students, units and staff."""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.parsing import UnreadableFile

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
    rows: int = 0
    ignored_columns: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(self.new or self.changed or self.left)

    def counts(self):
        return {
            "rows": self.rows,
            "new": len(self.new),
            "changed": len(self.changed),
            "left": len(self.left),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def digest(self):
        """A fingerprint of every write the plan would make and every row it rejects: equal
        digests mean the same import, so a confirmation applies exactly what was previewed."""
        content = [
            self.kind,
            self.full_export,
            [(e.key, e.values) for e in self.new],
            [(e.key, e.pk, e.values, e.before) for e in self.changed],
            [(e.key, e.pk, e.before) for e in self.left],
            [(r.line, r.codes) for r in self.rejected],
        ]
        encoded = json.dumps(content, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


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


def duplicates(parsed, key_field):
    """Key → the lines it is on, for every key that is on more than one row."""
    lines = {}
    for row in parsed.rows:
        key = row.values.get(key_field, "")
        if key:
            lines.setdefault(key, []).append(row.line)
    return {key: found for key, found in lines.items() if len(found) > 1}


def duplicate_message(label, key, lines):
    shown = ", ".join(str(line) for line in lines[:5]) + (" …" if len(lines) > 5 else "")
    return _("%(field)s %(key)s staat meer dan eens in het bestand (regels %(lines)s)") % {
        "field": label,
        "key": key,
        "lines": shown,
    }


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

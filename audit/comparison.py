"""Reading history as a comparison: per change who, when, why and each field's old and new value
in words (`templates/partials/history.html` shows it). Cases, incidents and the knowledge base
build their history tabs from these pieces."""

import datetime
import difflib
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str
    is_text: bool = False  # a long text: only the lines that went and came


@dataclass
class HistoryRow:
    when: datetime.datetime
    who: object
    reason: str
    title: str
    changes: list


def history_row(record, title, changes):
    """One row for a history record (simple-history), with its reason in the reader's language."""
    # Reasons the product writes are message ids; what people typed passes unchanged.
    reason = record.history_change_reason
    return HistoryRow(
        when=record.history_date,
        who=record.history_user,
        reason=_(reason) if reason else "",
        title=title,
        changes=changes,
    )


def label_of(field):
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def stored_value(record, field):
    return getattr(record, field.attname)


def field_changes(model, previous, record, *, hidden, value=stored_value):
    """What changed between two history records of `model`; with no `previous` (created), the
    fields that were filled in. `value(record, field)` reads a field (a name for a key, say)."""
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in hidden:
            continue
        new = value(record, field)
        old = value(previous, field) if previous else None
        if previous is None and new in (None, "", False):
            continue
        if previous is not None and old == new:
            continue
        if field.get_internal_type() == "TextField":
            removed, added = line_changes(old or "", new or "")
            changes.append(Change(label_of(field), removed, added, is_text=True))
        else:
            changes.append(Change(label_of(field), display(field, old), display(field, new)))
    return changes


def line_changes(old, new):
    """Only the lines that went and the lines that came, so a long text stays readable."""
    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return "\n".join(removed) or EMPTY, "\n".join(added) or EMPTY


def display(field, value):
    """A stored value in words: the label of a choice, yes or no, a local date and time."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)

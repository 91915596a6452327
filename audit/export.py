"""The access log as CSV, for the privacy officer's own analysis in a spreadsheet."""

import csv
import datetime

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.models import AccessLogEntry
from audit.selectors import role_labels, shown_pseudonym, with_deleted_flag

DELIMITER = ";"  # what Dutch Excel expects from a double-clicked .csv file
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _field(name):
    return AccessLogEntry._meta.get_field(name).verbose_name


COLUMNS = [
    (_field("at"), lambda e: e.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")),
    (_("Naam"), lambda e: e.user.get_full_name()),
    (_("Gebruikersnaam"), lambda e: e.user.username),
    (_field("roles"), role_labels),
    (_field("case_reference"), lambda e: e.case_reference),
    (_field("student_pseudonym"), shown_pseudonym),  # "verwijderde casus" after retention
    (_field("part"), lambda e: e.part),
    (_field("action"), lambda e: e.get_action_display()),
    (_field("outcome"), lambda e: e.get_outcome_display()),
    (_field("basis"), lambda e: e.get_basis_display()),
    (_field("query"), lambda e: e.query),
    (_field("reason"), lambda e: e.reason),
    (_field("access_point"), lambda e: e.access_point),
    (_field("ip_address"), lambda e: e.ip_address),
]


def neutralise(value):
    """The cell text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def access_log_csv(entries):
    """The CSV lines of `entries`, header first, labelled in the language active now."""
    # The response streams after the view has returned: keep this request's language.
    return _lines(with_deleted_flag(entries), language=translation.get_language())


def _lines(entries, *, language):
    writer = csv.writer(_Echo(), delimiter=DELIMITER)
    with translation.override(language):
        # A byte-order mark makes Excel read the file as UTF-8 (é, ë in names).
        yield "\ufeff" + writer.writerow([capfirst(str(label)) for label, _value in COLUMNS])
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow([neutralise(value(entry)) for _label, value in COLUMNS])


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value

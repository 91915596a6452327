"""Reading a CSV export into rows of known fields: encoding, delimiter, header names, dates.

No database access here; `directory.plans` decides what the rows mean.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.conf import PREFERRED_COLUMNS, column_aliases, normalise

PROGRESS_EVERY = 5000

# How the preview and the messages name each field (in the reader's language).
FIELD_LABELS = {
    "student_number": gettext_lazy("studentnummer"),
    "first_name": gettext_lazy("voornaam"),
    "name_prefix": gettext_lazy("tussenvoegsel"),
    "last_name": gettext_lazy("achternaam"),
    "programme_code": gettext_lazy("opleidingscode"),
    "programme_name": gettext_lazy("opleidingsnaam"),
    "unit": gettext_lazy("eenheid"),
    "unit_name": gettext_lazy("naam van de eenheid"),
    "active_from": gettext_lazy("begindatum"),
    "active_to": gettext_lazy("einddatum"),
    "employee_number": gettext_lazy("personeelsnummer"),
    "email": gettext_lazy("e-mail"),
    "roles": gettext_lazy("rollen"),
}


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (encoding, header); nothing is planned or saved."""


@dataclass(frozen=True)
class Row:
    line: int  # the line in the file where the row starts; the header is line 1
    values: dict  # field → the cell's text, stripped ('' when empty or absent)
    extra_cells: bool = False  # more cells than the header has: a delimiter inside a value?


@dataclass
class ParsedFile:
    fields: list  # the known fields the header names
    ignored_columns: list = field(default_factory=list)  # header names we do not use
    rows: list = field(default_factory=list)


def decode(data):
    """The file's text: UTF-8, with or without a byte-order mark."""
    if b"\x00" in data:
        raise UnreadableFile(_("Dit is geen tekstbestand. Lever een CSV-bestand aan."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "Het bestand is niet in UTF-8 opgeslagen. Kies in je spreadsheet 'CSV UTF-8' "
                "bij het opslaan en probeer het opnieuw."
            )
        ) from None


def sniff_delimiter(text):
    """Semicolon (Dutch Excel), comma or tab: whichever the header line holds most of."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(data, *, required, one_of=(), uses=None, progress=None):
    """Parse the bytes of an export. `required` fields must be columns; of `one_of`, at
    least one. Columns of fields outside `uses` (when given) are read as unused. Raises
    UnreadableFile when the file as a whole is not usable."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
    except csv.Error as error:
        raise UnreadableFile(
            _("De kopregel is niet te lezen: %(error)s") % {"error": error}
        ) from None
    if header is None:
        raise UnreadableFile(_("Het bestand is leeg."))
    parsed = _map_header(header, required=required, one_of=one_of, uses=uses)
    parsed.rows = list(_rows(reader, header, parsed, progress))
    return parsed


def _map_header(header, *, required, one_of, uses=None):
    aliases = column_aliases()
    names = [cell.strip().lstrip("\ufeff") for cell in header]
    fields, seen = [], {}
    for index, name in enumerate(names):
        known = aliases.get(normalise(name))
        if uses is not None and known not in uses:
            known = None  # unknown, or a column another kind reads (e-mail for students)
        if known in seen:
            known = _pick_one(known, seen[known], index, names, fields)
        if known is not None:
            seen[known] = index
        fields.append(known)
    _check_required(seen, required, one_of, header)
    ignored = [name for name, known in zip(names, fields, strict=True) if known is None and name]
    return ParsedFile(fields=fields, ignored_columns=ignored)


def _pick_one(field, first, second, names, fields):
    """Two columns for one field: the one PREFERRED_COLUMNS names is read, the other becomes
    unused. Returns the field of the second column (None when the first is read); refuses the
    file when neither is preferred."""
    preferred = [normalise(name) for name in PREFERRED_COLUMNS.get(field, [])]
    ranks = [
        preferred.index(normalise(names[i])) if normalise(names[i]) in preferred else len(preferred)
        for i in (first, second)
    ]
    if ranks[0] == ranks[1] == len(preferred):
        raise UnreadableFile(
            _("De kolommen '%(first)s' en '%(second)s' betekenen allebei %(field)s.")
            % {"first": names[first], "second": names[second], "field": FIELD_LABELS[field]}
        )
    if ranks[0] <= ranks[1]:
        return None
    fields[first] = None
    return field


def _check_required(seen, required, one_of, header):
    missing = [FIELD_LABELS[f] for f in required if f not in seen]
    if one_of and not any(f in seen for f in one_of):
        # The alternatives, e.g. "opleidingscode, opleidingsnaam of eenheid".
        labels = [str(FIELD_LABELS[f]) for f in one_of]
        missing.append(
            _("%(first)s of %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
        )
    if missing:
        raise UnreadableFile(
            _("Deze kolommen ontbreken: %(missing)s. Gevonden kolommen: %(found)s.")
            % {
                "missing": ", ".join(str(m) for m in missing),
                "found": ", ".join(c.strip() for c in header if c.strip()) or "—",
            }
        )


def _rows(reader, header, parsed, progress):
    line = reader.line_num
    count = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            values = {f: "" for f in parsed.fields if f}
            for known, cell in zip(parsed.fields, cells, strict=False):
                if known:
                    values[known] = cell.strip()
            yield Row(start, values, extra_cells=len(cells) > len(header))
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    except csv.Error as error:
        raise UnreadableFile(
            _("Regel %(line)s is niet te lezen: %(error)s") % {"line": line + 1, "error": error}
        ) from None


# A date, optionally followed by midnight as spreadsheets write it ("01-09-2024 00:00:00").
_MIDNIGHT = r"(?:[ T]0{1,2}:00(?::00)?)?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _MIDNIGHT)
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + _MIDNIGHT)


class ImpossibleDate(ValueError):
    """Written as a date, but the day does not exist (31-02-2026)."""


def parse_date(text):
    """A date as YYYY-MM-DD or DD-MM-YYYY (also with / or .); None when empty.
    Raises ImpossibleDate for a day that does not exist, ValueError for anything else."""
    if not text:
        return None
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ImpossibleDate(text) from None

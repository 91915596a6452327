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

from directory.conf import column_aliases, normalise

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
    "active_from": gettext_lazy("ingeschreven vanaf"),
    "active_to": gettext_lazy("ingeschreven tot"),
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


def read_csv(data, *, required, one_of=(), progress=None):
    """Parse the bytes of an export. `required` fields must be columns; of `one_of`, at
    least one. Raises UnreadableFile when the file as a whole is not usable."""
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
    parsed = _map_header(header, required=required, one_of=one_of)
    parsed.rows = list(_rows(reader, header, parsed, progress))
    return parsed


def _map_header(header, *, required, one_of):
    aliases = column_aliases()
    fields, ignored, seen = [], [], {}
    for cell in header:
        name = cell.strip().lstrip("\ufeff")
        known = aliases.get(normalise(name))
        if known is None:
            ignored.append(name)
            fields.append(None)
            continue
        if known in seen:
            raise UnreadableFile(
                _("De kolommen '%(first)s' en '%(second)s' betekenen allebei %(field)s.")
                % {"first": seen[known], "second": name, "field": FIELD_LABELS[known]}
            )
        seen[known] = name
        fields.append(known)
    _check_required(seen, required, one_of, header)
    return ParsedFile(fields=fields, ignored_columns=[c for c in ignored if c])


def _check_required(seen, required, one_of, header):
    missing = [FIELD_LABELS[f] for f in required if f not in seen]
    if one_of and not any(f in seen for f in one_of):
        first, second = one_of  # two alternatives, e.g. programme code or unit
        missing.append(
            _("%(first)s of %(second)s")
            % {"first": FIELD_LABELS[first], "second": FIELD_LABELS[second]}
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


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def parse_date(text):
    """A date as YYYY-MM-DD or DD-MM-YYYY (also with / or .); None when empty.
    Raises ValueError for anything else, including dates that do not exist."""
    if not text:
        return None
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))

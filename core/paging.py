"""Keyset pages: no COUNT, no OFFSET. A page reads one row more than it shows to know whether
another follows; the cursor after its last row travels in the address as `na` ("after")."""

import datetime
import re

from django.utils.http import urlencode

CURSOR_PARAMETER = "na"


def keyset_slice(ordered, *, size, key):
    """(the first `size` rows, the cursor after the last one or "" when no row follows)."""
    rows = list(ordered[: size + 1])
    if len(rows) <= size:
        return rows, ""
    rows = rows[:size]
    return rows, keyset_cursor(getattr(rows[-1], key), rows[-1].pk)


def keyset_cursor(value, pk):
    """The cursor after a row: "<ISO date or time>_<id>" (an empty value for a missing date)."""
    return f"{value.isoformat() if value else ''}_{pk}"


def parse_keyset_cursor(cursor, *, date=False, empty_allowed=False):
    """(value, id) from a cursor, or None when it is missing or malformed (then: first page).
    A time must carry its offset; it comes back in UTC, so a time at the calendar's edge
    (0001-01-01T00:00+14:00) cannot overflow in the database layer."""
    value, sep, pk = (cursor or "").rpartition("_")
    if not sep or not re.fullmatch(r"[0-9]{1,18}", pk):
        return None
    if value == "":
        return (None, int(pk)) if empty_allowed else None
    try:
        if date:
            return datetime.date.fromisoformat(value), int(pk)
        parsed = datetime.datetime.fromisoformat(value)
        parsed = parsed.astimezone(datetime.UTC) if parsed.tzinfo else None
    except (ValueError, OverflowError):
        return None
    return (parsed, int(pk)) if parsed else None


def page_links(request, next_cursor, *, on_first_page=None):
    """What `partials/keyset_nav.html` needs: the address of the first page ("" when this is
    the first page) and the query of the next one ("" on the last), both keeping the filters.
    `on_first_page`: whether the cursor sent led to the first page (a malformed one does);
    by default, whether a cursor was sent at all."""
    params = request.GET.copy()
    sent = params.pop(CURSOR_PARAMETER, [""])[-1]
    on_first_page = not sent if on_first_page is None else on_first_page
    first = "" if on_first_page else f"?{params.urlencode()}" if params else request.path
    params[CURSOR_PARAMETER] = next_cursor
    return {
        "first_page_href": first,
        "next_page_query": params.urlencode() if next_cursor else "",
    }


def cursor_query(cursor, **filters):
    """The query of the page after `cursor`, with the given filters."""
    return urlencode({**filters, CURSOR_PARAMETER: cursor})

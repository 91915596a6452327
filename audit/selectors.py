"""Reading the access log: filtering and keyset paging (no COUNT, no OFFSET on a growing table)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from core.paging import keyset_slice
from core.registry import deleted_cases

PAGE_SIZE = 50


def access_log_entries(
    *,
    date_from=None,
    date_to=None,
    user="",
    case="",
    pseudonym="",
    action="",
    outcome="",
    basis="",
):
    """The log rows matching the filters, newest first; dates are inclusive days in the
    institution's time zone, as the page shows the times."""
    entries = AccessLogEntry.objects.select_related("user").order_by("-at", "-id")
    if date_from and (start := _start_of_day(date_from)):
        entries = entries.filter(at__gte=start)
    # The last possible day has no end to compute.
    end = date_to and date_to < datetime.date.max and _start_of_day(date_to + ONE_DAY)
    if end:
        entries = entries.filter(at__lt=end)
    for word in user.split():
        entries = entries.filter(
            Q(user__username__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    if case:
        entries = entries.filter(case_reference__iexact=case)
    if pseudonym:
        entries = entries.filter(student_pseudonym=pseudonym)
    exact = {"action": action, "outcome": outcome, "basis": basis}
    return entries.filter(**{field: value for field, value in exact.items() if value})


def page_of(entries, *, after=None, size=PAGE_SIZE):
    """One page of `entries` (newest first) below `after`, a parsed keyset cursor, and the
    cursor of the next page ("" on the last)."""
    if after is not None:
        at, pk = after
        entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    return keyset_slice(entries, size=size, key="at")


def role_labels(entry):
    """The roles the user held at the time, as names in the current language."""
    codes = [code for code in entry.roles.split(",") if code]
    return ", ".join(str(RoleCode(code).label) if code in RoleCode else code for code in codes)


ONE_DAY = datetime.timedelta(days=1)


def _start_of_day(day):
    """Local midnight at the start of `day`; None at the calendar's edges, where that moment
    has no UTC equivalent (nothing was logged there anyway)."""
    start = datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    try:
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


# --- Rows about a deleted case ------------------------------------------------------------
# The log is append-only: a row about a case retention deleted is never rewritten. What the
# privacy officer sees in its pseudonym column is decided when it is read.

DELETED_CASE = _("verwijderde casus")


def with_deleted_flag(entries):
    """Rows annotated with `case_deleted`, in the same query (False when no app deletes cases)."""
    lookup = deleted_cases()
    return lookup.flag(entries) if lookup else entries


def shown_pseudonym(entry):
    """The pseudonym column: not the pseudonym of a student whose case retention deleted, but
    "verwijderde casus"."""
    return DELETED_CASE if getattr(entry, "case_deleted", False) else entry.student_pseudonym


def mark_deleted_cases(entries):
    """For a page of rows (one query): flag the rows of deleted cases and put the label in the
    pseudonym column for display. The rows are never saved."""
    lookup = deleted_cases()
    ids = {entry.case_id for entry in entries if entry.case_id}
    deleted = lookup.ids(ids) if lookup and ids else set()
    for entry in entries:
        entry.case_deleted = entry.case_id in deleted
        entry.student_pseudonym = shown_pseudonym(entry)
    return entries

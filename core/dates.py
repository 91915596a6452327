"""Calendar arithmetic the standard library leaves out, and periods of days as query filters."""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext


def add_months(day, months):
    """The same day `months` later (or earlier); the month's last day where that day does not
    exist (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_moments(first, end):
    """The days [first, end) as aware datetimes at local midnight: [start, end)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    return start, datetime.datetime.combine(end, datetime.time.min, tzinfo=zone)


def within(period, field):
    """Rows whose moment `field` falls in the period (anything with `first` and `end` days)."""
    start, end = local_moments(period.first, period.end)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def on_days_of(period, field):
    """Rows whose date `field` falls on a day of the period."""
    return Q(**{f"{field}__gte": period.first, f"{field}__lt": period.end})


def duration_in_words(delta):
    """A stretch of time as a person says it: minutes up to two hours, hours up to two days,
    then days ("42 minuten", "5 uur", "3 dagen")."""
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes < 120:
        return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}

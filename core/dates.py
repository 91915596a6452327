"""Calendar arithmetic the standard library leaves out."""

import calendar
import datetime


def add_months(day, months):
    """The same day `months` later (or earlier); the month's last day where that day does not
    exist (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

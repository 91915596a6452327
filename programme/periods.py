"""The periods of the programme dashboard and its report: a quarter (the default) or a year.

A period is written as ``2026-K1`` (quarter, "kwartaal"; ``2026-Q1`` is read too) or ``2026``
(year). Its previous period is the quarter or year before it; the dashboard compares the two.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import local_moments
from overleg.trends import Filters, Period

QUARTER, YEAR = "quarter", "year"
_CODE = re.compile(r"^\s*(\d{4})(?:-[KkQq]([1-4]))?\s*$")


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # QUARTER or YEAR
    year: int
    number: int = 1  # the quarter; 1 for a year

    @classmethod
    def parse(cls, code):
        """The period a code names; None for anything else."""
        match = _CODE.match(str(code or ""))
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            return None
        year, quarter = int(match.group(1)), match.group(2)
        return cls(QUARTER, year, int(quarter)) if quarter else cls(YEAR, year)

    @classmethod
    def quarter_of(cls, day):
        return cls(QUARTER, day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls, today=None):
        return cls.quarter_of(today or timezone.localdate())

    @property
    def code(self):
        return f"{self.year}-K{self.number}" if self.kind == QUARTER else str(self.year)

    @property
    def first(self):
        month = 3 * (self.number - 1) + 1 if self.kind == QUARTER else 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self):
        """The first day after the period."""
        if self.kind == YEAR or self.number == 4:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, 3 * self.number + 1, 1)

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)

    @property
    def previous(self):
        if self.kind == YEAR:
            return ReportPeriod(YEAR, self.year - 1)
        if self.number == 1:
            return ReportPeriod(QUARTER, self.year - 1, 4)
        return ReportPeriod(QUARTER, self.year, self.number - 1)

    def back(self, count):
        """This period and the `count - 1` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.insert(0, periods[0].previous)
        return periods

    @property
    def label(self):
        if self.kind == YEAR:
            return str(self.year)
        return _("K%(n)d %(year)d") % {"n": self.number, "year": self.year}

    @property
    def previous_name(self):
        """How the summary names the period before: 'vorig kwartaal' or 'vorig jaar'."""
        return _("vorig kwartaal") if self.kind == QUARTER else _("vorig jaar")

    def moments(self):
        """[start, end) as aware datetimes in the local time zone."""
        return local_moments(self.first, self.end)

    def reference_day(self, today=None):
        """The day a state (certificates valid, staff) is measured: the period's last day, or
        today while the period is still going on."""
        return min(self.last_day, today or timezone.localdate())

    def trend_filters(self):
        """The same span as whole months, for the figures the trends page computes."""
        last_month = self.last_day.replace(day=1)
        return Filters(period=Period(first=self.first, last=last_month))

    def has_started(self, today=None):
        return self.first <= (today or timezone.localdate())

    def is_over(self, today=None):
        return self.end <= (today or timezone.localdate())


def period_choices(today=None, *, quarters=12, years=3):
    """The periods to choose from: the last quarters (this one first), then the last years."""
    current = ReportPeriod.current(today)
    options = list(reversed(current.back(quarters)))
    year = current.year
    options += [ReportPeriod(YEAR, year - n) for n in range(years)]
    return options

"""The replay: steps of the past year, run in the order they happened, each at its own moment.

A step is a function with its arguments and the moment it happened. Steps may plan further steps
(a care-meeting decision plans the closing weeks later). Steps that would fall on or after the
start of today are not run: what lies ahead has not happened yet.
"""

import datetime
import heapq
import itertools

from django.utils import timezone

from demo.history.clock import replayed_at


class Replay:
    def __init__(self, *, today, rng):
        self.today = today
        self.rng = rng
        self.until = local(today, 0, 0)
        self._queue = []
        self._order = itertools.count()
        self.steps_run = 0

    def plan(self, moment, step, *args):
        """Run `step(*args)` at `moment` (when that lies before today)."""
        if moment < self.until:
            heapq.heappush(self._queue, (moment, next(self._order), step, args))

    def run(self):
        while self._queue:
            moment, _order, step, args = heapq.heappop(self._queue)
            with replayed_at(moment):
                step(*args)
            self.steps_run += 1

    # --- the calendar: working days, office hours -------------------------------------------

    def office_hours(self, day, *, early=9, late=16):
        """A moment on `day` (moved to the Monday after a weekend) during office hours."""
        day = working_day(day)
        return local(day, self.rng.randint(early, late), self.rng.choice((0, 10, 20, 30, 40, 50)))

    def days_later(self, moment, low, high, **hours):
        """A moment `low`..`high` calendar days after `moment`, on a working day."""
        day = timezone.localtime(moment).date() + datetime.timedelta(self.rng.randint(low, high))
        return self.office_hours(day, **hours)

    def working_days_later(self, moment, count):
        """`count` working days after `moment` (0: later the same day, or the next morning)."""
        if count == 0:
            later = moment + datetime.timedelta(minutes=self.rng.randint(20, 240))
            if timezone.localtime(later).hour < 17:
                return later
            count = 1
        day = timezone.localtime(moment).date()
        while count:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                count -= 1
        return self.office_hours(day)


def local(day, hour, minute):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def working_day(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def day_of(moment):
    return timezone.localtime(moment).date()

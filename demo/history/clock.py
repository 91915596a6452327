"""The demo history's clock: replaying a year of use needs "now" to be a moment in that year.

Creation times (`created_at`, `at`, `signed_at`, … with `auto_now_add`), history rows and the
services' own checks ("a framework 1 of the last 30 days", "a date from today on") all read
`django.utils.timezone.now`. While a replayed step runs, `replayed_at(moment)` makes that
function answer `moment` plus the real time spent since the step began, so the step's rows carry
the moment it happened, in the order they were written. `timezone.localdate()` reads the same
function and follows.

Only `demo.history` uses this, and only the demo loader runs it: `seed_demo` refuses to run
without DJANGO_DEBUG=1. Nothing else in the product may move the clock.
"""

from contextlib import contextmanager

from django.utils import timezone

_real_now = timezone.now


@contextmanager
def replayed_at(moment):
    """Within this block `timezone.now()` is `moment` (aware), ticking on with real time."""
    if timezone.is_naive(moment):
        raise ValueError("The replay clock needs an aware moment.")
    started = _real_now()
    previous = timezone.now

    def now():
        return moment + (_real_now() - started)

    timezone.now = now
    try:
        yield moment
    finally:
        timezone.now = previous

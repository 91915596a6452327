"""Each step on the ladder keeps when the case came onto the rung it leaves (the trends' "time
per rung" reads it), both when a step is taken and for steps made before the column existed."""

import datetime
import importlib

from django.db import connection

from escalation.models import RungTransition
from escalation.services import take_case
from tests.escalation_helpers import fresh, to_care_meeting
from tests.factories import report_case

fill = importlib.import_module("escalation.migrations.0007_fill_step_on_rung_since")


def _ladder(reporter, counsellor, dean, unit):
    case = take_case(report_case(reporter=reporter, unit=unit), acting_user=counsellor)
    case = to_care_meeting(case, counsellor, dean)
    return fresh(case), list(RungTransition.objects.filter(case=case).order_by("at", "id"))


def test_a_step_starts_its_stay_at_the_step_before_or_the_report(reporter, counsellor, dean, unit):
    case, (take_on, escalate) = _ladder(reporter, counsellor, dean, unit)
    assert (take_on.from_rung, escalate.from_rung) == ("signal", "support")
    assert take_on.on_rung_since == case.created_at
    assert escalate.on_rung_since == take_on.at
    history = escalate.history.get()
    assert history.on_rung_since == take_on.at


def test_the_migration_fills_the_steps_made_before_it(reporter, counsellor, dean, unit):
    """Two cases whose steps interleave in time, one step tied in time with the step before it
    (the lower id came first): each stay starts within its own case."""
    first, (first_take_on, first_escalate) = _ladder(reporter, counsellor, dean, unit)
    second, (second_take_on, second_escalate) = _ladder(reporter, counsellor, dean, unit)
    hour = datetime.timedelta(hours=1)
    start = second.created_at + hour
    times = {
        first_take_on: start,
        second_take_on: start + hour,
        first_escalate: start + 2 * hour,
        second_escalate: start + hour,  # the same moment as its own take-on
    }
    for step, at in times.items():
        RungTransition.objects.filter(pk=step.pk).update(at=at)
    wrong = first.created_at.replace(year=2001)
    RungTransition.objects.update(on_rung_since=wrong)
    RungTransition.history.model.objects.update(on_rung_since=wrong)
    with connection.cursor() as cursor:
        cursor.execute(fill.FILL_STEPS)
        cursor.execute(fill.FILL_HISTORY)
    since = dict(RungTransition.objects.values_list("pk", "on_rung_since"))
    assert since[first_take_on.pk] == first.created_at
    assert since[first_escalate.pk] == start
    assert since[second_take_on.pk] == second.created_at
    assert since[second_escalate.pk] == start + hour
    assert first_escalate.history.get().on_rung_since == start

"""Each step on the ladder keeps when the case came onto the rung it leaves (the trends' "time
per rung" reads it), both when a step is taken and for steps made before the column existed."""

import importlib

from django.db import connection

from cases.services import take_case
from escalation.models import RungTransition
from tests.escalation_helpers import fresh, to_care_meeting
from tests.factories import report_case

fill = importlib.import_module("escalation.migrations.0006_step_on_rung_since")


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
    case, (take_on, escalate) = _ladder(reporter, counsellor, dean, unit)
    wrong = case.created_at.replace(year=2001)
    RungTransition.objects.update(on_rung_since=wrong)
    RungTransition.history.model.objects.update(on_rung_since=wrong)
    with connection.cursor() as cursor:
        cursor.execute(fill.FILL_STEPS)
        cursor.execute(fill.FILL_HISTORY)
    assert RungTransition.objects.get(pk=take_on.pk).on_rung_since == case.created_at
    assert RungTransition.objects.get(pk=escalate.pk).on_rung_since == take_on.at
    assert escalate.history.get().on_rung_since == take_on.at

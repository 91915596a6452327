"""Fills `on_rung_since` for the steps made before 0006: the step before it (or the report),
as `escalation.services.move_case` does for new steps; a history row takes the value of its
step, or its own moment when the step is gone.

Plain SQL, one statement per table, rather than rows through `apps.get_model`: tier N has 4M
steps with as many history rows (93 s this way on PostgreSQL, with the index 0006 adds). The same
SQL runs on SQLite and PostgreSQL.
"""

from django.db import migrations

FILL_STEPS = """
UPDATE escalation_rungtransition SET on_rung_since = COALESCE(
    (SELECT p.at FROM escalation_rungtransition p
      WHERE p.case_id = escalation_rungtransition.case_id
        AND (p.at < escalation_rungtransition.at
             OR (p.at = escalation_rungtransition.at AND p.id < escalation_rungtransition.id))
      ORDER BY p.at DESC, p.id DESC LIMIT 1),
    (SELECT c.created_at FROM cases_case c WHERE c.id = escalation_rungtransition.case_id)
)
"""

FILL_HISTORY = """
UPDATE escalation_historicalrungtransition SET on_rung_since = COALESCE(
    (SELECT t.on_rung_since FROM escalation_rungtransition t
      WHERE t.id = escalation_historicalrungtransition.id),
    escalation_historicalrungtransition.at
)
"""


class Migration(migrations.Migration):
    dependencies = [("escalation", "0006_step_on_rung_since")]

    operations = [
        migrations.RunSQL(FILL_STEPS, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_HISTORY, migrations.RunSQL.noop),
    ]

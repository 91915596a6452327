"""Each step on the ladder keeps when the case came onto the rung it leaves (issue 9).

Filled for existing steps from the step before it (or the report), the same rule as
`RungTransition.previous_step_at`; a history row takes the value of its step, or its own
moment when the step is gone.
"""

from django.db import migrations, models

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
    dependencies = [
        ("cases", "0005_view_case_in_meeting"),
        ("escalation", "0005_pending_requests_oldest_first_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="rungtransition",
            index=models.Index(fields=["case", "at", "id"], name="step_case_at"),
        ),
        migrations.AddIndex(
            model_name="rungtransition",
            index=models.Index(fields=["at"], name="step_at"),
        ),
        migrations.AddField(
            model_name="rungtransition",
            name="on_rung_since",
            field=models.DateTimeField(null=True, verbose_name="op de trede sinds"),
        ),
        migrations.AddField(
            model_name="historicalrungtransition",
            name="on_rung_since",
            field=models.DateTimeField(null=True, verbose_name="op de trede sinds"),
        ),
        migrations.RunSQL(FILL_STEPS, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_HISTORY, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="rungtransition",
            name="on_rung_since",
            field=models.DateTimeField(verbose_name="op de trede sinds"),
        ),
        migrations.AlterField(
            model_name="historicalrungtransition",
            name="on_rung_since",
            field=models.DateTimeField(verbose_name="op de trede sinds"),
        ),
    ]

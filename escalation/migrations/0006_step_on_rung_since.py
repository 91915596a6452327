"""Each step on the ladder keeps when the case came onto the rung it leaves (issue 9): the
column, nullable until 0007 fills it and 0008 requires it; and indexes on the steps by case and
by time."""

from django.db import migrations, models


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
    ]

"""Every step now knows when its stay began (filled by 0007): the column is required."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("escalation", "0007_fill_step_on_rung_since")]

    operations = [
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

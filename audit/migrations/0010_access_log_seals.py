import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

KINDS = [
    ("emergency", "toegang op grond van een noodsituatie"),
    ("denied", "herhaald geweigerde toegang"),
    ("volume", "ongewoon veel casussen op één dag"),
    ("chain", "toegangslogboek gewijzigd of ingekort"),
    ("roles", "rollen of eenheden toegekend of ingetrokken"),
    ("unsealed", "regels van het toegangslogboek te lang niet verzegeld"),
]


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_role_changes_in_anomaly_report")]

    operations = [
        migrations.CreateModel(
            name="PendingSeal",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="pending_seal",
                        serialize=False,
                        to="audit.accesslogentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "regel die op verzegeling wacht",
                "verbose_name_plural": "regels die op verzegeling wachten",
            },
        ),
        migrations.CreateModel(
            name="AccessLogSeal",
            fields=[
                ("position", models.BigIntegerField(primary_key=True, serialize=False)),
                (
                    "previous_hash",
                    models.CharField(max_length=64, verbose_name="hash van de vorige regel"),
                ),
                ("row_hash", models.CharField(max_length=64, verbose_name="hash van deze regel")),
                (
                    "sealed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="verzegeld op"
                    ),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="seal",
                        to="audit.accesslogentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "zegel in de hashketen",
                "verbose_name_plural": "zegels in de hashketen",
            },
        ),
        migrations.AddField(
            model_name="chainhead",
            name="sealed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="accessanomaly",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=16, verbose_name="soort"),
        ),
        migrations.AlterField(
            model_name="historicalaccessanomaly",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=16, verbose_name="soort"),
        ),
    ]

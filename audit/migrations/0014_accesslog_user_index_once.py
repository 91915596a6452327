"""The access log's person is indexed once, by `accesslog_user_at` (person, time), instead of also
on its own: every row of every page read wrote both.

The index is found on the column and dropped by name rather than by altering the field: on SQLite
altering a field rebuilds the table, which drops the append-only and sealing triggers (see 0012).
Dropping an index is quick (no table scan), though it waits for the table's lock."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The name Django gives the foreign key's own index (made from the table and column).
INDEX = "audit_accesslogentry_user_id_df6d7662"


def _person_indexes(model, schema_editor):
    """The names of the indexes on the person's column alone, whatever they are called."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and info["columns"] == ["user_id"]
        and not (info["primary_key"] or info["unique"] or info["foreign_key"])
    ]


def drop_person_index(apps, schema_editor):
    model = apps.get_model("audit", "AccessLogEntry")
    for name in _person_indexes(model, schema_editor):
        schema_editor.remove_index(model, models.Index(fields=["user"], name=name))


def put_back_person_index(apps, schema_editor):
    model = apps.get_model("audit", "AccessLogEntry")
    if not _person_indexes(model, schema_editor):
        schema_editor.add_index(model, models.Index(fields=["user"], name=INDEX))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0013_seal_queue_and_append_only_seals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_person_index, put_back_person_index)],
        ),
    ]

"""The rows no longer carry hashes: their seals do (0011). On SQLite removing a column rebuilds
the table, which drops its triggers; 0013 puts them back, and going back past this migration puts
back those of 0008 (run last when reversing, after the columns are back)."""

from django.db import migrations


def put_back_append_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for operation in ("UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS audit_accesslog_append_only_{operation.lower()} "
            f"BEFORE {operation} ON audit_accesslogentry "
            f"BEGIN SELECT RAISE(ABORT, 'The access log is append-only: {operation} is not "
            "allowed'); END"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_move_hashes_to_seals")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, put_back_append_only_triggers),
        migrations.RemoveField(model_name="accesslogentry", name="previous_hash"),
        migrations.RemoveField(model_name="accesslogentry", name="row_hash"),
    ]

"""On SQLite too the database itself refuses to change or delete access-log rows, as the
PostgreSQL trigger of migration 0002 does (SQLite has triggers; RAISE(ABORT) fails the statement).
"""

from django.db import migrations

OPERATIONS = ("UPDATE", "DELETE")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for operation in OPERATIONS:
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS audit_accesslog_append_only_{operation.lower()} "
            f"BEFORE {operation} ON audit_accesslogentry "
            f"BEGIN SELECT RAISE(ABORT, 'The access log is append-only: {operation} is not "
            "allowed'); END"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for operation in OPERATIONS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS audit_accesslog_append_only_{operation.lower()}"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_seal_existing_access_log")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]

"""The database queues every new access-log row for the sealer, so no writer can leave one out,
and refuses to change or remove a seal, as it refuses it for the rows themselves. On SQLite the
rows' own append-only triggers are put back too: removing the hash columns (0012) rebuilt the
table, and SQLite drops a table's triggers with it."""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION audit_accesslog_queue_for_seal() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit_pendingseal (entry_id) SELECT id FROM new_rows;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslog_queue_for_seal
    AFTER INSERT ON audit_accesslogentry
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_queue_for_seal();
CREATE TRIGGER audit_accesslogseal_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogseal
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_refuse_change();
"""
POSTGRESQL_UNDO = """
DROP TRIGGER IF EXISTS audit_accesslogseal_append_only ON audit_accesslogseal;
DROP TRIGGER IF EXISTS audit_accesslog_queue_for_seal ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslog_queue_for_seal();
"""


def _refuse(table, name, operation):
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name}_append_only_{operation.lower()} "
        f"BEFORE {operation} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'The access log is append-only: {operation} is not "
        "allowed'); END"
    )


SQLITE = [
    # The names migration 0008 gave them.
    _refuse("audit_accesslogentry", "audit_accesslog", "UPDATE"),
    _refuse("audit_accesslogentry", "audit_accesslog", "DELETE"),
    _refuse("audit_accesslogseal", "audit_accesslogseal", "UPDATE"),
    _refuse("audit_accesslogseal", "audit_accesslogseal", "DELETE"),
    "CREATE TRIGGER IF NOT EXISTS audit_accesslog_queue_for_seal "
    "AFTER INSERT ON audit_accesslogentry "
    "BEGIN INSERT INTO audit_pendingseal (entry_id) VALUES (NEW.id); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS audit_accesslog_queue_for_seal",
    "DROP TRIGGER IF EXISTS audit_accesslogseal_append_only_update",
    "DROP TRIGGER IF EXISTS audit_accesslogseal_append_only_delete",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: '%' stays literal
            cursor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(POSTGRESQL_UNDO)
    elif vendor == "sqlite":
        for statement in SQLITE_UNDO:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0012_remove_hashes_from_rows")]
    operations = [migrations.RunPython(create, drop)]

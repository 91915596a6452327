"""The database queues every new access-log row for the sealer, so no writer can leave one out;
lets a row leave the queue only once it is sealed; and refuses to change or remove a seal, as it
refuses it for the rows themselves. On SQLite the rows' own append-only triggers are put back
too: removing the hash columns (0012) rebuilt the table, and SQLite drops a table's triggers
with it.

Rows an older process wrote while 0010-0012 ran (web and workers should be stopped for this
release's migrate; see README) are queued here, under a lock on the log, and the chain head is
set from the last seal: they are sealed at the end, like any late row."""

from django.db import migrations

from audit.models import GENESIS_HASH

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
CREATE OR REPLACE FUNCTION audit_pendingseal_only_when_sealed() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_accesslogseal WHERE entry_id = OLD.entry_id) THEN
        RAISE EXCEPTION 'An access-log row leaves the queue only when it is sealed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_pendingseal_only_when_sealed
    BEFORE DELETE ON audit_pendingseal
    FOR EACH ROW EXECUTE FUNCTION audit_pendingseal_only_when_sealed();
"""
POSTGRESQL_UNDO = """
DROP TRIGGER IF EXISTS audit_pendingseal_only_when_sealed ON audit_pendingseal;
DROP FUNCTION IF EXISTS audit_pendingseal_only_when_sealed();
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
    "CREATE TRIGGER IF NOT EXISTS audit_pendingseal_only_when_sealed "
    "BEFORE DELETE ON audit_pendingseal "
    "WHEN NOT EXISTS (SELECT 1 FROM audit_accesslogseal WHERE entry_id = OLD.entry_id) "
    "BEGIN SELECT RAISE(ABORT, 'An access-log row leaves the queue only when it is sealed'); END",
]
# Rows with neither a seal nor a place in the queue, and the head as the last seal says.
QUEUE_STRAYS = """
INSERT INTO audit_pendingseal (entry_id)
SELECT e.id FROM audit_accesslogentry e
WHERE NOT EXISTS (SELECT 1 FROM audit_accesslogseal s WHERE s.entry_id = e.id)
AND NOT EXISTS (SELECT 1 FROM audit_pendingseal p WHERE p.entry_id = e.id)
"""
HEAD_FROM_LAST_SEAL = """
UPDATE audit_chainhead SET
    length = COALESCE((SELECT MAX(position) FROM audit_accesslogseal), 0),
    last_entry_id = (SELECT entry_id FROM audit_accesslogseal ORDER BY position DESC LIMIT 1),
    last_hash = COALESCE(
        (SELECT row_hash FROM audit_accesslogseal ORDER BY position DESC LIMIT 1), %s
    )
WHERE id = 1
"""
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS audit_pendingseal_only_when_sealed",
    "DROP TRIGGER IF EXISTS audit_accesslog_queue_for_seal",
    "DROP TRIGGER IF EXISTS audit_accesslogseal_append_only_update",
    "DROP TRIGGER IF EXISTS audit_accesslogseal_append_only_delete",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            # Nothing is written to the log until this transaction commits with its triggers.
            cursor.execute("LOCK TABLE audit_accesslogentry IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(POSTGRESQL)  # no parameters: '%' stays literal
        elif vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)
        cursor.execute(QUEUE_STRAYS)
        cursor.execute(HEAD_FROM_LAST_SEAL, [GENESIS_HASH])


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

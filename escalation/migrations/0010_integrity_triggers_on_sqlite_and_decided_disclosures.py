"""The same integrity on SQLite as on PostgreSQL, and a decided disclosure that stays decided.

- SQLite gets the trigger PostgreSQL has had since 0002: a signed weighing framework refuses
  UPDATE (DELETE stays allowed: retention removes a case with its frameworks).
- Both databases refuse to change a decided disclosure: once a board member decided, the
  decision (who, when, why) and what was decided on (case, recipient, basis, data, purpose,
  framework 2, requester) stay as they are; a rejected, carried-out or withdrawn decision
  changes no more; an approved one only moves on to carried out or withdrawn. DELETE stays
  allowed for retention, as for the frameworks.
"""

from django.db import migrations

FRAMEWORK_TABLES = ["escalation_framework1", "escalation_framework2"]
FIXED_ONCE_DECIDED = [
    "decided_by_id",
    "decided_at",
    "decision_reason",
    "case_id",
    "recipient_id",
    "legal_basis",
    "data_categories",
    "purpose",
    "framework2_id",
    "requested_by_id",
]
DISCLOSURE_MESSAGE = "A decided disclosure cannot be changed; request a new one instead"
FRAMEWORK_MESSAGE = "A signed weighing framework cannot be changed; sign a new one instead"


def _disclosure_change_refused(distinct):
    """SQL that is true when an UPDATE would change a decided disclosure in a refused way."""
    changed = " OR ".join(f"NEW.{column} {distinct} OLD.{column}" for column in FIXED_ONCE_DECIDED)
    return (
        "OLD.decided_at IS NOT NULL AND ("
        "OLD.state <> 'approved' "
        "OR NEW.state NOT IN ('approved', 'carried_out', 'withdrawn') "
        f"OR {changed})"
    )


PG_CREATE = f"""
CREATE OR REPLACE FUNCTION escalation_decided_disclosure_refuse_change() RETURNS trigger AS $$
BEGIN
    IF {_disclosure_change_refused("IS DISTINCT FROM")} THEN
        RAISE EXCEPTION '{DISCLOSURE_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER escalation_disclosure_decided_immutable BEFORE UPDATE ON escalation_disclosure
    FOR EACH ROW EXECUTE FUNCTION escalation_decided_disclosure_refuse_change();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS escalation_disclosure_decided_immutable ON escalation_disclosure;
DROP FUNCTION IF EXISTS escalation_decided_disclosure_refuse_change();
"""

SQLITE_CREATE = [
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_signed_immutable BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{FRAMEWORK_MESSAGE}'); END"
        for table in FRAMEWORK_TABLES
    ),
    "CREATE TRIGGER IF NOT EXISTS escalation_disclosure_decided_immutable "
    "BEFORE UPDATE ON escalation_disclosure "
    f"WHEN {_disclosure_change_refused('IS NOT')} "
    f"BEGIN SELECT RAISE(ABORT, '{DISCLOSURE_MESSAGE}'); END",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_signed_immutable" for table in FRAMEWORK_TABLES),
    "DROP TRIGGER IF EXISTS escalation_disclosure_decided_immutable",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: '%' stays literal
            cursor.execute(PG_CREATE)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PG_DROP)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0009_disclosure_package")]
    operations = [migrations.RunPython(create, drop)]

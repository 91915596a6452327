"""On PostgreSQL the database itself refuses to change a signed weighing framework."""

from django.db import migrations

TABLES = ["escalation_framework1", "escalation_framework2"]
CREATE = """
CREATE OR REPLACE FUNCTION escalation_signed_form_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A signed weighing framework cannot be changed; sign a new one instead'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER {table}_signed_immutable BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION escalation_signed_form_refuse_update();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE)
        for table in TABLES:
            cursor.execute(TRIGGER.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_signed_immutable ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS escalation_signed_form_refuse_update()")


class Migration(migrations.Migration):
    dependencies = [("escalation", "0001_ladder_frameworks_disclosures")]
    operations = [migrations.RunPython(create, drop)]

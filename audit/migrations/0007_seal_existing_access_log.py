"""Chain the rows written before the hash chain existed, oldest first, and set the chain head.

On PostgreSQL the append-only trigger is switched off for this one transaction (the migration
runs as the table's owner) and on again before it commits.
"""

from django.db import migrations

from audit.chain import hash_of
from audit.models import GENESIS_HASH


def seal(apps, schema_editor):
    Entry = apps.get_model("audit", "AccessLogEntry")
    Head = apps.get_model("audit", "ChainHead")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslog_append_only"
        )
    previous, last_id, count = GENESIS_HASH, None, 0
    for entry in Entry.objects.order_by("id").iterator(chunk_size=2000):
        row_hash = hash_of(previous, entry)
        Entry.objects.filter(pk=entry.pk).update(previous_hash=previous, row_hash=row_hash)
        previous, last_id, count = row_hash, entry.pk, count + 1
    if postgres:
        schema_editor.execute(
            "ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslog_append_only"
        )
    Head.objects.update_or_create(
        pk=1, defaults={"last_hash": previous, "last_entry_id": last_id, "length": count}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_access_log_hash_chain_and_anomalies")]
    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]

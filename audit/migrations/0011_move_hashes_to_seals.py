"""The hashes that rows carried themselves move to their seals, unchanged and in the same order
(position = the row's place by id), so anchors written before still hold. A row without a hash
(there should be none) waits for the sealer."""

from django.db import migrations
from django.utils import timezone

SEALS = """
INSERT INTO audit_accesslogseal (position, entry_id, previous_hash, row_hash, sealed_at)
SELECT ROW_NUMBER() OVER (ORDER BY id), id, previous_hash, row_hash, %s
FROM audit_accesslogentry WHERE row_hash <> ''
"""
PENDING = (
    "INSERT INTO audit_pendingseal (entry_id) SELECT id FROM audit_accesslogentry "
    "WHERE row_hash = ''"
)


def move(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SEALS, [timezone.now()])
        cursor.execute(PENDING)


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_access_log_seals")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]

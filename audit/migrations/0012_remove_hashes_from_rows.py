from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_move_hashes_to_seals")]

    operations = [
        migrations.RemoveField(model_name="accesslogentry", name="previous_hash"),
        migrations.RemoveField(model_name="accesslogentry", name="row_hash"),
    ]

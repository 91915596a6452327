"""Moving the hashes from the rows to their seals (audit 0010-0013): a chain written before keeps
its hashes, so an anchor taken before the upgrade still holds; a row an older process wrote
during the upgrade, with no seal, is queued and sealed at the end; the triggers stand after."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit import chain
from audit.models import GENESIS_HASH, AccessLogEntry, PendingSeal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0009_role_changes_in_anomaly_report")]
HALFWAY = [("audit", "0011_move_hashes_to_seals")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _write_hashed(Entry, user, previous, n):
    """Rows as the old code wrote them: each carrying its own hash, the head at the end."""
    for number in range(n):
        entry = Entry(
            at=timezone.now(), user_id=user.pk, roles="counsellor", case_id=number,
            case_reference=f"ZW-2026-{number:04d}", part="detail", action="view",
            outcome="allowed", basis="case_team", access_point="GET /casussen/",
        )  # fmt: skip
        entry.previous_hash, entry.row_hash = previous, chain.hash_of(previous, entry)
        entry.save()
        previous = entry.row_hash
    return entry


def test_the_upgrade_keeps_every_hash_and_queues_what_came_in_between():
    user = UserFactory(username="oud-schrijver")
    apps = _migrate(BEFORE)
    try:
        last = _write_hashed(apps.get_model("audit", "AccessLogEntry"), user, GENESIS_HASH, 3)
        apps.get_model("audit", "ChainHead").objects.update_or_create(
            pk=1, defaults={"last_hash": last.row_hash, "last_entry_id": last.pk, "length": 3}
        )
        anchor = (last.pk, last.row_hash)
        apps = _migrate(HALFWAY)  # an older web process still writes meanwhile
        late = _write_hashed(apps.get_model("audit", "AccessLogEntry"), user, last.row_hash, 1)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    verdict = chain.verify(anchors=[anchor])
    assert (verdict.ok, verdict.checked, verdict.last_id) == (True, 3, last.pk)
    assert list(PendingSeal.objects.values_list("entry_id", flat=True)) == [late.pk]
    assert chain.seal() == 1
    assert (chain.verify(anchors=[anchor]).ok, chain.verify().checked) == (True, 4)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=last.pk).update(basis="none")

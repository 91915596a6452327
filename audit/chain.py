"""The access log's hash chain: sealing the rows that requests wrote, and checking the chain.

Requests only insert their rows (`write`): no reader waits on a lock that all readers share.
A database trigger puts every new row on a queue (`PendingSeal`); the sealer takes the queued
rows that are committed, in id order, and appends them to the chain — one sealer at a time (a
PostgreSQL advisory lock; SQLite has one writer anyway). A Celery beat task runs it every few
seconds; in the embedded setup (tasks run eagerly) it runs right after each commit.

A seal's hash is SHA-256 over the previous seal's hash and its row's fields in a fixed, canonical
form. Changing a field changes the hash; removing a row breaks the link of the next one; cutting
rows off the end no longer matches the chain head; a row that commits late gets the next place
at the end, never one in the sealed past. Never change `canonical`: every stored hash was
computed with it.

Someone who can write the database could still rewrite a row and every hash after it, head
included. Anchors catch that: the nightly report writes the checked head ("<row id>:<hash>")
to the application log and, if configured, a file, outside the database; `verify_access_log
--anchor` checks that the anchored rows still carry those hashes.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from audit.models import GENESIS_HASH, AccessLogEntry, AccessLogSeal, ChainHead, PendingSeal

# The PostgreSQL advisory lock that lets one sealer run at a time ("ZWSEAL" in ASCII).
SEALER_LOCK = 0x5A5753_45414C
# Rows sealed per transaction: a backlog after an outage is worked off in short steps.
SEAL_BATCH = 2000

FIELDS = (
    "at",
    "user_id",
    "roles",
    "case_id",
    "case_reference",
    "student_pseudonym",
    "part",
    "action",
    "outcome",
    "basis",
    "query",
    "reason",
    "access_point",
    "ip_address",
)


def canonical(entry):
    values = {name: getattr(entry, name) for name in FIELDS}
    values["at"] = entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    values["ip_address"] = str(entry.ip_address) if entry.ip_address else None
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hash_of(previous_hash, entry):
    return hashlib.sha256(f"{previous_hash}\n{canonical(entry)}".encode()).hexdigest()


# What differs between the rows of one read (a list logs a row per case shown); the other
# fields are the same for every row of it.
PER_ROW = ("case_id", "case_reference", "student_pseudonym", "basis")


def write(shared, rows):
    """Insert one row per item of `rows` (values of `PER_ROW`), each with the `shared` values
    of the other fields; the database queues them for the sealer. No shared lock.

    One INSERT of plain values, not model instances through `bulk_create`: the shared values
    are prepared for the database once, not once per row (a list page logs 25 rows; the ORM's
    objects and per-value preparation were a tenth of its Python time, issue 20). The rows of
    one read share its moment (`at`), as they share its person and page. The log is
    append-only and not an audited model: no history row to miss."""
    if not rows:
        return
    per_row = set(PER_ROW)
    if set(shared) & per_row or set(shared) | per_row != set(FIELDS):
        raise ValueError("The shared fields are every field of a row but those of PER_ROW.")
    if any(set(row) != per_row for row in rows):
        raise ValueError("Each row gives exactly the fields of PER_ROW.")
    model = AccessLogEntry._meta
    prepared = {
        name: model.get_field(name).get_db_prep_save(value, connection)
        for name, value in shared.items()
    }
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model.get_field(name).column) for name in FIELDS)
    # Table and column names come from the model; every value goes as a parameter.
    insert = f"INSERT INTO {quote(model.db_table)} ({columns}) VALUES "  # noqa: S608
    row_sql = f"({', '.join(['%s'] * len(FIELDS))})"
    batch = max(1, (connection.features.max_query_params or 10_000) // len(FIELDS))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            part = rows[start : start + batch]
            params = []
            for row in part:
                params.extend(row[name] if name in per_row else prepared[name] for name in FIELDS)
            cursor.execute(insert + ", ".join([row_sql] * len(part)), params)
    if settings.ZW_SEAL_ON_COMMIT:
        transaction.on_commit(seal, robust=True)


def seal(*, batch=SEAL_BATCH):
    """Append the committed rows waiting for a seal to the chain, in id order; how many were
    sealed, or None when another sealer is at work (what it leaves, the next round takes)."""
    total = 0
    while True:
        with transaction.atomic():
            if not _take_sealer_lock():
                return None if total == 0 else total
            sealed = _seal_batch(batch)
        total += sealed
        if sealed < batch:
            return total


def _take_sealer_lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEALER_LOCK])
            return cursor.fetchone()[0]
    # SQLite has one writer at a time: writing first takes that lock before anything is read.
    if not ChainHead.objects.filter(pk=1).update(length=F("length")):
        ChainHead.objects.create(pk=1)  # an empty database (a flushed test database)
    return True


def _seal_batch(batch):
    head = ChainHead.objects.filter(pk=1).first() or ChainHead.objects.create(pk=1)
    entries = list(AccessLogEntry.objects.filter(pending_seal__isnull=False).order_by("id")[:batch])
    if not entries:
        return 0
    now, previous, position, seals = timezone.now(), head.last_hash, head.length, []
    for entry in entries:
        position += 1
        row_hash = hash_of(previous, entry)
        seals.append(
            AccessLogSeal(
                position=position,
                entry=entry,
                previous_hash=previous,
                row_hash=row_hash,
                sealed_at=now,
            )
        )
        previous = row_hash
    # Seals, the queue and the head are the chain's own bookkeeping, not audited models: no
    # history rows to miss, and the database refuses any change to a seal once written.
    AccessLogSeal.objects.bulk_create(seals)
    # Exactly these rows: another row may have committed since the select above.
    PendingSeal.objects.filter(entry_id__in=[entry.pk for entry in entries]).delete()
    ChainHead.objects.filter(pk=1).update(
        last_hash=previous, last_entry_id=entries[-1].pk, length=position, sealed_at=now
    )
    return len(entries)


# Counting the backlog stops here: a long outage must not make the health check slow.
BACKLOG_COUNT_CAP = 10_000


@dataclass(frozen=True)
class Backlog:
    """The rows written but not sealed yet: how many (at most the cap), and the oldest's age."""

    count: int
    oldest_seconds: float | None


def backlog(*, now=None):
    """The sealer's lag: how many rows wait, and for how long the oldest has (two queries).
    The oldest is read first: a sealer running in between leaves a count with no age, never
    an age with no count."""
    oldest = PendingSeal.objects.order_by("entry_id").values_list("entry__at", flat=True).first()
    if oldest is None:
        return Backlog(0, None)
    count = max(PendingSeal.objects.all()[:BACKLOG_COUNT_CAP].count(), 1)
    return Backlog(count, max(((now or timezone.now()) - oldest).total_seconds(), 0.0))


def unsealed_before(moment, *, named=20):
    """Rows written before `moment` and still not sealed: how many (up to the cap) and the ids
    of the first `named` of them, oldest first. Read through the queue, never the whole log."""
    queued = PendingSeal.objects.order_by("entry_id").values("entry_id")[:BACKLOG_COUNT_CAP]
    late = AccessLogEntry.objects.filter(pk__in=Subquery(queued), at__lt=moment)
    ids = list(late.order_by("id").values_list("id", flat=True)[:named])
    count = len(ids) if len(ids) < named else late.count()
    return count, ids


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    last_hash: str
    problem: str = ""  # "altered", "broken", "truncated", "rewritten" or "unchained"
    entry_id: int | None = None
    last_id: int | None = None  # the last row checked

    @property
    def anchor(self):
        """The checked head as "<row id>:<hash>" to keep outside the database ("" if none)."""
        return f"{self.last_id}:{self.last_hash}" if self.ok and self.last_id else ""


def verify(*, chunk_size=5000, anchors=()):
    """Walk the sealed chain from the first seal to the head; the first problem found, or that
    all is well. `anchors` are (row id, hash) pairs kept outside the database earlier.

    The head is read first and only seals up to it are walked: rows sealed meanwhile are the
    next check's, never a false "truncated". Rows not sealed yet are not part of the chain."""
    head = ChainHead.objects.filter(pk=1).first()
    expected = (head.last_hash, head.length) if head else (GENESIS_HASH, 0)
    anchored = {}
    for entry_id, row_hash in anchors:
        anchored.setdefault(entry_id, set()).add(row_hash)
    seals = (
        AccessLogSeal.objects.filter(position__lte=expected[1])
        .select_related("entry")
        .order_by("position")
    )
    previous, checked, last_id = GENESIS_HASH, 0, None
    for link in seals.iterator(chunk_size=chunk_size):
        if link.previous_hash != previous:
            return Verdict(False, checked, previous, "broken", link.entry_id)
        if hash_of(previous, link.entry) != link.row_hash:
            return Verdict(False, checked, previous, "altered", link.entry_id)
        if anchored.pop(link.entry_id, {link.row_hash}) != {link.row_hash}:
            return Verdict(False, checked, previous, "rewritten", link.entry_id)
        previous, last_id, checked = link.row_hash, link.entry_id, checked + 1
    if anchored:  # an anchored row is gone, and the chain was rebuilt without it
        return Verdict(False, checked, previous, "rewritten", min(anchored))
    if expected != (previous, checked):
        return Verdict(False, checked, previous, "truncated", last_id)
    outside = _row_outside_the_chain()
    if outside is not None:
        return Verdict(False, checked, previous, "unchained", outside)
    return Verdict(True, checked, previous, last_id=last_id)


COUNTS = (
    "SELECT (SELECT COUNT(*) FROM audit_accesslogentry), (SELECT COUNT(*) FROM audit_pendingseal),"
    " (SELECT length FROM audit_chainhead WHERE id = 1)"
)


def _row_outside_the_chain():
    """A row that is neither sealed nor waiting for the sealer (its place in the queue was
    removed, or it was written past the trigger), or None. Every row is one or the other: a
    row and its place in the queue commit together, and so do a seal, the row leaving the
    queue and the head. One statement, so one snapshot, compares the three counts."""
    with connection.cursor() as cursor:
        cursor.execute(COUNTS)
        rows, queued, length = cursor.fetchone()
    if rows == (length or 0) + queued:
        return None
    stray = AccessLogEntry.objects.filter(seal__isnull=True, pending_seal__isnull=True)
    # No such row: one was removed while its seal or its place in the queue stayed.
    return stray.order_by("id").values_list("id", flat=True).first() or 0


def parse_anchor(text):
    """(row id, hash) from "<row id>:<hash>"; ValueError when it is not one."""
    found = re.fullmatch(r"([0-9]{1,18}):([0-9a-fA-F]{64})", text.strip())
    if found is None:
        raise ValueError(text)
    return int(found[1]), found[2].lower()

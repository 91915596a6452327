"""The access log's hash chain: appending rows under a lock, and checking the whole chain.

A row's hash is SHA-256 over the previous row's hash and the row's own fields in a fixed,
canonical form. Changing a field changes the row's hash; removing a row breaks the link of the
next one; cutting rows off the end no longer matches the chain head. Never change `canonical`:
every stored hash was computed with it.

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

from django.db import transaction

from audit.models import GENESIS_HASH, AccessLogEntry, ChainHead

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


def append(entries):
    """Write these new rows at the end of the chain, in order, in one locked step."""
    if not entries:
        return
    # No savepoint: inside a caller's transaction the rows and the head commit with it.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        previous = head.last_hash
        for entry in entries:
            entry.previous_hash = previous
            entry.row_hash = previous = hash_of(previous, entry)
        if len(entries) == 1:
            entries[0].save()
        else:
            AccessLogEntry.objects.bulk_create(entries)  # append-only log, not an audited model
        ChainHead.objects.filter(pk=head.pk).update(
            last_hash=previous, last_entry_id=entries[-1].pk, length=head.length + len(entries)
        )


def _locked_head():
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # an empty database (the migration makes it; a flushed test database not)
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    last_hash: str
    problem: str = ""  # "altered", "broken", "truncated" or "rewritten"
    entry_id: int | None = None
    last_id: int | None = None  # the last row checked

    @property
    def anchor(self):
        """The checked head as "<row id>:<hash>" to keep outside the database ("" if none)."""
        return f"{self.last_id}:{self.last_hash}" if self.ok and self.last_id else ""


def verify(*, chunk_size=5000, anchors=()):
    """Walk the chain from the first row to the head; the first problem found, or that all is
    well. `anchors` are (row id, hash) pairs kept outside the database earlier.

    The head is read first and only rows up to it are walked: rows appended meanwhile (the log
    is written all the time) are the next check's, never a false "truncated"."""
    head = ChainHead.objects.filter(pk=1).first()
    expected = (head.last_hash, head.length) if head else (GENESIS_HASH, 0)
    anchored = {}
    for entry_id, row_hash in anchors:
        anchored.setdefault(entry_id, set()).add(row_hash)
    rows = AccessLogEntry.objects.order_by("id")
    if head is not None and head.last_entry_id is not None:
        rows = rows.filter(id__lte=head.last_entry_id)
    previous, checked, last_id = GENESIS_HASH, 0, None
    for row in rows.iterator(chunk_size=chunk_size):
        if row.previous_hash != previous:
            return Verdict(False, checked, previous, "broken", row.pk)
        if hash_of(previous, row) != row.row_hash:
            return Verdict(False, checked, previous, "altered", row.pk)
        if anchored.pop(row.pk, {row.row_hash}) != {row.row_hash}:
            return Verdict(False, checked, previous, "rewritten", row.pk)
        previous, last_id, checked = row.row_hash, row.pk, checked + 1
    if anchored:  # an anchored row is gone, and the chain was rebuilt without it
        return Verdict(False, checked, previous, "rewritten", min(anchored))
    if expected != (previous, checked):
        return Verdict(False, checked, previous, "truncated", last_id)
    return Verdict(True, checked, previous, last_id=last_id)


def parse_anchor(text):
    """(row id, hash) from "<row id>:<hash>"; ValueError when it is not one."""
    found = re.fullmatch(r"([0-9]{1,18}):([0-9a-fA-F]{64})", text.strip())
    if found is None:
        raise ValueError(text)
    return int(found[1]), found[2].lower()

"""Writing audited objects so that their history rows name who acted and why."""

from collections import defaultdict
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


@contextmanager
def recorded_as(obj, *, acting_user, reason):
    """Within this block, history rows for `obj` (saves and m2m changes) carry user and reason."""
    obj._history_user = acting_user
    obj._change_reason = str(reason)
    try:
        yield obj
    finally:
        del obj._history_user
        del obj._change_reason


def save_with_history(obj, *, acting_user, reason, update_fields=None):
    """Save one audited object; its history row records the acting user and the reason."""
    with recorded_as(obj, acting_user=acting_user, reason=reason):
        obj.save(update_fields=update_fields)
    return obj


# Columns a historical model adds to the tracked ones; `history_id` is its own key.
_HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
_BATCH = 5000


class HistoryNotWritten(RuntimeError):
    """A bulk history write found fewer rows than objects: the caller's transaction must end."""


def history_in_bulk(model, objs, *, history_type, acting_user, date):
    """The history rows of objects just written in bulk (`bulk_create`, `bulk_update`), in
    the caller's transaction: each copied from the object's row as the database now holds it,
    with the acting user, one date, the type ("+" new, "~" changed) and the object's own
    `_change_reason`. One INSERT … SELECT per reason and batch: simple-history's bulk helper
    builds a model instance per row first, which cost twice the write itself for 50,000
    students. Exactly one row per object, or it raises (and the transaction rolls back)."""
    if history_type not in ("+", "~"):
        raise ValueError("history_in_bulk copies rows that exist: new (+) or changed (~)")
    if not connection.in_atomic_block:
        raise RuntimeError("history_in_bulk runs inside the transaction of the write it records")
    by_reason = defaultdict(list)
    for obj in objs:
        if obj.pk is None:
            raise ValueError("history_in_bulk needs the objects' keys (a database returning them)")
        reason = getattr(obj, "_change_reason", None)
        by_reason[None if reason is None else str(reason)].append(obj.pk)
    if any(len(set(pks)) != len(pks) for pks in by_reason.values()):
        raise ValueError("history_in_bulk got an object twice: one history row per change")
    shared = {
        "history_date": model.history.model._meta.get_field("history_date").get_db_prep_save(
            date, connection
        ),
        "history_type": history_type,
        "history_user_id": acting_user.pk if acting_user else None,
    }
    limit = connection.features.max_query_params or _BATCH
    per_statement = min(_BATCH, limit - len(_HISTORY_COLUMNS))
    with connection.cursor() as cursor:
        for reason, pks in by_reason.items():
            values = {**shared, "history_change_reason": reason}
            for start in range(0, len(pks), per_statement):
                batch = pks[start : start + per_statement]
                cursor.execute(
                    _copy_sql(model, len(batch)),
                    [*(values[c] for c in _HISTORY_COLUMNS), *batch],
                )
                if cursor.rowcount != len(batch):
                    raise HistoryNotWritten(
                        f"{len(batch)} {model.__name__} rows to record, {cursor.rowcount} found"
                    )


def _copy_sql(model, keys):
    """INSERT … SELECT of the tracked columns of `keys` rows, the history columns as the first
    four parameters. Table and column names come from the models; every value is a parameter."""
    history = model.history.model
    tracked = [field.column for field in history.tracked_fields]
    added = [
        field.column
        for field in history._meta.concrete_fields
        if field.column not in tracked and not field.primary_key
    ]
    if sorted(added) != sorted(_HISTORY_COLUMNS):
        raise ImproperlyConfigured(f"{history.__name__} has columns this copy does not fill")
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in [*tracked, *_HISTORY_COLUMNS])}) "
        f"SELECT {', '.join(quote(c) for c in tracked)}, "
        f"{', '.join(['%s'] * len(_HISTORY_COLUMNS))} "
        f"FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * keys)})"
    )

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


def history_in_bulk(model, objs, *, history_type, acting_user, date):
    """The history rows of objects just written in bulk (`bulk_create`, `bulk_update`), in
    the caller's transaction: each copied from the object's row as the database now holds it,
    with the acting user, one date, the type ("+" new, "~" changed) and the object's own
    `_change_reason`. One INSERT … SELECT per reason and batch: simple-history's bulk helper
    builds a model instance per row first, which cost twice the write itself for 50,000
    students."""
    history = model.history.model
    tracked = [field.column for field in history.tracked_fields]
    added = [
        field.column
        for field in history._meta.concrete_fields
        if field.column not in tracked and not field.primary_key
    ]
    if sorted(added) != sorted(_HISTORY_COLUMNS):
        raise ImproperlyConfigured(f"{history.__name__} has columns this copy does not fill")
    by_reason = defaultdict(list)
    for obj in objs:
        if obj.pk is None:
            raise ValueError("history_in_bulk needs the objects' keys (a database returning them)")
        by_reason[str(getattr(obj, "_change_reason", ""))].append(obj.pk)
    quote = connection.ops.quote_name
    constants = {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(date, connection),
        "history_type": history_type,
        "history_user_id": acting_user.pk if acting_user else None,
    }
    per_statement = min(5000, (connection.features.max_query_params or 5000) - len(constants) - 1)
    with connection.cursor() as cursor:
        for reason, pks in by_reason.items():
            values = {**constants, "history_change_reason": reason}
            for start in range(0, len(pks), per_statement):
                batch = pks[start : start + per_statement]
                cursor.execute(
                    f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 — names from the models
                    f"({', '.join(quote(c) for c in [*tracked, *_HISTORY_COLUMNS])}) "
                    f"SELECT {', '.join(quote(c) for c in tracked)}, "
                    f"{', '.join(['%s'] * len(_HISTORY_COLUMNS))} "
                    f"FROM {quote(model._meta.db_table)} "
                    f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                    [*(values[c] for c in _HISTORY_COLUMNS), *batch],
                )

"""Writing audited objects so that their history rows name who acted and why."""

from contextlib import contextmanager


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

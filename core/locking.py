"""The locked edit: read the row for update, make sure nobody saved it in between, save a new
version with its history row. Every versioned object of the product is edited this way."""

from core.errors import EditConflict
from core.history import save_with_history


def lock_for_edit(obj, expected_version=None, *, message=None):
    """The object's row, locked until the transaction ends. With `expected_version` (the version
    the form was opened on), an `EditConflict` when someone saved a newer one meanwhile."""
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict(message, current_version=locked.version)
    return locked


def save_version(obj, *, acting_user, reason):
    """Save an audited object as its next version (a new object keeps its first version)."""
    if obj.pk is not None:
        obj.version += 1
    return save_with_history(obj, acting_user=acting_user, reason=reason)

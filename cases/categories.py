"""The default concern categories (DESIGN §2.1), which a migration adds to every database."""

import importlib

from cases.models import ConcernCategory
from core.history import save_with_history


def ensure_default_categories(*, acting_user, reason):
    """Put back any default category a database lacks (one emptied since migrating, such as a
    flushed test database); demo and load data build on them. Existing ones stay as they are."""
    defaults = importlib.import_module("cases.migrations.0003_default_categories").CATEGORIES
    for order, (code, label_nl, label_en) in enumerate(defaults, start=1):
        if not ConcernCategory.objects.filter(code=code).exists():
            category = ConcernCategory(
                code=code, label_nl=label_nl, label_en=label_en, order=order * 10
            )
            save_with_history(category, acting_user=acting_user, reason=reason)

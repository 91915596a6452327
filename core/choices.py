"""Choice labels without Django's per-call cost."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """A model mixin: `get_<field>_display()` looks its label up in a table kept per field.

    Django's own builds that table on every call, hashing every label of the field's choices —
    and hashing a translated label translates it. The case page shows some 25 such labels (the
    timeline's kinds, the ladder's steps, the weighing answers): that was a tenth of its Python
    time at tier N (issue 20). The labels stay lazy, so each is translated when shown, in the
    language of that request."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        labels = field.__dict__.get("_zw_choice_labels")
        if labels is None:
            labels = field._zw_choice_labels = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

"""What every form of the product shares: Bootstrap classes, errors linked to their field, and
model choices that refuse an id no database holds."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from core.markup import format_html, format_html_join

_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.RadioSelect: "form-check-input",
    forms.CheckboxSelectMultiple: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


# The largest id a database column holds: a larger number is no choice at all, and SQLite would
# raise (an error page) if it were used in a query.
MAX_ID = 2**63 - 1


def _out_of_range(value):
    try:
        return not 0 < int(str(value)) <= MAX_ID
    except ValueError:
        return False  # not a number: the field itself says it is no valid choice


class _BoundedChoice:
    """A model choice that refuses an id outside the database's range before querying."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def _check_values(self, value):
        for pk in value:
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


_BOUNDED = {}


def _bounded(field):
    cls = type(field)
    if cls not in _BOUNDED:
        _BOUNDED[cls] = type(f"Bounded{cls.__name__}", (_BoundedChoice, cls), {})
    field.__class__ = _BOUNDED[cls]


class QuickSelect(forms.Select):
    """A select for long lists, its options written in Python: Django renders every option
    through a template of its own, which took 57 ms for the 250 faculties of the trends page
    at tier N (issue 9), and builds a dictionary of attributes per option even without it
    (the case list's filters, issue 20); `core.markup` escapes without Django's per-value
    wrappers. The same markup as `forms.Select` (tests/test_quick_select.py compares them)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen, found = set(self.format_value(value)), False
        groups = []
        for group, options in self._groups():
            rendered = []
            for option, label in options:
                # As Django's select: only the first option with the value is selected.
                selected = not found and str(option) in chosen
                found |= selected
                rendered.append((option, " selected" if selected else "", label))
            rendered = format_html_join("", '<option value="{}"{}>{}</option>', rendered)
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, rendered)
                if group
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(groups)),  # noqa: S308 - every part is escaped above
        )

    def _groups(self):
        """(group label or None, [(value, label)]) as Django's select groups its options:
        consecutive plain options together, each named group on its own (where, as in Django,
        a value of None is not made empty)."""
        plain = []
        for value, label in self._plain_choices():
            if isinstance(label, (list, tuple)):
                if plain:
                    yield None, plain
                    plain = []
                yield value, list(label)
            else:
                plain.append(("" if value is None else value, label))
        if plain:
            yield None, plain

    def _plain_choices(self):
        """The choices; a model field's from one plain query. Django's own iterator reads them
        through `QuerySet.iterator()`, which on PostgreSQL declares a server-side cursor, fetches
        from it and closes it: three statements per select where one does."""
        if not isinstance(self.choices, forms.models.ModelChoiceIterator):
            yield from self.choices
            return
        field = self.choices.field
        if field.empty_label is not None:
            yield "", field.empty_label
        for instance in field.queryset:
            yield self.choices.choice(instance)


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap classes and, once checked, mark their errors. Every
    model choice in it refuses an id no database holds (a clear error, not an error page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, _BoundedChoice):
                _bounded(field)
            css = next(
                (c for kind, c in _CLASSES.items() if isinstance(field.widget, kind)),
                "form-control",
            )
            field.widget.attrs["class"] = css

    def add_error(self, field, error):
        """Every error — from validation or added by a view after a service refused — marks its
        field for the eye (red border) and for screen readers (linked message)."""
        super().add_error(field, error)
        for name in list(self.errors):
            if name in self.fields:
                self._mark_invalid(name)

    def _mark_invalid(self, name):
        attrs = self.fields[name].widget.attrs
        if "is-invalid" in attrs.get("class", "").split():
            return
        bound = self[name]
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        described = [f"{bound.auto_id}_error"]
        if self.fields[name].help_text:
            described.append(f"{bound.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(described)


class PersonChoice(forms.ModelChoiceField):
    """A choice of one person, by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PeopleChoice(forms.ModelMultipleChoiceField):
    """A choice of several people, by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username

"""What every form of the product shares: Bootstrap classes and errors linked to their field."""

from django import forms

_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.RadioSelect: "form-check-input",
    forms.CheckboxSelectMultiple: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap classes and, once checked, mark their errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next(
                (c for kind, c in _CLASSES.items() if isinstance(field.widget, kind)),
                "form-control",
            )
            field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = self.fields[name].widget.attrs
            attrs["class"] += " is-invalid"
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

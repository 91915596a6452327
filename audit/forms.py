from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAnomaly, AccessLogEntry
from core.forms import StyledForm


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _with_all(label, choices):
    return [("", label), *choices]


class AccessLogFilterForm(forms.Form):
    """What the privacy officer narrows the log by; every field is optional, sent as GET."""

    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=_date_input())
    user = forms.CharField(
        label=_("Gebruiker"),
        max_length=150,
        required=False,
        help_text=_("Gebruikersnaam, voornaam of achternaam."),
    )
    case = forms.CharField(label=_("Casusnummer"), max_length=20, required=False)
    pseudonym = forms.CharField(label=_("Pseudoniem student"), max_length=20, required=False)
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=_with_all(_("Alle handelingen"), AccessLogEntry.Action.choices),
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        required=False,
        choices=_with_all(_("Alle uitkomsten"), AccessLogEntry.Outcome.choices),
    )
    basis = forms.ChoiceField(
        label=_("Grondslag"),
        required=False,
        choices=_with_all(_("Alle grondslagen"), AccessLogEntry.Basis.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Deze datum ligt vóór de datum bij ‘Vanaf’."))
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class AnomalyReviewForm(StyledForm):
    """The privacy officer's conclusion about one signal; a measure needs an explanation."""

    conclusion = forms.ChoiceField(
        label=_("Conclusie"), choices=AccessAnomaly.Conclusion.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wat je hebt nagevraagd of besloten. Verplicht bij een maatregel."),
    )

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("conclusion") == AccessAnomaly.Conclusion.MEASURE
        if measure and not cleaned.get("note", "").strip():
            self.add_error("note", _("Leg uit welke maatregel is genomen of waar het is gemeld."))
        return cleaned

"""Forms check the shape of what people type; `incidents.services` checks the rules."""

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.forms import PersonChoice, StyledForm
from incidents import permissions
from incidents.models import ActionState, IncidentKind, Severity

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
REFERENCE = RegexValidator(
    r"^ZW-[0-9]{4}-[0-9]{4,8}$",
    _("Een casuskenmerk ziet eruit als ZW-2026-0042."),
)


def _text(label, *, required=True, rows=None, max_length=20000, help_text="", message=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    errors = {"required": message} if message else {}
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        strip=True,
        error_messages=errors,
    )


def _year_choices():
    this_year = timezone.localdate().year
    return [("", _("Alle jaren"))] + [
        (str(y), str(y)) for y in range(this_year, this_year - 10, -1)
    ]


class IncidentFilterForm(StyledForm):
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *IncidentKind.choices],
        error_messages={"invalid_choice": _("Kies een soort uit de lijst.")},
    )
    ernst = forms.ChoiceField(
        label=_("Ernst"),
        required=False,
        choices=[("", _("Alle niveaus")), *Severity.choices],
        error_messages={"invalid_choice": _("Kies een ernst uit de lijst.")},
    )
    jaar = forms.TypedChoiceField(
        label=_("Jaar"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een jaar uit de lijst.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = _year_choices()


class IncidentForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = _text(
        _("Korte omschrijving"),
        max_length=200,
        help_text=_("Een paar woorden, zonder namen. Bijvoorbeeld: dreiging in de kantine."),
        message=_("Geef het incident een korte omschrijving."),
    )
    occurred_on = forms.DateField(
        label=_("Datum van het incident"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Vul de datum in waarop het gebeurde."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Soort incident"),
        choices=[("", _("Kies een soort")), *IncidentKind.choices],
        error_messages={"required": _("Kies wat voor incident het was.")},
    )
    severity = forms.ChoiceField(
        label=_("Ernst"),
        choices=[("", _("Kies de ernst")), *Severity.choices],
        error_messages={"required": _("Kies hoe ernstig het incident was.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Eenheid"),
        queryset=OrganisationUnit.objects.order_by("name"),
        required=False,
        empty_label=_("Geen of hogeschoolbreed"),
    )
    what_happened = _text(
        _("Wat is er gebeurd?"),
        rows=5,
        help_text=_("Beschrijf de feiten. Noem studenten niet bij naam; koppel hun casus."),
        message=_("Beschrijf wat er is gebeurd."),
    )
    contributing_factors = _text(_("Wat heeft bijgedragen?"), required=False, rows=4)
    went_well = _text(_("Wat ging goed?"), required=False, rows=4)
    lessons_learned = _text(_("Wat leren we ervan?"), required=False, rows=4)
    reason = _text(
        _("Reden van de wijziging"),
        rows=2,
        max_length=500,
        help_text=_("Komt in de geschiedenis, met je naam en de datum."),
        message=_("Schrijf kort waarom je dit wijzigt."),
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["reason"]

    @staticmethod
    def initial_for(incident):
        fields = (
            "title", "occurred_on", "kind", "severity", "unit", "what_happened",
            "contributing_factors", "went_well", "lessons_learned", "version",
        )  # fmt: skip
        return {name: getattr(incident, name) for name in fields}


class TimelineEntryForm(StyledForm):
    at = forms.DateTimeField(
        label=_("Tijdstip"),
        widget=DATETIME_INPUT,
        error_messages={
            "required": _("Vul in wanneer het gebeurde."),
            "invalid": _("Vul een geldige datum en tijd in."),
        },
    )
    description = _text(
        _("Wat gebeurde er?"),
        rows=3,
        max_length=2000,
        message=_("Beschrijf wat er op dit moment gebeurde."),
    )


class LinkCaseForm(StyledForm):
    reference = forms.CharField(
        label=_("Casuskenmerk"),
        max_length=20,
        help_text=_(
            "Typ het kenmerk, bijvoorbeeld ZW-2026-0042. Je kunt alleen een casus koppelen die "
            "je zelf mag inzien."
        ),
        error_messages={"required": _("Typ het kenmerk van de casus.")},
    )

    def clean_reference(self):
        # Lower case and spaces are forgiven; the pattern itself is not.
        reference = self.cleaned_data["reference"].strip().upper()
        REFERENCE(reference)
        return reference


class ImprovementActionForm(StyledForm):
    description = _text(
        _("Wat gaan we verbeteren?"),
        rows=3,
        max_length=2000,
        message=_("Beschrijf de verbeteractie."),
    )
    owner = PersonChoice(
        label=_("Eigenaar"),
        queryset=permissions.eligible_owners(),
        empty_label=_("Kies een eigenaar"),
        help_text=_("Iemand die incidenten kan inzien. Die krijgt een bericht, zonder inhoud."),
        error_messages={
            "required": _("Kies wie de actie oppakt."),
            "invalid_choice": _("Kies een eigenaar uit de lijst."),
        },
    )
    due_on = forms.DateField(
        label=_("Klaar op"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Vul in wanneer de actie klaar moet zijn."),
            "invalid": _("Vul een geldige datum in."),
        },
    )


class CloseActionForm(StyledForm):
    state = forms.ChoiceField(
        label=_("Hoe is de actie afgesloten?"),
        choices=[(ActionState.DONE, _("Afgerond")), (ActionState.DROPPED, _("Vervallen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies afgerond of vervallen.")},
    )
    note = _text(
        _("Toelichting"),
        required=False,
        rows=3,
        max_length=2000,
        help_text=_("Verplicht als de actie vervalt: schrijf waarom."),
    )

    def clean(self):
        data = super().clean()
        if data.get("state") == ActionState.DROPPED and not data.get("note"):
            self.add_error("note", _("Schrijf kort waarom de actie vervalt."))
        return data

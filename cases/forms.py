"""Forms check the shape of what people type; the services in `cases.services` check the rules."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit, User
from cases import permissions, selectors
from cases.models import ConcernCategory, Rung, Student, TimelineEntry, Urgency
from core import widgets
from core.forms import PeopleChoice, PersonChoice, QuickSelect, StyledForm

YES_NO = [(True, _("Ja")), (False, _("Nee"))]


def _yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


class CategoryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class NotInFutureDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))


class ReportForm(StyledForm):
    """What a staff member tells us about a concern, in plain language."""

    student_query = forms.CharField(
        label=_("Zoek de student op studentnummer of naam"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    student = forms.ModelChoiceField(
        label=_("Student"),
        queryset=Student.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
    )
    student_unknown = forms.BooleanField(
        label=_("Ik weet niet precies wie het is, of ik vind de student niet"),
        required=False,
    )
    student_description = forms.CharField(
        label=_("Wat weet je van de student?"),
        help_text=_("Bijvoorbeeld naam, klas of studiejaar. Een studentbegeleider zoekt het uit."),
        required=False,
        max_length=200,
    )
    unit = forms.ModelChoiceField(
        label=_("Bij welke opleiding speelt het?"),
        queryset=OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.PROGRAMME),
        required=False,
        empty_label=_("Kies een opleiding"),
    )
    categories = CategoryField(
        label=_("Waar maak je je zorgen over?"),
        help_text=_("Kies alles wat past."),
        queryset=ConcernCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één soort zorg.")},
    )
    signals_what = forms.CharField(
        label=_("Wat heb je gezien of gehoord?"),
        help_text=_("Beschrijf wat je waarnam, zo feitelijk mogelijk."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    signals_when = NotInFutureDateField(label=_("Wanneer was dat?"))
    signals_where = forms.CharField(
        label=_("Waar was dat?"),
        help_text=_("Bijvoorbeeld een lokaal, online of op stage."),
        required=False,
        max_length=200,
    )
    urgency = forms.ChoiceField(
        label=_("Hoe snel moet iemand dit oppakken?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    discussed = _yes_no(_("Heb je je zorg al met de student besproken?"))
    consulted = _yes_no(_("Heb je al met een collega overlegd?"))

    def clean(self):
        data = super().clean()
        if data.get("student_unknown") or not data.get("student"):
            self._clean_unknown_student(data)
        return data

    def _clean_unknown_student(self, data):
        if not data.get("student_unknown"):
            self.add_error(
                "student_query",
                _("Zoek en kies de student, of geef aan dat je niet weet wie het is."),
            )
            return
        data["student"] = None
        if not data.get("unit"):
            self.add_error("unit", _("Kies de opleiding, zodat de juiste begeleider het oppakt."))
        if not data.get("student_description", "").strip():
            self.add_error("student_description", _("Vertel wat je van de student weet."))

    @classmethod
    def keeping(cls, data):
        """An unchecked form showing what was typed so far (after a search without JavaScript)."""
        initial = {}
        for name, field in cls.base_fields.items():
            if name in data:
                multiple = isinstance(field.widget, forms.CheckboxSelectMultiple)
                initial[name] = data.getlist(name) if multiple else data.get(name)
        return cls(initial=initial)

    def _typed(self, name):
        return (self.data if self.is_bound else self.initial).get(name) or ""

    def selected_student(self):
        """The student picked so far, also when the form is shown again."""
        value = str(self._typed("student"))
        if not re.fullmatch(r"[0-9]{1,18}", value):
            return None
        return Student.objects.filter(pk=value, is_active=True).select_related("programme").first()

    def search_results(self):
        return selectors.find_students(self._typed("student_query"))


class CaseFilterForm(StyledForm):
    """The filters above the case lists; every field is optional."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Kenmerk, studentnummer, pseudoniem, naam of een woord uit de melding"),
        widget=widgets.TextInput(attrs={"type": "search"}),
    )
    # The widgets are written in Python (`QuickSelect`, `core.widgets`, the same markup):
    # rendered through Django's templates they were a fifth of the case list's Python time and
    # then, with the options written in Python, still a tenth (issue 20).
    rung = forms.ChoiceField(label=_("Trede"), required=False, widget=QuickSelect)
    category = forms.ModelChoiceField(
        label=_("Soort zorg"),
        queryset=ConcernCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("Alle"),
        widget=QuickSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Eenheid"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        widget=QuickSelect,
    )
    handler = forms.CharField(
        label=_("Behandelaar"), required=False, max_length=100, widget=widgets.TextInput
    )
    overdue = forms.BooleanField(
        label=_("Alleen evaluatie verlopen"), required=False, widget=widgets.CheckboxInput
    )
    sort = forms.ChoiceField(
        label=_("Sorteren"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("nieuwste", _("Nieuwste melding eerst")),
            ("oudste", _("Oudste melding eerst")),
            ("evaluatie", _("Eerstvolgende evaluatie eerst")),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rung"].choices = [
            ("", _("Alle")),
            (selectors.OPEN, _("Alle open casussen")),
            *Rung.choices,
        ]
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Alle")
        self.fields["category"].label_from_instance = lambda obj: obj.label


class TimelineEntryForm(StyledForm):
    kind = forms.ChoiceField(label=_("Wat leg je vast?"), choices=TimelineEntry.Kind.choices)
    occurred_on = NotInFutureDateField(label=_("Datum"))
    summary = forms.CharField(
        label=_("Wat is er besproken of gebeurd?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    outcome = forms.CharField(
        label=_("Uitkomst en afspraken"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given = forms.TypedChoiceField(
        label=_("Heeft de student toestemming gegeven?"),
        help_text=_("Alleen bij een antwoord op een toestemmingsvraag."),
        choices=[("", _("Niet van toepassing"))] + YES_NO,
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
    )

    def clean(self):
        data = super().clean()
        answer = data.get("kind") == TimelineEntry.Kind.CONSENT_ANSWER
        if answer and data.get("consent_given") is None:
            self.add_error("consent_given", _("Geef aan of de student toestemming gaf."))
        if not answer:
            data["consent_given"] = None
        return data


class AttachmentForm(StyledForm):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, afbeelding, Office-document of tekstbestand."),
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=200)


class _VersionedCaseForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de geschiedenis van de casus."),
    )


class AssignHandlerForm(_VersionedCaseForm):
    handler = PersonChoice(
        label=_("Behandelaar"), queryset=User.objects.none(), empty_label=_("Kies een begeleider")
    )
    field_order = ["handler", "reason", "version"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = permissions.eligible_handlers(case)


class TeamForm(_VersionedCaseForm):
    members = PeopleChoice(
        label=_("Teamleden naast de behandelaar"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["members", "reason", "version"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = permissions.eligible_team_members().exclude(
            pk=case.handler_id
        )


class LinkStudentForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    student_number = forms.CharField(label=_("Studentnummer"), max_length=20)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_student_number(self):
        number = self.cleaned_data["student_number"].strip()
        student = Student.objects.filter(student_number=number, is_active=True).first()
        if student is None:
            raise forms.ValidationError(_("Er is geen ingeschreven student met dit nummer."))
        self.cleaned_data["student"] = student
        return number

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm


class StudentNumberForm(StyledForm):
    """The student number travels in the request body only, never in an address."""

    student_number = forms.CharField(
        label=_("studentnummer"),
        max_length=20,
        help_text=_("Het nummer van de student die om inzage vraagt."),
    )

    def clean_student_number(self):
        return self.cleaned_data["student_number"].strip()


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterRequestForm(StyledForm):
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    how = forms.CharField(
        label=_("Hoe ontvangen"),
        max_length=200,
        help_text=_("Bijvoorbeeld: e-mail aan de functionaris gegevensbescherming, een brief."),
    )
    student_number = forms.CharField(
        label=_("Studentnummer (als bekend)"),
        max_length=20,
        required=False,
        help_text=_("Zo vind je de student terug als je het verzoek beantwoordt."),
    )

    def clean_student_number(self):
        return self.cleaned_data["student_number"].strip()


class AnswerForm(StyledForm):
    answered_on = forms.DateField(
        label=_("Beantwoord op"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    note = forms.CharField(
        label=_("Hoe beantwoord"),
        max_length=500,
        help_text=_("Bijvoorbeeld: PDF per beveiligde e-mail aan de student gestuurd."),
    )


class ExtendForm(StyledForm):
    reason = forms.CharField(
        label=_("Waarom is meer tijd nodig?"),
        max_length=500,
        help_text=_("Dit vertel je de student binnen de eerste maand (artikel 12 lid 3 AVG)."),
    )

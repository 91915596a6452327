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

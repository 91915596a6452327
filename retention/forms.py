from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm


class LegalHoldForm(StyledForm):
    reference = forms.CharField(
        label=_("kenmerk van de casus"),
        max_length=20,
        help_text=_("Bijvoorbeeld ZW-2026-0042."),
    )
    reason = forms.CharField(
        label=_("waarom moet de casus bewaard blijven?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld een klacht, een rechtszaak of een verzoek van de toezichthouder."
        ),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class LiftHoldForm(StyledForm):
    lift_reason = forms.CharField(
        label=_("waarom wordt de bewaarplicht opgeheven?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

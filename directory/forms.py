from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import StyledForm
from directory.conf import DEFAULT_MAX_LEFT_PERCENT
from directory.models import ImportKind


class UploadForm(StyledForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Wat zit er in het bestand?"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
    )
    full_export = forms.BooleanField(
        label=gettext_lazy("Dit is een volledige export"),
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        help_text=gettext_lazy(
            "UTF-8, met ; of , als scheidingsteken en een kopregel met kolomnamen in het "
            "Nederlands of Engels."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_export"].help_text = _(
            "Wie niet in het bestand staat, markeren we als vertrokken: studenten als "
            "uitgeschreven, medewerkers als gedeactiveerd (hun sessies eindigen direct), "
            "eenheden als niet meer actief. Niemand wordt verwijderd. Gaat het om meer dan "
            "%(max)s %% van wie er nu actief is, dan vragen we je dat apart te bevestigen."
        ) % {"max": DEFAULT_MAX_LEFT_PERCENT}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ZW_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Dit bestand is te groot (%(size)s MB). Het maximum is %(limit)s MB.")
                % {
                    "size": number_format(round(upload.size / 1048576, 1), 1),
                    "limit": limit // 1048576,
                }
            )
        return upload


class ConfirmForm(forms.Form):
    """The fingerprint of the plan the user saw; the import applies only that plan. Past the
    leavers threshold, the second confirmation: yes, mark all these as left."""

    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    leavers_confirmed = forms.BooleanField(required=False)

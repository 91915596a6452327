from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.mfa import check_second_factor, confirm_app_device, mfa_required_for
from core.forms import StyledForm

WRONG_CODE = _(
    "Deze code klopt niet of is al gebruikt. Na een paar foute pogingen moet je steeds iets "
    "langer wachten voor je het opnieuw kunt proberen."
)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op: beide velden "
            "zijn hoofdlettergevoelig."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Taal"), choices=settings.LANGUAGES)


class SecondFactorForm(StyledForm):
    """The six digits from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("De zes cijfers uit je authenticator-app, of een van je herstelcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        self.device = check_second_factor(self.user, self.cleaned_data["code"])
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE)
        return self.cleaned_data["code"]


class EnrolForm(StyledForm):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=32,
        help_text=_("De zes cijfers die de app nu toont."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.backup_codes = None

    def clean_code(self):
        self.backup_codes = confirm_app_device(self.device, code=self.cleaned_data["code"])
        if self.backup_codes is None:
            raise forms.ValidationError(WRONG_CODE)
        return self.cleaned_data["code"]


class ReauthenticateForm(StyledForm):
    """Your password again, and with two-step sign-in also a code: proof from just now."""

    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = SecondFactorForm.base_fields["code"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = None
        if not mfa_required_for(request.user):
            del self.fields["code"]

    def clean_password(self):
        # Not through authenticate(): wrong passwords here end this session after a few tries
        # (accounts/reauth.py) instead of locking the account's sign-in for its owner.
        if not self.request.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."), code="wrong")
        return self.cleaned_data["password"]

    def clean_code(self):
        self.device = check_second_factor(self.request.user, self.cleaned_data["code"])
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE, code="wrong")
        return self.cleaned_data["code"]

    def has_wrong_proof(self):
        """A wrong password or code was typed (an empty field is not a try)."""
        return self.has_error("password", "wrong") or self.has_error("code", "wrong")


class RoleDecisionForm(StyledForm):
    """Approve or reject one request for a role; a rejection says why."""

    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(APPROVE, _("Goedkeuren")), (REJECT, _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of afwijzen.")},
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        help_text=_("Verplicht bij afwijzen: de aanvrager leest waarom."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Schrijf op waarom je deze aanvraag afwijst."))
        return data


class PasswordSetForm(SetPasswordForm):
    """Choosing one's own password from the link in the e-mail (the password validators apply)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

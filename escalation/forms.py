"""Forms check the shape of what people type on the ladder; `escalation.services` and
`escalation.disclosures` check the rules."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cases.forms import NotInFutureDateField
from core.forms import StyledForm
from escalation import selectors
from escalation.models import (
    CloseOutcome,
    DataCategory,
    LegalBasis,
    Level,
)
from network.models import Partner
from network.selectors import disclosure_recipients

YES_NO = [(True, _("Ja")), (False, _("Nee"))]
OTHER_OPTIONS_WHY = _("Motivering bij de andere mogelijkheden")
CONSENT_WHY = _("Motivering bij de toestemming")
SHARING_WHY = _("Motivering bij de noodzaak om te delen")
MOTIVATION_ROWS = 3


def _yes_no(label, *, required=True, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )


def _text(label, *, required=True, rows=MOTIVATION_ROWS, max_length=5000, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _motivation(label, required=True):
    return _text(label, required=required)


def _level(label):
    return forms.ChoiceField(
        label=label,
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een niveau.")},
    )


def _people(user):
    return user.get_full_name() or user.username


# --- Weighing frameworks --------------------------------------------------------------------


class Framework1Form(StyledForm):
    """Three dimensions, each a level with its motivation; optionally an instrument's score."""

    own_safety = _level(_("Veiligheid van de student zelf"))
    own_safety_motivation = _motivation(_("Motivering bij de veiligheid van de student zelf"))
    others_safety = _level(_("Veiligheid van medestudenten en medewerkers"))
    others_safety_motivation = _motivation(_("Motivering bij de veiligheid van anderen"))
    environment_safety = _level(_("Veiligheid van omgeving en samenleving"))
    environment_safety_motivation = _motivation(
        _("Motivering bij de veiligheid van omgeving en samenleving")
    )
    instrument_name = forms.CharField(
        label=_("Instrument (naam en versie)"),
        required=False,
        max_length=100,
        help_text=_("Alleen de score; neem nooit de tekst van het instrument over."),
    )
    instrument_level = forms.ChoiceField(
        label=_("Totaalniveau volgens het instrument"),
        choices=[("", _("Geen score"))] + list(Level.choices),
        required=False,
    )
    instrument_rationale = _text(_("Toelichting bij de score"), required=False)
    instrument_licensed = forms.BooleanField(
        label=_("De hogeschool heeft een licentie voor dit instrument"), required=False
    )

    DIMENSIONS = (
        ("own_safety", "own_safety_motivation"),
        ("others_safety", "others_safety_motivation"),
        ("environment_safety", "environment_safety_motivation"),
    )
    INSTRUMENT = ("instrument_name", "instrument_level", "instrument_rationale")

    def clean(self):
        data = super().clean()
        name = data.get("instrument_name", "").strip()
        used = any(data.get(f) for f in self.INSTRUMENT[1:]) or data.get("instrument_licensed")
        if not name and used:
            self.add_error(
                "instrument_name",
                _("Noem het instrument (naam en versie), of laat het instrumentdeel leeg."),
            )
        if name and not data.get("instrument_level"):
            self.add_error("instrument_level", _("Kies het totaalniveau volgens het instrument."))
        if name and not data.get("instrument_licensed"):
            self.add_error(
                "instrument_licensed",
                _(
                    "Een score van een instrument leg je alleen vast als de hogeschool er een "
                    "licentie voor heeft. Vink dit aan, of laat het instrumentdeel leeg."
                ),
            )
        return data

    def dimensions(self):
        return [(self[level], self[motivation]) for level, motivation in self.DIMENSIONS]

    def instrument_fields(self):
        return [self[name] for name in (*self.INSTRUMENT, "instrument_licensed")]


class ConsentEntryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        summary = Truncator(obj.summary).chars(80)
        return f"{date_format(obj.occurred_on)} · {obj.get_kind_display()} · {summary}"


class Framework2Form(StyledForm):
    """The three questions before any external disclosure, each yes or no with a motivation."""

    other_options_used = _yes_no(_("Zijn alle andere mogelijkheden benut?"))
    other_options_motivation = _motivation(OTHER_OPTIONS_WHY)
    consent_pursued = _yes_no(_("Is alles gedaan om toestemming te krijgen?"))
    consent_motivation = _motivation(CONSENT_WHY)
    consent_entries = ConsentEntryField(
        label=_("Toestemmingsstappen uit de tijdlijn van deze casus"),
        help_text=_("Kies de vragen, antwoorden en intrekkingen waarop je antwoord rust."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sharing_necessary = _yes_no(_("Is delen nodig om het risico te verkleinen?"))
    sharing_motivation = _motivation(SHARING_WHY)

    QUESTIONS = (
        ("other_options_used", "other_options_motivation"),
        ("consent_pursued", "consent_motivation"),
        ("sharing_necessary", "sharing_motivation"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_entries"].queryset = selectors.consent_entries_of(case)

    def questions(self):
        return [(self[answer], self[motivation]) for answer, motivation in self.QUESTIONS]

    def answers(self):
        return {
            name: self.cleaned_data[name]
            for pair in self.QUESTIONS
            for name in pair  # the answer and its motivation
        }


# --- Moving on the ladder -------------------------------------------------------------------


def _reason():
    return _text(
        _("Reden"), rows=4, help_text=_("Komt bij de stap op de ladder en in de geschiedenis.")
    )


class ReasonForm(StyledForm):
    reason = _reason()


class EscalationRequestForm(StyledForm):
    reason = _text(
        _("Waarom is de zorg niet weggenomen?"),
        rows=5,
        help_text=_("De decaan leest dit bij het beoordelen van je verzoek."),
    )


class ReviewEscalationForm(StyledForm):
    ACCEPT, SEND_BACK = "accept", "send_back"
    decision = forms.ChoiceField(
        label=_("Je besluit"),
        choices=[
            (ACCEPT, _("Accepteren: de casus gaat naar het zorgoverleg")),
            (SEND_BACK, _("Terugsturen naar de begeleider")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies accepteren of terugsturen.")},
    )
    reason = _text(
        _("Toelichting"),
        required=False,
        rows=4,
        help_text=_("Verplicht bij terugsturen: wat moet de begeleider eerst doen?"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.SEND_BACK and not data.get("reason", "").strip():
            self.add_error("reason", _("Schrijf op waarom je het verzoek terugstuurt."))
        return data


class CloseForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=CloseOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de uitkomst waarmee de casus sluit.")},
    )
    reason = _reason()


# --- Acute risk -----------------------------------------------------------------------------


class _DisclosureDetails(StyledForm):
    """What goes out to a partner: recipient, data categories, purpose, informing the student."""

    recipient = forms.ModelChoiceField(
        label=_("Ontvanger"),
        queryset=Partner.objects.none(),
        empty_label=_("Kies een partner"),
        help_text=_("Externe partners uit het partnerregister."),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Welke gegevens gaan mee?"),
        help_text=_("Niet meer dan nodig is voor het doel."),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één soort gegevens.")},
    )
    purpose = _text(_("Doel: wat moet de ontvanger ermee kunnen?"), rows=3)
    student_informed = _yes_no(_("Is de student geïnformeerd?"))
    not_informed_reason = _text(_("Waarom niet?"), required=False, rows=2)

    DETAILS = ("recipient", "data_categories", "purpose", "student_informed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = disclosure_recipients()

    def _check_informed(self, data):
        reason = data.get("not_informed_reason", "").strip()
        if data.get("student_informed") is False and not reason:
            self.add_error("not_informed_reason", _("Schrijf op waarom de student het niet weet."))
        if data.get("student_informed"):
            data["not_informed_reason"] = ""

    def details(self):
        data = self.cleaned_data
        return {
            "recipient": data["recipient"],
            "data_categories": list(data["data_categories"]),
            "purpose": data["purpose"],
            "student_informed": data["student_informed"],
            "not_informed_reason": data["not_informed_reason"],
        }


class AcuteRiskForm(_DisclosureDetails):
    """The three acute questions, 112, and optionally an acute request to share at once."""

    own_safety = _yes_no(_("Is er acuut gevaar voor de student zelf?"))
    third_parties = _yes_no(_("Is er acuut gevaar voor anderen?"))
    criminal_offence = _yes_no(_("Gaat het om een (dreigend) strafbaar feit?"))
    description = _text(_("Wat is er aan de hand?"), rows=4)
    emergency_called = forms.BooleanField(
        label=_("Er is 112 gebeld of de hulpdiensten zijn ingeschakeld"), required=False
    )
    emergency_details = _text(
        _("Wat is er met de hulpdiensten gedeeld?"),
        required=False,
        rows=2,
        help_text=_("Het College van Bestuur neemt hier achteraf kennis van."),
    )
    include_disclosure = forms.BooleanField(
        label=_("Open nu ook een acuut verzoek om gegevens te delen"), required=False
    )
    other_options_used = _yes_no(_("Zijn alle andere mogelijkheden benut?"), required=False)
    other_options_motivation = _motivation(OTHER_OPTIONS_WHY, required=False)
    consent_pursued = _yes_no(_("Is alles gedaan om toestemming te krijgen?"), required=False)
    consent_motivation = _motivation(CONSENT_WHY, required=False)
    sharing_necessary = _yes_no(_("Is delen nodig om het risico te verkleinen?"), required=False)
    sharing_motivation = _motivation(SHARING_WHY, required=False)

    RISKS = ("own_safety", "third_parties", "criminal_offence")
    QUESTIONS = Framework2Form.QUESTIONS
    OPTIONAL = (*_DisclosureDetails.DETAILS, *(name for pair in QUESTIONS for name in pair))

    def __init__(self, *args, may_share, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_share = may_share
        for name in _DisclosureDetails.DETAILS:
            self.fields[name].required = False
        if not may_share:
            self.fields["include_disclosure"].disabled = True

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.RISKS) and all(
            data.get(name) is not None for name in self.RISKS
        ):
            self.add_error(
                None,
                _(
                    "Een acuut risico meld je als minstens één van de drie vragen met ja is "
                    "beantwoord. Is dat niet zo, leg je zorg dan vast in de tijdlijn."
                ),
            )
        if data.get("emergency_called") is False:
            data["emergency_details"] = ""
        if self.may_share and data.get("include_disclosure"):
            self._clean_disclosure(data)
        return data

    def _clean_disclosure(self, data):
        for name in self.OPTIONAL:
            if data.get(name) in (None, "", []):
                self.add_error(name, _("Vul dit in voor het acute verzoek om te delen."))
        self._check_informed(data)
        answers = [data.get(answer) for answer, _motivation in self.QUESTIONS]
        if False in answers:
            self.add_error(
                None,
                _(
                    "Een acuut verzoek om te delen kan alleen als alle drie de vragen van "
                    "afwegingskader 2 met ja zijn beantwoord. Meld het acute risico dan zonder "
                    "verzoek; het College van Bestuur is meteen op de hoogte."
                ),
            )

    def answers(self):
        data = self.cleaned_data
        names = (*self.RISKS, "description", "emergency_called", "emergency_details")
        return {name: data[name] for name in names}

    def framework2_answers(self):
        return {name: self.cleaned_data[name] for pair in self.QUESTIONS for name in pair}

    def sharing(self):
        return bool(self.may_share and self.cleaned_data.get("include_disclosure"))

    def risk_fields(self):
        return [self[name] for name in self.RISKS]

    def disclosure_fields(self):
        return [self[name] for name in (*_DisclosureDetails.DETAILS, "not_informed_reason")]

    def questions(self):
        return [(self[answer], self[motivation]) for answer, motivation in self.QUESTIONS]


# --- Disclosure -----------------------------------------------------------------------------


class Framework2Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Afwegingskader 2 van %(when)s, ondertekend door %(who)s") % {
            "when": date_format(timezone.localtime(obj.signed_at), "DATETIME_FORMAT"),
            "who": _people(obj.author),
        }


class DisclosureForm(_DisclosureDetails):
    """A request to share with a partner; saved as a draft or put before the board."""

    DRAFT, REQUEST = "draft", "request"

    legal_basis = forms.ChoiceField(
        label=_("Grondslag"),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de grondslag.")},
    )
    framework2 = Framework2Choice(
        label=_("Op welk afwegingskader 2 rust dit verzoek?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies een ondertekend afwegingskader 2.")},
    )
    field_order = [
        "recipient",
        "legal_basis",
        "data_categories",
        "purpose",
        "framework2",
        "student_informed",
        "not_informed_reason",
    ]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework2"].queryset = selectors.allowing_frameworks2(case)

    def clean(self):
        data = super().clean()
        self._check_informed(data)
        return data

    def details(self):
        return {**super().details(), "legal_basis": self.cleaned_data["legal_basis"]}


class DecideDisclosureForm(StyledForm):
    prefix = "besluit"  # the disclosure page holds several forms; their ids must differ
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Je besluit"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of afwijzen.")},
    )
    reason = _text(_("Toelichting bij je besluit"), rows=3)
    # The fingerprint of the package the board member looked at: approving freezes that one.
    package = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, may_approve, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.REJECT, _("Afwijzen"))]
        if may_approve:
            choices.insert(0, (self.APPROVE, _("Goedkeuren")))
        self.fields["decision"].choices = choices


class CarryOutForm(StyledForm):
    prefix = "uitvoering"
    carried_out_on = NotInFutureDateField(label=_("Gedeeld op"))
    channel = forms.CharField(
        label=_("Hoe gedeeld?"),
        max_length=100,
        help_text=_("Bijvoorbeeld telefonisch, beveiligde mail of in een overleg."),
    )
    what_was_shared = _text(_("Wat is er gedeeld?"), rows=4)


class WithdrawForm(StyledForm):
    prefix = "intrekken"
    reason = _text(_("Waarom trek je het verzoek in?"), rows=3)


class SubmitForm(StyledForm):
    """Putting a draft before the board: nothing to fill in, the button is the decision."""

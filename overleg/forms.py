"""Forms check the shape of what people type; `overleg.services` checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit, Role
from cases.models import Case
from core.forms import PeopleChoice, PersonChoice, StyledForm
from escalation.models import CloseOutcome
from incidents.models import Incident
from incidents.permissions import incidents_visible_to
from overleg import permissions as rules
from overleg import services
from overleg.models import ActionItem, AgendaItem, Invitation, Meeting

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _CaseChoice(forms.ModelChoiceField):
    """Cases by reference and pseudonym only: names stay out of meeting screens."""

    def label_from_instance(self, obj):
        return f"{obj.reference} · {obj.student_pseudonym}"


class _RoleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class MeetingForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Soort overleg"), choices=Meeting.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Datum en begintijd"),
        widget=DATETIME_INPUT,
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"), min_value=15, max_value=8 * 60, initial=90
    )
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Link voor online deelname"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een volledige link in, beginnend met https://.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Voor faculteit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        empty_label=_("Alle eenheden waar je decaan van bent"),
        help_text=_("Het overleg stelt casussen van deze eenheden voor."),
    )
    case = _CaseChoice(
        label=_("Casus (alleen bij een ad-hocoverleg)"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Je ziet de casussen van de eenheden waar je decaan van bent."),
    )
    chair = PersonChoice(label=_("Voorzitter"), queryset=services.eligible_chairs())
    minute_taker = PersonChoice(label=_("Notulist"), queryset=services.eligible_invitees())
    invited_roles = _RoleChoice(
        label=_("Nodig uit per rol"),
        queryset=Role.objects.filter(code__in=rules.MEETING_ROLES).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Iedereen met deze rol krijgt een uitnodiging."),
    )
    invited_people = PeopleChoice(
        label=_("Nodig uit per persoon"),
        queryset=services.eligible_invitees(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer mensen te kiezen."),
    )

    def __init__(self, *args, user, meeting=None, **kwargs):
        """`user`: whose units the meeting covers (the organiser). Editing keeps its kind and
        its case, and needs the version the form was opened at."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = rules.plannable_units(user).order_by("name")
        if meeting is None:
            self.fields["case"].queryset = services.unit_cases_for(user).order_by("reference")
        else:
            self.fields["case"].queryset = Case.objects.filter(pk=meeting.case_id)
            self.fields["kind"].disabled = True
            self.fields["case"].disabled = True
            self.fields["version"].required = True

    def clean(self):
        data = super().clean()
        if data.get("kind") == Meeting.Kind.AD_HOC and not data.get("case"):
            self.add_error("case", _("Kies de casus waar dit ad-hocoverleg over gaat."))
        if not data.get("location") and not data.get("online_link"):
            self.add_error(
                "location", _("Vul een plaats in, een link voor online deelname, of allebei.")
            )
        return data


class AgendaItemForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Soort punt"),
        choices=[
            (AgendaItem.Kind.TREND, AgendaItem.Kind.TREND.label),
            (AgendaItem.Kind.INCIDENT, AgendaItem.Kind.INCIDENT.label),
            (AgendaItem.Kind.OTHER, AgendaItem.Kind.OTHER.label),
        ],
    )
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    incident = forms.ModelChoiceField(
        label=_("Incident (bij een incidentanalyse)"),
        queryset=Incident.objects.none(),
        required=False,
        empty_label=_("— geen —"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents_visible_to(user).order_by("-occurred_on")

    def clean(self):
        data = super().clean()
        if data.get("incident") and data.get("kind") != AgendaItem.Kind.INCIDENT:
            self.add_error("incident", _("Een incident hoort bij een punt 'Incidentanalyse'."))
        return data


class ConfidentialityForm(StyledForm):
    confirm = forms.BooleanField(
        label=_(
            "Ik houd geheim wat ik in dit overleg hoor en lees, en gebruik het alleen voor de zorg "
            "om deze studenten."
        ),
        error_messages={"required": _("Bevestig de geheimhouding om de agenda te openen.")},
    )


class RevealForm(StyledForm):
    reason = forms.CharField(
        label=_("Waarom moet je weten wie de student is?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Komt in het toegangslogboek met je naam, het overleg en de casus. De functionaris "
            "gegevensbescherming leest mee."
        ),
        error_messages={
            "required": _("Schrijf waarom je de identiteit nodig hebt."),
            "min_length": _("Schrijf iets meer: minstens %(limit_value)d tekens."),
        },
    )


class AttendanceForm(StyledForm):
    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            name = f"attendance_{invitation.pk}"
            self.fields[name] = forms.ChoiceField(
                label=invitation.user.get_full_name() or invitation.user.username,
                choices=[("", _("— kies —")), *Invitation.Attendance.choices],
                required=True,
                initial=invitation.attendance,
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": _("Kies aanwezig, afgemeld of afwezig.")},
            )

    def rows(self):
        return [
            (invitation, self[f"attendance_{invitation.pk}"]) for invitation in self.invitations
        ]

    def attendance(self):
        return {
            invitation.pk: self.cleaned_data[f"attendance_{invitation.pk}"]
            for invitation in self.invitations
        }


class ItemMinutesForm(StyledForm):
    summary = forms.CharField(
        label=_("Samenvatting van de bespreking"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vat samen wat er besproken is.")},
    )
    decision = forms.ChoiceField(
        label=_("Besluit"),
        required=False,
        choices=[("", _("Geen besluit (geen casus)")), *AgendaItem.Decision.choices],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst bij sluiten"),
        required=False,
        choices=[("", _("— kies —")), *CloseOutcome.choices],
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item.case_id is None or item.decided:
            del self.fields["decision"]
            del self.fields["outcome"]
        else:
            self.fields["decision"].required = True
            self.fields["decision"].choices = AgendaItem.Decision.choices
            self.fields["decision"].error_messages["required"] = _(
                "Kies wat het overleg over deze casus besloot."
            )
            if not services.decision_allowed(item):
                self.fields["decision"].choices = [
                    (AgendaItem.Decision.NO_CHANGE, AgendaItem.Decision.NO_CHANGE.label)
                ]
                self.fields["decision"].help_text = _(
                    "Deze casus staat niet op de trede zorgoverleg: het overleg kan hem hier niet "
                    "op- of afschalen of sluiten."
                )

    def clean(self):
        data = super().clean()
        if data.get("decision") == AgendaItem.Decision.CLOSE and not data.get("outcome"):
            self.add_error("outcome", _("Kies de uitkomst waarmee de casus sluit."))
        return data


class ActionForm(StyledForm):
    description = forms.CharField(label=_("Actie"), max_length=500)
    owner = PersonChoice(label=_("Eigenaar"), queryset=services.eligible_invitees())
    due_on = forms.DateField(
        label=_("Uiterlijk op"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    item = forms.ModelChoiceField(
        label=_("Bij agendapunt"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.select_related("case")
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.position}. {item.case.reference if item.case_id else item.title}"
        )


class ActionReviewForm(StyledForm):
    state = forms.ChoiceField(
        label=_("Stand"),
        choices=[c for c in ActionItem.State.choices if c[0] != ActionItem.State.OPEN],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies gedaan, omstandigheden veranderd of niet gedaan.")},
    )
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

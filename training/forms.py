"""Forms check the shape of what people type; `training.services` checks the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit, User
from accounts.roles import RoleCode
from core.forms import PeopleChoice, PersonChoice, StyledForm
from network.models import Article
from training.models import Course, CourseKind, Enrolment, TeamRequest

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_ERRORS = {"invalid": _("Vul een geldige datum en tijd in.")}


def _reason_field(label=None):
    return forms.CharField(
        label=label or _("Reden van de wijziging"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de geschiedenis, met je naam en de datum."),
        error_messages={"required": _("Schrijf kort waarom.")},
    )


def _text(label, *, required=True, rows=None, max_length=5000, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=widget, help_text=help_text
    )


class _VersionedForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CourseForm(_VersionedForm):
    title = _text(_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=CourseKind.choices)
    description = _text(_("Omschrijving"), rows=4)
    learning_goals = _text(
        _("Leerdoelen"), rows=4, help_text=_("Eén leerdoel per regel: na afloop kun je ...")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"), min_value=15, max_value=60 * 24 * 5
    )
    validity_months = forms.IntegerField(
        label=_("Geldigheid van het certificaat in maanden"),
        min_value=1,
        max_value=120,
        help_text=_("Daarna krijgt de houder een herinnering om de training opnieuw te volgen."),
    )
    articles = forms.ModelMultipleChoiceField(
        label=_("Artikelen uit de kennisbank"),
        queryset=Article.objects.filter(is_published=True).order_by("title_nl"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    qualifies_for = forms.ModelMultipleChoiceField(
        label=_("Leidt op tot trainer van (alleen bij train-de-trainer)"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Wie dit certificaat haalt, mag sessies van deze cursussen geven, en van deze "
            "train-de-trainercursus zelf."
        ),
    )
    is_active = forms.BooleanField(label=_("Actief: staat in het aanbod"), required=False)
    reason = _reason_field()

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Course.objects.exclude(kind=CourseKind.TRAIN_THE_TRAINER)
        if course is not None:
            others = others.exclude(pk=course.pk)
        self.fields["qualifies_for"].queryset = others.order_by("title")

    def clean(self):
        data = super().clean()
        if data.get("qualifies_for") and data.get("kind") != CourseKind.TRAIN_THE_TRAINER:
            self.add_error(
                "qualifies_for", _("Alleen een train-de-trainercursus leidt op tot trainer.")
            )
        return data

    @staticmethod
    def initial_for(course):
        names = [n for n in CourseForm.base_fields if n not in ("reason",)]
        initial = {n: getattr(course, n) for n in names if n not in ("articles", "qualifies_for")}
        initial["articles"] = list(course.articles.all())
        initial["qualifies_for"] = list(course.qualifies_for.all())
        return initial


class FirstTrainerForm(StyledForm):
    trainer = PersonChoice(
        label=_("Medewerker"),
        queryset=User.objects.none(),
        empty_label=_("Kies een medewerker"),
        help_text=_("Alleen medewerkers met de rol trainer staan in de lijst."),
    )
    reason = _reason_field(_("Waarom deze trainer?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            User.objects.filter(is_active=True, groups__role__code=RoleCode.TRAINER)
            .distinct()
            .order_by("last_name", "first_name")
        )


class SessionForm(_VersionedForm):
    trainers = PeopleChoice(
        label=_("Trainers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen wie voor deze cursus gecertificeerd is."),
        error_messages={"required": _("Kies minstens één trainer.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Begint om"), widget=DATETIME_INPUT, error_messages=DATETIME_ERRORS
    )
    ends_at = forms.DateTimeField(
        label=_("Eindigt om"), widget=DATETIME_INPUT, error_messages=DATETIME_ERRORS
    )
    enrolment_deadline = forms.DateTimeField(
        label=_("Inschrijven kan tot"), widget=DATETIME_INPUT, error_messages=DATETIME_ERRORS
    )
    capacity = forms.IntegerField(label=_("Aantal plaatsen"), min_value=1, max_value=500)
    location = _text(_("Plaats"), required=False, max_length=200, help_text=_("Gebouw en lokaal"))
    online_url = forms.URLField(
        label=_("Link voor online deelname"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een geldig webadres in, zoals https://...")},
    )
    notes = _text(_("Toelichting voor deelnemers"), required=False, rows=3)
    open_enrolment = forms.BooleanField(
        label=_("Inschrijving meteen openen"),
        required=False,
        help_text=_("Uit: de sessie staat gepland, maar nog niemand kan zich inschrijven."),
    )
    reason = _reason_field()

    def __init__(self, *args, course, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        from training.permissions import eligible_trainers

        self.fields["trainers"].queryset = eligible_trainers(course).order_by(
            "last_name", "first_name"
        )
        if not creating:
            del self.fields["open_enrolment"]
        self.creating = creating

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("enrolment_deadline")
        if self.creating and starts and starts <= timezone.now():
            self.add_error("starts_at", _("Kies een moment in de toekomst."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("De sessie moet eindigen na het begin."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "enrolment_deadline", _("Inschrijven moet sluiten op of vóór het begin.")
            )
        if not data.get("location") and not data.get("online_url"):
            self.add_error("location", _("Vul een plaats of een link voor online deelname in."))
        return data

    @staticmethod
    def initial_for(session):
        names = ("starts_at", "ends_at", "enrolment_deadline", "capacity", "location")
        initial = {n: timezone.localtime(getattr(session, n)) for n in names[:3]}
        initial.update({n: getattr(session, n) for n in names[3:]})
        initial.update(
            online_url=session.online_url,
            notes=session.notes,
            version=session.version,
            trainers=list(session.trainers.all()),
        )
        return initial


class CancelSessionForm(StyledForm):
    reason = _reason_field(_("Waarom gaat de sessie niet door?"))


class AttendanceForm(StyledForm):
    """One present/no-show choice per person with a seat whose attendance is still open."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"e{enrolment.pk}"] = forms.ChoiceField(
                label=str(enrolment.participant),
                choices=Enrolment.Attendance.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        self._restyle()

    def _restyle(self):
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Geef voor minstens één deelnemer de aanwezigheid aan."))
        return data

    def marks(self):
        return {
            enrolment.pk: self.cleaned_data[f"e{enrolment.pk}"]
            for enrolment in self.enrolments
            if self.cleaned_data.get(f"e{enrolment.pk}")
        }


class TeamRequestForm(StyledForm):
    team_name = _text(
        _("Welk team?"), max_length=200, help_text=_("Bijvoorbeeld: docententeam jaar 1 HBO-ICT")
    )
    unit = forms.ModelChoiceField(
        label=_("Eenheid"),
        queryset=OrganisationUnit.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Geen of onbekend"),
    )
    team_size = forms.IntegerField(label=_("Aantal teamleden"), min_value=1, max_value=500)
    course_kind = forms.ChoiceField(label=_("Soort training"), choices=CourseKind.choices)
    question = _text(
        _("Wat is jullie vraag?"),
        rows=4,
        help_text=_("Wat willen jullie leren of oefenen? Noem geen namen van studenten."),
    )
    preferred_period = _text(
        _("Voorkeursperiode"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: een studiedag in blok 3"),
    )


class AssignIntakeForm(_VersionedForm):
    trainer = PersonChoice(
        label=_("Trainer die de intake houdt"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ik houd de intake zelf"),
    )
    reason = _reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            User.objects.filter(is_active=True, groups__role__code=RoleCode.TRAINER)
            .distinct()
            .order_by("last_name", "first_name")
        )


class IntakeForm(StyledForm):
    held_on = forms.DateField(
        label=_("Datum van de intake"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    team_context = _text(_("Team en context"), rows=3)
    concern_kinds = _text(
        _("Soorten zorgen die het team tegenkomt"),
        rows=3,
        help_text=_("In algemene termen. Geen namen of andere persoonsgegevens."),
    )
    learning_needs = _text(_("Leervragen"), rows=3)
    constraints = _text(
        _("Praktische randvoorwaarden"),
        required=False,
        rows=2,
        help_text=_("Bijvoorbeeld: tijden, ruimte, online of op locatie"),
    )
    recommended_course = forms.ModelChoiceField(
        label=_("Passende cursus"),
        queryset=Course.objects.filter(is_active=True).order_by("title"),
        required=False,
        empty_label=_("Nog niet gekozen"),
    )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Een intake leg je vast nadat hij gehouden is."))
        return day

    @staticmethod
    def initial_for(intake):
        names = list(IntakeForm.base_fields)
        return {n: getattr(intake, n) for n in names}


class LinkSessionForm(StyledForm):
    session = forms.ModelChoiceField(
        label=_("Sessie"),
        queryset=None,
        empty_label=_("Kies een sessie"),
        help_text=_("Geplande sessies die nog niet bij een aanvraag horen."),
    )
    reason = _reason_field()

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.course.title} · {timezone.localtime(s.starts_at):%d-%m-%Y %H:%M}"
        )


class TeamRequestFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *TeamRequest.Status.choices],
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )

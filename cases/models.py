import secrets

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.models import OrganisationUnit
from cases.uploads import ALLOWED_EXTENSIONS, extension_of
from core.choices import ChoiceLabels

# Imported here too: the migrations written before it moved to core name it from this module.
from core.storage import private_storage

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_pseudonym():
    # Six random bytes, five bits of each: 32 letters divide 256, so each is equally likely.
    return "ST-" + "".join(PSEUDONYM_ALPHABET[byte & 31] for byte in secrets.token_bytes(6))


class Student(models.Model):
    """The person a case is about. Minimal data; never a citizen-service number (BSN)."""

    student_number = models.CharField(_("studentnummer"), max_length=20, unique=True)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    programme = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("opleiding"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    pseudonym = models.CharField(
        _("pseudoniem"), max_length=12, unique=True, default=new_pseudonym, editable=False
    )
    is_active = models.BooleanField(_("ingeschreven"), default=True)
    history = HistoricalRecords(no_db_index=["student_number", "programme", "pseudonym"])

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("studenten")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.student_number})"


class ConcernCategory(models.Model):
    """A kind of concern (psychological distress, aggression, …); the list is configurable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    label_en = models.CharField(_("naam (Engels)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords(no_db_index=["code"])

    class Meta:
        verbose_name = _("zorgcategorie")
        verbose_name_plural = _("zorgcategorieën")
        ordering = ["order", "code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return getattr(self, self.label_field())

    @staticmethod
    def label_field():
        """The column of the label in the active language (for queries that read only it)."""
        return "label_en" if translation.get_language() == "en" else "label_nl"


class Rung(models.TextChoices):
    SIGNAL = "signal", _("Signaal")
    SUPPORT = "support", _("Studentondersteuning")
    CARE_MEETING = "care_meeting", _("Multidisciplinair zorgoverleg")
    BOARD = "board", _("College van Bestuur")
    CLOSED = "closed", _("Gesloten")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Binnen een week oppakken")
    SOON = "soon", _("Binnen twee werkdagen oppakken")
    URGENT = "urgent", _("Vandaag oppakken")


URGENCY_SHORT = {
    Urgency.NORMAL: _("Binnen een week"),
    Urgency.SOON: _("Binnen 2 werkdagen"),
    Urgency.URGENT: _("Vandaag"),
}


class Case(ChoiceLabels, models.Model):
    """One concern about one student, with its team, rung and timeline."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    student_description = models.CharField(
        _("wat weet je van de student?"),
        max_length=200,
        blank=True,
        help_text=_("Alleen als je het studentnummer niet weet: bijvoorbeeld naam, klas of jaar."),
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eenheid"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casusteam"),
        blank=True,
        related_name="team_cases",
    )
    categories = models.ManyToManyField(ConcernCategory, verbose_name=_("zorgcategorieën"))
    signals_what = models.TextField(_("wat heb je gezien of gehoord?"))
    signals_when = models.DateField(_("wanneer?"))
    signals_where = models.CharField(_("waar?"), max_length=200, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices)
    discussed_with_student = models.BooleanField(_("al met de student besproken"))
    consulted_colleague = models.BooleanField(_("al met een collega overlegd"))
    rung = FSMField(_("trede"), choices=Rung.choices, default=Rung.SIGNAL, protected=True)
    next_review = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        no_db_index=["reference", "student", "unit", "reporter", "handler"],
        m2m_fields=[members, categories],
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("manage_case", _("Mag het casusteam en de behandelaar wijzigen")),
            ("view_case_in_meeting", _("Mag de casus gepseudonimiseerd inzien in een zorgoverleg")),
        ]
        indexes = [
            models.Index(fields=["unit", "handler", "rung"], name="case_unit_handler_rung"),
            models.Index(fields=["next_review"], name="case_next_review"),
            models.Index(fields=["-created_at", "-id"], name="case_created"),
        ]

    def __str__(self):
        return self.reference

    @property
    def urgency_short(self):
        return URGENCY_SHORT.get(self.urgency, self.urgency)

    @property
    def student_pseudonym(self):
        return self.student.pseudonym if self.student_id else ""

    # The ladder. Transitions only change the case in memory; `escalation.services` checks the
    # rules, locks the row, saves and writes the transition row.
    @transition(field=rung, source=Rung.SIGNAL, target=Rung.SUPPORT)
    def take_on(self):
        """A counsellor now handles the report: it moves from signal to student support."""

    @transition(field=rung, source=Rung.SUPPORT, target=Rung.CARE_MEETING)
    def escalate_to_care_meeting(self):
        """A dean accepted the request: the multidisciplinary care meeting takes it up."""

    @transition(field=rung, source=Rung.CARE_MEETING, target=Rung.BOARD)
    def escalate_to_board(self):
        """The care meeting decided the board must weigh in."""

    @transition(
        field=rung, source=[Rung.SIGNAL, Rung.SUPPORT, Rung.CARE_MEETING], target=Rung.BOARD
    )
    def escalate_acute(self):
        """Acute risk: straight to the board from any open rung."""

    @transition(field=rung, source=[Rung.CARE_MEETING, Rung.BOARD], target=Rung.SUPPORT)
    def step_down_to_support(self):
        """The concern is smaller now: back to student support."""

    @transition(field=rung, source=Rung.BOARD, target=Rung.CARE_MEETING)
    def step_down_to_care_meeting(self):
        """Back from the board to the care meeting."""

    @transition(
        field=rung,
        source=[Rung.SIGNAL, Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD],
        target=Rung.CLOSED,
    )
    def close(self):
        """The case ends, with an outcome recorded on its transition row."""

    @transition(field=rung, source=Rung.CLOSED, target=Rung.SUPPORT)
    def reopen(self):
        """A closed case is handled again."""


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseReferenceCounter(models.Model):
    """The last number handed out per year, so references are gap-free under concurrency."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class TimelineEntry(ChoiceLabels, models.Model):
    """One event in a case: a conversation, a consultation, a note, consent, a referral."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Gesprek met de student")
        NO_CONVERSATION = "no_conversation", _("Geen gesprek mogelijk (met reden)")
        CONSULTATION = "consultation", _("Collegiale consultatie")
        NOTE = "note", _("Notitie")
        INTERNAL_SERVICE = "internal_service", _("Contact met interne dienst")
        CONSENT_REQUEST = "consent_request", _("Toestemming gevraagd")
        CONSENT_ANSWER = "consent_answer", _("Antwoord op toestemmingsvraag")
        CONSENT_WITHDRAWAL = "consent_withdrawal", _("Toestemming ingetrokken")
        REFERRAL = "referral", _("Verwijzing")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    occurred_on = models.DateField(_("datum"))
    summary = models.TextField(_("wat is er besproken of gebeurd?"))
    outcome = models.TextField(_("uitkomst"), blank=True)
    consent_given = models.BooleanField(_("toestemming gegeven"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["case", "author"])

    class Meta:
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="consent_answer", consent_given__isnull=False)
                | ~models.Q(kind="consent_answer"),
                name="timeline_consent_answer_says_yes_or_no",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


def attachment_path(attachment, filename):
    """A random name in the case's own folder: file listings and backups show nothing of what
    the file is called or who it is about; the original name lives in the database only.
    The extension was checked against the content before this (cases.uploads)."""
    extension = extension_of(filename)
    suffix = f".{extension}" if extension in ALLOWED_EXTENSIONS else ""
    return f"cases/{attachment.case_id}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    """A file in a case, stored outside every web root and served only by a checked view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300, storage=private_storage)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["case", "uploaded_by"])

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.original_name

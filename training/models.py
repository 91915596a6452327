"""Training: courses, sessions with enrolment and waitlist, certificates with the trainer cascade,
team-training requests with their intake, and each person's calendar feed.

State changes happen only in `training.services`; the transitions below change a session in
memory and the service locks, checks, saves and notifies.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords


class CourseKind(models.TextChoices):
    BASIC_KNOWLEDGE = "basic_knowledge", _("Basiskennis voor eerstelijns professionals")
    ACTION_PERSPECTIVE = "action_perspective", _("Handelingsperspectief voor studentbegeleiders")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train-de-trainer")
    DIALOGUE = "dialogue", _("Dialoogsessie met medewerkers en studenten")


class Course(models.Model):
    """What is taught: a kind, goals and how long a certificate of it stays valid."""

    title = models.CharField(_("titel"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=24, choices=CourseKind.choices)
    description = models.TextField(_("omschrijving"))
    learning_goals = models.TextField(_("leerdoelen"))
    duration_minutes = models.PositiveIntegerField(_("duur in minuten"))
    validity_months = models.PositiveIntegerField(
        _("geldigheid van het certificaat in maanden"), default=24
    )
    articles = models.ManyToManyField(
        "network.Article", verbose_name=_("artikelen uit de kennisbank"), blank=True
    )
    # A train-the-trainer course makes its certificate holders trainers of these courses (and of
    # itself, so the cascade can go on).
    qualifies_for = models.ManyToManyField(
        "self",
        verbose_name=_("leidt op tot trainer van"),
        symmetrical=False,
        blank=True,
        related_name="trained_by_courses",
    )
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[articles, qualifies_for])

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(validity_months__gte=1),
                name="course_duration_and_validity_positive",
                violation_error_message=_("Duur en geldigheid moeten groter dan nul zijn."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_train_the_trainer(self):
        return self.kind == CourseKind.TRAIN_THE_TRAINER


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    OPEN = "open", _("Open voor inschrijving")
    FULL = "full", _("Vol (wachtlijst)")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


class Session(models.Model):
    """One meeting of a course: who trains, when, where, and how many seats."""

    course = models.ForeignKey(
        Course, verbose_name=_("cursus"), on_delete=models.PROTECT, related_name="sessions"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="training_sessions"
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    capacity = models.PositiveIntegerField(_("aantal plaatsen"))
    enrolment_deadline = models.DateTimeField(_("inschrijven kan tot"))
    status = FSMField(
        _("status"), choices=SessionStatus.choices, default=SessionStatus.PLANNED, protected=True
    )
    team_request = models.ForeignKey(
        "TeamRequest",
        verbose_name=_("teamtraining op aanvraag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    notes = models.TextField(_("toelichting voor deelnemers"), blank=True)
    cancel_reason = models.TextField(_("reden van annulering"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepland door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        no_db_index=["course", "team_request", "created_by"], m2m_fields=[trainers]
    )

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at", "status"], name="session_start_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("Een sessie eindigt na het begin."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_seats"),
            models.CheckConstraint(
                condition=Q(enrolment_deadline__lte=models.F("starts_at")),
                name="session_deadline_before_start",
                violation_error_message=_("Inschrijven sluit uiterlijk bij het begin."),
            ),
        ]

    def __str__(self):
        return f"{self.course} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_bookable(self):
        return self.status in (SessionStatus.OPEN, SessionStatus.FULL)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    # Transitions: in memory only; `training.services` locks, checks and saves.
    @transition(field=status, source=SessionStatus.PLANNED, target=SessionStatus.OPEN)
    def open_enrolment(self):
        """People can enrol now."""

    @transition(field=status, source=SessionStatus.OPEN, target=SessionStatus.FULL)
    def fill_up(self):
        """The last seat is taken; whoever enrols now joins the waitlist."""

    @transition(field=status, source=SessionStatus.FULL, target=SessionStatus.OPEN)
    def free_a_seat(self):
        """A seat came free and nobody was waiting for it."""

    @transition(
        field=status,
        source=[SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.FULL],
        target=SessionStatus.HELD,
    )
    def mark_held(self):
        """The session took place: attendance is recorded."""

    @transition(
        field=status,
        source=[SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.FULL],
        target=SessionStatus.CANCELLED,
    )
    def cancel(self):
        """The session does not go ahead; everyone enrolled is told."""


class Enrolment(models.Model):
    """One person's place in a session: a seat, or a place on the waitlist in order of arrival."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Ingeschreven")
        WAITLISTED = "waitlisted", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Uitgeschreven")

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Aanwezig")
        NO_SHOW = "no_show", _("Niet verschenen")

    session = models.ForeignKey(
        Session, verbose_name=_("sessie"), on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attendance = models.CharField(
        _("aanwezigheid"), max_length=12, choices=Attendance.choices, blank=True
    )
    # The waitlist is served in order of arrival: enrolments are created one at a time under the
    # session's row lock, so a later arrival always has a higher id.
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("van de wachtlijst gehaald op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("uitgeschreven op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("herinnering verstuurd op"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(no_db_index=["session", "participant"])

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status__in=["enrolled", "waitlisted"]),
                name="enrolment_once_per_session",
                violation_error_message=_("Je staat al ingeschreven voor deze sessie."),
            ),
            models.CheckConstraint(
                condition=Q(attendance="") | Q(status="enrolled"),
                name="enrolment_attendance_only_when_enrolled",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} → {self.session_id} ({self.status})"


class Certificate(models.Model):
    """Proof that someone took part in a course, valid until `expires_on`; it names the trainers
    of the session, so the app knows who trained whom."""

    number = models.CharField(_("certificaatnummer"), max_length=40, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("houder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("cursus"), on_delete=models.PROTECT, related_name="certificates"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("sessie"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("inschrijving"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    trained_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("getraind door"), related_name="+"
    )
    issued_on = models.DateField(_("uitgereikt op"))
    expires_on = models.DateField(_("geldig tot en met"))
    expiry_reminder_sent_on = models.DateField(
        _("herinnering verloop verstuurd op"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(
        no_db_index=["number", "holder", "course", "session"], m2m_fields=[trained_by]
    )

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["holder", "expires_on"], name="certificate_holder_expiry"),
            models.Index(fields=["expires_on"], name="certificate_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            )
        ]

    def __str__(self):
        return self.number


class TrainerQualification(models.Model):
    """May this person train this course? Either as one of the first trainers (named by the
    coordinator) or through a train-the-trainer certificate, for as long as it is valid."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainer_qualifications",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("cursus"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("op grond van certificaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualifications",
        help_text=_("Leeg: een trainer van de eerste generatie."),
    )
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["trainer", "course", "certificate"])

    class Meta:
        verbose_name = _("trainersbevoegdheid")
        verbose_name_plural = _("trainersbevoegdheden")
        ordering = ["course", "trainer"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "course"], name="qualification_once_per_course"
            )
        ]

    def __str__(self):
        return f"{self.trainer_id} → {self.course_id}"

    @property
    def is_first_generation(self):
        return self.certificate_id is None


class TeamRequest(models.Model):
    """A team asks for a training; an intake comes first, then a session made for them."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Aangevraagd")
        INTAKE_HELD = "intake_held", _("Intake gehouden")
        SCHEDULED = "scheduled", _("Sessie gepland")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="team_requests",
    )
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("eenheid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team_name = models.CharField(_("team"), max_length=200)
    team_size = models.PositiveIntegerField(_("aantal teamleden"))
    course_kind = models.CharField(_("soort training"), max_length=24, choices=CourseKind.choices)
    question = models.TextField(_("jullie vraag"))
    preferred_period = models.CharField(_("voorkeursperiode"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    intake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intake door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_intakes",
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["requester", "unit", "intake_by"])

    class Meta:
        verbose_name = _("aanvraag teamtraining")
        verbose_name_plural = _("aanvragen teamtraining")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="team_request_status")]

    def __str__(self):
        return self.team_name


class Intake(models.Model):
    """What the intake found out, so the session fits the team. Never personal data."""

    request = models.OneToOneField(
        TeamRequest, verbose_name=_("aanvraag"), on_delete=models.PROTECT, related_name="intake"
    )
    held_on = models.DateField(_("gehouden op"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gehouden door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_context = models.TextField(_("team en context"))
    concern_kinds = models.TextField(_("soorten zorgen die het team tegenkomt"))
    learning_needs = models.TextField(_("leervragen"))
    constraints = models.TextField(_("praktische randvoorwaarden"), blank=True)
    recommended_course = models.ForeignKey(
        Course,
        verbose_name=_("passende cursus"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    history = HistoricalRecords(no_db_index=["held_by", "recommended_course"])

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self):
        return f"intake {self.request_id}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's training calendar; a new token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now=True)
    # The token itself stays out of the history: old addresses must not be readable anywhere.
    history = HistoricalRecords(excluded_fields=["token"], no_db_index=["user"])

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self):
        return f"feed {self.user_id}"

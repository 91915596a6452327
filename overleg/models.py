"""The care meeting (zorgoverleg): meetings with invitees, an agenda the app proposes, case
discussion under pseudonym, minutes with decisions and action items.

State changes happen only in `overleg.services`; the transitions below change a meeting in memory
and the service locks, checks, saves and notifies.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import OrganisationUnit, Role
from cases.models import Case
from escalation.models import CareMeetingDecision

USER = settings.AUTH_USER_MODEL


class Meeting(models.Model):
    """One care meeting: regular, or ad hoc about one case."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regulier zorgoverleg")
        AD_HOC = "ad_hoc", _("Ad-hocoverleg over één casus")

    class State(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        AGENDA_PUBLISHED = "agenda_published", _("Agenda gepubliceerd")
        HELD = "held", _("Gehouden")
        MINUTES_APPROVED = "minutes_approved", _("Verslag vastgesteld")

    kind = models.CharField(_("soort overleg"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveIntegerField(_("duur in minuten"), default=90)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    online_link = models.URLField(_("link voor online deelname"), max_length=500, blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("voor eenheid"),
        help_text=_("Leeg: het overleg gaat over de hele instelling."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("casus (ad-hocoverleg)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ad_hoc_meetings",
    )
    chair = models.ForeignKey(
        USER, verbose_name=_("voorzitter"), on_delete=models.PROTECT, related_name="+"
    )
    minute_taker = models.ForeignKey(
        USER, verbose_name=_("notulist"), on_delete=models.PROTECT, related_name="+"
    )
    invited_roles = models.ManyToManyField(
        Role, verbose_name=_("uitgenodigde rollen"), blank=True, related_name="+"
    )
    organised_by = models.ForeignKey(
        USER, verbose_name=_("georganiseerd door"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(
        _("status"), max_length=20, choices=State.choices, default=State.PLANNED, protected=True
    )
    agenda_published_at = models.DateTimeField(_("agenda gepubliceerd op"), null=True, blank=True)
    access_until = models.DateTimeField(
        _("inzage in de casussen tot"), null=True, blank=True, editable=False
    )
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("verslag vastgesteld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        no_db_index=["unit", "case", "chair", "minute_taker", "organised_by"],
        m2m_fields=[invited_roles],
    )

    class Meta:
        verbose_name = _("zorgoverleg")
        verbose_name_plural = _("zorgoverleggen")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["state", "starts_at"], name="meeting_state_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regular", case__isnull=True)
                | Q(kind="ad_hoc", case__isnull=False),
                name="meeting_ad_hoc_has_one_case",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self):
        """A short handle that carries no names: used in decisions, PDFs and file names."""
        return f"ZO-{self.pk}"

    @property
    def is_editable(self):
        return self.state in (self.State.PLANNED, self.State.AGENDA_PUBLISHED)

    @property
    def minutes_open(self):
        return self.state == self.State.HELD

    @transition(field=state, source=State.PLANNED, target=State.AGENDA_PUBLISHED)
    def publish_agenda(self):
        """Invitees can open the agenda (after confirming confidentiality)."""

    @transition(field=state, source=State.AGENDA_PUBLISHED, target=State.HELD)
    def mark_held(self):
        """The meeting took place; the minute-taker writes the minutes."""

    @transition(field=state, source=State.HELD, target=State.MINUTES_APPROVED)
    def approve_minutes(self):
        """The chair approves the minutes; from now on they are read-only."""


class Invitation(models.Model):
    """One invitee of a meeting: their confidentiality confirmation and their attendance."""

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Aanwezig")
        APOLOGIES = "apologies", _("Afgemeld")
        ABSENT = "absent", _("Afwezig")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        USER, verbose_name=_("genodigde"), on_delete=models.PROTECT, related_name="+"
    )
    confidentiality_confirmed_at = models.DateTimeField(
        _("geheimhouding bevestigd op"), null=True, blank=True
    )
    attendance = models.CharField(
        _("aanwezigheid"), max_length=10, choices=Attendance.choices, blank=True
    )
    history = HistoricalRecords(no_db_index=["meeting", "user"])

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="invitation_once_per_user")
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.user_id}"


class AgendaItem(models.Model):
    """One point on the agenda and, once held, what was said and decided about it."""

    class Kind(models.TextChoices):
        CASE = "case", _("Casusbespreking")
        TREND = "trend", _("Trends bespreken")
        INCIDENT = "incident", _("Incidentanalyse")
        OTHER = "other", _("Overig")

    class Source(models.TextChoices):
        CARE_MEETING_RUNG = "care_meeting_rung", _("casus op de trede zorgoverleg")
        ACUTE = "acute", _("acuut risico sinds het vorige overleg")
        OVERDUE_REVIEW = "overdue_review", _("evaluatiedatum verstreken")
        OPEN_ACTIONS = "open_actions", _("openstaande actiepunten")
        CARRIED_FORWARD = "carried_forward", _("niet besproken in het vorige overleg")
        AD_HOC = "ad_hoc", _("aanleiding van dit ad-hocoverleg")
        CHAIR = "chair", _("toegevoegd door de voorzitter")

    # What the meeting decided about a case: the ladder's own choices, so both say the same.
    Decision = CareMeetingDecision.Decision

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    source = models.CharField(_("aanleiding"), max_length=20, choices=Source.choices)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("doorgeschoven van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    discussed = models.BooleanField(_("besproken"), default=False)
    summary = models.TextField(_("samenvatting van de bespreking"), blank=True)
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, blank=True)
    decision_recorded = models.ForeignKey(
        CareMeetingDecision,
        verbose_name=_("vastgelegd besluit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(
        no_db_index=["meeting", "case", "incident", "carried_from", "decision_recorded"]
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="case", case__isnull=False) | ~Q(kind="case"),
                name="agenda_case_item_has_case",
            ),
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=Q(case__isnull=False),
                name="agenda_case_once_per_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id}.{self.position} {self.kind}"

    @property
    def decided(self):
        return self.decision_recorded_id is not None


class CaseAccessGrant(models.Model):
    """Temporary, pseudonymised read access to one case for one invitee of one meeting. The
    guardian object permission `view_case_in_meeting` goes with it; access needs both, so it ends
    at `expires_at` even before the nightly job removes the permission."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meeting_grants")
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # Who held meeting access to which case, and until when, stays on record after the grant
    # itself is gone (DESIGN §6).
    history = HistoricalRecords(no_db_index=["meeting", "user", "case"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "case"], name="grant_once_per_meeting_user_case"
            )
        ]
        indexes = [models.Index(fields=["user", "case", "expires_at"], name="grant_user_case")]

    def __str__(self):
        return f"{self.meeting_id} {self.user_id} {self.case_id}"


class IdentityReveal(models.Model):
    """One person asked to see who the student is, in one meeting, with a reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reveals")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_reveals")
    reason = models.CharField(_("reden"), max_length=500)
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(no_db_index=["meeting", "user", "case"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "case"], name="reveal_once_per_meeting_user_case"
            )
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.user_id} {self.case_id}"


class ActionItem(models.Model):
    """What someone agreed to do, reviewed at the next meeting."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Gedaan")
        CIRCUMSTANCES_CHANGED = "changed", _("Omstandigheden veranderd")
        NOT_DONE = "not_done", _("Niet gedaan")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("bij agendapunt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.CharField(_("actie"), max_length=500)
    owner = models.ForeignKey(
        USER, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk op"))
    state = models.CharField(_("stand"), max_length=10, choices=State.choices, default=State.OPEN)
    reviewed_in = models.ForeignKey(
        Meeting,
        verbose_name=_("besproken in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_actions",
    )
    review_note = models.CharField(_("toelichting"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(no_db_index=["meeting", "item", "owner", "reviewed_in"])

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="action_state_due")]

    def __str__(self):
        return self.description

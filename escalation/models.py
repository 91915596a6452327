"""What the escalation ladder records: every step, the weighing frameworks, requests,
care-meeting decisions, acute-risk reports and external disclosures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case, Rung, TimelineEntry
from core.choices import ChoiceLabels

USER = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    NONE = "none", _("Geen")
    LOW = "low", _("Laag")
    MODERATE = "moderate", _("Matig")
    HIGH = "high", _("Hoog")
    ACUTE = "acute", _("Acuut")


class RungTransition(ChoiceLabels, models.Model):
    """One step of a case on the ladder: from, to, who, in which role, when, why, on what."""

    class Kind(models.TextChoices):
        TAKE_ON = "take_on", _("Opgepakt")
        ESCALATE = "escalate", _("Opgeschaald")
        ACUTE = "acute", _("Acuut opgeschaald")
        STEP_DOWN = "step_down", _("Afgeschaald")
        CLOSE = "close", _("Gesloten")
        REOPEN = "reopen", _("Heropend")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("soort stap"), max_length=12, choices=Kind.choices)
    from_rung = models.CharField(_("van"), max_length=16, choices=Rung.choices)
    to_rung = models.CharField(_("naar"), max_length=16, choices=Rung.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    role_held = models.CharField(_("in de rol van"), max_length=40)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    # When the case came onto `from_rung` (the step before this one, or the report): kept on
    # the row so the trends' "time per rung" is a plain grouped average. Looking the previous
    # step up per row took 7 s over the 4M steps of tier N (issue 9).
    on_rung_since = models.DateTimeField(_("op de trede sinds"))
    reason = models.TextField(_("reden"))
    outcome = models.CharField(_("uitkomst"), max_length=30, blank=True)
    framework1 = models.ForeignKey(
        "Framework1",
        verbose_name=_("afwegingskader 1"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.ForeignKey(
        "EscalationRequest",
        verbose_name=_("opschalingsverzoek"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "CareMeetingDecision",
        verbose_name=_("besluit zorgoverleg"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acute_report = models.ForeignKey(
        "AcuteRiskReport",
        verbose_name=_("acute-risicomelding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(
        no_db_index=["case", "actor", "framework1", "request", "decision", "acute_report"]
    )

    class Meta:
        verbose_name = _("stap op de ladder")
        verbose_name_plural = _("stappen op de ladder")
        ordering = ["-at", "-id"]
        indexes = [
            # A case's ladder in order, and the steps of a period for the trends and the
            # programme dashboard (without it: a scan of every step).
            models.Index(fields=["case", "at", "id"], name="step_case_at"),
            models.Index(fields=["at"], name="step_at"),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.from_rung} → {self.to_rung}"


class CloseOutcome(models.TextChoices):
    TAKEN_AWAY = "taken_away", _("Zorg weggenomen")
    REFERRED = "referred", _("Verwezen naar reguliere zorg")
    STUDENT_LEFT = "student_left", _("Student is vertrokken")
    NO_FURTHER_ACTION = "no_further_action", _("Geen verdere actie nodig")
    OTHER = "other", _("Anders")


class Framework1(ChoiceLabels, models.Model):
    """Weighing framework 1: how safe are the student, others and the environment? Signed at
    creation and never changed; a newer one supersedes it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="frameworks1")
    author = models.ForeignKey(
        USER, verbose_name=_("ondertekend door"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("ondertekend op"), auto_now_add=True)
    own_safety = models.CharField(
        _("veiligheid van de student zelf"), max_length=10, choices=Level.choices
    )
    own_safety_motivation = models.TextField(_("motivering"))
    others_safety = models.CharField(
        _("veiligheid van medestudenten en medewerkers"), max_length=10, choices=Level.choices
    )
    others_safety_motivation = models.TextField(_("motivering"))
    environment_safety = models.CharField(
        _("veiligheid van omgeving en samenleving"), max_length=10, choices=Level.choices
    )
    environment_safety_motivation = models.TextField(_("motivering"))
    instrument_name = models.CharField(_("instrument (naam en versie)"), max_length=100, blank=True)
    instrument_level = models.CharField(
        _("totaalniveau volgens het instrument"), max_length=10, choices=Level.choices, blank=True
    )
    instrument_rationale = models.TextField(_("toelichting bij de score"), blank=True)
    instrument_licensed = models.BooleanField(
        _("de instelling heeft een licentie voor dit instrument"), default=False
    )
    history = HistoricalRecords(no_db_index=["case", "author"])

    class Meta:
        verbose_name = _("afwegingskader 1")
        verbose_name_plural = _("afwegingskaders 1")
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instrument_name="") | models.Q(instrument_licensed=True),
                name="framework1_instrument_needs_licence",
            )
        ]

    def __str__(self):
        return f"AK1 {self.case_id} {self.signed_at:%Y-%m-%d}"

    @property
    def highest_level(self):
        order = Level.values
        levels = [self.own_safety, self.others_safety, self.environment_safety]
        return max(levels, key=order.index)


class Framework2(ChoiceLabels, models.Model):
    """Weighing framework 2: the three questions before any external disclosure. Only all
    "yes" allows a disclosure. Signed at creation and never changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="frameworks2")
    author = models.ForeignKey(
        USER, verbose_name=_("ondertekend door"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("ondertekend op"), auto_now_add=True)
    other_options_used = models.BooleanField(_("Zijn alle andere mogelijkheden benut?"))
    other_options_motivation = models.TextField(_("motivering"))
    consent_pursued = models.BooleanField(_("Is alles gedaan om toestemming te krijgen?"))
    consent_motivation = models.TextField(_("motivering"))
    consent_entries = models.ManyToManyField(
        TimelineEntry,
        verbose_name=_("toestemmingsstappen in de tijdlijn"),
        blank=True,
        related_name="+",
    )
    sharing_necessary = models.BooleanField(_("Is delen nodig om het risico te verkleinen?"))
    sharing_motivation = models.TextField(_("motivering"))
    history = HistoricalRecords(no_db_index=["case", "author"])

    class Meta:
        verbose_name = _("afwegingskader 2")
        verbose_name_plural = _("afwegingskaders 2")
        ordering = ["-signed_at", "-id"]

    def __str__(self):
        return f"AK2 {self.case_id} {self.signed_at:%Y-%m-%d}"

    @property
    def all_yes(self):
        return self.other_options_used and self.consent_pursued and self.sharing_necessary


class EscalationRequest(ChoiceLabels, models.Model):
    """A counsellor asks a dean to move the case to the care meeting."""

    class State(models.TextChoices):
        PENDING = "pending", _("Wacht op beoordeling")
        ACCEPTED = "accepted", _("Geaccepteerd")
        SENT_BACK = "sent_back", _("Teruggestuurd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalation_requests")
    requested_by = models.ForeignKey(
        USER, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    reason = models.TextField(_("waarom is de zorg niet weggenomen?"))
    framework1 = models.ForeignKey(
        Framework1, verbose_name=_("afwegingskader 1"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("status"), choices=State.choices, default=State.PENDING, protected=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting van de decaan"), blank=True)
    history = HistoricalRecords(no_db_index=["case", "requested_by", "framework1", "decided_by"])

    class Meta:
        verbose_name = _("opschalingsverzoek")
        verbose_name_plural = _("opschalingsverzoeken")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state="pending"),
                name="one_pending_request_per_case",
            )
        ]
        # The dean's inbox pages the pending requests oldest first (keyset on requested_at, id).
        indexes = [
            models.Index(
                fields=["requested_at", "id"],
                condition=models.Q(state="pending"),
                name="escalation_pending_oldest",
            )
        ]

    def __str__(self):
        return f"{self.case_id} {self.state}"

    @transition(field=state, source=State.PENDING, target=State.ACCEPTED)
    def accept(self):
        """The dean agrees: the case goes to the care meeting."""

    @transition(field=state, source=State.PENDING, target=State.SENT_BACK)
    def send_back(self):
        """The dean sends it back with a reason."""

    @transition(field=state, source=State.PENDING, target=State.WITHDRAWN)
    def withdraw(self):
        """The case moved on some other way (acute, closed) before a dean decided."""


class CareMeetingDecision(models.Model):
    """What a held care meeting decided about a case, from its minutes: the care-meeting app hands
    it over through `escalation.services.record_meeting_decision`; `meeting_ref` is the meeting's
    code ("ZO-12")."""

    class Decision(models.TextChoices):
        ESCALATE_TO_BOARD = "escalate_to_board", _("Opschalen naar het College van Bestuur")
        STEP_DOWN = "step_down", _("Afschalen naar studentondersteuning")
        CLOSE = "close", _("Casus sluiten")
        NO_CHANGE = "no_change", _("Geen verandering; acties afgesproken")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="care_decisions")
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices)
    summary = models.TextField(_("samenvatting van de bespreking"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    meeting_ref = models.CharField(_("overleg"), max_length=100, blank=True)
    history = HistoricalRecords(no_db_index=["case", "recorded_by"])

    class Meta:
        verbose_name = _("besluit zorgoverleg")
        verbose_name_plural = _("besluiten zorgoverleg")
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return f"{self.case_id} {self.decision}"


class AcuteRiskReport(models.Model):
    """Acute risk: the case goes to the board at once and an acute disclosure request opens."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acute_reports")
    reported_by = models.ForeignKey(
        USER, verbose_name=_("gemeld door"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    own_safety = models.BooleanField(_("Is er acuut gevaar voor de student zelf?"))
    third_parties = models.BooleanField(_("Is er acuut gevaar voor anderen?"))
    criminal_offence = models.BooleanField(_("Gaat het om een (dreigend) strafbaar feit?"))
    description = models.TextField(_("wat is er aan de hand?"))
    emergency_called = models.BooleanField(
        _("Er is 112 gebeld of de hulpdiensten zijn ingeschakeld"), default=False
    )
    emergency_details = models.TextField(_("wat is er met de hulpdiensten gedeeld?"), blank=True)
    acknowledged_by = models.ForeignKey(
        USER,
        verbose_name=_("kennisgenomen door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("kennisgenomen op"), null=True, blank=True)
    history = HistoricalRecords(no_db_index=["case", "reported_by", "acknowledged_by"])

    class Meta:
        verbose_name = _("acute-risicomelding")
        verbose_name_plural = _("acute-risicomeldingen")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(own_safety=True)
                | models.Q(third_parties=True)
                | models.Q(criminal_offence=True),
                name="acute_report_has_a_risk",
            )
        ]

    def __str__(self):
        return f"{self.case_id} {self.reported_at:%Y-%m-%d %H:%M}"


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Toestemming van de student")
    VITAL_INTEREST = "vital_interest", _("Vitaal belang")
    LEGAL_OBLIGATION = "legal_obligation", _("Wettelijke plicht")
    CONFLICT_OF_DUTIES = "conflict_of_duties", _("Conflict van plichten")
    PUBLIC_TASK = "public_task", _("Publieke taak")


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Naam en contactgegevens")
    STUDY = "study", _("Opleiding en studievoortgang")
    SIGNALS = "signals", _("Waargenomen signalen")
    RISK = "risk", _("Risico-inschatting (afwegingskader 1)")
    HEALTH = "health", _("Gezondheidsgegevens")
    ACTIONS = "actions", _("Genomen maatregelen")


class Disclosure(ChoiceLabels, models.Model):
    """Sharing case data with an external party: a record with its own state machine,
    approved by a board member who is neither requester nor handler."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Concept")
        REQUESTED = "requested", _("Wacht op besluit College van Bestuur")
        APPROVED = "approved", _("Goedgekeurd, nog uit te voeren")
        REJECTED = "rejected", _("Afgewezen")
        CARRIED_OUT = "carried_out", _("Uitgevoerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures")
    recipient = models.ForeignKey(
        "network.Partner",
        verbose_name=_("ontvanger"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)
    data_categories = models.JSONField(_("welke gegevens gaan mee?"), default=list)
    purpose = models.TextField(_("doel: wat moet de ontvanger ermee kunnen?"))
    framework2 = models.ForeignKey(
        Framework2,
        verbose_name=_("afwegingskader 2"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    student_informed = models.BooleanField(_("de student is geïnformeerd"))
    not_informed_reason = models.TextField(_("waarom niet?"), blank=True)
    acute = models.BooleanField(_("acuut"), default=False)
    acute_report = models.ForeignKey(
        AcuteRiskReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("status"), choices=State.choices, default=State.DRAFT, protected=True)
    requested_by = models.ForeignKey(
        USER, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    # Who handled the case when it went to the board: they may not approve it either, even
    # after handing the case over.
    handler_at_request = models.ForeignKey(
        USER,
        verbose_name=_("behandelaar bij de aanvraag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    requested_at = models.DateTimeField(_("aangevraagd op"), null=True, blank=True)
    decide_before = models.DateTimeField(_("besluit nodig voor"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(_("laatste herinnering"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting bij het besluit"), blank=True)
    carried_out_by = models.ForeignKey(
        USER,
        verbose_name=_("uitgevoerd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    carried_out_on = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    channel = models.CharField(_("hoe gedeeld?"), max_length=100, blank=True)
    what_was_shared = models.TextField(_("wat is er gedeeld?"), blank=True)
    history = HistoricalRecords(
        no_db_index=[
            "case",
            "recipient",
            "framework2",
            "acute_report",
            "requested_by",
            "decided_by",
            "carried_out_by",
            "handler_at_request",
        ]
    )

    class Meta:
        verbose_name = _("verstrekking aan derden")
        verbose_name_plural = _("verstrekkingen aan derden")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "decide_before"], name="disclosure_state_deadline")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(student_informed=True) | ~models.Q(not_informed_reason=""),
                name="disclosure_says_why_student_not_informed",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "rejected", "carried_out"])
                | (
                    models.Q(decided_by__isnull=False)
                    & ~models.Q(decided_by=models.F("requested_by"))
                ),
                name="disclosure_decided_by_someone_else",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.recipient_id} ({self.state})"

    @transition(field=state, source=State.DRAFT, target=State.REQUESTED)
    def request(self):
        """Put it before the board."""

    @transition(field=state, source=State.REQUESTED, target=State.APPROVED)
    def approve(self):
        """A board member (not requester, not handler) approves."""

    @transition(field=state, source=State.REQUESTED, target=State.REJECTED)
    def reject(self):
        """A board member rejects, with a reason."""

    @transition(field=state, source=State.APPROVED, target=State.CARRIED_OUT)
    def carry_out(self):
        """The contact officer shared what was approved."""

    @transition(
        field=state, source=[State.DRAFT, State.REQUESTED, State.APPROVED], target=State.WITHDRAWN
    )
    def withdraw(self):
        """The requester no longer needs it."""


class OverdueNotice(models.Model):
    """That the handler and dean were told a review date passed, so the job tells them once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    review_date = models.DateField()
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "review_date"], name="one_overdue_notice_per_review"
            )
        ]

    def __str__(self):
        return f"{self.case_id} {self.review_date}"


class DisclosurePackage(models.Model):
    """What the board approved to share, filled from the case when it was approved and never
    changed after: the contact officer shares exactly this (`escalation.package`)."""

    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.CASCADE, related_name="package", primary_key=True
    )
    sections = models.JSONField(_("inhoud"))
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    frozen_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("pakket van een verstrekking")
        verbose_name_plural = _("pakketten van verstrekkingen")

    def __str__(self):
        return f"{self.disclosure_id} ({self.frozen_at:%Y-%m-%d})"

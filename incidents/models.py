"""Incident analysis: what happened, the timeline, what contributed, what went well, the lessons
and the improvement actions that follow from them.

Incidents name cases only by reference and pseudonym code. Writes happen in
`incidents.services`, which records who acted and why in the history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrganisationUnit


class IncidentKind(models.TextChoices):
    THREAT = "threat", _("Bedreiging of agressie")
    SELF_HARM = "self_harm", _("Zelfbeschadiging of suïcidepoging")
    DISRUPTION = "disruption", _("Verstoring van het onderwijs")
    STALKING = "stalking", _("Stalking of intimidatie")
    RADICALISATION = "radicalisation", _("Signaal van radicalisering")
    OTHER = "other", _("Anders")


class Severity(models.TextChoices):
    LOW = "low", _("Laag")
    MEDIUM = "medium", _("Gemiddeld")
    HIGH = "high", _("Hoog")
    VERY_HIGH = "very_high", _("Zeer hoog")


class Incident(models.Model):
    """Something serious that happened, analysed afterwards so the institution learns from it."""

    occurred_on = models.DateField(_("datum van het incident"))
    kind = models.CharField(_("soort incident"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("ernst"), max_length=12, choices=Severity.choices)
    title = models.CharField(_("korte omschrijving"), max_length=200)
    what_happened = models.TextField(_("wat is er gebeurd?"))
    contributing_factors = models.TextField(_("wat heeft bijgedragen?"), blank=True)
    went_well = models.TextField(_("wat ging goed?"), blank=True)
    lessons_learned = models.TextField(_("wat leren we ervan?"), blank=True)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("gekoppelde casussen"), blank=True, related_name="incidents"
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eenheid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["unit", "created_by"], m2m_fields=[cases])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["-occurred_on", "-id"], name="incident_occurred"),
            models.Index(fields=["kind", "occurred_on"], name="incident_kind_occurred"),
        ]

    def __str__(self):
        return self.title


class IncidentTimelineEntry(models.Model):
    """One moment in the course of an incident: what happened at what time."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(_("tijdstip"))
    description = models.TextField(_("wat gebeurde er?"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["incident", "created_by"])

    class Meta:
        verbose_name = _("moment in de tijdlijn")
        verbose_name_plural = _("tijdlijn")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


class ActionState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")
    DROPPED = "dropped", _("Vervallen")


class ImprovementAction(models.Model):
    """Something the institution will do better, with an owner and a due date."""

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="improvement_actions",
    )
    description = models.TextField(_("wat gaan we verbeteren?"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    due_on = models.DateField(_("klaar op"))
    state = models.CharField(
        _("status"), max_length=10, choices=ActionState.choices, default=ActionState.OPEN
    )
    done_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True, editable=False)
    closing_note = models.TextField(_("toelichting bij afsluiten"), blank=True)
    reminder_sent_at = models.DateTimeField(
        _("herinnering verstuurd op"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["incident", "owner", "created_by"])

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="improvement_state_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", done_at__isnull=True)
                | (~Q(state="open") & Q(done_at__isnull=False)),
                name="improvement_action_closed_has_time",
            )
        ]

    def __str__(self):
        return f"{self.incident_id}: {self.description[:40]}"

    @property
    def is_open(self):
        return self.state == ActionState.OPEN

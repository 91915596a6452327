"""What retention records: the rules per concern category, legal holds, and the tombstone that
remains of a deleted case.

A case is kept until its retention date (`retention.policy`): closed + 5 years by default, or
1 year for a report that led to nothing; a `RetentionRule` per concern category overrides both.
An active `LegalHold` stops the deletion. What remains of a deleted case is its `Tombstone`:
reference and dates, never content.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case, ConcernCategory

USER = settings.AUTH_USER_MODEL
YEARS = [MinValueValidator(1), MaxValueValidator(100)]


class RetentionRule(models.Model):
    """How long the cases of one concern category are kept after they close."""

    category = models.OneToOneField(
        ConcernCategory,
        verbose_name=_("zorgcategorie"),
        on_delete=models.CASCADE,
        related_name="retention_rule",
    )
    years_after_close = models.PositiveSmallIntegerField(
        _("jaren bewaren na sluiten"), validators=YEARS
    )
    years_if_nothing_came_of_it = models.PositiveSmallIntegerField(
        _("jaren bewaren als de melding niets opleverde"),
        validators=YEARS,
        help_text=_(
            "Voor casussen die nooit verder kwamen dan studentondersteuning en gesloten zijn met "
            "'geen verdere actie nodig'."
        ),
    )
    history = HistoricalRecords(no_db_index=["category"])

    class Meta:
        verbose_name = _("bewaartermijn per zorgcategorie")
        verbose_name_plural = _("bewaartermijnen per zorgcategorie")
        ordering = ["category__order", "category__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years_after_close__gte=1, years_if_nothing_came_of_it__gte=1),
                name="retention_rule_at_least_a_year",
            )
        ]

    def __str__(self):
        return str(self.category)


class LegalHold(models.Model):
    """The case must be kept (a complaint, a court case, the regulator): retention skips it
    until the hold is lifted. Lifting keeps the row, so the holds of a case are its history."""

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.TextField(_("waarom moet de casus bewaard blijven?"))
    set_by = models.ForeignKey(
        USER, verbose_name=_("ingesteld door"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("ingesteld op"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        USER,
        verbose_name=_("opgeheven door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lift_reason = models.TextField(_("waarom is de bewaarplicht opgeheven?"), blank=True)
    history = HistoricalRecords(no_db_index=["case", "set_by", "lifted_by"])

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="one_active_hold"
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | ~Q(lift_reason=""),
                name="lifted_hold_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.set_at:%Y-%m-%d}"

    @property
    def is_active(self):
        return self.lifted_at is None


class Tombstone(models.Model):
    """What remains of a case that retention deleted: its reference and dates, never content.

    The access log keeps its rows about the case untouched (append-only, hash-chained); this row
    is how the privacy officer's log and export know that rows with this case id belong to a
    deleted case and show "verwijderde casus" instead of the student's pseudonym.
    """

    case_id = models.BigIntegerField(_("casus-id"), unique=True)
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    reported_at = models.DateTimeField(_("gemeld op"))
    closed_at = models.DateTimeField(_("gesloten op"))
    retention_date = models.DateField(_("bewaren tot"))
    deleted_at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    rule = models.CharField(_("bewaarregel"), max_length=200)

    class Meta:
        verbose_name = _("verwijderde casus")
        verbose_name_plural = _("verwijderde casussen")
        ordering = ["-deleted_at", "-id"]

    def __str__(self):
        return self.reference

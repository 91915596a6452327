"""What the programme app records: the targets the training coordinator sets, and the periodic
reports (PDF, in private storage) for the board."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.storage import private_storage


class Metric(models.TextChoices):
    """The figures a target can be set for; each knows whether higher or lower is better."""

    COVERAGE_PER_UNIT = "coverage_per_unit", _("Dekking basistraining per eenheid (%)")
    PICKUP_ON_TIME = "pickup_on_time", _("Meldingen opgepakt binnen 2 werkdagen (%)")
    PICKUP_MEDIAN_DAYS = "pickup_median_days", _("Mediane tijd tot oppakken (dagen)")
    ACTIONS_ON_TIME = "actions_on_time", _("Actiepunten op tijd gedaan (%)")


# Lower is better for a duration; for a share, higher is better.
AT_MOST = {Metric.PICKUP_MEDIAN_DAYS}
PERCENT = {Metric.COVERAGE_PER_UNIT, Metric.PICKUP_ON_TIME, Metric.ACTIONS_ON_TIME}


class Target(models.Model):
    """The level the programme aims for on one figure; changed by the coordinator, with history."""

    metric = models.CharField(_("cijfer"), max_length=24, choices=Metric.choices, unique=True)
    value = models.DecimalField(_("doel"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["metric"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & (Q(value__lte=100) | Q(metric="pickup_median_days")),
                name="target_value_in_range",
            )
        ]

    def __str__(self):
        return f"{self.metric}: {self.value}"

    @property
    def at_most(self):
        return self.metric in AT_MOST

    def is_met_by(self, figure):
        """Whether a figure reaches the target; None when there is no figure to judge."""
        if figure is None:
            return None
        return figure <= self.value if self.at_most else figure >= self.value


def report_path(report, filename):
    return f"programme/{report.first:%Y}/{filename}"


class PeriodicReport(models.Model):
    """The programme report over one period, as a PDF kept outside the web root. A scheduled
    report exists once per period; the coordinator may generate more on demand."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Kwartaal")
        YEAR = "year", _("Jaar")

    period_code = models.CharField(_("periode"), max_length=10)
    kind = models.CharField(_("soort periode"), max_length=8, choices=Kind.choices)
    first = models.DateField(_("van"))
    last = models.DateField(_("tot en met"))
    file = models.FileField(upload_to=report_path, max_length=300, storage=private_storage)
    scheduled = models.BooleanField(_("automatisch gemaakt"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    history = HistoricalRecords(no_db_index=["created_by"])

    class Meta:
        verbose_name = _("periodiek rapport")
        verbose_name_plural = _("periodieke rapporten")
        ordering = ["-first", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_code"],
                condition=Q(scheduled=True),
                name="one_scheduled_report_per_period",
            )
        ]

    def __str__(self):
        return self.period_code

    @property
    def filename(self):
        return f"programmarapportage-{self.period_code}-{self.pk}.pdf"

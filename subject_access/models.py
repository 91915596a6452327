"""The register of subject-access requests: when a request came in, the deadline the law sets
(one month, art. 12(3) GDPR; two more when the request is complex and the student was told in
time), and when and how it was answered. It holds the request, not the answer: the answer is the
export made from the records (`subject_access.selectors`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Student

USER = settings.AUTH_USER_MODEL


class SubjectAccessRequest(models.Model):
    received_on = models.DateField(_("ontvangen op"))
    how = models.CharField(
        _("hoe ontvangen"),
        max_length=200,
        help_text=_("Bijvoorbeeld: e-mail aan de functionaris gegevensbescherming, een brief."),
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("beantwoorden uiterlijk"))
    extension_reason = models.CharField(_("reden van verlenging"), max_length=500, blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)
    answer_note = models.CharField(_("hoe beantwoord"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        USER, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        USER,
        verbose_name=_("beantwoord door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["student", "registered_by", "answered_by"])

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(answered_on__isnull=True),
                name="subject_access_open_due",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="subject_access_due_after_receipt",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def code(self):
        """A handle that names no one: "IV-12"."""
        return f"IV-{self.pk}"

    @property
    def is_open(self):
        return self.answered_on is None

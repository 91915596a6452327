from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """One read of case data, or one refused attempt (NEN 7513). Rows are never changed.

    The case is kept as id and reference rather than a foreign key, so the log outlives a case
    that retention deletes.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("bekeken")
        LIST = "list", _("lijst")
        SEARCH = "search", _("gezocht")
        DOWNLOAD = "download", _("gedownload")
        EXPORT = "export", _("geëxporteerd")
        PRINT = "print", _("afgedrukt")
        REVEAL = "reveal", _("identiteit getoond")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("toegestaan")
        DENIED = "denied", _("geweigerd")

    class Basis(models.TextChoices):
        CASE_TEAM = "case_team", _("casusteam")
        UNIT_POOL = "unit_pool", _("triagepool van de eenheid")
        UNIT_OVERSIGHT = "unit_oversight", _("toezicht op de eenheid")
        MEETING = "meeting", _("deelname zorgoverleg")
        EMERGENCY = "emergency", _("noodsituatie")
        BOARD_RUNG = "board_rung", _("casus bij het College van Bestuur")
        DISCLOSURE = "disclosure", _("uitvoering verstrekking aan derden")
        REPORTER = "reporter", _("eigen melding")
        PRIVACY_OFFICER = "privacy_officer", _("toezicht gegevensbescherming")
        NONE = "none", _("geen")

    at = models.DateTimeField(_("tijdstip (UTC)"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    roles = models.CharField(_("rol"), max_length=200, blank=True)
    case_id = models.BigIntegerField(_("casus-id"), null=True, blank=True)
    case_reference = models.CharField(_("casus"), max_length=20, blank=True)
    student_pseudonym = models.CharField(_("pseudoniem student"), max_length=20, blank=True)
    part = models.CharField(_("onderdeel"), max_length=40)
    action = models.CharField(_("handeling"), max_length=16, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices)
    basis = models.CharField(_("grondslag"), max_length=20, choices=Basis.choices)
    query = models.CharField(_("zoekopdracht"), max_length=300, blank=True)
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    access_point = models.CharField(_("toegangspunt"), max_length=300)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        verbose_name = _("regel toegangslogboek")
        verbose_name_plural = _("toegangslogboek")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "at"], name="accesslog_case_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
            models.Index(fields=["student_pseudonym", "at"], name="accesslog_pseudonym_at"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.case_reference}"

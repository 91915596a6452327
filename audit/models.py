from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The hash before the first row of the chain.
GENESIS_HASH = "0" * 64


class AccessLogEntry(models.Model):
    """One read of case data, or one refused attempt (NEN 7513). Rows are never changed.

    The case is kept as id and reference rather than a foreign key, so the log outlives a case
    that retention deletes. A request only inserts its rows; the sealer (audit/chain.py) links
    them into the hash chain afterwards (`AccessLogSeal`), so `verify_access_log` finds a
    changed or removed row and no reader waits on a lock that every reader shares.
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

    # Set when the row is made (audit.services), before its hash is computed over it.
    at = models.DateTimeField(_("tijdstip (UTC)"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
        # `accesslog_user_at` (user, at) serves every lookup by person: a second index on the
        # person alone would be one more index written for every row of every page read.
        db_index=False,
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


class AccessLogSeal(models.Model):
    """One row's place in the hash chain: its position, the hash before it and its own hash.

    Written only by the sealer, in position order; never changed (database triggers refuse it).
    The hash covers the row's fields and the previous hash, so changing a row, removing one or
    putting one in between breaks the chain. A row that commits late (its transaction was slow)
    is sealed at the end of the chain, never into the sealed past.
    """

    position = models.BigIntegerField(primary_key=True)
    # Nothing to do on delete: the database refuses to delete a log row at all (a trigger).
    entry = models.OneToOneField(
        AccessLogEntry, on_delete=models.DO_NOTHING, related_name="seal", editable=False
    )
    previous_hash = models.CharField(_("hash van de vorige regel"), max_length=64)
    row_hash = models.CharField(_("hash van deze regel"), max_length=64)
    sealed_at = models.DateTimeField(_("verzegeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("zegel in de hashketen")
        verbose_name_plural = _("zegels in de hashketen")

    def __str__(self):
        return f"{self.position} {self.row_hash[:12]}"


class PendingSeal(models.Model):
    """A row written but not yet sealed. The database adds one for every inserted log row (a
    trigger, so no writer can leave it out); the sealer removes it when it seals the row."""

    entry = models.OneToOneField(
        AccessLogEntry, on_delete=models.DO_NOTHING, primary_key=True, related_name="pending_seal"
    )

    class Meta:
        verbose_name = _("regel die op verzegeling wacht")
        verbose_name_plural = _("regels die op verzegeling wachten")

    def __str__(self):
        return str(self.entry_id)


class ChainHead(models.Model):
    """The end of the sealed chain: the last sealed row's id and hash and the number of rows.

    One row, written only by the sealer; it also shows when rows were cut off the end.
    """

    last_entry_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.BigIntegerField(default=0)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("einde van de hashketen")
        verbose_name_plural = _("einde van de hashketen")

    def __str__(self):
        return f"{self.length} {self.last_hash[:12]}"


class AccessAnomaly(models.Model):
    """A pattern in the access log for the privacy officer to look at, and their review.

    One per kind, person and (UTC) day, so the scheduled report can run twice without
    doubling anything. The notification that announces them names nobody.
    """

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("toegang op grond van een noodsituatie")
        DENIED = "denied", _("herhaald geweigerde toegang")
        VOLUME = "volume", _("ongewoon veel casussen op één dag")
        CHAIN = "chain", _("toegangslogboek gewijzigd of ingekort")
        ROLES = "roles", _("rollen of eenheden toegekend of ingetrokken")
        UNSEALED = "unsealed", _("regels van het toegangslogboek te lang niet verzegeld")

    class Conclusion(models.TextChoices):
        JUSTIFIED = "justified", _("verantwoord: er was een goede reden")
        ASKED = "asked", _("navraag gedaan, in orde")
        MEASURE = "measure", _("niet in orde: maatregel genomen of gemeld")

    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    day = models.DateField(_("dag (UTC)"))
    count = models.PositiveIntegerField(_("aantal"))
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    detected_at = models.DateTimeField(_("gesignaleerd op"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusie"), max_length=16, choices=Conclusion.choices, blank=True
    )
    note = models.TextField(_("toelichting bij de beoordeling"), blank=True)
    history = HistoricalRecords(no_db_index=["user", "reviewed_by"])

    class Meta:
        verbose_name = _("signaal uit het toegangslogboek")
        verbose_name_plural = _("signalen uit het toegangslogboek")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "user", "day"], name="anomaly_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(reviewed_at__isnull=True, conclusion="")
                | models.Q(reviewed_at__isnull=False, reviewed_by__isnull=False)
                & ~models.Q(conclusion=""),
                name="anomaly_review_complete",
            ),
        ]
        indexes = [models.Index(fields=["reviewed_at", "-day"], name="anomaly_open_first")]

    def __str__(self):
        return f"{self.day} {self.kind} {self.user_id}"

"""What an import of students, units or staff leaves behind: one row per import run."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportKind(models.TextChoices):
    STUDENTS = "students", _("Studenten")
    UNITS = "units", _("Organisatie-eenheden")
    STAFF = "staff", _("Medewerkers")


class ImportRun(models.Model):
    """One uploaded or command-line export: previewed, then applied once (or never)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Voorvertoning, nog niet verwerkt")
        APPLIED = "applied", _("Verwerkt")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Geüpload op de importpagina")
        COMMAND = "command", _("Beheeropdracht")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=16, choices=ImportKind.choices)
    full_export = models.BooleanField(_("volledige export"), default=False)
    source = models.CharField(_("herkomst"), max_length=16, choices=Source.choices)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    # Path in the private storage while the import waits for confirmation; emptied once applied
    # (the data is then in the directory, the hash says which file it was).
    stored_file = models.CharField(_("opgeslagen bestand"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verwerkt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    # Counts of what was applied: new, changed, left, unchanged, rejected.
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    history = HistoricalRecords(no_db_index=["created_by", "applied_by"])

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="import_run_created")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"


class ImportLock(models.Model):
    """One row per kind, locked while an import of that kind is applied, so that two imports
    of the same kind never interleave. Technical only: it holds no data worth a history."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices, primary_key=True)

    def __str__(self):
        return self.kind

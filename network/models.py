"""The knowledge base (articles in sanitised Markdown) and the partner register with agreements."""

import re

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

PHONE_NUMBER = re.compile(r"\+?[0-9][0-9 ()-]{1,20}")


def _in_reader_language(dutch, english):
    """English when the reader chose English and there is an English text; Dutch otherwise."""
    return english if translation.get_language() == "en" and english else dutch


class Article(models.Model):
    """A short knowledge-base article; other pages link to it by its slug, which never changes."""

    class Category(models.TextChoices):
        # In the order the knowledge base shows them.
        PROCESS = "process", _("Zorgvuldig proces en escalatieladder")
        SHARING = "sharing", _("Wat kan, mag en moet je delen")
        SIGNALS = "signals", _("Signalen herkennen")
        SUPPORT = "support", _("Beschikbare ondersteuning")
        TIPS = "tips", _("Praktische tips")

    slug = models.SlugField(
        _("adres (slug)"),
        max_length=80,
        unique=True,
        help_text=_(
            "Kleine letters, cijfers en streepjes. Verandert nooit: andere pagina's linken erheen."
        ),
    )
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    summary_nl = models.CharField(_("samenvatting (Nederlands)"), max_length=300, blank=True)
    summary_en = models.CharField(_("samenvatting (Engels)"), max_length=300, blank=True)
    body_nl = models.TextField(_("tekst (Nederlands)"))
    body_en = models.TextField(_("tekst (Engels)"), blank=True)
    category = models.CharField(_("categorie"), max_length=16, choices=Category.choices)
    is_published = models.BooleanField(_("gepubliceerd"), default=True)
    is_featured = models.BooleanField(_("tonen op Hulp en contacten"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["slug", "author"])

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        ordering = ["category", "title_nl"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return _in_reader_language(self.title_nl, self.title_en)

    @property
    def summary(self):
        return _in_reader_language(self.summary_nl, self.summary_en)

    @property
    def body(self):
        return _in_reader_language(self.body_nl, self.body_en)

    @property
    def body_language(self):
        """The language the body is shown in: Dutch when English is asked for but missing."""
        return "en" if translation.get_language() == "en" and self.body_en else "nl"


class Partner(models.Model):
    """An internal service or an external partner: who they are, how to reach them, when to call."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Interne dienst")
        EXTERNAL = "external", _("Externe partner")

    class Type(models.TextChoices):
        DEANERY = "deanery", _("Decanaat")
        STUDENT_PSYCHOLOGIST = "student_psychologist", _("Studentpsycholoog")
        CONFIDENTIAL_ADVISER = "confidential_adviser", _("Vertrouwenspersoon")
        LEGAL_AFFAIRS = "legal_affairs", _("Juridische zaken")
        SECURITY = "security", _("Beveiliging")
        POLICE = "police", _("Politie")
        GGZ_CRISIS = "ggz_crisis", _("GGZ-crisisdienst")
        GGD = "ggd", _("GGD")
        GENERAL_PRACTITIONER = "general_practitioner", _("Huisarts")
        MUNICIPALITY = "municipality", _("Gemeente")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis", _("Zorg- en Veiligheidshuis")
        INSPECTORATE = "inspectorate", _("Inspectie van het Onderwijs")
        OTHER = "other", _("Anders")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    partner_type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    contact_person = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    when_to_involve_nl = models.TextField(_("wanneer schakel je ze in? (Nederlands)"))
    when_to_involve_en = models.TextField(_("wanneer schakel je ze in? (Engels)"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["name"])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def when_to_involve(self):
        return _in_reader_language(self.when_to_involve_nl, self.when_to_involve_en)

    @property
    def when_to_involve_language(self):
        return "en" if translation.get_language() == "en" and self.when_to_involve_en else "nl"

    @property
    def phone_uri(self):
        """The number as a tel: link; empty for a placeholder or more than one number."""
        if not PHONE_NUMBER.fullmatch(self.phone.strip()):
            return ""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


class Agreement(models.Model):
    """A covenant or agreement with a partner; a reminder goes out before it lapses."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements"
    )
    name = models.CharField(_("naam van het convenant of de afspraak"), max_length=200)
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)
    reminder_sent_on = models.DateField(
        _("herinnering verstuurd op"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(no_db_index=["partner"])

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["partner", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_on_or_after_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            )
        ]

    def __str__(self):
        return self.name

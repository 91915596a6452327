"""Forms check the shape of what people type; `network.services` checks the rules."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from network.models import Article, Partner

# Addresses the knowledge base uses for its own pages; an article cannot take them.
RESERVED_SLUGS = {"nieuw", "zoeken"}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _reason_field():
    return forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de geschiedenis, met je naam en de datum."),
        error_messages={"required": _("Schrijf kort waarom je dit wijzigt.")},
    )


def _text(label, *, required=True, rows=None, max_length=20000, help_text="", lang=None):
    # English texts are marked as such, so screen readers pronounce them as English.
    attrs = {"lang": lang} if lang else {}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        strip=True,
    )


class _VersionedForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ArticleSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Zoek in de kennisbank"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[("", _("Alle categorieën")), *Article.Category.choices],
        error_messages={"invalid_choice": _("Kies een categorie uit de lijst.")},
    )


class ArticleForm(_VersionedForm):
    slug = forms.CharField(
        label=_("Adres (slug)"),
        max_length=80,
        help_text=_(
            "Kleine letters, cijfers en streepjes, bijvoorbeeld 'delen-met-derden'. "
            "Kan later niet meer veranderen: andere pagina's linken ernaar."
        ),
        validators=[validate_slug],
        error_messages={"required": _("Kies een adres voor het artikel.")},
    )
    title_nl = _text(_("Titel (Nederlands)"), max_length=200)
    title_en = _text(_("Titel (Engels)"), required=False, max_length=200, lang="en")
    category = forms.ChoiceField(label=_("Categorie"), choices=Article.Category.choices)
    summary_nl = _text(_("Samenvatting (Nederlands)"), required=False, rows=3, max_length=300)
    summary_en = _text(
        _("Samenvatting (Engels)"), required=False, rows=3, max_length=300, lang="en"
    )
    body_nl = _text(
        _("Tekst (Nederlands)"),
        rows=14,
        help_text=_(
            "Markdown: ## voor een kop, - voor een opsomming, **vet**, [tekst](adres) voor een "
            "link. Andere HTML en scripts worden verwijderd."
        ),
    )
    body_en = _text(
        _("Tekst (Engels)"),
        required=False,
        rows=14,
        help_text=_("Leeg: Engelstalige lezers zien de Nederlandse tekst."),
        lang="en",
    )
    is_published = forms.BooleanField(
        label=_("Gepubliceerd: zichtbaar voor alle medewerkers"), required=False
    )
    is_featured = forms.BooleanField(
        label=_("Tonen op de pagina Hulp en contacten"), required=False
    )
    reason = _reason_field()

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Dit adres is gereserveerd; kies een ander."))
        return slug

    @staticmethod
    def initial_for(article):
        fields = (
            "title_nl", "title_en", "category", "summary_nl", "summary_en", "body_nl", "body_en",
            "is_published", "is_featured", "version",
        )  # fmt: skip
        return {name: getattr(article, name) for name in fields}


class PartnerFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Zoek op naam"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle")), *Partner.Kind.choices],
        error_messages={"invalid_choice": _("Kies een soort uit de lijst.")},
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle")), *Partner.Type.choices],
        error_messages={"invalid_choice": _("Kies een type uit de lijst.")},
    )
    aflopend = forms.BooleanField(
        label=_("Alleen met een afspraak die binnenkort afloopt"), required=False
    )


class PartnerForm(_VersionedForm):
    name = _text(_("Naam"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Soort"), choices=Partner.Kind.choices, widget=forms.RadioSelect
    )
    partner_type = forms.ChoiceField(label=_("Type"), choices=Partner.Type.choices)
    contact_person = _text(_("Contactpersoon of functie"), required=False, max_length=200)
    phone = _text(_("Telefoon"), required=False, max_length=60)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@hogeschool.nl.")},
    )
    address = _text(_("Adres"), required=False, max_length=300)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("Vul een geldig webadres in, zoals https://www.voorbeeld.nl.")
        },
    )
    when_to_involve_nl = _text(_("Wanneer schakel je ze in? (Nederlands)"), rows=4, max_length=5000)
    when_to_involve_en = _text(
        _("Wanneer schakel je ze in? (Engels)"), required=False, rows=4, max_length=5000, lang="en"
    )
    is_active = forms.BooleanField(label=_("Actief"), required=False)
    reason = _reason_field()

    @staticmethod
    def initial_for(partner):
        names = [n for n in PartnerForm.base_fields if n != "reason"]
        return {name: getattr(partner, name) for name in names}


class AgreementForm(_VersionedForm):
    name = _text(_("Naam van het convenant of de afspraak"), max_length=200)
    starts_on = forms.DateField(
        label=_("Ingangsdatum"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    ends_on = forms.DateField(
        label=_("Einddatum"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leeg als de afspraak voor onbepaalde tijd geldt."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    notes = _text(_("Toelichting"), required=False, rows=3, max_length=5000)
    reason = _reason_field()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on", _("De einddatum ligt vóór de ingangsdatum. Kies een latere einddatum.")
            )
        return data

    @staticmethod
    def initial_for(agreement):
        names = ("name", "starts_on", "ends_on", "notes", "version")
        return {name: getattr(agreement, name) for name in names}

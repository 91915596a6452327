"""Every write on the knowledge base and the partner register: who acted, what changed, why.

Views, tasks and the demo seed call these; each one checks who may act, locks the row it
changes, and saves through `save_with_history` so the history row names the user and reason.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.services import get_system_user
from core.history import save_with_history
from network import notice_kinds, permissions, selectors
from network.models import Agreement, Article, Partner

ARTICLE_FIELDS = (
    "title_nl",
    "title_en",
    "summary_nl",
    "summary_en",
    "body_nl",
    "body_en",
    "category",
    "is_published",
    "is_featured",
)
PARTNER_FIELDS = (
    "name",
    "kind",
    "partner_type",
    "contact_person",
    "phone",
    "email",
    "address",
    "website",
    "when_to_involve_nl",
    "when_to_involve_en",
    "is_active",
)
AGREEMENT_FIELDS = ("name", "starts_on", "ends_on", "notes")


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    REMINDER_SENT = gettext_noop("Herinnering verstuurd: de afspraak loopt binnenkort af")


class NotAllowed(PermissionDenied):
    """This user may not change the knowledge base or the partner register."""


class EditConflict(Exception):
    """Someone else saved the same article, partner or agreement since this user opened it."""


class InvalidChange(ValueError):
    """The change breaks a rule (a slug or name already in use, dates in the wrong order)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _require(allowed):
    if not allowed:
        raise NotAllowed(_("Je mag dit niet wijzigen."))


def _lock(model, obj, expected_version):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict(
            _(
                "Iemand anders heeft dit net gewijzigd. Bekijk de nieuwe versie en probeer het "
                "opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def _save(obj, *, acting_user, reason, bump=True):
    if bump and obj.pk is not None:
        obj.version += 1
    return save_with_history(obj, acting_user=acting_user, reason=reason)


def _apply(obj, data, fields):
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


# --- Articles -------------------------------------------------------------------------------


def create_article(*, slug, data, reason, acting_user):
    """Write a new knowledge-base article; its slug is fixed from now on."""
    _require(permissions.can_edit_articles(acting_user))
    if Article.objects.filter(slug=slug).exists():
        raise InvalidChange(_("Dit adres is al in gebruik door een ander artikel."), field="slug")
    article = Article(slug=slug, author=acting_user)
    _apply(article, data, ARTICLE_FIELDS)
    try:
        with transaction.atomic():
            _save(article, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:  # someone took the slug a moment ago
        raise InvalidChange(
            _("Dit adres is al in gebruik door een ander artikel."), field="slug"
        ) from clash
    return article


def update_article(article, *, data, reason, acting_user, expected_version=None):
    """Change an article's text or settings; the previous version stays in its history."""
    _require(permissions.can_edit_articles(acting_user))
    with transaction.atomic():
        article = _lock(Article, article, expected_version)
        _apply(article, data, ARTICLE_FIELDS)
        _save(article, acting_user=acting_user, reason=reason)
    return article


# --- Partners and agreements ----------------------------------------------------------------


def _check_partner_name(name, exclude_pk=None):
    if Partner.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise InvalidChange(
            _("Er staat al een partner met deze naam in het register."), field="name"
        )


def create_partner(*, data, reason, acting_user):
    """Add an internal service or external partner to the register."""
    _require(permissions.can_manage_partners(acting_user))
    _check_partner_name(data["name"])
    partner = Partner()
    _apply(partner, data, PARTNER_FIELDS)
    try:
        with transaction.atomic():
            _save(partner, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:
        raise InvalidChange(
            _("Er staat al een partner met deze naam in het register."), field="name"
        ) from clash
    return partner


def update_partner(partner, *, data, reason, acting_user, expected_version=None):
    """Change a partner's details, or make it (in)active; never deleted, so history stays."""
    _require(permissions.can_manage_partners(acting_user))
    with transaction.atomic():
        partner = _lock(Partner, partner, expected_version)
        _check_partner_name(data.get("name", partner.name), exclude_pk=partner.pk)
        _apply(partner, data, PARTNER_FIELDS)
        _save(partner, acting_user=acting_user, reason=reason)
    return partner


def _check_dates(starts_on, ends_on):
    if ends_on is not None and ends_on < starts_on:
        raise InvalidChange(
            _("De einddatum ligt vóór de ingangsdatum. Kies een einddatum op of na %(date)s.")
            % {"date": date_format(starts_on, "SHORT_DATE_FORMAT")},
            field="ends_on",
        )


def add_agreement(partner, *, data, reason, acting_user):
    """Record a covenant or agreement with a partner."""
    _require(permissions.can_manage_partners(acting_user))
    _check_dates(data["starts_on"], data.get("ends_on"))
    agreement = Agreement(partner=partner)
    _apply(agreement, data, AGREEMENT_FIELDS)
    with transaction.atomic():
        _save(agreement, acting_user=acting_user, reason=reason)
    return agreement


def update_agreement(agreement, *, data, reason, acting_user, expected_version=None):
    """Change an agreement; a new end date means a new reminder when that one comes near."""
    _require(permissions.can_manage_partners(acting_user))
    _check_dates(data["starts_on"], data.get("ends_on"))
    with transaction.atomic():
        agreement = _lock(Agreement, agreement, expected_version)
        _apply(agreement, data, AGREEMENT_FIELDS)
        _save(agreement, acting_user=acting_user, reason=reason)
    return agreement


# --- Reminders before an agreement lapses ----------------------------------------------------


def _reminder_due(agreement, today):
    # Once per end date: a reminder sent before this window opened was for an earlier end date.
    if agreement.reminder_sent_on is None:
        return True
    return agreement.reminder_sent_on < agreement.ends_on - selectors.reminder_window()


def _reminder_recipients():
    return User.objects.filter(
        is_active=True,
        is_system=False,
        groups__role__code__in=[RoleCode.CONTACT_OFFICER, RoleCode.FUNCTIONAL_ADMIN],
    ).distinct()


def remind_lapsing_agreements(today=None):
    """Tell the contact officers and functional administrators, once per agreement and end date,
    that an agreement is about to lapse. Safe to run twice: the second run finds nothing due."""
    today = today or timezone.localdate()
    system_user = get_system_user()
    sent = 0
    for pk in selectors.lapsing_agreements(today).values_list("pk", flat=True):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if not _reminder_due(agreement, today):
                continue
            agreement.reminder_sent_on = today
            _save(agreement, acting_user=system_user, reason=Reason.REMINDER_SENT, bump=False)
            path = reverse("network:partner", args=[agreement.partner_id])
            for user in _reminder_recipients():
                notify_user(
                    user,
                    path=f"{path}#afspraak-{agreement.pk}",
                    kind=notice_kinds.AGREEMENT_LAPSING,
                )
        sent += 1
    return sent

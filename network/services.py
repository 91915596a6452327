"""Every write on the knowledge base and the partner register: who acted, what changed, why.

Views, tasks and the demo seed call these; each one checks who may act (a `NotAllowed` when
not), locks the row it changes (`core.locking`: a stale form is an `EditConflict`), and saves
so that the history row names the user and reason.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.services import get_system_user
from core.errors import ActionRefused, InvalidChange
from core.history import save_with_history
from core.locking import lock_for_edit, save_version
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


class NotAllowed(ActionRefused):
    """This user may not change the knowledge base or the partner register."""

    default_message = gettext_lazy("Je mag dit niet wijzigen.")


def _apply(obj, data, fields):
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


# --- Articles -------------------------------------------------------------------------------


def create_article(*, slug, data, reason, acting_user):
    """Write a new knowledge-base article; its slug is fixed from now on."""
    NotAllowed.unless(permissions.can_edit_articles(acting_user))
    if Article.objects.filter(slug=slug).exists():
        raise InvalidChange(_("Dit adres is al in gebruik door een ander artikel."), field="slug")
    article = Article(slug=slug, author=acting_user)
    _apply(article, data, ARTICLE_FIELDS)
    try:
        with transaction.atomic():
            save_with_history(article, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:  # someone took the slug a moment ago
        raise InvalidChange(
            _("Dit adres is al in gebruik door een ander artikel."), field="slug"
        ) from clash
    return article


def update_article(article, *, data, reason, acting_user, expected_version=None):
    """Change an article's text or settings; the previous version stays in its history."""
    NotAllowed.unless(permissions.can_edit_articles(acting_user))
    with transaction.atomic():
        article = lock_for_edit(article, expected_version)
        _apply(article, data, ARTICLE_FIELDS)
        save_version(article, acting_user=acting_user, reason=reason)
    return article


# --- Partners and agreements ----------------------------------------------------------------


def _check_partner_name(name, exclude_pk=None):
    if Partner.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise InvalidChange(
            _("Er staat al een partner met deze naam in het register."), field="name"
        )


def create_partner(*, data, reason, acting_user):
    """Add an internal service or external partner to the register."""
    NotAllowed.unless(permissions.can_manage_partners(acting_user))
    _check_partner_name(data["name"])
    partner = Partner()
    _apply(partner, data, PARTNER_FIELDS)
    try:
        with transaction.atomic():
            save_with_history(partner, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:
        raise InvalidChange(
            _("Er staat al een partner met deze naam in het register."), field="name"
        ) from clash
    return partner


def update_partner(partner, *, data, reason, acting_user, expected_version=None):
    """Change a partner's details, or make it (in)active; never deleted, so history stays."""
    NotAllowed.unless(permissions.can_manage_partners(acting_user))
    with transaction.atomic():
        partner = lock_for_edit(partner, expected_version)
        _check_partner_name(data.get("name", partner.name), exclude_pk=partner.pk)
        _apply(partner, data, PARTNER_FIELDS)
        save_version(partner, acting_user=acting_user, reason=reason)
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
    NotAllowed.unless(permissions.can_manage_partners(acting_user))
    _check_dates(data["starts_on"], data.get("ends_on"))
    agreement = Agreement(partner=partner)
    _apply(agreement, data, AGREEMENT_FIELDS)
    with transaction.atomic():
        save_with_history(agreement, acting_user=acting_user, reason=reason)
    return agreement


def update_agreement(agreement, *, data, reason, acting_user, expected_version=None):
    """Change an agreement; a new end date means a new reminder when that one comes near."""
    NotAllowed.unless(permissions.can_manage_partners(acting_user))
    _check_dates(data["starts_on"], data.get("ends_on"))
    with transaction.atomic():
        agreement = lock_for_edit(agreement, expected_version)
        _apply(agreement, data, AGREEMENT_FIELDS)
        save_version(agreement, acting_user=acting_user, reason=reason)
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
            save_with_history(agreement, acting_user=system_user, reason=Reason.REMINDER_SENT)
            path = reverse("network:partner", args=[agreement.partner_id])
            for user in _reminder_recipients():
                notify_user(
                    user,
                    path=f"{path}#afspraak-{agreement.pk}",
                    kind=notice_kinds.AGREEMENT_LAPSING,
                )
        sent += 1
    return sent

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import RoleCode
from core.registry import notification_kind


class OrganisationUnit(models.Model):
    """A faculty or institute, or a programme within one; scopes triage pools and coverage."""

    class Kind(models.TextChoices):
        FACULTY = "faculty", _("Faculteit / instituut")
        PROGRAMME = "programme", _("Opleiding")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords(no_db_index=["code", "parent"])

    class Meta:
        verbose_name = _("organisatie-eenheid")
        verbose_name_plural = _("organisatie-eenheden")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="faculty", parent__isnull=True)
                | models.Q(kind="programme", parent__isnull=False),
                name="unit_programme_has_faculty",
                violation_error_message=_(
                    "Een opleiding valt onder een faculteit; een faculteit valt nergens onder."
                ),
            )
        ]

    def __str__(self):
        return self.name


class Role(models.Model):
    """One of the ten product roles, held through membership of its group; labels are data."""

    code = models.CharField(_("code"), max_length=32, choices=RoleCode.choices, unique=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="role")
    label_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    label_en = models.CharField(_("naam (Engels)"), max_length=100)
    description_nl = models.TextField(_("omschrijving (Nederlands)"), blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)
    history = HistoricalRecords(no_db_index=["code", "group"])

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.label_en if translation.get_language() == "en" else self.label_nl

    @property
    def description(self):
        return self.description_en if translation.get_language() == "en" else self.description_nl


class User(AbstractUser):
    """A staff member. Students are not users; they are the people a case is about."""

    employee_number = models.CharField(_("personeelsnummer"), max_length=32, blank=True)
    # How a contact officer or partner reaches the handler of a case they share about.
    phone = models.CharField(_("telefoon (werk)"), max_length=40, blank=True)
    units = models.ManyToManyField(
        OrganisationUnit, verbose_name=_("eenheden"), blank=True, related_name="staff"
    )
    language = models.CharField(
        _("taal"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leeg: Nederlands, tenzij op dit apparaat een andere taal is gekozen."),
    )
    is_system = models.BooleanField(
        _("systeemgebruiker"),
        default=False,
        help_text=_("Staat voor geplande taken en beheeropdrachten; kan niet inloggen."),
    )
    history = HistoricalRecords(
        excluded_fields=["password", "last_login"],
        no_db_index=["username"],
        m2m_fields=[units, "groups"],
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_codes(self):
        """The role codes this person holds, read once per request."""
        if not self.is_active or self.pk is None:
            return frozenset()
        return frozenset(Role.objects.filter(group__user=self).values_list("code", flat=True))

    def has_role(self, *codes):
        return any(code in self.role_codes for code in codes)


class InboxItem(models.Model):
    """One 'something needs your attention' in a person's in-app inbox: a kind and a link, never
    a name or case content (the same as the e-mail that goes with it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    # A kind an app registered (`core.registry.register_notification_kinds`): no choices here,
    # so a new kind is no migration of this app.
    kind = models.CharField(_("soort"), max_length=24)
    path = models.CharField(_("link"), max_length=300)
    # What it is about: a case reference, a meeting code, a session — never a person's name.
    subject = models.CharField(_("over"), max_length=80, blank=True)
    # The task it announces ("disclosure:24:decide"): done when the task is done, by whoever.
    task = models.CharField(_("taak"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    done_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="inbox_user_unread"),
            models.Index(
                fields=["task"], condition=models.Q(done_at__isnull=True), name="inbox_open_task"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}"

    @property
    def kind_label(self):
        """What kind of thing needs attention, in the reader's language."""
        return label_of_kind(self.kind)


def label_of_kind(code):
    """The words for a notification kind; the general ones for a kind no app sends any more."""
    kind = notification_kind(code) or notification_kind("attention")
    return kind.label if kind else ""


class OutboxMessage(models.Model):
    """One e-mail or task a change causes, written in the change's own transaction
    (`accounts.outbox`): a broker or worker that is down delays it, never loses it. The task is
    named, its arguments are plain JSON (ids, paths, codes: never a name or case content)."""

    task = models.CharField(_("taak"), max_length=200)
    args = models.JSONField(_("argumenten"), default=list)
    kwargs = models.JSONField(_("benoemde argumenten"), default=dict)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Last handed to the broker (empty: never yet); handed again when it stays undone too long.
    relayed_at = models.DateTimeField(_("doorgegeven op"), null=True, blank=True)
    relay_count = models.PositiveIntegerField(_("keren doorgegeven"), default=0)
    # The task ran to its end (an e-mail: the mail server took it), in the task's transaction.
    done_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande taak")
        verbose_name_plural = _("uitgaande taken")
        indexes = [
            # Only what still waits: the relay's and the health probe's reads stay small.
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_waiting",
            )
        ]

    def __str__(self):
        return f"{self.pk} {self.task}"


class RoleGrantRequest(models.Model):
    """A role that reaches case content or the access log (or units that widen such a role's
    reach), asked for someone by one person or source and decided by a second person: a
    functional administrator or the privacy officer who neither asked nor is the one it is for
    (`accounts.permissions.can_decide_role_grant`)."""

    class State(models.TextChoices):
        PENDING = "pending", _("wacht op goedkeuring")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgewezen")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    class Source(models.TextChoices):
        ADMIN = "admin", _("beheer")
        IMPORT = "import", _("personeelsimport")
        SSO = "sso", _("single sign-on")
        INSTALLATION = "installation", _("installatie")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.PROTECT,
        related_name="role_requests",
    )
    # Empty: the request is for units only (they widen a role the person already holds).
    role = models.ForeignKey(
        Role, verbose_name=_("rol"), on_delete=models.PROTECT, null=True, blank=True
    )
    units = models.ManyToManyField(
        OrganisationUnit, verbose_name=_("eenheden erbij"), blank=True, related_name="+"
    )
    source = models.CharField(_("bron"), max_length=16, choices=Source.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    reason = models.CharField(_("reden"), max_length=300)
    state = models.CharField(
        _("stand"), max_length=16, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = models.CharField(_("toelichting bij het besluit"), max_length=300, blank=True)
    history = HistoricalRecords(no_db_index=["user", "role", "requested_by", "decided_by"])

    class Meta:
        verbose_name = _("aanvraag voor een rol")
        verbose_name_plural = _("aanvragen voor een rol")
        ordering = ["requested_at", "pk"]
        constraints = [
            # One open request per person and role: a source that keeps claiming it asks once.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(state="pending", role__isnull=False),
                name="one_pending_request_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending", decided_at__isnull=True)
                | ~models.Q(state="pending") & models.Q(decided_at__isnull=False),
                name="role_request_decided_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.pk} {self.user_id} {self.role_id or '-'}"


class RoleChange(models.Model):
    """A role or units change that took effect: a grant (approved by a second person, or by
    the source the institution made approving) or a revocation. Written once, never changed;
    the privacy officer is told of each, and the nightly report lists them."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("rol toegekend")
        REVOKED = "revoked", _("rol ingetrokken")
        UNITS_ADDED = "units_added", _("eenheden erbij")
        UNITS_REMOVED = "units_removed", _("eenheden eraf")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="role_changes",
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    role = models.ForeignKey(
        Role, verbose_name=_("rol"), on_delete=models.PROTECT, null=True, blank=True
    )
    units = models.CharField(_("eenheden"), max_length=300, blank=True)  # their codes
    source = models.CharField(_("bron"), max_length=16, choices=RoleGrantRequest.Source.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.ForeignKey(
        RoleGrantRequest,
        verbose_name=_("aanvraag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    # The institution made the source (the staff import) approving: no second person decided.
    approved_by_source = models.BooleanField(_("goedgekeurd door de bron"), default=False)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("wijziging van rollen")
        verbose_name_plural = _("wijzigingen van rollen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["at"], name="role_change_at")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.role_id or self.units}"

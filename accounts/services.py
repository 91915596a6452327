"""Writes on users, roles and units; each one names the acting user and the reason.

Role administration has four eyes: nobody changes their own roles or units; a role that reaches
case content or the access log (`roles.CASE_REACHING_ROLES`), or a unit that widens such a
role, is a request a second person decides (`decide_role_grant`); revoking is immediate; every
grant and revocation is a `RoleChange` row the privacy officer is told of. `set_user_roles` and
`set_user_units` set what they are given without asking: only for seeding (demo data, tests)
and for the product's own rules that give roles without case reach (certified trainers).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import notice_kinds, outbox
from accounts.models import OrganisationUnit, Role, RoleChange, RoleGrantRequest, User
from accounts.notifications import complete_task, notify_users
from accounts.permissions import can_change_roles_of, can_decide_role_grant
from accounts.roles import (
    CASE_REACHING_ROLES,
    DEFAULT_ROLES,
    FUNCTIONAL_ADMIN_PERMISSIONS,
    ROLE_APPROVERS,
    UNIT_SCOPED_ROLES,
    RoleCode,
)
from accounts.tasks import send_password_link
from core.errors import ActionRefused, EditConflict
from core.history import recorded_as, save_with_history

SYSTEM_USERNAME = "system"


class UnknownRoleError(ValueError):
    """A role code that the product does not know."""


def ensure_roles(*, using="default"):
    """Create any missing role with its default labels; never overwrite an institution's labels."""
    with transaction.atomic(using=using):
        for code, defaults in DEFAULT_ROLES.items():
            group, _created = Group.objects.using(using).get_or_create(name=code)
            if not Role.objects.using(using).filter(code=code).exists():
                role = Role(code=code, group=group, **defaults)
                role._change_reason = "Standaardrol aangemaakt"
                role.save(using=using)
        _grant_functional_admin_permissions(using)


def _grant_functional_admin_permissions(using):
    # Roles are synchronised after this app migrates, before later apps have their permissions;
    # make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group = Group.objects.using(using).get(name=RoleCode.FUNCTIONAL_ADMIN)
    for app_label, model, actions in FUNCTIONAL_ADMIN_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        permissions = Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        group.permissions.add(*permissions)


def get_system_user():
    """The user that scheduled jobs and management commands act as; it can never log in."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(
            username=SYSTEM_USERNAME,
            is_system=True,
            first_name="Zorgwekkend",
            last_name="(systeem)",
        )
        user.set_unusable_password()
        save_with_history(user, acting_user=None, reason="Systeemgebruiker aangemaakt")
    return user


def _check_codes(codes):
    unknown = set(codes) - set(RoleCode.values)
    if unknown:
        raise UnknownRoleError(
            _("Onbekende rol: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
        )


def set_user_roles(user, *, codes, acting_user, reason):
    """Give the user exactly these roles, asking nobody (seeding and product rules only; people
    and outside sources go through `change_roles`); kept in the user's history."""
    _check_codes(codes)
    groups = Group.objects.filter(role__code__in=codes)
    with transaction.atomic(), recorded_as(user, acting_user=acting_user, reason=reason):
        user.groups.set(groups)
    user.__dict__.pop("role_codes", None)
    return user


def set_user_units(user, *, units, acting_user, reason):
    """Place the user in exactly these units, asking nobody (seeding only; people and outside
    sources go through `change_units`); kept in the user's history."""
    with transaction.atomic(), recorded_as(user, acting_user=acting_user, reason=reason):
        user.units.set(units)
    return user


def set_user_language(user, *, language, acting_user):
    """Store the user's interface language; empty means the browser's or Dutch."""
    user.language = language
    return save_with_history(
        user, acting_user=acting_user, reason="Taalvoorkeur gewijzigd", update_fields=["language"]
    )


# --- Single sign-on ---------------------------------------------------------------------------

SSO_REASON = "Bijgewerkt bij inloggen via single sign-on"


def create_sso_user(claims):
    """A new account for someone the identity provider vouches for (`ZW_OIDC_CREATE_USERS`);
    it has no password of its own."""
    email = claims["email"].strip()
    username = (claims.get("preferred_username") or email).strip()[:150]
    user = User(username=username, email=email)
    user.set_unusable_password()
    return save_with_history(user, acting_user=get_system_user(), reason=SSO_REASON)


def apply_sso_claims(user, *, units, roles, claims):
    """Bring name, units and (where the provider sends them) roles in line with the claims;
    only what differs is written, with the system user and a reason in the history."""
    system = get_system_user()
    names = {"first_name": claims.get("given_name"), "last_name": claims.get("family_name")}
    changed = [f for f, v in names.items() if v and getattr(user, f) != v[:150]]
    for field in changed:
        setattr(user, field, names[field][:150])
    if changed:
        save_with_history(user, acting_user=system, reason=SSO_REASON, update_fields=changed)
    # The same four eyes as anywhere: unless the institution made its identity provider an
    # approving source, a case role in the claims waits for a second person.
    how = {
        "acting_user": system,
        "reason": SSO_REASON,
        "source": RoleGrantRequest.Source.SSO,
        "source_approves": settings.ZW_OIDC_APPROVES_ROLES,
    }
    if units is not None:
        change_units(user, units=units, **how)
    if roles is not None:
        change_roles(user, codes=roles, **how)
    return user


# --- Role administration: four eyes -------------------------------------------------------------

Source = RoleGrantRequest.Source
State = RoleGrantRequest.State
Change = RoleChange.Kind


class RoleRefused(ActionRefused):
    """A change of roles or units this person may not make."""


DECIDE_REFUSED = gettext_lazy(
    "Een aanvraag beoordeelt een tweede persoon: een andere functioneel beheerder of de "
    "functionaris gegevensbescherming, niet wie hem deed en niet degene voor wie hij is."
)


def change_roles(user, *, codes, acting_user, reason, source, source_approves=False):
    """Bring the account's roles to `codes` as far as this person or source may: a role no
    longer wanted is revoked at once, one without case reach is given at once, and one that
    reaches case content or the access log becomes a request a second person decides — unless
    the institution made this source approving (`source_approves`, recorded as such). Returns
    the requests it made."""
    _check_codes(codes)
    _refuse_own(user, acting_user)
    wanted = set(codes)
    made = []
    with transaction.atomic():
        _lock(user)
        held = _held_codes(user)
        for code in sorted(held - wanted):
            _revoke(user, _role(code), acting_user=acting_user, reason=reason, source=source)
        if source != Source.ADMIN:  # the source is the truth: what it no longer claims, it drops
            _withdraw_unclaimed(user, wanted, acting_user=acting_user, source=source)
        for code in sorted(wanted - held):
            reaching = code in CASE_REACHING_ROLES
            if reaching and not source_approves:
                made += _ask(user, role=_role(code), acting_user=acting_user, reason=reason,
                             source=source)  # fmt: skip
            else:
                _grant(user, _role(code), acting_user=acting_user, reason=reason, source=source,
                       approved_by_source=reaching)  # fmt: skip
    user.__dict__.pop("role_codes", None)
    return made


def change_units(user, *, units, acting_user, reason, source, source_approves=False):
    """Bring the account's units to `units` (units or their ids): removing is immediate; adding
    a unit to someone who holds a unit-scoped case role (counsellor, dean) widens what they see
    and becomes a request, unless the source is approving. Returns the requests it made."""
    _refuse_own(user, acting_user)
    wanted = {getattr(unit, "pk", unit) for unit in units}
    with transaction.atomic():
        _lock(user)
        current = set(user.units.values_list("pk", flat=True))
        scoped = bool(_held_codes(user) & UNIT_SCOPED_ROLES)
        removed, added = current - wanted, wanted - current
        if removed:
            _set_units(user, remove=removed, acting_user=acting_user, reason=reason,
                       source=source, record=scoped)  # fmt: skip
        if added and scoped and not source_approves:
            return _ask(user, units=added, acting_user=acting_user, reason=reason, source=source)
        if added:
            _set_units(user, add=added, acting_user=acting_user, reason=reason, source=source,
                       record=scoped, approved_by_source=scoped)  # fmt: skip
    return []


def revoke_role(user, *, code, acting_user, reason, source=Source.ADMIN):
    """Take a role away at once (no second person needed to narrow access)."""
    _refuse_own(user, acting_user)
    with transaction.atomic():
        _lock(user)
        if code in _held_codes(user):
            _revoke(user, _role(code), acting_user=acting_user, reason=reason, source=source)
    user.__dict__.pop("role_codes", None)
    return user


def request_role_grant(user, *, code, acting_user, reason, source=Source.ADMIN):
    """Ask a second person to give this account a role that reaches case content."""
    _check_codes([code])
    _refuse_own(user, acting_user)
    with transaction.atomic():
        _lock(user)
        if code in _held_codes(user):
            return []
        return _ask(user, role=_role(code), acting_user=acting_user, reason=reason, source=source)


def decide_role_grant(grant_request, *, approve, reason, acting_user):
    """A second person approves (the role or units take effect at once) or rejects a request:
    a functional administrator or privacy officer who did not ask and is not the one it is for."""
    with transaction.atomic():
        _lock(grant_request.user)
        grant_request = (
            RoleGrantRequest.objects.select_for_update(of=("self",))
            .select_related("role", "user")
            .get(pk=grant_request.pk)
        )
        if grant_request.state != State.PENDING:
            raise EditConflict(
                _("Over deze aanvraag is al besloten: %(state)s.")
                % {"state": grant_request.get_state_display()}
            )
        RoleRefused.unless(can_decide_role_grant(acting_user, grant_request), DECIDE_REFUSED)
        grant_request.state = State.APPROVED if approve else State.REJECTED
        _close(grant_request, acting_user=acting_user, reason=reason)
        if approve:
            _apply(grant_request, acting_user=acting_user)
    grant_request.user.__dict__.pop("role_codes", None)
    return grant_request


def _refuse_own(user, acting_user):
    RoleRefused.unless(
        can_change_roles_of(acting_user, user),
        _(
            "Rollen en eenheden wijzigt een functioneel beheerder, en nooit op het eigen "
            "account: vraag een andere beheerder."
        ),
    )


def _lock(user):
    User.objects.select_for_update().filter(pk=user.pk).first()


def _held_codes(user):
    # Not `user.role_codes`: that is empty for an inactive account, which still holds its roles.
    return set(Role.objects.filter(group__user=user).values_list("code", flat=True))


def _role(code):
    return Role.objects.select_related("group").get(code=code)


def _ask(user, *, acting_user, reason, source, role=None, units=()):
    """One request for a second person (none when the same one is already open, or when a
    source asks again for what a second person rejected)."""
    open_requests = RoleGrantRequest.objects.filter(user=user, state=State.PENDING)
    if role is not None:
        rejected = RoleGrantRequest.objects.filter(
            user=user, role=role, source=source, state=State.REJECTED
        )
        if open_requests.filter(role=role).exists() or (
            source != Source.ADMIN and rejected.exists()
        ):
            return []
    units = set(units) - set(open_requests.values_list("units", flat=True))
    if role is None and not units:
        return []
    grant_request = RoleGrantRequest(
        user=user, role=role, source=source, requested_by=acting_user, reason=str(reason)[:300]
    )
    with recorded_as(grant_request, acting_user=acting_user, reason=reason):
        grant_request.save()
        grant_request.units.set(units)
    approvers = _people_with_role(*ROLE_APPROVERS).exclude(pk__in=[acting_user.pk, user.pk])
    notify_users(
        approvers,
        path=reverse("accounts:role_requests"),
        kind=notice_kinds.ROLE_REQUEST,
        subject=_subject(role),
        task=decide_task(grant_request),
    )
    return [grant_request]


def decide_task(grant_request):
    """The key of the approvers' task to decide this request (done once it is decided)."""
    return f"role_request:{grant_request.pk}:decide"


def _close(grant_request, *, acting_user, reason):
    grant_request.decided_by, grant_request.decided_at = acting_user, timezone.now()
    grant_request.decision_reason = str(reason)[:300]
    save_with_history(
        grant_request, acting_user=acting_user, reason=reason or grant_request.get_state_display()
    )
    complete_task(decide_task(grant_request))


def _apply(grant_request, *, acting_user):
    user = grant_request.user
    reason = f"Goedgekeurd: aanvraag {grant_request.pk} van {grant_request.requested_by.username}"
    if grant_request.role is not None:
        _grant(user, grant_request.role, acting_user=acting_user, reason=reason,
               source=grant_request.source, request=grant_request)  # fmt: skip
    units = set(grant_request.units.values_list("pk", flat=True))
    if units:
        _set_units(user, add=units, acting_user=acting_user, reason=reason,
                   source=grant_request.source, record=True, request=grant_request)  # fmt: skip


def _withdraw_unclaimed(user, wanted, *, acting_user, source):
    """Open requests from this source for roles it no longer claims are withdrawn."""
    unclaimed = RoleGrantRequest.objects.filter(
        user=user, source=source, state=State.PENDING, role__isnull=False
    ).exclude(role__code__in=wanted)
    for grant_request in unclaimed.select_for_update(of=("self",)):
        grant_request.state = State.WITHDRAWN
        _close(grant_request, acting_user=acting_user, reason="Niet meer in de bron")


def _grant(user, role, *, acting_user, reason, source, request=None, approved_by_source=False):
    with recorded_as(user, acting_user=acting_user, reason=reason):
        user.groups.add(role.group)
    _record(user, Change.GRANTED, role=role, acting_user=acting_user, source=source,
            request=request, approved_by_source=approved_by_source)  # fmt: skip


def _revoke(user, role, *, acting_user, reason, source):
    with recorded_as(user, acting_user=acting_user, reason=reason):
        user.groups.remove(role.group)
    _record(user, Change.REVOKED, role=role, acting_user=acting_user, source=source)


def _set_units(user, *, acting_user, reason, source, record, add=(), remove=(), **how):
    with recorded_as(user, acting_user=acting_user, reason=reason):
        if add:
            user.units.add(*add)
        if remove:
            user.units.remove(*remove)
    if record:  # the reach of a unit-scoped case role changed
        codes = OrganisationUnit.objects.filter(pk__in=[*add, *remove]).values_list(
            "code", flat=True
        )
        kind = Change.UNITS_ADDED if add else Change.UNITS_REMOVED
        _record(user, kind, units=", ".join(sorted(codes))[:300], acting_user=acting_user,
                source=source, **how)  # fmt: skip


def _record(user, kind, *, acting_user, source, role=None, **details):
    """The change's row, and the privacy officers are told (a kind and a link, no name)."""
    RoleChange.objects.create(
        user=user, kind=kind, role=role, acting_user=acting_user, source=source, **details
    )
    notify_users(
        _people_with_role(RoleCode.PRIVACY_OFFICER),
        path=reverse("accounts:role_requests") + "#wijzigingen",
        kind=notice_kinds.ROLE_CHANGED,
        subject=_subject(role),
    )


def _people_with_role(*codes):
    return User.objects.filter(
        is_active=True, is_system=False, groups__role__code__in=codes
    ).distinct()


def _subject(role):
    return (role.code if role is not None else "units")[:80]


# --- A new installation: its first administrators -------------------------------------------------

FIRST_ADMINISTRATOR_ROLES = (RoleCode.FUNCTIONAL_ADMIN, RoleCode.PRIVACY_OFFICER)
FIRST_ADMINISTRATORS_REASON = (
    "Eerste beheerders van de installatie (manage.py first_administrators)"
)


def appoint_first_administrators(people):
    """Give a new installation its first functional administrators and privacy officer, as
    `(username, e-mail, role code)`; returns `(user, code, created)` for each.

    Every later grant of these roles is a request a second one of them decides: so this works
    only on an installation where nobody holds or ever held either role, for at least two
    people with addresses of their own, one of them a functional administrator. The system
    user grants them, recorded as the installation's doing; the privacy officer is appointed
    first, so that they are told of every grant; an account without a password gets the link
    to set one (no one else sets it)."""
    people = _checked_first_administrators(people)
    appointed, created_now = [], set()
    with transaction.atomic():
        # Two installers at once: the second waits here, then finds the first one's people.
        list(Role.objects.select_for_update().filter(code__in=FIRST_ADMINISTRATOR_ROLES))
        ever = RoleChange.objects.filter(role__code__in=FIRST_ADMINISTRATOR_ROLES).exists()
        held = User.objects.filter(groups__role__code__in=FIRST_ADMINISTRATOR_ROLES).exists()
        RoleRefused.unless(not (ever or held), _(
            "Deze installatie heeft of had al een functioneel beheerder of functionaris "
            "gegevensbescherming. Nieuwe beheerders vraagt een functioneel beheerder aan in "
            "/beheer/; een tweede persoon keurt ze goed."
        ))  # fmt: skip
        system = get_system_user()
        for username, email, code in people:
            user, created = _first_administrator_account(username, email, system=system)
            if created:
                created_now.add(user.pk)
            _appoint(user, _role(code), system=system)
            appointed.append((user, code, user.pk in created_now))
        for user in {user for user, _code, _created in appointed}:
            if not user.has_usable_password():
                outbox.enqueue(send_password_link, user.pk)
    return appointed


def _appoint(user, role, *, system):
    _lock(user)
    # A request the staff import opened for this role waits for a second person who does not
    # exist yet: it is withdrawn, or approving it later would grant the role twice.
    waiting = RoleGrantRequest.objects.filter(user=user, role=role, state=State.PENDING)
    for grant_request in waiting.select_for_update(of=("self",)):
        grant_request.state = State.WITHDRAWN
        _close(grant_request, acting_user=system, reason=FIRST_ADMINISTRATORS_REASON)
    _grant(user, role, acting_user=system, reason=FIRST_ADMINISTRATORS_REASON,
           source=Source.INSTALLATION, approved_by_source=True)  # fmt: skip
    user.__dict__.pop("role_codes", None)


def _checked_first_administrators(people):
    """The people, cleaned, privacy officers first; a refusal for anything that is not right."""
    cleaned = []
    for username, email, code in people:
        username, email = User.normalize_username(username.strip()), email.strip()
        RoleRefused.unless(code in FIRST_ADMINISTRATOR_ROLES, _("Onbekende rol: %(codes)s") % {
            "codes": code
        })  # fmt: skip
        try:
            User.username_validator(username)
            MaxLengthValidator(User._meta.get_field("username").max_length)(username)
            validate_email(email)
        except ValidationError:
            raise RoleRefused(
                _("%(name)s met %(email)s is geen geldige gebruikersnaam met e-mailadres.")
                % {"name": username, "email": email}
            ) from None
        cleaned.append((username, email, code))
    # Two people, not two accounts: each with an address of their own, or one person could
    # hold two administrator accounts and approve their own requests.
    names = {username for username, _email, _code in cleaned}
    addresses = {(username, email.lower()) for username, email, _code in cleaned}
    RoleRefused.unless(
        len(names) >= 2
        and len(addresses) == len(names) == len({email for _name, email in addresses})
        and any(code == RoleCode.FUNCTIONAL_ADMIN for *_rest, code in cleaned),
        _(
            "Noem minstens twee personen, elk met een eigen e-mailadres, van wie minstens een "
            "functioneel beheerder: elke volgende beheerder keurt een tweede persoon goed."
        ),
    )
    return sorted(cleaned, key=lambda person: person[2] != RoleCode.PRIVACY_OFFICER)


def _first_administrator_account(username, email, *, system):
    """The person's account: the one the staff import made, or a new one without a password."""
    user = User.objects.filter(username=username).first()
    if user is None:
        RoleRefused.unless(not User.objects.filter(email__iexact=email).exists(), _(
            "Het e-mailadres %(email)s hoort al bij een ander account."
        ) % {"email": email})  # fmt: skip
        user = User(username=username, email=email)
        user.set_unusable_password()
        return save_with_history(user, acting_user=system, reason=FIRST_ADMINISTRATORS_REASON), True
    RoleRefused.unless(user.is_active and not user.is_system, _(
        "Het account %(name)s is niet actief of is het systeemaccount."
    ) % {"name": username})  # fmt: skip
    # The link to set a password goes to the account's own address: never another one, and
    # never one typed here for an account that has none (that would hand someone's account over).
    RoleRefused.unless(user.email.lower() == email.lower(), _(
        "Het account %(name)s heeft een ander e-mailadres (%(email)s)."
    ) % {"name": username, "email": user.email or "—"})  # fmt: skip
    return user, False

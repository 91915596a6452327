"""Writes on users, roles and units; each one names the acting user and the reason."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.roles import DEFAULT_ROLES, FUNCTIONAL_ADMIN_PERMISSIONS, RoleCode
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


def set_user_roles(user, *, codes, acting_user, reason):
    """Give the user exactly these roles; the change is kept in the user's history."""
    unknown = set(codes) - set(RoleCode.values)
    if unknown:
        raise UnknownRoleError(
            _("Onbekende rol: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
        )
    groups = Group.objects.filter(role__code__in=codes)
    with transaction.atomic(), recorded_as(user, acting_user=acting_user, reason=reason):
        user.groups.set(groups)
    user.__dict__.pop("role_codes", None)
    return user


def set_user_units(user, *, units, acting_user, reason):
    """Place the user in exactly these organisation units; kept in the user's history."""
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
    if units is not None and {u.pk for u in units} != set(user.units.values_list("pk", flat=True)):
        set_user_units(user, units=units, acting_user=system, reason=SSO_REASON)
    if roles is not None and set(roles) != set(user.role_codes):
        set_user_roles(user, codes=roles, acting_user=system, reason=SSO_REASON)
    return user

"""Single sign-on with OpenID Connect (e.g. SURFconext), off unless `ZW_OIDC_*` is configured.

Accounts still come from the staff import (or the functional administrator); sign-on finds the
account by e-mail address and, at every sign-in, brings its units (by unit code) and — where
`ZW_OIDC_ROLE_CLAIM` is set — its roles in line with the identity provider's claims. Local
accounts keep signing in with their password; two-step sign-in applies to both.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts.backends import may_sign_in
from accounts.models import OrganisationUnit
from accounts.roles import RoleCode
from accounts.sessions import note_authentication

logger = logging.getLogger(__name__)
REASON = "Bijgewerkt bij inloggen via single sign-on"


def oidc_enabled():
    return bool(getattr(settings, "ZW_OIDC_ENABLED", False))


def _claim_values(claims, name):
    """A claim as a list of strings, whether the provider sends one value or a list."""
    if not name:
        return None
    value = claims.get(name)
    if value is None:
        return None
    values = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


def units_from_claims(claims):
    """The active units named (by code) in the unit claim; None when the claim is absent."""
    codes = _claim_values(claims, settings.ZW_OIDC_UNIT_CLAIM)
    if codes is None:
        return None
    units = list(OrganisationUnit.objects.filter(code__in=codes, is_active=True))
    unknown = set(codes) - {unit.code for unit in units}
    if unknown:
        logger.warning("Single sign-on: unknown unit codes ignored: %s", sorted(unknown))
    return units


def roles_from_claims(claims):
    """Role codes from the role claim, through `ZW_OIDC_ROLE_NAMES`; None when roles are not
    taken from the provider (no claim configured, or the claim is absent)."""
    names = _claim_values(claims, settings.ZW_OIDC_ROLE_CLAIM)
    if names is None:
        return None
    mapping = settings.ZW_OIDC_ROLE_NAMES
    codes = {mapping.get(name, name) for name in names}
    unknown = codes - set(RoleCode.values)
    if unknown:
        logger.warning("Single sign-on: unknown role names ignored: %s", sorted(unknown))
    return sorted(codes - unknown)


class OidcBackend(OIDCAuthenticationBackend):
    """Finds the staff account by e-mail address and keeps its units and roles in step."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_system=False)

    def create_user(self, claims):
        from accounts.services import create_sso_user

        return self.update_user(create_sso_user(claims), claims)

    def update_user(self, user, claims):
        from accounts.services import apply_sso_claims

        return apply_sso_claims(
            user, units=units_from_claims(claims), roles=roles_from_claims(claims), claims=claims
        )

    def authenticate(self, request, **kwargs):
        # The library itself only checks `is_active` (in its callback view).
        user = super().authenticate(request, **kwargs)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_sign_in(user)

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class _CallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggen via je instellingsaccount is niet gelukt. Heb je nog geen account in "
                "Zorgwekkend, of is het niet actief? Neem contact op met de functioneel beheerder."
            ),
        )
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))

    def login_success(self):
        same_person = self.request.user.is_authenticated and self.request.user == self.user
        response = super().login_success()
        if same_person:  # a re-authentication at the provider: no new sign-in, a fresh proof
            note_authentication(self.request.session)
        return response


class _RequestView(OIDCAuthenticationRequestView):
    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.GET.get("reauth"):  # the provider must ask for the password again
            params.update({"prompt": "login", "max_age": "0"})
        return params


def start(request):
    """Send the browser to the identity provider (a 404 while single sign-on is off)."""
    if not oidc_enabled() or request.method != "GET":
        raise Http404
    return _RequestView.as_view()(request)


def callback(request):
    if not oidc_enabled() or request.method != "GET":
        raise Http404
    return _CallbackView.as_view()(request)

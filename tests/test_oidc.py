"""Single sign-on with OpenID Connect against a small identity provider run by the test itself
(its own RSA key, signed ID tokens, PKCE), through the full browser redirect flow."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from accounts.models import User
from accounts.roles import RoleCode
from accounts.sessions import SIGNED_IN_AT
from tests.factories import ProgrammeFactory, UserFactory

CLIENT_ID, CLIENT_SECRET = "zorgwekkend", "geheim-van-de-test"
# Made once: generating RSA keys is the slow part of these tests.
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LocalProvider:
    """Authorize, token, userinfo and JWKS endpoints; whoever `identity` names is signed in."""

    def __init__(self):
        self.key = PROVIDER_KEY
        self.signing_key = self.key  # a test may swap in another key to forge tokens
        self.identity = {}
        self.codes, self.tokens, self.requests = {}, {}, []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                provider.handle(self, "GET")

            def do_POST(self):
                provider.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, http, method):
        parts = urlsplit(http.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if method == "POST":
            length = int(http.headers.get("Content-Length", 0))
            query = {k: v[0] for k, v in parse_qs(http.rfile.read(length).decode()).items()}
        self.requests.append((parts.path, query))
        route = {
            "/authorize": self.authorize,
            "/token": self.token,
            "/userinfo": self.userinfo,
            "/jwks": self.jwks,
        }[parts.path]
        status, headers, body = route(query, http.headers)
        http.send_response(status)
        for name, value in headers.items():
            http.send_header(name, value)
        http.end_headers()
        http.wfile.write(body)

    def authorize(self, query, headers):
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": location}, b""

    def token(self, form, headers):
        asked = self.codes.pop(form.get("code"), None)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        ).rstrip(b"=")
        if (
            asked is None
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != asked["redirect_uri"]
            or challenge.decode() != asked.get("code_challenge")
        ):
            return 400, {"Content-Type": "application/json"}, b'{"error": "invalid_grant"}'
        access = secrets.token_urlsafe(16)
        self.tokens[access] = dict(self.identity)
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": self.identity.get("sub", "x"),
            "iat": now,
            "exp": now + 300,
            "nonce": asked.get("nonce"),
        }
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": "k1"})
        body = {"access_token": access, "id_token": id_token, "token_type": "Bearer"}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def userinfo(self, query, headers):
        access = headers.get("Authorization", "").removeprefix("Bearer ")
        claims = self.tokens.get(access)
        if claims is None:
            return 401, {}, b""
        return 200, {"Content-Type": "application/json"}, json.dumps(claims).encode()

    def jwks(self, query, headers):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        keys = {"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}
        return 200, {"Content-Type": "application/json"}, json.dumps(keys).encode()


@pytest.fixture
def provider(settings):
    idp = LocalProvider()
    settings.ZW_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS[:-1],
        "accounts.oidc.OidcBackend",
        settings.AUTHENTICATION_BACKENDS[-1],
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp.url}/jwks"
    settings.ZW_OIDC_UNIT_CLAIM = "ou"
    yield idp
    idp.close()


def sign_on(client, provider, identity, *, start="/account/sso/?next=/casussen/"):
    """The browser's way: to the provider, (signed in there), back to the callback."""
    provider.identity = identity
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{provider.url}/authorize?")
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("accounts:oidc_callback")
    return client.get(f"{callback.path}?{callback.query}")


@pytest.fixture
def staff_member(unit):
    other = ProgrammeFactory(code="SW", name="Social Work")
    return UserFactory(
        username="a.jansen",
        email="A.Jansen@hogeschool.example",
        roles=[RoleCode.COUNSELLOR],
        units=[other],
    )


def test_signing_on_through_the_provider_finds_the_account_and_brings_units_in_line(
    client, provider, staff_member, unit
):
    response = sign_on(
        client,
        provider,
        {
            "sub": "u1",
            "email": "a.jansen@hogeschool.example",
            "given_name": "Anna",
            "family_name": "Jansen",
            "ou": ["VPK", "ONBEKEND"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/casussen/"
    assert client.session["_auth_user_id"] == str(staff_member.pk)
    assert SIGNED_IN_AT in client.session
    staff_member.refresh_from_db()
    # A unit the claims drop goes at once; one they add widens a counsellor's pool, so it
    # waits for a second person (four eyes).
    assert list(staff_member.units.all()) == []
    [asked] = staff_member.role_requests.all()
    assert (asked.role, list(asked.units.all()), asked.source) == (None, [unit], "sso")
    assert (staff_member.first_name, staff_member.last_name) == ("Anna", "Jansen")
    assert staff_member.role_codes == {RoleCode.COUNSELLOR}  # no role claim configured
    reasons = set(staff_member.history.values_list("history_change_reason", flat=True))
    assert "Bijgewerkt bij inloggen via single sign-on" in reasons
    assert client.get("/casussen/").status_code == 200
    token_request = next(q for path, q in provider.requests if path == "/token")
    assert token_request["code_verifier"]  # PKCE


def test_roles_come_from_the_provider_where_configured(client, provider, staff_member, settings):
    settings.ZW_OIDC_ROLE_CLAIM = "roles"
    settings.ZW_OIDC_ROLE_NAMES = {"Teamleider decanaat": "dean"}
    sign_on(
        client,
        provider,
        {"email": staff_member.email, "roles": ["Teamleider decanaat", "Koning"], "ou": "VPK"},
    )
    # The role the claims drop goes at once; the case role they add waits for a second person.
    assert User.objects.get(pk=staff_member.pk).role_codes == set()
    [asked] = staff_member.role_requests.filter(role__isnull=False)
    assert (asked.role.code, asked.source, asked.state) == (RoleCode.DEAN, "sso", "pending")


def test_an_approving_identity_provider_grants_case_roles_recorded_as_such(
    client, provider, staff_member, settings
):
    settings.ZW_OIDC_ROLE_CLAIM = "roles"
    settings.ZW_OIDC_ROLE_NAMES = {"Teamleider decanaat": "dean"}
    settings.ZW_OIDC_APPROVES_ROLES = True
    sign_on(client, provider, {"email": staff_member.email, "roles": ["Teamleider decanaat"]})
    assert User.objects.get(pk=staff_member.pk).role_codes == {RoleCode.DEAN}
    granted = staff_member.role_changes.get(kind="granted")
    assert (granted.role.code, granted.source, granted.approved_by_source) == ("dean", "sso", True)
    assert not staff_member.role_requests.exists()


def test_an_unknown_person_gets_no_account_and_a_clear_message(client, provider, db):
    response = sign_on(client, provider, {"email": "nieuw@hogeschool.example"})
    assert response["Location"] == reverse("accounts:login")
    page = client.get(response["Location"]).content.decode()
    assert "Inloggen via je instellingsaccount is niet gelukt." in page
    assert not User.objects.filter(email="nieuw@hogeschool.example").exists()
    assert "_auth_user_id" not in client.session


def test_accounts_can_be_created_on_first_sign_on_when_configured(client, provider, settings, unit):
    settings.OIDC_CREATE_USER = True
    sign_on(
        client,
        provider,
        {"email": "nieuw@hogeschool.example", "preferred_username": "nieuw", "ou": "VPK"},
    )
    user = User.objects.get(username="nieuw")
    assert not user.has_usable_password() and list(user.units.all()) == [unit]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_deactivated_account_cannot_sign_on(client, provider, staff_member):
    staff_member.is_active = False
    staff_member.save()
    response = sign_on(client, provider, {"email": staff_member.email})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_token_signed_with_another_key_is_refused(client, provider, staff_member):
    provider.signing_key = FORGER_KEY
    response = sign_on(client, provider, {"email": staff_member.email})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_local_accounts_keep_working_alongside(client, provider, counsellor):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen via je instelling" in page
    client.post(reverse("accounts:login"), {"username": "begeleider", "password": "demo"})
    assert client.session["_auth_user_id"] == str(counsellor.pk)


def test_sign_on_is_off_unless_configured(client, counsellor):
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404
    assert "Inloggen via je instelling" not in client.get(reverse("accounts:login")).text


def test_two_step_sign_in_still_applies_after_sign_on(client, provider, staff_member, settings):
    settings.ZW_MFA_REQUIRED = True
    sign_on(client, provider, {"email": staff_member.email})
    assert client.get("/casussen/")["Location"].startswith(reverse("accounts:mfa_enrol"))


def test_confirming_identity_again_through_the_provider(client, provider, db):
    from accounts.sessions import AUTHENTICATED_AT

    sso_only = UserFactory(username="sso", email="sso@hogeschool.example")
    sso_only.set_unusable_password()
    sso_only.save()
    sign_on(client, provider, {"email": sso_only.email})
    session = client.session
    session[AUTHENTICATED_AT] -= 3600
    session.save()
    page = client.get(f"{reverse('accounts:reauthenticate')}?next=/").content.decode()
    assert "Bevestig via je instellingsaccount" in page
    sign_on(client, provider, {"email": sso_only.email}, start="/account/sso/?reauth=1&next=/")
    asked = next(q for path, q in reversed(provider.requests) if path == "/authorize")
    assert (asked["prompt"], asked["max_age"]) == ("login", "0")
    assert time.time() - client.session[AUTHENTICATED_AT] < 5


def test_a_demo_account_cannot_sign_on_with_debug_off(client, provider, staff_member, settings):
    # The staff member's address is in the demo's reserved `.example` domain.
    settings.ZW_LOCAL_DEMO = False
    response = sign_on(client, provider, {"email": staff_member.email})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    settings.ZW_LOCAL_DEMO = True
    response = sign_on(client, provider, {"email": staff_member.email})
    assert client.session["_auth_user_id"] == str(staff_member.pk)

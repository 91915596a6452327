"""Security headers on every page: a strict Content-Security-Policy (no inline scripts or
styles anywhere in the templates), HSTS in production, referrer and permissions policies."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_deployment import PRODUCTION, manage

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Rendered to PDF by WeasyPrint or sent as e-mail: never served as a page, so no CSP applies.
NOT_PAGES = ("email/", "_pdf", "pdf.html")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on handler (inline script)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not any(part in name for part in NOT_PAGES):
            yield name, path.read_text()


def test_no_template_of_a_page_has_inline_script_style_or_handlers():
    found = [
        f"{name}: {what}"
        for name, text in _page_templates()
        for pattern, what in INLINE
        if pattern.search(text)
    ]
    assert not found, "move these to static/js or static/css:\n" + "\n".join(found)


def _csp(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.mark.parametrize("url_name", ["accounts:login", "home", "cases:report"])
def test_pages_carry_a_strict_policy(url_name, client, counsellor):
    client.force_login(counsellor)
    response = client.get(reverse(url_name))
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    body = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert not re.search(r"\sstyle\s*=", body)


def test_anonymous_pages_and_errors_carry_the_headers_too(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_production_sends_hsts_and_secure_cookies():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_REFERRER_POLICY)"
    )
    result = manage("shell", "-c", script, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == ["31536000", "True", "True", "True", "True", "same-origin"]


def test_hsts_header_on_a_secure_request(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]

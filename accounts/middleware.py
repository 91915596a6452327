from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy

from accounts.mfa import has_confirmed_device, mfa_pending
from accounts.sessions import ABSOLUTE, IDLE, expired_because, note_activity
from accounts.work import forget_counts

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """Dutch unless the person chose otherwise: their stored preference, else this browser's choice.

    The browser's Accept-Language is deliberately ignored: the product is Dutch first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response

    def _chosen_language(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in SUPPORTED:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE


def _to_page(request, url):
    """A redirect that htmx follows as a full page load instead of swapping it into a fragment."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(request, url_name):
    # After a POST the person comes back to the page that held the form, not to the POST itself.
    target = request.get_full_path() if request.method == "GET" else request.path
    return f"{resolve_url(url_name)}?{urlencode({REDIRECT_FIELD_NAME: target})}"


class SessionLimitsMiddleware:
    """Ends a session after 15 minutes without activity or 12 hours after sign-in (both settings),
    and tells the person why on the login page. Checked on the server: the cookie decides
    nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = expired_because(request.session)
            if reason is not None:
                return self._end(request, reason)
            note_activity(request.session)
        return self.get_response(request)

    def _end(self, request, reason):
        target = _with_next(request, settings.LOGIN_URL)
        logout(request)  # flushes the session and rotates its key
        limits = {
            "minutes": settings.ZW_SESSION_IDLE_MINUTES,
            "hours": settings.ZW_SESSION_ABSOLUTE_HOURS,
        }
        messages.info(request, str(EXPIRED_MESSAGES[reason]) % limits)
        return _to_page(request, target)


EXPIRED_MESSAGES = {
    IDLE: gettext_lazy(
        "Je bent automatisch uitgelogd omdat je %(minutes)s minuten niets hebt gedaan. Log "
        "opnieuw in om verder te gaan."
    ),
    ABSOLUTE: gettext_lazy(
        "Je bent automatisch uitgelogd omdat je al %(hours)s uur was ingelogd. Log opnieuw in "
        "om verder te gaan."
    ),
}


class MfaRequiredMiddleware:
    """Someone who needs a second factor reaches nothing but the verification (or enrolment)
    step, the language switch and logout until they have passed it."""

    OPEN_URL_NAMES = (
        "accounts:mfa_verify",
        "accounts:mfa_enrol",
        "accounts:logout",
        "accounts:language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and mfa_pending(request):
            request.mfa_pending = True
            if request.path not in {reverse(name) for name in self.OPEN_URL_NAMES}:
                step = "accounts:mfa_verify" if has_confirmed_device(user) else "accounts:mfa_enrol"
                return _to_page(request, _with_next(request, step))
        return self.get_response(request)


class WorkCountsMiddleware:
    """After a form someone sent, their work may be done: the navigation counts it again on the
    next page instead of showing the kept count (`accounts.work`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and request.user.is_authenticated:
            forget_counts(request.user.pk)
        return response

"""Re-authentication: a weighty step (approving a disclosure, exporting case data, changing a
case team) needs proof of identity from the last few minutes, not just an open session."""

import logging
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from accounts.sessions import authenticated_within

log = logging.getLogger(__name__)

RESUME_FIELD = "resume"
_FAILURES = "zw_reauth_failures"
_KEPT_POSTS = "zw_reauth_kept_posts"
_KEEP_AT_MOST = 3


def note_failed_reauthentication(request):
    """Count a wrong confirmation in this session; after `ZW_REAUTH_ATTEMPTS` of them the session
    ends and the person signs in again (where the sign-in lockout applies). Whether it ended."""
    failures = request.session.get(_FAILURES, 0) + 1
    if failures < settings.ZW_REAUTH_ATTEMPTS:
        request.session[_FAILURES] = failures
        return False
    log.warning(
        "Re-authentication failed %s times for user %s: session ended", failures, request.user.pk
    )
    logout(request)
    messages.warning(
        request,
        _(
            "Je bent uitgelogd: te vaak een verkeerd wachtwoord of verkeerde code bij het "
            "bevestigen. Log opnieuw in."
        ),
    )
    return True


def forget_failed_reauthentications(request):
    request.session.pop(_FAILURES, None)


def recently_authenticated(request):
    return authenticated_within(request.session, settings.ZW_REAUTH_MINUTES * 60)


def recent_authentication_required(view=None, *, back=None):
    """Let the view run only if the person proved who they are within `ZW_REAUTH_MINUTES`.

    Otherwise they go to the re-authentication page and from there back to the page with the
    form (`back(request, *args, **kwargs)`, by default this URL). A POST without a fresh proof is
    not carried out: nothing is saved, and the message says to send it again. Apply it inside
    the view's permission check, so outsiders still get their 404 first.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if recently_authenticated(request):
                return view(request, *args, **kwargs)
            params = {}
            if request.method == "POST":
                params[RESUME_FIELD] = _keep_post(request)
                messages.info(
                    request,
                    _(
                        "Bevestig eerst dat jij het bent. Er is nog niets opgeslagen; daarna "
                        "verstuur je wat je invulde met één klik."
                    ),
                )
            if back is not None:
                target = back(request, *args, **kwargs)
            elif request.method == "GET":
                target = request.get_full_path()
            else:
                target = request.path
            query = urlencode({REDIRECT_FIELD_NAME: target, **params})
            return redirect(f"{reverse('accounts:reauthenticate')}?{query}")

        return wrapped

    return decorator(view) if view is not None else decorator


def _keep_post(request):
    """Keep what a refused POST sent (in the server-side session), so that after confirming the
    person sends it again with one click instead of typing it again. Files are not kept."""
    data = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    token = get_random_string(20)
    kept = dict(list(request.session.get(_KEPT_POSTS, {}).items())[-(_KEEP_AT_MOST - 1) :])
    kept[token] = {"action": request.path, "data": data}
    request.session[_KEPT_POSTS] = kept
    return token


def take_kept_post(request, token):
    """(action path, [(name, value), ...]) kept under `token`, once; None if there is none."""
    kept = request.session.get(_KEPT_POSTS, {})
    entry = kept.pop(token, None) if token else None
    if entry is None:
        return None
    request.session[_KEPT_POSTS] = kept
    return entry["action"], [tuple(pair) for pair in entry["data"]]

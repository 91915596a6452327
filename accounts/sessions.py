"""Session limits and session ends: when a sign-in stops counting, and ending someone's sessions.

A session carries three moments (seconds since the epoch, so the JSON session serializer keeps
them): when the person signed in, when they last did something, and when they last proved who
they are (password, plus their second factor where that applies). Sign-in sets all three.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

SIGNED_IN_AT = "zw_signed_in_at"
ACTIVE_AT = "zw_active_at"
AUTHENTICATED_AT = "zw_authenticated_at"
# Writing the activity moment on every request would cost a database write per page; a minute's
# precision is plenty for a fifteen-minute limit.
ACTIVITY_PRECISION_SECONDS = 60

IDLE = "idle"
ABSOLUTE = "absolute"


def _now():
    return timezone.now().timestamp()


def start_session_clock(session):
    """A fresh sign-in: the absolute limit, the idle limit and re-authentication start now."""
    now = _now()
    session[SIGNED_IN_AT] = now
    session[ACTIVE_AT] = now
    session[AUTHENTICATED_AT] = now


def expired_because(session):
    """IDLE or ABSOLUTE when a signed-in session has passed a limit, else None.

    A session without its sign-in moment (made before these limits existed, or forged) counts
    as past the absolute limit: failing closed costs one sign-in.
    """
    now = _now()
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float):
        return ABSOLUTE
    if now - signed_in_at > settings.ZW_SESSION_ABSOLUTE_HOURS * 3600:
        return ABSOLUTE
    active_at = session.get(ACTIVE_AT, signed_in_at)
    if not isinstance(active_at, int | float):
        return IDLE
    if now - active_at > settings.ZW_SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def note_activity(session):
    """Move the idle clock on; written at most once a minute."""
    now = _now()
    if now - session.get(ACTIVE_AT, 0) >= ACTIVITY_PRECISION_SECONDS:
        session[ACTIVE_AT] = now


def note_authentication(session):
    """The person just proved who they are again (re-authentication)."""
    session[AUTHENTICATED_AT] = _now()


def authenticated_within(session, seconds):
    moment = session.get(AUTHENTICATED_AT)
    return isinstance(moment, int | float) and 0 <= _now() - moment <= seconds


# --- Ending all sessions of a person ---------------------------------------------------------

_deferred = contextvars.ContextVar("deferred_session_ends", default=None)


def end_sessions_of(user_ids):
    """Delete every live session of these users; returns how many ended.

    Sessions are in the database backend (`SESSION_ENGINE` is Django's default) and hold the
    user id only inside their encoded data, so each live session is decoded once: one pass
    over the live sessions for any number of users.
    """
    wanted = {str(pk) for pk in user_ids}
    if not wanted:
        return 0
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(wanted)
        return 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in live.iterator() if str(s.get_decoded().get(SESSION_KEY)) in wanted]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@contextmanager
def sessions_ended_together():
    """Within this block, deactivations collect their users and end all their sessions in one
    pass at the end (for imports that deactivate many people at once)."""
    if _deferred.get() is not None:  # nested: the outer block ends them
        yield
        return
    pending = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    end_sessions_of(pending)

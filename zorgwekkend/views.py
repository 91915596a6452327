"""What the wiring serves itself: the health probe and the CSRF failure page."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import outbox
from audit import chain
from zorgwekkend.celery import app as celery_app


@never_cache
@require_GET
def healthz(request):
    """The node's health, for the load balancer and for monitoring.

    503 only when this node cannot serve: its database is unreachable. A broker that is down or
    an outbox or sealer that lags are reported in the JSON for monitoring to alert on, with a
    200: requests do not need them (the outbox keeps what they cause until the broker is back),
    and every node would report them at once — a balancer that probes this page would take the
    whole site out for something no request needs."""
    status = {
        "database": _database_status(),
        "broker": _broker_status(),
        **_outbox_status(),
        **_sealer_status(),
    }
    return JsonResponse(status, status=200 if status["database"] == "ok" else 503)


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def _broker_status():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises transport-specific errors; all mean "not reachable"
        return "unavailable"
    return "ok"


def _outbox_status():
    """The age of the oldest e-mail or task not yet done; 'behind' past the alert threshold."""
    try:
        age = outbox.oldest_waiting_seconds()
    except DatabaseError:
        return {"outbox": "unavailable", "outbox_oldest_unsent_seconds": None}
    behind = age is not None and age > settings.ZW_OUTBOX_ALERT_SECONDS
    return {"outbox": "behind" if behind else "ok", "outbox_oldest_unsent_seconds": age}


def _sealer_status():
    """The access log's sealing lag: rows waiting and the oldest's age; 'behind' past the alert
    threshold (the sealer is not running, or cannot keep up). A lag is for monitoring to alert
    on, never a reason to answer 503: every node would report it at once, and a balancer that
    probes this page would take them all out while requests do not need the sealer."""
    try:
        waiting = chain.backlog()
    except DatabaseError:
        waiting = None
    age = waiting.oldest_seconds if waiting else None
    if waiting is None:
        state = "unavailable"
    else:
        state = "behind" if age is not None and age > settings.ZW_SEAL_ALERT_SECONDS else "ok"
    return {
        "access_log_sealing": state,
        "access_log_unsealed": waiting.count if waiting else None,
        "access_log_oldest_unsealed_seconds": None if age is None else round(age, 1),
    }


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)

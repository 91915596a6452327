import pytest
from django.db import OperationalError, connection
from django.urls import reverse


def test_health_reports_database_and_eager_broker_to_anyone(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "eager",
        "outbox": "ok",
        "outbox_oldest_unsent_seconds": None,
        "access_log_sealing": "ok",
        "access_log_unsealed": 0,
        "access_log_oldest_unsealed_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_broker(settings):
    # Through the settings, never `celery_app.conf` itself: a value set there stays for every
    # later test in the process, whatever the settings say (it once sent their tasks to an
    # AMQP broker on localhost).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_health_reports_a_broker_that_is_down_but_keeps_the_node_in_service(
    client, db, unreachable_broker
):
    # Requests do not need the broker (the outbox keeps what they cause): a 503 here would make
    # the load balancer take every node out at once.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "unavailable"


def test_health_is_503_when_the_node_cannot_reach_its_database(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", unreachable)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["outbox"] == "unavailable"
    assert response.json()["access_log_sealing"] == "unavailable"


def test_health_accepts_only_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405

import pytest
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


def test_health_is_503_when_the_broker_is_down(client, db, unreachable_broker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "unavailable"


def test_health_accepts_only_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405

import pytest
from django.urls import reverse

from zorgwekkend.celery import app as celery_app


def test_health_reports_database_and_eager_broker_to_anyone(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "eager",
        "outbox": "ok",
        "outbox_oldest_unsent_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    celery_app.conf.broker_url = previous


def test_health_is_503_when_the_broker_is_down(client, db, unreachable_broker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "unavailable"


def test_health_accepts_only_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405

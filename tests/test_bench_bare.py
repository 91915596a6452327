"""The bench's bare page behind login (issue 20): the baseline the kit reports the floor against.
It goes through the product's whole middleware and does nothing of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.run import markdown_floor_against_bare
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zorgwekkend.bench_urls")]


def test_bare_page_answers_ok_to_a_signed_in_person_with_session_and_user_only(client):
    client.force_login(UserFactory())
    client.get("/bench-bare/")  # the first request after sign-in may move the idle clock
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench-bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert [q["sql"].split(" FROM ")[1].split()[0] for q in queries] == [
        '"django_session"',
        '"accounts_user"',
    ]


def test_bare_page_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/bench-bare/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_report_states_the_floor_against_the_bare_page():
    pages = {
        "floor": {"rps": 300.0, "app_cpu_ms": 5.0, "db_cpu_ms": 0.8, "queries": 5},
        "bare": {"rps": 600.0, "app_cpu_ms": 2.0, "db_cpu_ms": 0.3, "queries": 2,
                 "floor_x_bare": 0.5},
    }  # fmt: skip
    [_blank, sentence] = markdown_floor_against_bare(pages)
    assert "300.0 against 600.0 req/s" in sentence
    assert "0.50× the bare page's throughput" in sentence
    assert "5 against 2 queries" in sentence
    assert markdown_floor_against_bare({"floor": pages["floor"]}) == []

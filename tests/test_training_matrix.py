"""Every training URL × every role × GET and POST → the expected status.

Deny by default: a URL without an entry here fails the test, so a new page cannot ship without
someone deciding who may use it. POSTs carry no data, so forms answer with their errors (200);
enrolling, cancelling, opening and renewing the calendar link redirect (302).
"""

import datetime

import pytest
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from tests.conftest import PERSONAS
from tests.training_helpers import attend, first_trainer, make_course, make_session
from training import services
from training.models import CalendarFeed, Certificate, CourseKind

ROLES = [*RoleCode.values, "outsider", "anonymous"]
R = RoleCode
EVERYONE = dict.fromkeys(ROLES[:-1], 200)
REDIRECT = dict.fromkeys(ROLES[:-1], 302)
NOT_ALLOWED = dict.fromkeys(ROLES[:-1], 405)
COORDINATOR = {R.TRAINING_COORDINATOR: 200}
TRAINERS = {R.TRAINING_COORDINATOR: 200, R.TRAINER: 200}


def rule(get, post):
    """Expected statuses: `get`/`post` map role → status; anyone not named gets 404."""
    return {"GET": get, "POST": post}


def only_get(get):
    return rule(get, dict.fromkeys(get, 405))


# In the order they are visited: the calendar link is read before it is renewed.
EXPECTED = {
    "training:course_list": only_get(EVERYONE),
    "training:course_create": rule(COORDINATOR, COORDINATOR),
    "training:course_detail": only_get(EVERYONE),
    "training:course_edit": rule(COORDINATOR, COORDINATOR),
    "training:course_trainers": rule(COORDINATOR, COORDINATOR),
    "training:session_create": rule(TRAINERS, TRAINERS),
    "training:session_detail": only_get(EVERYONE),
    "training:session_edit": rule(TRAINERS, TRAINERS),
    "training:session_open": rule(
        {R.TRAINING_COORDINATOR: 405, R.TRAINER: 405}, {R.TRAINING_COORDINATOR: 302, R.TRAINER: 302}
    ),
    "training:session_cancel": rule(TRAINERS, TRAINERS),
    "training:enrol": rule(NOT_ALLOWED, REDIRECT),
    "training:cancel_enrolment": rule(NOT_ALLOWED, REDIRECT),
    "training:attendance": rule(TRAINERS, TRAINERS),
    "training:session_ics": only_get(EVERYONE),
    "training:my_trainings": only_get(EVERYONE),
    "training:calendar_feed": rule(
        {**EVERYONE, "anonymous": 200}, {**NOT_ALLOWED, "anonymous": 405}
    ),
    "training:calendar_feed_reset": rule(NOT_ALLOWED, REDIRECT),
    "training:certificate_pdf": only_get({R.REPORTER: 200, R.TRAINING_COORDINATOR: 200}),
    "training:cascade": only_get(TRAINERS),
    "training:coverage": only_get({**TRAINERS, R.DEAN: 200, R.BOARD: 200}),
    "training:team_request_list": only_get(COORDINATOR),
    "training:team_request_create": rule(EVERYONE, EVERYONE),
    "training:team_request_detail": rule(
        {R.REPORTER: 200, R.TRAINER: 200, R.TRAINING_COORDINATOR: 200},
        {R.REPORTER: 405, R.TRAINER: 405, R.TRAINING_COORDINATOR: 200},
    ),
    "training:intake": rule(TRAINERS, TRAINERS),
    "training:link_session": rule(TRAINERS, TRAINERS),
}
NO_LOGIN_NEEDED = {"training:calendar_feed"}


def _url_names():
    _prefix, sub = get_resolver().namespace_dict["training"]
    return {f"training:{p.name}" for p in sub.url_patterns if p.name}


def test_every_url_has_an_entry():
    assert _url_names() == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def world(request, reporter, trainer, training_coordinator):
    """A course the trainer may give; an upcoming session and one that has started, both given by
    the trainer; the reporter holds a certificate, and asked a team training whose intake the
    trainer holds."""
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    course = make_course(CourseKind.BASIC_KNOWLEDGE)
    first_trainer(course, trainer)
    upcoming = make_session(course, [trainer])
    held = make_session(course, [trainer], days=2)
    [certificate] = attend(held, [reporter], trainer=trainer)
    started = make_session(course, [trainer], days=3)
    before = started.enrolment_deadline - datetime.timedelta(days=1)
    services.enrol(started, participant=reporter, acting_user=reporter, now=before)
    team_request = services.request_team_training(
        data={"team_name": "Team", "team_size": 5, "course_kind": "basic_knowledge",
              "question": "Vraag", "unit": None, "preferred_period": ""},
        acting_user=reporter,
    )  # fmt: skip
    services.assign_intake(
        team_request, trainer=trainer, reason="Jij", acting_user=training_coordinator
    )
    return {
        "course": course,
        "upcoming": upcoming,
        "started": started,
        "certificate": certificate,
        "request": team_request,
        "reporter": reporter,
    }


def _url(name, world):
    if name == "training:calendar_feed":
        feed = CalendarFeed.objects.filter(user=world["reporter"]).first()
        token = feed.token if feed else services.calendar_feed_for(world["reporter"]).token
        return reverse(name, args=[token])
    args = {
        "course": ["course_detail", "course_edit", "course_trainers", "session_create"],
        "started": ["attendance"],
        "certificate": ["certificate_pdf"],
        "request": ["team_request_detail", "intake", "link_session"],
    }
    for key, names in args.items():
        if name.split(":")[1] in names:
            return reverse(name, args=[world[key].pk])
    if name.split(":")[1].startswith("session_") or name in (
        "training:enrol",
        "training:cancel_enrolment",
    ):
        return reverse(name, args=[world["upcoming"].pk])
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_training_permission_matrix(role, world, client, request, monkeypatch):
    # The started session has begun: pretend it is an hour past its start for attendance.
    started = world["started"]
    moment = started.starts_at + datetime.timedelta(hours=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(PERSONAS.get(role, "outsider")))
    wrong = []
    for name, methods in EXPECTED.items():
        for method, expected_by_role in methods.items():
            url = _url(name, world)
            if role == "anonymous" and name not in NO_LOGIN_NEEDED:
                expected = 302
            else:
                expected = expected_by_role.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != expected:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {expected}")
    assert not wrong, "\n".join(wrong)
    assert Certificate.objects.count() == 1

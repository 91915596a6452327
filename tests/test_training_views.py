"""Training pages: what people see and what gets recorded; forms keep input on errors; the
certificate rule on the assign page; query counts that stay the same as data grows."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.roles import RoleCode
from escalation.services import take_case
from tests.factories import ProgrammeFactory
from tests.training_helpers import (
    attend,
    first_trainer,
    make_course,
    make_session,
    staff,
)
from training import services
from training.models import Certificate, Course, CourseKind, Enrolment, Session, TeamRequest

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_coordinator_creates_a_course_and_an_empty_form_keeps_its_errors(
    client, training_coordinator
):
    client.force_login(training_coordinator)
    url = reverse("training:course_create")
    response = client.post(url, {"title": "Half ingevuld"})
    assert response.status_code == 200
    assert "Er ging iets mis" in response.content.decode()
    assert 'value="Half ingevuld"' in response.content.decode()
    assert not Course.objects.exists()
    response = client.post(
        url,
        {
            "title": "Basiskennis",
            "kind": CourseKind.BASIC_KNOWLEDGE,
            "description": "Signalen",
            "learning_goals": "Herkennen",
            "duration_minutes": 180,
            "validity_months": 24,
            "is_active": "on",
            "reason": "Nieuw aanbod",
        },
    )
    course = Course.objects.get()
    assert response["Location"] == reverse("training:course_detail", args=[course.pk])
    assert course.history.first().history_change_reason == "Nieuw aanbod"


def test_a_stale_course_form_is_a_conflict_that_can_be_sent_again(client, training_coordinator):
    course = make_course(title="Basiskennis")
    services.update_course(
        course,
        data={"title": "Tussendoor"},
        reason="Iemand anders",
        acting_user=training_coordinator,
    )
    client.force_login(training_coordinator)
    url = reverse("training:course_edit", args=[course.pk])
    data = {
        "title": "Mijn titel",
        "kind": course.kind,
        "description": course.description,
        "learning_goals": course.learning_goals,
        "duration_minutes": course.duration_minutes,
        "validity_months": course.validity_months,
        "is_active": "on",
        "reason": "Aangescherpt",
        "version": 1,
    }
    conflict = client.post(url, data)
    assert conflict.status_code == 409
    assert "Iemand anders heeft dit net gewijzigd." in conflict.text
    assert 'value="Mijn titel"' in conflict.text
    assert 'name="version" value="2"' in conflict.text
    assert Course.objects.get().title == "Tussendoor"
    again = client.post(url, {**data, "version": 2})
    assert again["Location"] == reverse("training:course_detail", args=[course.pk])
    assert Course.objects.get().title == "Mijn titel"


def test_a_certified_trainer_schedules_a_session_through_the_form(client, trainer):
    course = make_course(title="Basiskennis")
    first_trainer(course, trainer)
    client.force_login(trainer)
    url = reverse("training:session_create", args=[course.pk])
    starts = timezone.now() + datetime.timedelta(days=10)
    data = {
        "trainers": [trainer.pk],
        "starts_at": _local(starts),
        "ends_at": _local(starts + datetime.timedelta(hours=3)),
        "enrolment_deadline": _local(starts - datetime.timedelta(days=1)),
        "capacity": 12,
        "location": "D0.12",
        "open_enrolment": "on",
        "reason": "Blok 2",
    }
    past = {**data, "starts_at": _local(timezone.now() - datetime.timedelta(days=1))}
    response = client.post(url, past)
    assert "Kies een moment in de toekomst" in response.content.decode()
    response = client.post(url, data)
    session = Session.objects.get()
    assert response["Location"] == reverse("training:session_detail", args=[session.pk])
    assert session.capacity == 12 and session.status == "open"
    assert list(session.trainers.all()) == [trainer]


def test_enrolling_and_cancelling_through_the_session_page(client, trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer], capacity=1)
    first, second = staff("eerste"), staff("tweede")
    client.force_login(first)
    client.post(reverse("training:enrol", args=[session.pk]))
    client.force_login(second)
    response = client.post(reverse("training:enrol", args=[session.pk]), follow=True)
    assert "je staat op de wachtlijst" in response.content.decode()
    assert "op plaats 1" in response.content.decode()
    client.force_login(first)
    response = client.post(reverse("training:cancel_enrolment", args=[session.pk]), follow=True)
    assert "Je bent uitgeschreven" in response.content.decode()
    assert Enrolment.objects.get(participant=second).status == "enrolled"


def test_attendance_form_gives_certificates_and_a_pdf_only_for_holder_and_coordinator(
    client, trainer, training_coordinator, monkeypatch
):
    course = make_course(title="Basiskennis")
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    holder = staff("houder")
    before = session.enrolment_deadline - datetime.timedelta(days=1)
    enrolment = services.enrol(session, participant=holder, acting_user=holder, now=before)
    moment = session.ends_at + datetime.timedelta(hours=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    client.force_login(trainer)
    url = reverse("training:attendance", args=[session.pk])
    response = client.post(url, {})
    assert "minstens één deelnemer" in response.content.decode()
    client.post(url, {f"e{enrolment.pk}": "present"})
    certificate = Certificate.objects.get()
    pdf_url = reverse("training:certificate_pdf", args=[certificate.pk])
    for person, status in [(holder, 200), (training_coordinator, 200), (trainer, 404)]:
        client.force_login(person)
        response = client.get(pdf_url)
        assert response.status_code == status, person
        if status == 200:
            assert response.content.startswith(b"%PDF")


def test_a_team_request_from_form_to_intake(client, trainer, training_coordinator):
    requester = staff("teamleider", RoleCode.REPORTER)
    client.force_login(requester)
    response = client.post(
        reverse("training:team_request_create"),
        {"team_name": "Team jaar 1", "team_size": 12, "course_kind": "basic_knowledge",
         "question": "Signalen online"},
    )  # fmt: skip
    team_request = TeamRequest.objects.get()
    detail = reverse("training:team_request_detail", args=[team_request.pk])
    assert response["Location"] == detail
    assert "Aangevraagd" in client.get(detail).content.decode()
    client.force_login(training_coordinator)
    client.post(detail, {"trainer": trainer.pk, "reason": "Faculteit", "version": 1})
    client.force_login(trainer)
    response = client.post(
        reverse("training:intake", args=[team_request.pk]),
        {"held_on": timezone.localdate().isoformat(), "team_context": "Twaalf docenten",
         "concern_kinds": "Terugtrekken", "learning_needs": "Wanneer bel je"},
    )  # fmt: skip
    assert response["Location"] == detail
    client.force_login(requester)
    assert "Intake gehouden" in client.get(detail).content.decode()


def test_the_coordinators_home_shows_open_requests(client, training_coordinator):
    services.request_team_training(
        data={"team_name": "T", "team_size": 3, "course_kind": "dialogue", "question": "V",
              "unit": None, "preferred_period": ""},
        acting_user=staff("mw"),
    )  # fmt: skip
    client.force_login(training_coordinator)
    assert "1 aanvraag voor een teamtraining staat open" in client.get("/").content.decode()


# --- The certificate rule on the assign page ------------------------------------------------------


def _assign_page(client, case, dean):
    client.force_login(dean)
    return client.get(reverse("escalation:assign_handler", args=[case.reference])).content.decode()


@override_settings(ZW_CASE_ROLE_CERTIFICATE="warn")
def test_warn_shows_who_lacks_the_certificate_and_still_allows(client, case, counsellor, dean):
    page = _assign_page(client, case, dean)
    assert "niet iedereen hier heeft een geldig certificaat" in page
    assert escape(counsellor.get_full_name()) in page.split('id="certificate-rule"')[1]
    response = client.post(
        reverse("escalation:assign_handler", args=[case.reference]),
        {"handler": counsellor.pk, "reason": "Jij", "version": case.version},
    )
    assert response.status_code == 302


@override_settings(ZW_CASE_ROLE_CERTIFICATE="enforce")
def test_enforce_refuses_on_the_page_with_a_clear_message(client, case, counsellor, dean):
    assert "kunnen behandelaar worden" in _assign_page(client, case, dean)
    response = client.post(
        reverse("escalation:assign_handler", args=[case.reference]),
        {"handler": counsellor.pk, "reason": "Jij", "version": case.version},
    )
    assert "geen geldig certificaat Handelingsperspectief" in response.content.decode()


def test_off_shows_nothing(client, case, dean):
    assert 'id="certificate-rule"' not in _assign_page(client, case, dean)
    assert take_case  # the rule is off: taking cases is covered in the service tests


def test_a_course_page_names_the_first_trainers_and_counts_the_rest(
    client, reporter, training_coordinator
):
    course = make_course(title="Basis landelijk")
    url = reverse("training:course_detail", args=[course.pk])
    client.force_login(reporter)
    for i in range(3):
        first_trainer(course, staff(f"trainer-{i:02d}", RoleCode.TRAINER))
    few = _queries(client, url)
    page = client.get(url).content.decode()
    assert "in totaal" not in page  # all three are named
    for i in range(3, 14):
        first_trainer(course, staff(f"trainer-{i:02d}", RoleCode.TRAINER))
    assert _queries(client, url) == few
    section = client.get(url).content.decode().split('id="trainers-heading"')[1]
    assert section.count("<li>") == 12
    assert "14 trainers in totaal, hierboven de eerste 12." in section
    assert reverse("training:course_trainers", args=[course.pk]) not in section
    client.force_login(training_coordinator)
    section = client.get(url).content.decode().split('id="trainers-heading"')[1]
    assert reverse("training:course_trainers", args=[course.pk]) in section  # all of them there


# --- Query counts stay the same as data grows -----------------------------------------------------


def _queries(client, url):
    # A first visit settles what a page keeps per person (the navigation's task counts).
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(trainer, n):
    """n more sessions and courses, n certified staff and trainers from train-the-trainer."""
    basic = make_course(title=f"Basis {n}")
    ttt = make_course(CourseKind.TRAIN_THE_TRAINER, title=f"TtT {n}", qualifies_for=[basic])
    first_trainer(basic, trainer)
    first_trainer(ttt, trainer)
    people = [staff(f"mw{n}-{i}") for i in range(n)]
    attend(make_session(basic, [trainer]), people, trainer=trainer)
    attend(make_session(ttt, [trainer], days=3), people[: n // 2], trainer=trainer)
    unit = ProgrammeFactory()
    for person in people:
        person.units.add(unit)
    for i in range(n):
        session = make_session(basic, [trainer], days=20)
        services.enrol(session, participant=people[0], acting_user=people[0])
        services.enrol(session, participant=trainer, acting_user=trainer)
        services.request_team_training(
            data={"team_name": f"T{i}", "team_size": 3, "course_kind": "dialogue",
                  "question": "V", "unit": unit, "preferred_period": ""},
            acting_user=people[i],
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "training:course_list",
        "training:cascade",
        "training:coverage",
        "training:my_trainings",
        "training:team_request_list",
    ],
)
def test_query_counts_do_not_grow_with_the_data(client, trainer, training_coordinator, name):
    viewer = training_coordinator if name == "training:team_request_list" else trainer
    client.force_login(viewer)
    _grow(trainer, 2)
    client.get(reverse(name))  # the first visit of "my trainings" makes the calendar link
    small = _queries(client, reverse(name))
    _grow(trainer, 8)
    assert _queries(client, reverse(name)) == small

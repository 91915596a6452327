"""Training in a real browser: the coordinator creates a train-the-trainer course and names its
first trainer, the trainer schedules a session, staff enrol (one waitlisted), one cancels and the
other is promoted, attendance makes a certificate, and the certificate makes a new trainer.
Every page on the way passes the axe WCAG 2.2 A/AA check."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import RoleCode
from tests.browser import assert_accessible, log_in
from tests.factories import ProgrammeFactory, UserFactory
from tests.training_helpers import make_course
from training.models import Certificate, CourseKind, Session, TrainerQualification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    basic = make_course(CourseKind.BASIC_KNOWLEDGE, title="Basiskennis zorgwekkend gedrag")
    return {
        "basic": basic,
        "coordinator": UserFactory(
            username="coordinator", roles=[RoleCode.TRAINING_COORDINATOR], first_name="Cor"
        ),
        "trainer": UserFactory(username="trainer", roles=[RoleCode.TRAINER], first_name="Tess"),
        "first": UserFactory(username="eerste", roles=[RoleCode.REPORTER], units=[unit]),
        "second": UserFactory(username="tweede", roles=[RoleCode.COUNSELLOR], units=[unit]),
        "third": UserFactory(username="derde", roles=[RoleCode.REPORTER], units=[unit]),
    }


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _create_course(page, people):
    page.goto("/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainingen")
    assert_accessible(page)
    page.get_by_role("link", name="Cursus toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()  # empty: errors, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Train-de-trainer basiskennis")
    page.get_by_label("Soort", exact=False).first.select_option(value="train_the_trainer")
    page.get_by_label("Omschrijving").fill("Word zelf trainer basiskennis.")
    page.get_by_label("Leerdoelen").fill("Je geeft de training basiskennis.")
    page.get_by_label("Duur in minuten").fill("480")
    page.get_by_label("Geldigheid van het certificaat in maanden").fill("36")
    page.get_by_label("Basiskennis zorgwekkend gedrag").check()
    page.get_by_label("Actief: staat in het aanbod").check()
    page.get_by_label("Reden van de wijziging").fill("Start van de olievlek")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Train-de-trainer basiskennis")
    assert_accessible(page)
    page.get_by_role("link", name="Trainers", exact=True).click()
    page.get_by_label("Medewerker").select_option(label=people["trainer"].get_full_name())
    page.get_by_label("Waarom deze trainer?").fill("Eerste trainer van de hogeschool")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De trainer is toegevoegd")
    assert_accessible(page)


def _schedule(page):
    page.goto("/training/")
    page.get_by_role("link", name="Train-de-trainer basiskennis").click()
    page.get_by_role("link", name="Sessie plannen").click()
    assert_accessible(page)
    starts = timezone.now() + datetime.timedelta(days=10)
    page.get_by_label("Begint om").fill(_local(starts))
    page.get_by_label("Eindigt om").fill(_local(starts + datetime.timedelta(hours=8)))
    page.get_by_label("Inschrijven kan tot").fill(_local(starts - datetime.timedelta(days=2)))
    page.get_by_label("Aantal plaatsen").fill("2")
    page.get_by_label("Plaats", exact=True).fill("Gebouw D, lokaal D0.12")
    page.get_by_label("Reden van de wijziging").fill("Eerste ronde")
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("status")).to_contain_text("De sessie is gepland")
    assert_accessible(page)
    return Session.objects.get()


def _enrol(browser, base_url, username, expected):
    page = browser.new_page(base_url=base_url)
    log_in(page, username)
    page.goto("/training/")
    page.get_by_role("link", name=re.compile(r"^\w+ \d+ \w+ \d{4}")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Inschrijven|Op de wachtlijst")).click()
    expect(page.get_by_role("status").first).to_contain_text(expected)
    assert_accessible(page)
    return page


def test_from_course_to_a_new_trainer(page, people, browser):
    log_in(page, "coordinator")
    _create_course(page, people)
    base_url = page.url.split("/training")[0]

    trainer = browser.new_page(base_url=base_url)
    log_in(trainer, "trainer")
    session = _schedule(trainer)

    first = _enrol(browser, base_url, "eerste", "Je bent ingeschreven")
    _enrol(browser, base_url, "derde", "Je bent ingeschreven")
    second = _enrol(browser, base_url, "tweede", "je staat op de wachtlijst")
    expect(second.get_by_text("op plaats 1")).to_be_visible()

    first.get_by_role("button", name="Uitschrijven").click()
    expect(first.get_by_role("status").first).to_contain_text("Je bent uitgeschreven")
    second.reload()
    expect(second.get_by_text("Je bent ingeschreven.")).to_be_visible()
    assert_accessible(second)

    # The day of the session has come (arranged here, not through the product).
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=9),
        ends_at=now - datetime.timedelta(hours=1),
        enrolment_deadline=now - datetime.timedelta(days=1),
    )
    trainer.goto(f"/training/sessies/{session.pk}/")
    trainer.get_by_role("link", name="Aanwezigheid vastleggen").click()
    assert_accessible(trainer)
    second_name = people["second"].get_full_name()
    trainer.get_by_role("group", name=second_name).get_by_label("Aanwezig").check()
    third_name = people["third"].get_full_name()
    trainer.get_by_role("group", name=third_name).get_by_label("Niet verschenen").check()
    trainer.get_by_role("button", name="Vastleggen").click()
    expect(trainer.get_by_role("status")).to_contain_text("1 certificaten uitgereikt")
    assert_accessible(trainer)

    certificate = Certificate.objects.get()
    assert certificate.holder == people["second"]
    assert list(certificate.trained_by.all()) == [people["trainer"]]
    assert TrainerQualification.objects.filter(trainer=people["second"]).count() == 2

    second.goto("/training/mijn/")
    certificates = second.get_by_role("table", name="Mijn certificaten")
    pdf_link = certificates.get_by_role("link", name="PDF Train-de-trainer basiskennis")
    expect(pdf_link).to_be_visible()
    assert_accessible(second)
    second.goto(f"/training/cursussen/{people['basic'].pk}/")
    expect(second.get_by_role("link", name="Sessie plannen")).to_be_visible()
    assert_accessible(second)

    page.goto("/training/olievlek/")
    tree = page.get_by_role("list", name="Trainers, van de eerste generatie naar beneden")
    new_trainer = tree.get_by_role("listitem").filter(has_text=second_name).last
    expect(new_trainer).to_contain_text("generatie 2")
    assert_accessible(page)
    page.get_by_role("link", name="Dekking per eenheid").click()
    expect(page.get_by_role("table")).to_contain_text("Verpleegkunde")
    assert_accessible(page)


def test_a_team_request_and_its_intake(page, people, browser):
    log_in(page, "eerste")
    page.goto("/training/")
    page.get_by_role("link", name="Teamtraining aanvragen").click()
    assert_accessible(page)
    page.get_by_label("Welk team?").fill("Docententeam jaar 1")
    page.get_by_label("Aantal teamleden").fill("12")
    page.get_by_label("Wat is jullie vraag?").fill("Signalen in de groepsapp herkennen.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Docententeam jaar 1")
    assert_accessible(page)

    coordinator = browser.new_page(base_url=page.url.split("/training")[0])
    log_in(coordinator, "coordinator")
    coordinator.get_by_role("link", name="1 aanvraag voor een teamtraining staat open").click()
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Docententeam jaar 1").click()
    coordinator.get_by_role("link", name="Intake vastleggen").click()
    assert_accessible(coordinator)
    coordinator.get_by_label("Datum van de intake").fill(timezone.localdate().isoformat())
    coordinator.get_by_label("Team en context").fill("Twaalf docenten jaar 1")
    coordinator.get_by_label("Soorten zorgen die het team tegenkomt").fill("Terugtrekken")
    coordinator.get_by_label("Leervragen").fill("Wanneer bel je de decaan?")
    coordinator.get_by_role("button", name="Vastleggen").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De intake is vastgelegd")
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Sessie koppelen").click()
    assert_accessible(coordinator)
    coordinator.goto("/training/teamtraining/")
    assert_accessible(coordinator)

    page.reload()
    expect(page.get_by_text("Twaalf docenten jaar 1")).to_be_visible()

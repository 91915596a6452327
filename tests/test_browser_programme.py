"""The programme dashboard in a real browser: the board reads it at 1280 and 768 pixels wide, with
a sentence under each table on how its counts are rounded; the training coordinator sets targets
(a wrong value first), makes a report and finds it in the list. Every page passes the axe WCAG 2.2
A/AA check; screenshots go to the test's output folder."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from programme.models import PeriodicReport, Target
from programme.periods import ReportPeriod
from tests.browser import assert_accessible, log_in
from tests.factories import ProgrammeFactory, UserFactory
from tests.programme_helpers import seed_quarter, staff_in, two_faculties

SHOTS = Path(tempfile.gettempdir()) / "zw-screenshots" / "programme"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db, private_root):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    near, far = two_faculties(unit)
    people = {
        "board": UserFactory(username="board", roles=[RoleCode.BOARD], first_name="Bo"),
        "coordinator": UserFactory(
            username="coordinator", roles=[RoleCode.TRAINING_COORDINATOR], first_name="Cor"
        ),
        "reporter": UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit]),
        "counsellor": UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit]),
        "dean": UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[unit.parent]),
    }
    staff_in(near, 6, "vpk")
    seed_quarter(
        ReportPeriod.current(),
        reporter=people["reporter"],
        counsellor=people["counsellor"],
        dean=people["dean"],
        units=(near, far),
    )
    return people


def _open_dashboard(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/")
    page.get_by_role("link", name="Programma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programma zorgwekkend gedrag")
    expect(page.get_by_role("heading", name="Kerncijfers")).to_be_visible()
    expect(page.get_by_role("table", name="Meldingen per periode en eenheid")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_board_reads_the_dashboard(page, people, live_server):
    log_in(page, "board")
    _open_dashboard(page, "dashboard-board")
    rounded = "Aantallen zijn naar beneden afgerond op een veelvoud van 5 (12 staat er als 10)"
    expect(page.locator("#reports").get_by_text(rounded)).to_be_visible()
    page.set_viewport_size({"width": 768, "height": 900})
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "dashboard-board-768.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("button", name="Rapportage")).to_have_count(0)
    expect(page.get_by_role("link", name="Doelen instellen")).to_have_count(0)
    previous = ReportPeriod.current().previous.label
    page.get_by_label("Periode", exact=True).select_option(label=previous)
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        ReportPeriod.current().previous.label
    )
    assert_accessible(page)


def test_the_coordinator_sets_targets_and_makes_a_report(page, people, live_server):
    log_in(page, "coordinator")
    _open_dashboard(page, "dashboard-coordinator")
    page.get_by_role("link", name="Doelen instellen").click()
    page.get_by_label("Dekking basistraining per eenheid (%)").fill("180")
    page.get_by_role("button", name="Doelen opslaan").click()
    expect(page.get_by_text("Een percentage is hoogstens 100.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Dekking basistraining per eenheid (%)").fill("80")
    page.get_by_label("Meldingen opgepakt binnen 2 werkdagen (%)").fill("50")
    page.get_by_role("button", name="Doelen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Doelen opgeslagen (2 gewijzigd).")
    assert Target.objects.count() == 2
    expect(page.locator("#key_figures")).to_contain_text("Behaald")
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "dashboard-targets.png"), full_page=True)
    page.get_by_role("link", name="Doelen instellen").click()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "targets.png"), full_page=True)
    page.go_back()
    page.get_by_role("button", name="Rapportage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages van het programma")
    expect(page.get_by_role("status")).to_contain_text("staat klaar")
    assert PeriodicReport.objects.count() == 1
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "reports.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download rapportage").click()
    assert download.value.suggested_filename.endswith(".pdf")

"""The privacy officer finds a case's accesses in the log from the menu, in an accessible page."""

import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from audit.services import log_case_access, log_denied_access
from tests.browser import assert_accessible, log_in
from tests.factories import StudentFactory, report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _request(user, case):
    request = RequestFactory().get(f"/casussen/{case.reference}/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


@pytest.fixture
def logged(case, reporter, unit, counsellor, outsider):
    other = report_case(reporter=reporter, student=StudentFactory(programme=unit))
    log_case_access(_request(counsellor, case), case=case, part="detail", basis="unit_pool")
    log_denied_access(_request(outsider, case), case=case, part="detail")
    log_case_access(_request(counsellor, other), case=other, part="detail", basis="unit_pool")
    return case, other


def test_privacy_officer_filters_the_log_by_case(page, logged, privacy_officer):
    case, other = logged
    log_in(page, privacy_officer.username)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Toegangslogboek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegangslogboek")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three rows
    assert_accessible(page)

    page.get_by_label("Casusnummer").fill(case.reference.lower())
    page.get_by_role("button", name="Filteren").click()
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text(case.reference)
    expect(table).not_to_contain_text(other.reference)
    expect(table.get_by_text("geweigerd", exact=True)).to_be_visible()
    expect(page.get_by_label("Casusnummer")).to_have_value(case.reference.lower())
    expect(page.get_by_role("link", name="Exporteer als CSV")).to_have_attribute(
        "href", f"/toegangslogboek/export.csv?case={case.reference.lower()}"
    )
    assert_accessible(page)


def test_a_filter_mistake_is_explained_accessibly(page, logged, privacy_officer):
    log_in(page, privacy_officer.username)
    page.goto("/toegangslogboek/")
    page.get_by_label("Vanaf").fill("2026-03-05")
    page.get_by_label("Tot en met").fill("2026-03-01")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gemarkeerde filters")
    to_field = page.get_by_label("Tot en met")
    expect(to_field).to_have_attribute("aria-invalid", "true")
    expect(to_field).to_have_accessible_description("Deze datum ligt vóór de datum bij ‘Vanaf’.")
    expect(page.get_by_label("Vanaf")).to_have_value("2026-03-05")
    expect(page.get_by_role("table")).to_have_count(0)
    assert_accessible(page)


def test_the_menu_item_is_for_the_privacy_officer_alone(page, counsellor):
    log_in(page, counsellor.username)
    expect(page.get_by_role("link", name="Toegangslogboek")).to_have_count(0)
    assert page.goto("/toegangslogboek/").status == 404

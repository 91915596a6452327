"""Role administration in a real browser: a second functional administrator finds the request
for a dean role in the navigation, tries to reject it without a reason (told why), approves it;
a new colleague sets their own password from the e-mailed link. Every page state passes the axe
WCAG 2.2 A/AA check."""

import re

import pytest
from playwright.sync_api import expect

from accounts.emails import password_link_message
from accounts.roles import RoleCode
from accounts.services import request_role_grant
from tests.browser import assert_accessible, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_second_administrator_approves_a_dean_role(page, functional_admin, privacy_officer, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.REPORTER], units=[unit.parent])
    request_role_grant(
        colleague, code=RoleCode.DEAN, acting_user=functional_admin, reason="Nieuwe teamleider"
    )
    second = UserFactory(username="beheerder2", roles=[RoleCode.FUNCTIONAL_ADMIN])
    log_in(page, second.username)
    expect(page.get_by_text("1 aanvraag voor een rol wacht op je goedkeuring")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rollen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rollen: aanvragen en wijzigingen")
    expect(page.get_by_text("Nieuwe teamleider")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Afwijzen").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Schrijf op waarom je deze aanvraag afwijst.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Goedkeuren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Goedgekeurd: de rol geldt nu.")).to_be_visible()
    expect(page.get_by_text("Er wacht geen aanvraag op goedkeuring.")).to_be_visible()
    expect(
        page.locator("#wijzigingen").get_by_text("Rol toegekend: Teamleider decanaat")
    ).to_be_visible()
    assert_accessible(page)
    colleague.__dict__.pop("role_codes", None)
    assert colleague.has_role(RoleCode.DEAN)


def test_a_new_colleague_sets_their_own_password_from_the_link(page, db):
    newcomer = UserFactory(username="nieuw", email="nieuw@hogeschool.example")
    newcomer.set_unusable_password()
    newcomer.save()
    url = re.search(r"http://[^/]+(/account/wachtwoord/\S+/)", password_link_message(newcomer).body)
    page.goto(url.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel je wachtwoord in")
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord (verplicht)", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("anders")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord (verplicht)", exact=True).fill("Eigen-keuze-2026!")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Eigen-keuze-2026!")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.get_by_text("Je wachtwoord is ingesteld. Je kunt nu inloggen.")).to_be_visible()
    assert_accessible(page)
    log_in(page, "nieuw", "Eigen-keuze-2026!")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

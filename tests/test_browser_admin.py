"""The configuration pages a functional administrator uses are accessible: the index, every
registered model's list, an item of each and its history (axe, zero WCAG A/AA violations).

The user's password page is left out on purpose: it is being reworked (four-eyes roles)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.services import ensure_roles, get_system_user
from demo.people import seed_accounts
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "/beheer/"


@pytest.fixture
def demo_data(transactional_db):
    ensure_roles()
    seed_accounts(acting_user=get_system_user())
    from cases.models import ConcernCategory
    from tests.factories import CategoryFactory

    # The migration's categories are gone when an earlier committing test flushed the tables.
    if not ConcernCategory.objects.exists():
        CategoryFactory(code="psychisch")


def _changelists(page):
    """The list pages the index links to, in the order shown."""
    hrefs = page.locator("#content-main th[scope=row] a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return [href for href in hrefs if href.startswith(ADMIN)]


def _check(page, failures):
    """axe on the page as it is; a violation is kept, so one run reports every page."""
    try:
        assert_accessible(page)
    except AssertionError as violation:
        failures.append(f"{page.url}\n{violation}")


def test_the_functional_administrators_pages_are_accessible(page, demo_data):
    failures = []
    log_in(page, "admin")
    page.goto(ADMIN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Configuratie")
    _check(page, failures)
    changelists = _changelists(page)
    for name in ("/accounts/user/", "/accounts/role/", "/accounts/organisationunit/"):
        assert any(href.endswith(name) for href in changelists), (name, changelists)
    for changelist in changelists:
        page.goto(changelist)
        _check(page, failures)
        first = page.locator("#result_list tbody tr th a").first
        if first.count() == 0:
            continue
        first.click()
        expect(page).to_have_url(re.compile(r"/change/$"))
        _check(page, failures)
        page.goto(page.url.removesuffix("change/") + "history/")  # who changed what, and why
        _check(page, failures)
    assert not failures, "\n\n".join(failures)

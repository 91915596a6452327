"""Helpers for browser tests: signing in through the real form and checking accessibility."""

import re

from axe_playwright_python.sync_playwright import Axe

# Every success criterion of WCAG 2.2 at levels A and AA that axe-core checks.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def assert_accessible(page):
    """Fail on any axe-core WCAG 2.2 A/AA violation on the page as it is now."""
    # After a click that navigates, the next document may not be there yet: axe would find no
    # document at all ("Cannot read properties of null (reading 'documentElement')").
    page.wait_for_load_state("load")
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


def log_in(page, username, password="demo"):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: not url.split("?")[0].endswith("/account/inloggen/"))


def open_account_menu(page):
    """The menu with the person's name in the header: language and logging out."""
    page.get_by_role("button", name=re.compile("^(Je account|Your account)")).click()


def log_out(page):
    open_account_menu(page)
    page.get_by_role("button", name=re.compile("^(Uitloggen|Log out)$")).click()

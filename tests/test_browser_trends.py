"""The trends page in a real browser: a dean opens it, it passes the axe WCAG 2.2 A/AA check at
1280 and 768 pixels wide, says under each table how its counts are rounded, filters by month and
faculty, and downloads the same figures as CSV."""

import datetime
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from tests.browser import assert_accessible, log_in
from tests.factories import CategoryFactory, ProgrammeFactory, UserFactory
from tests.trend_helpers import incident, report

SHOTS = Path(tempfile.gettempdir()) / "zw-screenshots" / "trends"
ROUNDED = "Aantallen zijn naar beneden afgerond op een veelvoud van 5 (12 staat er als 10)"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db):
    nursing = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    ict = ProgrammeFactory(code="ICT", name="HBO-ICT")
    dean = UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[nursing.parent])
    reporter = UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[nursing])
    mood, threat = CategoryFactory(code="mood"), CategoryFactory(code="threat")
    today = datetime.date.today()
    for n in range(14):
        report(
            reporter=reporter,
            unit=nursing if n % 3 else ict,
            categories=[mood] if n % 2 else [mood, threat],
            when=today - datetime.timedelta(days=20 * (n % 4)),
        )
    for n in range(6):
        incident(occurred_on=today, kind="threat" if n % 2 else "disruption", unit=nursing)
    return {"dean": dean, "faculty": nursing.parent}


def test_a_dean_reads_the_trends_and_downloads_them(page, data):
    log_in(page, "decaan")
    page.goto("/overleg/trends/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends")
    expect(page.get_by_role("table", name="Meldingen per maand")).to_be_visible()
    expect(page.get_by_role("img", name="Grafiek: Meldingen per maand")).to_be_visible()
    # Fourteen reports read 10: rounded down to a multiple of 5, and every table says so.
    expect(page.get_by_role("table", name="Meldingen per maand")).to_contain_text("10")
    expect(page.locator("#cases_per_month").get_by_text(ROUNDED)).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"trends-{width}.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Onderdeel;Rij;Kolom;Waarde")
    assert "Meldingen per maand;Totaal;Meldingen;10" in text  # 14 reports
    assert "Toelichting;10;;10 tot en met 14: aantallen zijn naar beneden afgerond" in text

    page.get_by_role("combobox", name="Eenheid").select_option(label=data["faculty"].name)
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_text(f"Eenheid: {data['faculty'].name}")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Van maand").fill("2026-05")
    page.get_by_label("Tot en met maand").fill("2026-01")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("alert")).to_contain_text("De eerste maand ligt na de laatste maand.")
    assert_accessible(page)

"""The privacy officer reviews the signals of unusual access in an accessible page."""

import datetime
import os
from unittest import mock

import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from audit.anomalies import report_access_anomalies
from audit.models import AccessAnomaly
from audit.services import log_case_access
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZW_SCREENSHOTS")


@pytest.fixture
def signals(case, dean):
    yesterday = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    request = RequestFactory().get(f"/casussen/{case.reference}/", REMOTE_ADDR="10.1.2.3")
    request.user = dean
    with mock.patch("django.utils.timezone.now", return_value=yesterday):
        log_case_access(request, case=case, part="detail", basis="emergency")
    return report_access_anomalies()


def test_privacy_officer_reviews_an_emergency_access(page, signals, privacy_officer, dean):
    log_in(page, privacy_officer.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Toegangslogboek"
    ).click()
    page.get_by_role("link", name="Signalen van ongewone toegang beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen uit het toegangslogboek")
    card = page.get_by_role("article", name="Toegang op grond van een noodsituatie")
    expect(card).to_contain_text(dean.username)
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/anomalies.png", full_page=True)

    card.get_by_label("niet in orde: maatregel genomen of gemeld").check()
    card.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_text("Leg uit welke maatregel")).to_be_visible()
    assert_accessible(page)
    card = page.get_by_role("article", name="Toegang op grond van een noodsituatie")
    card.get_by_label("verantwoord: er was een goede reden").check()
    card.get_by_label("Toelichting").fill("Acute casus, 112 gebeld")
    card.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_text("Je beoordeling is vastgelegd.")).to_be_visible()
    done = page.get_by_role("table")
    expect(done).to_contain_text("Acute casus, 112 gebeld")
    expect(done).to_contain_text("verantwoord")
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/anomalies_reviewed.png", full_page=True)
    assert AccessAnomaly.objects.get().reviewed_by == privacy_officer

    page.get_by_role("table").get_by_role("link", name=dean.username).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegangslogboek")
    expect(page.get_by_role("table")).to_contain_text("noodsituatie")

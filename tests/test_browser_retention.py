"""Retention in a real browser: the privacy officer sees which cases are deleted soon and which
are gone (tombstones), sets a legal hold with a reason (a mistake first: nothing lost, nothing
saved), sees it listed and lifts it again. Every page state passes the axe WCAG 2.2 A/AA check."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from escalation import services as ladder
from escalation.models import CloseOutcome, RungTransition
from escalation.services import take_case
from retention import services
from retention.models import LegalHold, Tombstone
from tests.browser import assert_accessible, log_in, log_out
from tests.escalation_helpers import fresh
from tests.factories import report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZW_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/retention_{name}.png", full_page=True)


def _closed_days_ago(unit, reporter, counsellor, days):
    """A report that led to nothing (kept one year), closed `days` days ago."""
    case = take_case(report_case(reporter=reporter, unit=unit), acting_user=counsellor)
    ladder.close_case(
        fresh(case),
        outcome=CloseOutcome.NO_FURTHER_ACTION,
        reason="Afgerond",
        acting_user=counsellor,
    )
    closed_at = timezone.now() - datetime.timedelta(days=days)
    RungTransition.objects.filter(case_id=case.pk).update(at=closed_at)
    Case.objects.filter(pk=case.pk).update(created_at=closed_at - datetime.timedelta(days=20))
    return fresh(case)


@pytest.fixture
def cases(unit, reporter, counsellor):
    """One case due in about three weeks, and one deleted already (only its tombstone is left)."""
    due_soon = _closed_days_ago(unit, reporter, counsellor, days=345)
    gone = _closed_days_ago(unit, reporter, counsellor, days=800)
    [(_retention, tombstone)] = services.apply_retention()
    assert tombstone.reference == gone.reference
    assert not Case.objects.filter(pk=gone.pk).exists()
    return {"due_soon": due_soon, "gone": gone}


def _menu(page, name):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def test_privacy_officer_sets_and_lifts_a_legal_hold(page, cases, privacy_officer):
    due_soon, gone = cases["due_soon"], cases["gone"]
    log_in(page, privacy_officer.username)
    _menu(page, "Bewaartermijnen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen")
    upcoming = page.get_by_role("table", name=re.compile("bewaartermijn binnenkort afloopt"))
    expect(upcoming.get_by_role("row")).to_have_count(2)  # the header and the one case
    due_row = upcoming.get_by_role("row", name=re.compile(due_soon.reference))
    expect(due_row).to_contain_text("melding zonder vervolg")
    expect(due_row.get_by_role("cell").last).to_have_text("nee")
    tombstones = page.get_by_role("table", name="Verwijderde casussen (grafstenen)")
    expect(tombstones.get_by_role("row")).to_have_count(2)
    expect(tombstones).to_contain_text(gone.reference)
    expect(page.get_by_text("Er geldt nu voor geen enkele casus een bewaarplicht.")).to_be_visible()
    assert_accessible(page)
    _shot(page, "overview")

    page.get_by_role("link", name="Bewaarplicht instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaarplicht instellen")
    assert_accessible(page)
    _shot(page, "set_hold")

    # A mistake first: the reason left empty. Clear message, what was typed stays, nothing saved.
    reference = page.get_by_label("kenmerk van de casus")
    reason = page.get_by_label("waarom moet de casus bewaard blijven?")
    reference.fill(due_soon.reference.lower())
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kijk de gemarkeerde velden na")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("verplicht"))
    expect(reference).to_have_value(due_soon.reference.lower())
    assert not LegalHold.objects.exists()
    assert_accessible(page)
    _shot(page, "set_hold_empty_reason")

    # A reference that does not exist: said so at the field, the reason stays.
    reference.fill("ZW-1999-0001")
    reason.fill("Klacht van de student in behandeling bij de commissie.")
    page.get_by_role("button", name="Instellen").click()
    expect(reference).to_have_accessible_description(
        re.compile("Er is geen casus met dit kenmerk.")
    )
    expect(reason).to_have_value("Klacht van de student in behandeling bij de commissie.")
    assert not LegalHold.objects.exists()
    assert_accessible(page)

    reference.fill(due_soon.reference.lower())
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Bewaarplicht ingesteld voor {due_soon.reference}."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen")
    expect(due_row.get_by_role("cell").last).to_have_text("ja")
    card = page.locator(".card").filter(
        has=page.get_by_role("heading", level=3, name=due_soon.reference)
    )
    expect(card).to_contain_text("Klacht van de student in behandeling bij de commissie.")
    expect(card).to_contain_text(f"Ingesteld door {privacy_officer.get_full_name()}")
    assert_accessible(page)
    _shot(page, "overview_with_hold")
    hold = LegalHold.objects.get()
    assert (hold.case_id, hold.set_by, hold.is_active) == (due_soon.pk, privacy_officer, True)

    # Lifting without a reason: refused at the field, the hold stays.
    card.get_by_role("button", name="Bewaarplicht opheffen").click()
    lift_reason = card.get_by_label("waarom wordt de bewaarplicht opgeheven?")
    expect(card.get_by_role("alert")).to_contain_text("Kijk de gemarkeerde velden na")
    expect(lift_reason).to_have_attribute("aria-invalid", "true")
    assert LegalHold.objects.get().is_active
    assert_accessible(page)
    _shot(page, "lift_empty_reason")

    lift_reason.fill("De commissie heeft de klacht afgehandeld.")
    card.get_by_role("button", name="Bewaarplicht opheffen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Bewaarplicht opgeheven voor {due_soon.reference}."
    )
    expect(page.get_by_text("Er geldt nu voor geen enkele casus een bewaarplicht.")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Opgeheven")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=due_soon.reference)).to_contain_text(
        "De commissie heeft de klacht afgehandeld."
    )
    expect(due_row.get_by_role("cell").last).to_have_text("nee")
    assert_accessible(page)
    _shot(page, "overview_lifted")

    hold = LegalHold.objects.get()
    assert (hold.is_active, hold.lifted_by, hold.lift_reason) == (
        False,
        privacy_officer,
        "De commissie heeft de klacht afgehandeld.",
    )
    history = list(hold.history.order_by("history_date"))
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
        ("+", privacy_officer, "Klacht van de student in behandeling bij de commissie."),
        ("~", privacy_officer, "De commissie heeft de klacht afgehandeld."),
    ]
    assert Tombstone.objects.get().reference == gone.reference


def test_the_functional_admin_manages_holds_too_and_others_do_not_see_the_page(
    page, cases, functional_admin, counsellor
):
    log_in(page, functional_admin.username)
    _menu(page, "Bewaartermijnen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen")
    expect(page.get_by_role("link", name="Bewaarplicht instellen")).to_be_visible()
    assert_accessible(page)

    log_out(page)
    log_in(page, counsellor.username)
    expect(page.get_by_role("link", name="Bewaartermijnen")).to_have_count(0)
    assert page.goto("/bewaartermijnen/").status == 404
    assert page.goto("/bewaartermijnen/bewaarplicht/").status == 404

"""The case list fits the screen: on a tablet (768 px), a small laptop (1024 px) and a desktop
(1280 px) neither the page nor the table scrolls sideways, with the longest rung label and
long names in the rows; the columns that give way are on the case page. Axe checks each."""

import pytest
from playwright.sync_api import expect

from accounts.roles import RoleCode
from cases.models import Case, Rung
from escalation.services import take_case
from tests.browser import assert_accessible, log_in
from tests.factories import (
    CategoryFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
    report_case,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_rows(transactional_db):
    unit = ProgrammeFactory(code="HBO-ICT", name="HBO-ICT Software Engineering en Architectuur")
    reporter = UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit])
    counsellor = UserFactory(
        username="begeleider",
        first_name="Annemarie",
        last_name="van Oosterwijk-Hoogeveen",
        roles=[RoleCode.COUNSELLOR],
        units=[unit],
    )
    categories = [
        CategoryFactory(code="psychisch", label_nl="Psychische nood", label_en="Distress"),
        CategoryFactory(code="radicalisering", label_nl="Radicalisering", label_en="Extremism"),
    ]
    for n, rung in enumerate([Rung.CARE_MEETING, Rung.BOARD, Rung.SUPPORT]):
        student = StudentFactory(
            student_number=f"50{n}1234",
            first_name="Maximiliaan-Alexander",
            last_name="van den Boogaard-Wijnbergen",
            programme=unit,
        )
        case = report_case(reporter=reporter, student=student, unit=unit, categories=categories)
        take_case(case, acting_user=counsellor)
        # Straight to the rungs with the widest labels: this test is about the list's layout;
        # the ladder's steps, with their records and history, are tested in test_escalation*.
        Case.objects.filter(pk=case.pk).update(rung=rung)
    return counsellor


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_the_list_needs_no_sideways_scrolling(page, long_rows, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "begeleider")
    page.goto("/casussen/?lijst=mijn")
    expect(page.get_by_role("link", name=Case.objects.first().reference)).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Multidisciplinair zorgoverleg")).to_be_visible()
    table = page.locator(".table-responsive")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), table.evaluate(
        "e => [e.scrollWidth, e.clientWidth]"
    )
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # The filter buttons stay inside the filter card (at 768 px "Wissen" stuck out of it).
    card = page.get_by_role("form", name="Filters").bounding_box()
    for button in (
        page.get_by_role("button", name="Filteren"),
        page.get_by_role("link", name="Wissen"),
    ):
        box = button.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] - 1, (box, card)
    assert_accessible(page)

"""A dean with more requests waiting than fit on a page: the inbox shows the 50 oldest, says
there are more, and the dean pages on and back; both pages pass the axe WCAG 2.2 A/AA check."""

import pytest
from playwright.sync_api import expect

from escalation import services
from escalation.services import take_case
from tests.browser import assert_accessible, log_in
from tests.escalation_helpers import fresh, ready_to_escalate
from tests.factories import StudentFactory, report_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(reporter, counsellor, unit):
    """52 requests waiting for the dean, oldest first."""
    references = []
    for _ in range(52):
        case = take_case(
            report_case(reporter=reporter, student=StudentFactory(programme=unit)),
            acting_user=counsellor,
        )
        ready_to_escalate(case, counsellor)
        services.request_escalation(fresh(case), reason="Zorg", acting_user=counsellor)
        references.append(case.reference)
    return references


def test_the_dean_pages_through_the_requests(page, waiting, dean):
    log_in(page, dean.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verzoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoeken tot opschaling")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(51)  # the header and the 50 oldest
    expect(rows.nth(1)).to_contain_text(waiting[0])
    expect(rows.nth(50)).to_contain_text(waiting[49])
    expect(page.get_by_text("Er wachten meer verzoeken dan op deze pagina passen")).to_be_visible()
    expect(page.get_by_role("link", name="Eerste pagina")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Volgende pagina").click()
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text(waiting[50])
    expect(rows.nth(2)).to_contain_text(waiting[51])
    expect(page.get_by_text("Je bekijkt een volgende pagina")).to_be_visible()
    expect(page.get_by_role("link", name="Volgende pagina")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Eerste pagina").click()
    expect(rows).to_have_count(51)
    expect(rows.nth(1)).to_contain_text(waiting[0])

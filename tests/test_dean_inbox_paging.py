"""The dean's inbox pages its pending requests by keyset, oldest first: 50 on a page, a link to
the next page with the cursor and one back to the first; the access log holds exactly the
cases on the page, and the page costs the same queries with 5 or 120 requests waiting."""

import datetime
import html
import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from escalation import services
from escalation.models import EscalationRequest
from escalation.selectors import DEAN_INBOX_PAGE_SIZE
from escalation.services import take_case
from tests.escalation_helpers import fresh, ready_to_escalate
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case

INBOX = reverse("escalation:dean_inbox")
NEXT_LINK = re.compile(r'<a [^>]*href="\?([^"]*)"[^>]*>Volgende pagina</a>')


def _request_escalation(reporter, counsellor, unit):
    student = StudentFactory(programme=unit)
    case = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
    ready_to_escalate(case, counsellor)
    return services.request_escalation(fresh(case), reason="Zorg", acting_user=counsellor)


def _pending(total, reporter, counsellor, unit, *, at=None):
    """Requests until `total` wait; with `at`, the new ones all carry that same moment."""
    while EscalationRequest.objects.filter(state="pending").count() < total:
        if at is None:
            _request_escalation(reporter, counsellor, unit)
        else:
            with mock.patch("django.utils.timezone.now", return_value=at):
                _request_escalation(reporter, counsellor, unit)


def _oldest_first():
    return list(
        EscalationRequest.objects.filter(state="pending")
        .select_related("case")
        .order_by("requested_at", "id")
    )


def _shown(response):
    """The requests on the page, as the links to review them (in the order shown)."""
    found = re.findall(r'href="/escalatie/[^"/]+/verzoeken/(\d+)/', response.text)
    return [int(pk) for pk in found]


def _next_query(response):
    match = NEXT_LINK.search(response.text)
    return html.unescape(match.group(1)) if match else None


def _logged_cases(since_id):
    rows = AccessLogEntry.objects.filter(part="dean_inbox", pk__gt=since_id)
    return sorted(rows.values_list("case_reference", flat=True))


def _last_log_id():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_first_page_shows_the_50_oldest_and_the_next_page_the_rest(
    client, reporter, counsellor, dean, unit
):
    _pending(45, reporter, counsellor, unit)
    # Ten requests at one moment straddle the page boundary: the id breaks the tie.
    _pending(55, reporter, counsellor, unit, at=timezone.now() + datetime.timedelta(minutes=5))
    oldest = _oldest_first()
    assert DEAN_INBOX_PAGE_SIZE == 50
    client.force_login(dean)

    first = client.get(INBOX)
    assert _shown(first) == [r.pk for r in oldest[:50]]
    assert "Verzoeken tot opschaling" in first.text and "Oudste eerst." in first.text
    assert "Er wachten meer verzoeken dan op deze pagina passen" in first.text
    assert "Eerste pagina" not in first.text
    query = _next_query(first)
    assert query.startswith("na=")

    second = client.get(f"{INBOX}?{query}")
    assert _shown(second) == [r.pk for r in oldest[50:]]
    assert "Je bekijkt een volgende pagina" in second.text
    assert "Er wachten meer verzoeken" not in second.text
    assert _next_query(second) is None
    assert f'href="{INBOX}">Eerste pagina</a>' in second.text


def test_the_access_log_holds_exactly_the_cases_on_the_page(
    client, reporter, counsellor, dean, unit
):
    _pending(53, reporter, counsellor, unit)
    oldest = _oldest_first()
    client.force_login(dean)

    before = _last_log_id()
    first = client.get(INBOX)
    assert _logged_cases(before) == sorted(r.case.reference for r in oldest[:50])

    before = _last_log_id()
    client.get(f"{INBOX}?{_next_query(first)}")
    assert _logged_cases(before) == sorted(r.case.reference for r in oldest[50:])
    rows = AccessLogEntry.objects.filter(part="dean_inbox", pk__gt=before)
    assert set(rows.values_list("user", "basis", "action")) == {(dean.pk, "unit_oversight", "list")}


MALFORMED = [
    "onzin",
    "_",
    "2026-11-28T10:00:00+00:00",  # no id
    "2026-11-28T10:00:00+00:00_abc",
    "2026-11-28T10:00:00+00:00_" + "9" * 30,
    "2026-13-45T10:00:00+00:00_12",  # no such day
    "2026-11-28T10:00:00_12",  # no time zone
    "0001-01-01T00:00:00+14:00_1",  # before the calendar begins, in UTC
    "9999-12-31T23:59:59-14:00_1",  # after it ends, in UTC
    "<script>_1",
]


def test_a_malformed_cursor_shows_the_first_page(client, reporter, counsellor, dean, unit):
    _pending(52, reporter, counsellor, unit)
    oldest = _oldest_first()
    client.force_login(dean)
    for cursor in MALFORMED:
        response = client.get(INBOX, {"na": cursor})
        assert response.status_code == 200, cursor
        assert _shown(response) == [r.pk for r in oldest[:50]], cursor
        assert "Eerste pagina" not in response.text, cursor
        assert _next_query(response) is not None, cursor


def test_a_cursor_past_the_last_request_says_nothing_waits_after_the_previous_page(
    client, reporter, counsellor, dean, unit
):
    _pending(2, reporter, counsellor, unit)
    last = _oldest_first()[-1]
    client.force_login(dean)
    before = _last_log_id()
    response = client.get(INBOX, {"na": f"{last.requested_at.isoformat()}_{last.pk}"})
    assert _shown(response) == []
    assert "Na de vorige pagina wachten geen verzoeken meer" in response.text
    assert f'href="{INBOX}">Eerste pagina</a>' in response.text
    assert _logged_cases(before) == []


def _count_queries(client, url):
    assert client.get(url).status_code == 200  # first visit fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_queries_with_5_and_120_requests_waiting(
    client, reporter, counsellor, dean, unit
):
    client.force_login(dean)
    _pending(5, reporter, counsellor, unit)
    few = _count_queries(client, INBOX)
    _pending(120, reporter, counsellor, unit)
    many = _count_queries(client, INBOX)
    second_page = _next_query(client.get(INBOX))
    deeper = _count_queries(client, f"{INBOX}?{second_page}")
    assert (few, many, deeper) == (few, few, few)


def test_outsiders_and_a_dean_of_another_faculty_see_no_requests(
    client, reporter, counsellor, dean, unit, outsider
):
    _pending(52, reporter, counsellor, unit)
    client.force_login(dean)
    cursor = _next_query(client.get(INBOX))

    elsewhere = ProgrammeFactory(code="ICT")
    foreign_dean = UserFactory(
        username="andere_decaan", roles=[RoleCode.DEAN], units=[elsewhere.parent]
    )
    client.force_login(foreign_dean)
    before = _last_log_id()
    for url in (INBOX, f"{INBOX}?{cursor}"):
        response = client.get(url)
        assert response.status_code == 200
        assert _shown(response) == []
        assert "Volgende pagina" not in response.text
    assert _logged_cases(before) == []

    client.force_login(outsider)
    assert client.get(INBOX).status_code == 404
    assert client.get(f"{INBOX}?{cursor}").status_code == 404
    assert _logged_cases(before) == []

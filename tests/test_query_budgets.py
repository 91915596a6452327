"""Query budgets (issue 9): every list and detail page renders with the same number of queries
at 5 and at 50 rows, under a fixed ceiling — at most 12 for a list, 20 for a case detail.

A change that adds a query per row (an N+1) fails here, and so does a page that creeps over its
ceiling. Each page below names who looks at it, its address and how to give it more rows; the
rows are made through the services, so history, permissions and access-log rows are real.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import notify_user
from accounts.roles import RoleCode
from accounts.work import counts_by_section
from audit.services import log_case_access
from cases import services as case_services
from cases.models import Case, TimelineEntry
from core.paging import keyset_cursor
from escalation import disclosures
from escalation import services as ladder_services
from escalation.models import AcuteRiskReport, Disclosure, EscalationRequest
from tests.escalation_helpers import (
    fresh,
    partner,
    ready_to_escalate,
    request_disclosure,
    sign_framework2,
    to_board,
)
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory, report_case
from tests.network_helpers import make_article, make_partner
from tests.training_helpers import attend, first_trainer, make_course, make_session
from training import services as training_services
from training.models import CourseKind, Enrolment

# Issue 20 took the menu's unread count out of every page (kept with the navigation's task
# counts): one query less than issue 9's 12 and 20; and a case page reads the person's team
# permissions on the case once, for the access check and every button: one less again.
LIST_CEILING = 11
DETAIL_CEILING = 18
# The trends page when it counts: one aggregate query per section (in SQL, whatever the number
# of cases; the categories' two: their mentions, then the categories), besides session, user,
# roles and the filter form's units. A view of kept figures counts nothing (tests/test_trends).
TRENDS_CEILING = 14
FEW, MANY = 5, 50


class World:
    """The personas and the objects the pages are about, grown step by step."""

    def __init__(self, **people):
        self.__dict__.update(people)
        self.extra = {}


@dataclass(frozen=True)
class Page:
    viewer: str  # the persona who looks at the page
    url: Callable  # world -> address
    grow: Callable  # (world, n) -> the page has n rows (or n per section)
    ceiling: int = LIST_CEILING


# --- Growing rows through the services -------------------------------------------------------


def _new_case(w, **kwargs):
    return report_case(reporter=w.reporter, student=StudentFactory(programme=w.unit), **kwargs)


def _handled_cases(w, n):
    while Case.objects.filter(handler=w.counsellor).count() < n:
        ladder_services.take_case(_new_case(w), acting_user=w.counsellor)


def _triage_cases(w, n):
    while Case.objects.filter(handler__isnull=True).count() < n:
        _new_case(w)


def _reported_cases(w, n):
    while Case.objects.filter(reporter=w.reporter).count() < n:
        _new_case(w)


def _timeline(w, case, n):
    while TimelineEntry.objects.filter(case=case).count() < n:
        kind = ("conversation", "consultation", "note")[TimelineEntry.objects.count() % 3]
        case_services.add_timeline_entry(
            fresh(case),
            kind=kind,
            occurred_on=timezone.localdate(),
            summary=f"{kind} vastgelegd",
            outcome="Afgesproken: volgende week weer",
            consent_given=None,
            acting_user=w.counsellor,
        )


def _team(w, case, n):
    """n people of the careful process on the case team (besides the handler)."""
    members = [UserFactory(username=f"teamlid{i}", roles=[RoleCode.CARE_TEAM]) for i in range(n)]
    current = fresh(case)
    case_services.change_team(
        current,
        members=members,
        reason="Meer mensen erbij",
        acting_user=w.counsellor,
        expected_version=current.version,
    )


def _case_at_support(w):
    if "support" not in w.extra:
        case = ladder_services.take_case(_new_case(w), acting_user=w.counsellor)
        ready_to_escalate(case, w.counsellor)
        w.extra["support"] = fresh(case)
    return w.extra["support"]


def _case_at_board(w):
    if "board" not in w.extra:
        case = ladder_services.take_case(_new_case(w), acting_user=w.counsellor)
        case = to_board(case, w.counsellor, w.dean)
        request_disclosure(case, w.counsellor)
        w.extra["board"] = fresh(case)
    return w.extra["board"]


def _grow_case_file(which):
    def grow(w, n):
        case = which(w)
        _timeline(w, case, n)
        _team(w, case, n // 5)

    return grow


def _pending_requests(w, n):
    while EscalationRequest.objects.filter(state="pending").count() < n:
        case = ladder_services.take_case(_new_case(w), acting_user=w.counsellor)
        ready_to_escalate(case, w.counsellor)
        ladder_services.request_escalation(fresh(case), reason="Zorg", acting_user=w.counsellor)


def _acute_cases(w, n):
    """Cases gone acute with 112 called and an acute disclosure request, at the board rung."""
    while AcuteRiskReport.objects.count() < n:
        case = ladder_services.take_case(_new_case(w), acting_user=w.counsellor)
        ladder_services.report_acute_risk(
            case,
            answers={
                "own_safety": True,
                "third_parties": False,
                "criminal_offence": False,
                "description": "Acuut",
                "emergency_called": True,
                "emergency_details": "112",
            },
            acting_user=w.counsellor,
            disclosure={
                "recipient": partner(),
                "framework2": sign_framework2(case, w.counsellor),
                "data_categories": ["identity"],
                "purpose": "Crisis",
                "student_informed": True,
            },
        )


def _approved_disclosures(w, n):
    _acute_cases(w, n)
    for disclosure in Disclosure.objects.filter(state="requested"):
        disclosures.approve_disclosure(disclosure, reason="Ja", acting_user=w.board_member)
    if not Disclosure.objects.filter(state="carried_out").exists():
        disclosures.record_carried_out(
            Disclosure.objects.filter(state="approved").first(),
            carried_out_on=timezone.localdate(),
            channel="Telefoon",
            what_was_shared="Naam",
            acting_user=w.contact_officer,
        )


def _access_log(w, n):
    from audit.models import AccessLogEntry

    case = _new_case(w) if not Case.objects.exists() else Case.objects.first()
    while AccessLogEntry.objects.filter(user=w.counsellor).count() < n:
        request = RequestFactory().get(f"/casussen/{case.reference}/", REMOTE_ADDR="10.1.2.3")
        request.user = w.counsellor
        log_case_access(request, case=case, part="detail", basis="unit_pool")


def _inbox(w, n):
    while w.counsellor.inbox.count() < n:
        notify_user(w.counsellor, path="/casussen/", kind="attention")


def _courses(w, n):
    from training.models import Course

    while Course.objects.count() < n:
        course = make_course()
        if Course.objects.count() % 5 == 0:
            make_session(course, [first_trainer(course, w.trainer)])


def _session(w):
    if "session" not in w.extra:
        course = make_course()
        w.extra["session"] = make_session(
            course, [first_trainer(course, w.trainer)], capacity=MANY + 10
        )
    return w.extra["session"]


def _enrolments(w, n):
    session = _session(w)
    while Enrolment.objects.filter(session=session).count() < n:
        i = Enrolment.objects.count()
        person = UserFactory(username=f"deelnemer{i}", units=[w.unit])
        training_services.enrol(session, participant=person, acting_user=person)


def _my_trainings(w, n):
    """The trainer is enrolled in n sessions that someone else gives."""
    while Enrolment.objects.filter(participant=w.trainer).count() < n:
        course = make_course()
        session = make_session(course, [w.qualified(course)], days=30)
        training_services.enrol(session, participant=w.trainer, acting_user=w.trainer)


def _certified_staff(w, n):
    """n units, each with trained staff, and a train-the-trainer cascade of n trainers."""
    basic = w.extra.get("basic") or make_course(title="Basiskennis")
    ttt = w.extra.get("ttt") or make_course(
        CourseKind.TRAIN_THE_TRAINER, title="Train de trainer", qualifies_for=[basic]
    )
    if "basic" not in w.extra:
        first_trainer(basic, w.trainer)
        first_trainer(ttt, w.trainer)
        w.extra.update(basic=basic, ttt=ttt, units=0)
    start = w.extra["units"]
    if start >= n:
        return
    units = [ProgrammeFactory() for _ in range(n - start)]
    people = [
        UserFactory(username=f"mw{start + i}", units=[units[i % len(units)]])
        for i in range(n - start)
    ]
    attend(make_session(basic, [w.trainer], days=10 + n), people, trainer=w.trainer)
    attend(make_session(ttt, [w.trainer], days=11 + n), people, trainer=w.trainer)
    w.extra["units"] = n


def _articles(w, n):
    from network.models import Article

    while Article.objects.count() < n:
        i = Article.objects.count()
        make_article(w.training_coordinator, slug=f"artikel-{i}", title_nl=f"Artikel {i}")


def _partners(w, n):
    from network.models import Partner

    while Partner.objects.count() < n:
        i = Partner.objects.count()
        kind = Partner.Kind.INTERNAL if i % 2 else Partner.Kind.EXTERNAL
        make_partner(w.functional_admin, name=f"Partner {i:02d}", kind=kind)


def _home(w, n):
    _handled_cases(w, n)
    _triage_cases(w, n)
    _inbox(w, n)


def _meeting(w):
    from tests.overleg_helpers import plan

    if "meeting" not in w.extra:
        w.extra["meeting"] = plan(w.dean, roles=[RoleCode.CARE_TEAM])
    return w.extra["meeting"]


def _agenda(w, n):
    """n cases at the care-meeting rung on the agenda of the dean's meeting."""
    from overleg import services as meeting_services
    from overleg.models import Meeting
    from tests.overleg_helpers import care_case

    meeting = _meeting(w)
    # The app proposes at most ZW_MEETING_PROPOSALS_PER_SOURCE cases per reason; a chair who
    # works through a long list puts more on the agenda over time, so allow 50 here.
    with override_settings(ZW_MEETING_PROPOSALS_PER_SOURCE=MANY):
        while meeting.items.count() < n:
            case = care_case(w.reporter, w.counsellor, w.dean, w.unit, first_name="Sam")
            current = Meeting.objects.get(pk=meeting.pk)
            meeting_services.add_proposal(current, f"case-{case.pk}", acting_user=w.dean)


def _meetings(w, n):
    from overleg.models import Meeting
    from tests.overleg_helpers import plan

    while Meeting.objects.count() < n:
        plan(w.dean, roles=[RoleCode.CARE_TEAM], title=f"Zorgoverleg {Meeting.objects.count()}")


def _case_url(which, name):
    return lambda w: reverse(name, args=[which(w).reference])


# --- The pages ---------------------------------------------------------------------------------

PAGES = {
    "home": Page("counsellor", lambda w: reverse("home"), _home, 13),
    "inbox": Page("counsellor", lambda w: reverse("accounts:inbox"), _inbox),
    "cases_mine": Page(
        "counsellor", lambda w: reverse("cases:list") + "?lijst=mijn", _handled_cases
    ),
    "cases_triage": Page(
        "counsellor", lambda w: reverse("cases:list") + "?lijst=triage", _triage_cases
    ),
    "cases_all_counsellor": Page(
        "counsellor", lambda w: reverse("cases:list") + "?lijst=alle", _handled_cases
    ),
    "cases_all_dean": Page("dean", lambda w: reverse("cases:list") + "?lijst=alle", _handled_cases),
    "cases_search_dean": Page(
        "dean", lambda w: reverse("cases:list") + "?lijst=alle&q=somber", _handled_cases
    ),
    "my_reports": Page("reporter", lambda w: reverse("cases:my_reports"), _reported_cases),
    "case_detail_support": Page(
        "counsellor",
        _case_url(_case_at_support, "cases:detail"),
        _grow_case_file(_case_at_support),
        DETAIL_CEILING,
    ),
    "case_detail_board": Page(
        "counsellor",
        _case_url(_case_at_board, "cases:detail"),
        _grow_case_file(_case_at_board),
        DETAIL_CEILING,
    ),
    "case_detail_dean": Page(
        "dean",
        _case_url(_case_at_support, "cases:detail"),
        _grow_case_file(_case_at_support),
        DETAIL_CEILING,
    ),
    "case_history": Page(
        "counsellor",
        _case_url(_case_at_support, "cases:history"),
        _grow_case_file(_case_at_support),
        DETAIL_CEILING,
    ),
    "escalation_dean_inbox": Page(
        "dean", lambda w: reverse("escalation:dean_inbox"), _pending_requests
    ),
    "escalation_board_inbox": Page(
        "board_member", lambda w: reverse("escalation:board_inbox"), _acute_cases
    ),
    "escalation_contact_list": Page(
        "contact_officer", lambda w: reverse("escalation:contact_list"), _approved_disclosures
    ),
    "training_courses": Page("reporter", lambda w: reverse("training:course_list"), _courses),
    "training_session": Page(
        "training_coordinator",
        lambda w: reverse("training:session_detail", args=[_session(w).pk]),
        _enrolments,
    ),
    "training_mine": Page("trainer", lambda w: reverse("training:my_trainings"), _my_trainings),
    "training_coverage": Page(
        "training_coordinator", lambda w: reverse("training:coverage"), _certified_staff
    ),
    "training_cascade": Page(
        "training_coordinator", lambda w: reverse("training:cascade"), _certified_staff
    ),
    "network_articles": Page("reporter", lambda w: reverse("network:article_list"), _articles),
    "network_partners": Page("counsellor", lambda w: reverse("network:partner_list"), _partners),
    "network_support": Page("counsellor", lambda w: reverse("network:support"), _partners),
    "overleg_meetings": Page("dean", lambda w: reverse("overleg:meeting_list"), _meetings),
    "overleg_agenda": Page(
        "dean",
        lambda w: reverse("overleg:meeting_detail", args=[_meeting(w).pk]),
        _agenda,
        DETAIL_CEILING,
    ),
    "overleg_trends": Page(
        "dean", lambda w: reverse("overleg:trends"), _handled_cases, TRENDS_CEILING
    ),
    "access_log": Page("privacy_officer", lambda w: reverse("audit:access_log"), _access_log),
}


@pytest.fixture
def world(
    unit,
    reporter,
    counsellor,
    dean,
    board_member,
    contact_officer,
    trainer,
    training_coordinator,
    privacy_officer,
    functional_admin,
):
    w = World(
        unit=unit,
        reporter=reporter,
        counsellor=counsellor,
        dean=dean,
        board_member=board_member,
        contact_officer=contact_officer,
        trainer=trainer,
        training_coordinator=training_coordinator,
        privacy_officer=privacy_officer,
        functional_admin=functional_admin,
    )

    def second_trainer():
        # Sessions "my trainings" lists are given by someone else than the viewer.
        if "trainer2" not in w.extra:
            w.extra["trainer2"] = UserFactory(username="trainer2", roles=[RoleCode.TRAINER])
        return w.extra["trainer2"]

    def qualified(course):
        return first_trainer(course, second_trainer())

    w.qualified = qualified
    return w


def _measure(client, url):
    """Queries of one GET, after a first one that fills per-process caches (content types,
    the personal calendar link made on the first visit of 'my trainings')."""
    assert client.get(url).status_code == 200
    # Figures the trends page keeps would hide the added rows: measure the view that counts.
    # The navigation's task counts are kept per person for half a minute: what every page pays
    # for them is measured on the home page (tests/test_work_queue.py), not here.
    cache.clear()
    counts_by_section(client_user(client))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "/account/inloggen/" not in response.request["PATH_INFO"]
    return len(queries), len(response.content)


def client_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_costs_the_same_queries_at_5_and_50_rows(client, world, name):
    page = PAGES[name]
    client.force_login(getattr(world, page.viewer))
    page.grow(world, FEW)
    few, few_size = _measure(client, page.url(world))
    page.grow(world, MANY)
    many, many_size = _measure(client, page.url(world))
    assert many_size > few_size, "the page should show the added rows"
    assert (few, many) == (few, few), f"{name}: {few} queries at {FEW} rows, {many} at {MANY}"
    assert many <= page.ceiling, f"{name}: {many} queries, the budget is {page.ceiling}"


@pytest.mark.parametrize("name", sorted(set(PAGES) - {"home"}))
def test_no_page_counts_the_inbox_while_the_navigation_counts_are_kept(client, world, name):
    """The unread count in the menu is kept with the task counts (issue 20), not asked of the
    database on every page. (The home page counts the whole work queue afresh, by design, and
    keeps the counts for the pages after it.)"""
    page = PAGES[name]
    client.force_login(getattr(world, page.viewer))
    page.grow(world, FEW)
    _measure(client, page.url(world))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url(world)).status_code == 200
    counting = [q["sql"] for q in queries if re.search(INBOX_COUNT, q["sql"])]
    assert counting == []


INBOX_COUNT = r'COUNT\(\*\).*FROM "accounts_inboxitem"'


# --- The same pages on tier S of the load data (seed_load: ~1,000 cases with years of history,
# teams, meetings and permission rows), as the people the benchmark signs in as ------------------


def _tier_s_pages():
    from django.db.models import Count

    from cases import selectors
    from cases.models import Rung
    from loadgen.meetings import BENCH_MEETING_TITLE
    from overleg.models import Meeting

    counsellor = "load-counsellor"
    detail = (
        Case.objects.filter(handler__username=counsellor, rung=Rung.SUPPORT)
        .annotate(n=Count("timeline"))
        .order_by("-n", "id")
        .first()
    )
    mine = selectors.cases_for_list(detail.handler, selectors.CaseList.MINE)
    oldest = list(mine.order_by("created_at", "id")[:26])
    deep = keyset_cursor(oldest[-1].created_at, oldest[-1].pk)
    agenda = reverse(
        "overleg:meeting_detail", args=[Meeting.objects.get(title=BENCH_MEETING_TITLE).pk]
    )
    listing = reverse("cases:list")
    return [
        (counsellor, f"{listing}?lijst=mijn", LIST_CEILING),
        (counsellor, f"{listing}?lijst=mijn&na={deep}", LIST_CEILING),
        (counsellor, f"{listing}?lijst=triage", LIST_CEILING),
        ("load-dean", f"{listing}?lijst=alle", LIST_CEILING),
        (counsellor, reverse("cases:detail", args=[detail.reference]), DETAIL_CEILING),
        (counsellor, reverse("cases:history", args=[detail.reference]), DETAIL_CEILING),
        ("load-dean", reverse("escalation:dean_inbox"), LIST_CEILING),
        ("load-careteam", reverse("overleg:meeting_list"), LIST_CEILING),
        ("load-careteam", agenda, DETAIL_CEILING),
        ("load-dean", reverse("overleg:trends"), TRENDS_CEILING),
        ("load-reporter", reverse("training:course_list"), LIST_CEILING),
    ]


def test_the_pages_stay_within_budget_on_tier_s_of_the_load_data(client, db):
    import io

    from django.core.management import call_command

    from accounts.models import User

    call_command(
        "seed_load", "--size", "S", "--i-know-this-is-not-production", stdout=io.StringIO(),
        stderr=io.StringIO(),
    )  # fmt: skip
    over = []
    for username, url, ceiling in _tier_s_pages():
        client.force_login(User.objects.get(username=username))
        count, _size = _measure(client, url)
        if count > ceiling:
            over.append(f"{url} as {username}: {count} queries, the budget is {ceiling}")
    assert not over, over

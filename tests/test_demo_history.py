"""`seed_demo --history`: a year of replayed use, so the trends page and the programme dashboard
show figures instead of "<5". Loading it takes a while, so one test loads it and checks what the
dean and the board see, and that loading again adds nothing."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import InboxItem, User
from cases.models import Case, Rung, Student, TimelineEntry
from demo.cases import TEACHERS
from demo.history.clock import replayed_at
from demo.history.people import HISTORY_USERNAMES
from demo.people import ACCOUNTS
from escalation.models import Disclosure, EscalationRequest, Framework1, RungTransition
from incidents.models import Incident
from overleg.models import ActionItem, Meeting
from overleg.services import MeetingRefused
from training.models import Certificate

DEMO_PEOPLE = {row[0] for row in ACCOUNTS} | {row[0] for row in TEACHERS} | set(HISTORY_USERNAMES)
COUNTED = [Case, TimelineEntry, RungTransition, Framework1, Disclosure, Meeting, ActionItem]
COUNTED += [Incident, Certificate, Student, User]


@pytest.fixture(autouse=True)
def _files_in_a_temp_folder(private_root):
    """seed_demo stores attachments; keep them out of the checkout's var/private."""


def _seed(*args):
    out, err = StringIO(), StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _counts():
    return [model.objects.count() for model in COUNTED] + [Case.history.count()]


def _sections(response):
    return {section.key: section for section, _chart in response.context["sections"]}


def test_a_year_of_history_fills_the_trends_and_the_dashboard_and_loads_once(client, db):
    output, _err = _seed("--history")
    replayed = int(re.search(r"(\d+) cases replayed", output).group(1))
    assert 150 <= replayed <= 250
    assert Case.objects.count() == 40 + replayed

    _the_dean_sees_months_and_time_per_rung(client)
    _the_board_sees_coverage_and_quarter_counts(client)
    _the_history_is_told_by_demo_people_in_the_past()
    _the_demo_stories_are_still_there()

    before = _counts()
    output, _err = _seed("--history")
    assert "0 cases replayed" in output
    assert _counts() == before


def _the_dean_sees_months_and_time_per_rung(client):
    client.force_login(User.objects.get(username="dean"))
    response = client.get("/overleg/trends/")
    assert response.status_code == 200
    sections = _sections(response)
    shown = [row for row in sections["cases_per_month"].rows if row.cells[0].shown]
    assert len(shown) >= 6
    assert all(row.cells[0].count >= 5 for row in shown)
    durations = {row.label: days for row, days in sections["time_per_rung"].rows_with_averages}
    care_meeting = durations[Rung.CARE_MEETING.label]
    assert care_meeting and care_meeting > 0
    content = response.content.decode()
    shown_days = re.search(
        rf">{Rung.CARE_MEETING.label}</th>\s*<td[^>]*>.*?</td>\s*<td[^>]*>([\d,.]+)</td>",
        content,
        re.S,
    )
    assert shown_days and float(shown_days.group(1).replace(",", ".")) > 0


def _the_board_sees_coverage_and_quarter_counts(client):
    client.force_login(User.objects.get(username="board"))
    response = client.get("/programma/")
    assert response.status_code == 200
    sections = _sections(response)
    content = response.content.decode()
    faculties = [line for line in sections["coverage"].lines if not line.total]
    percentages = [line.cells[3] for line in faculties if line.cells[3].value is not None]
    assert percentages, "no faculty shows a coverage percentage"
    assert all(0 < share.value < 100 for share in percentages)
    assert percentages[0].text in content
    quarters = next(line for line in sections["reports"].lines if line.total).cells
    this_quarter = quarters[-2]  # the last column is the total over the quarters
    assert this_quarter.shown and this_quarter.count >= 5
    assert sum(1 for cell in quarters[:-1] if cell.shown) >= 2


def _the_history_is_told_by_demo_people_in_the_past():
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    history = Case.objects.filter(reporter__username__in=HISTORY_USERNAMES)
    assert history.exists()
    assert not history.filter(created_at__gte=start_of_today).exists()
    for row in Case.history.filter(id__in=history.values("pk")).select_related("history_user"):
        assert row.history_user.username in DEMO_PEOPLE and row.history_change_reason
    steps = RungTransition.objects.filter(case__in=history)
    assert {"take_on", "escalate", "step_down", "close", "acute"} <= set(
        steps.values_list("kind", flat=True)
    )
    assert not steps.filter(at__gte=start_of_today).exists()
    assert not steps.filter(actor__is_system=True).exists()
    for entry in TimelineEntry.objects.filter(case__in=history).select_related("case"):
        assert entry.case.signals_when <= entry.occurred_on < timezone.localdate()
    held = Meeting.objects.filter(unit__isnull=False, state=Meeting.State.MINUTES_APPROVED)
    assert held.count() >= 12
    assert set(held.values_list("organised_by__username", flat=True)) == {"dean"}
    assert ActionItem.objects.filter(meeting__in=held).exclude(state="open").exists()
    assert not InboxItem.objects.filter(
        read_at__isnull=True, user__username__in=HISTORY_USERNAMES
    ).exists()


def _the_demo_stories_are_still_there():
    """The stories of demo.cases and demo.ladder load as before, with today's dates."""
    teachers = [row[0] for row in TEACHERS]
    assert Case.objects.filter(reporter__username__in=[*teachers, "reporter"]).count() >= 40
    pending = EscalationRequest.objects.get(
        state="pending", case__signals_what__startswith="De student rook tijdens de middagles"
    )
    assert pending.requested_by.username == "counsellor"
    assert Disclosure.objects.get(acute=True, state="requested").case.rung == Rung.BOARD
    assert Meeting.objects.filter(title="Zorgoverleg — december", state="planned").exists()


def test_a_refused_step_leaves_no_history_and_the_rest_of_the_demo_in(db, monkeypatch):
    """All of the history or none of it: a step refused halfway rolls the whole history back."""

    def refuse(*_args):
        raise MeetingRefused("Het overleg kan niet doorgaan.")

    monkeypatch.setattr("demo.history.meetings.MeetingHistory.hold", refuse)
    _output, err = _seed("--history")
    assert "Demo history not loaded" in err
    assert not User.objects.filter(username__in=HISTORY_USERNAMES).exists()
    assert Case.objects.count() == 40
    assert not Meeting.objects.filter(unit__isnull=False).exists()


def test_without_the_option_seed_demo_loads_no_history(db):
    output, _err = _seed()
    assert "0 cases replayed" in output
    assert Case.objects.count() == 40
    assert not User.objects.filter(username__in=HISTORY_USERNAMES).exists()


def test_the_replay_clock_sets_now_while_a_step_runs_and_then_lets_go():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 30))
    with replayed_at(moment):
        assert moment <= timezone.now() < moment + datetime.timedelta(seconds=5)
        assert timezone.localdate() == datetime.date(2026, 3, 2)
        earlier = moment - datetime.timedelta(days=40)
        with replayed_at(earlier):
            assert timezone.now() < moment
        assert timezone.now() >= moment
    assert timezone.now() - moment > datetime.timedelta(days=30)
    with pytest.raises(ValueError), replayed_at(datetime.datetime(2026, 3, 2, 10, 30)):
        pass

"""Incident analysis: what gets recorded (history with user and reason), what each person sees of
linked cases (reference and pseudonym, never a name), the access log, reminders, bad input and
query counts."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts import notice_kinds as accounts_kinds
from accounts.models import InboxItem
from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from core.errors import EditConflict, InvalidChange
from incidents import services
from incidents.models import ActionState, ImprovementAction, Incident, IncidentTimelineEntry
from tests.factories import StudentFactory, UserFactory, report_case
from tests.incident_helpers import (
    add_action,
    add_entry,
    incident_data,
    make_incident,
    make_overdue,
)
from tests.query_helpers import queries_of

pytestmark = pytest.mark.django_db

CANARIES = ("Noor", "Veenstra", "5001234")


def _detail(incident):
    return reverse("incidents:detail", args=[incident.pk])


def _assert_no_canaries(response):
    text = response.content.decode()
    for canary in CANARIES:
        assert canary not in text, canary


# --- Recording and history ------------------------------------------------------------------


def test_recording_writes_history_with_user_and_reason(dean):
    incident = make_incident(dean)
    record = incident.history.get()
    assert record.history_user == dean
    assert record.history_change_reason == services.Reason.RECORDED
    assert incident.created_by == dean


def test_editing_names_the_reason_and_refuses_a_stale_version(dean, care_team_member):
    incident = make_incident(dean)
    services.update_incident(
        incident,
        data={"lessons_learned": "Vaste ontruimingsroute"},
        reason="Na evaluatie",
        acting_user=care_team_member,
        expected_version=1,
    )
    latest = incident.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (care_team_member, "Na evaluatie")
    with pytest.raises(EditConflict):
        services.update_incident(
            incident, data={"title": "Oud"}, reason="x", acting_user=dean, expected_version=1
        )
    assert Incident.objects.get().title == "Dreiging in de kantine"


def test_a_board_member_records_nothing(board_member):
    with pytest.raises(services.IncidentActionRefused):
        make_incident(board_member)
    assert not Incident.objects.exists()


def test_the_edit_form_shows_a_conflict_and_keeps_the_input(client, dean, care_team_member):
    incident = make_incident(dean)
    services.update_incident(
        incident, data={"title": "Nieuw"}, reason="r", acting_user=care_team_member
    )
    client.force_login(dean)
    data = {**incident_data(title="Mijn versie"), "version": 1, "reason": "Aanvulling"}
    data["occurred_on"] = data["occurred_on"].isoformat()
    data.pop("unit")
    url = reverse("incidents:edit", args=[incident.pk])
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Iemand anders heeft dit incident net gewijzigd" in response.text
    assert 'value="Mijn versie"' in response.text
    assert 'name="version" value="2"' in response.text  # sending it again applies it knowingly
    assert Incident.objects.get().title == "Nieuw"
    again = client.post(url, {**data, "version": 2})
    assert again["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert Incident.objects.get().title == "Mijn versie"


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, dean):
    client.force_login(dean)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("incidents:create"),
        {"title": "Onrust bij de ingang", "occurred_on": future, "kind": "threat",
         "severity": "nonsense", "what_happened": "Wat ik typte"},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    assert "Er ging iets mis" in text
    assert 'value="Onrust bij de ingang"' in text and "Wat ik typte" in text
    assert not Incident.objects.exists()
    # With a valid severity, the service refuses the date in the future, on the date field.
    response = client.post(
        reverse("incidents:create"),
        {"title": "Onrust bij de ingang", "occurred_on": future, "kind": "threat",
         "severity": "high", "what_happened": "Wat ik typte"},
    )  # fmt: skip
    assert "Een incident ligt niet in de toekomst" in response.content.decode()
    assert 'id="id_occurred_on_error"' in response.content.decode()
    assert not Incident.objects.exists()


def test_timeline_entries_are_added_in_order_and_removal_is_recorded(client, dean):
    incident = make_incident(dean)
    late = add_entry(incident, dean, hours_ago=1, description="Politie ter plaatse")
    add_entry(incident, dean, hours_ago=5, description="Eerste melding")
    assert [e.description for e in incident.timeline.all()] == [
        "Eerste melding",
        "Politie ter plaatse",
    ]
    client.force_login(dean)
    response = client.post(reverse("incidents:remove_timeline_entry", args=[incident.pk, late.pk]))
    assert response.status_code == 302
    deleted = IncidentTimelineEntry.history.get(id=late.pk, history_type="-")
    assert deleted.history_user == dean
    assert deleted.history_change_reason == services.Reason.TIMELINE_REMOVED


def test_a_timeline_moment_in_the_future_is_refused(client, dean):
    incident = make_incident(dean)
    client.force_login(dean)
    later = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(
        reverse("incidents:add_timeline_entry", args=[incident.pk]),
        {"at": later.strftime("%Y-%m-%dT%H:%M"), "description": "Nog niet gebeurd"},
    )
    assert "Dit moment ligt in de toekomst" in response.content.decode()
    assert "Nog niet gebeurd" in response.content.decode()
    assert not IncidentTimelineEntry.objects.exists()


# --- Linked cases ---------------------------------------------------------------------------


def test_linking_a_case_you_cannot_see_is_refused_like_one_that_does_not_exist(
    client, case, care_team_member, dean
):
    incident = make_incident(dean)
    client.force_login(care_team_member)
    url = reverse("incidents:link_case", args=[incident.pk])
    hidden = client.post(url, {"reference": case.reference}).content.decode()
    missing = client.post(url, {"reference": "ZW-2026-9999"}).content.decode()
    message = "Je kunt alleen een casus koppelen die je zelf mag inzien"
    assert message in hidden and message in missing
    assert case.reference in hidden  # what was typed stays
    assert not incident.cases.exists()
    with pytest.raises(InvalidChange):
        services.link_case(incident, reference=case.reference, acting_user=care_team_member)


def test_a_malformed_reference_gets_a_clear_message(client, dean):
    incident = make_incident(dean)
    client.force_login(dean)
    response = client.post(
        reverse("incidents:link_case", args=[incident.pk]), {"reference": "Noor Veenstra"}
    )
    assert "Een casuskenmerk ziet eruit als ZW-2026-0042." in response.content.decode()


def test_linking_a_visible_case_is_recorded(client, case, dean):
    incident = make_incident(dean)
    client.force_login(dean)
    url = reverse("incidents:link_case", args=[incident.pk])
    response = client.post(url, {"reference": case.reference.lower() + " "})
    assert response.status_code == 302
    assert list(incident.cases.all()) == [case]
    record = incident.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        dean,
        services.Reason.CASE_LINKED,
    )
    again = client.post(url, {"reference": case.reference})
    assert "al aan het incident gekoppeld" in again.content.decode()
    history = client.get(reverse("incidents:history", args=[incident.pk])).content.decode()
    assert "Gekoppelde casussen gewijzigd" in history and case.reference in history


def test_linked_cases_show_code_only_and_log_access_only_for_those_who_may_see_them(
    client, case, dean, care_team_member, board_member
):
    incident = make_incident(dean)
    services.link_case(incident, reference=case.reference, acting_user=dean)
    pseudonym = case.student.pseudonym
    case_url = reverse("cases:detail", args=[case.reference])

    client.force_login(dean)
    response = client.get(_detail(incident))
    text = response.content.decode()
    assert case.reference in text and pseudonym in text and case_url in text
    _assert_no_canaries(response)
    row = AccessLogEntry.objects.get()
    assert (row.user, row.case_id, row.basis, row.part, row.action) == (
        dean,
        case.pk,
        AccessLogEntry.Basis.UNIT_OVERSIGHT,
        "incident",
        "list",
    )

    for viewer in (care_team_member, board_member):
        client.force_login(viewer)
        response = client.get(_detail(incident))
        text = response.content.decode()
        assert case.reference in text and pseudonym in text
        assert case_url not in text
        _assert_no_canaries(response)
    assert AccessLogEntry.objects.count() == 1


def test_no_student_name_on_any_incident_page(client, case, dean):
    incident = make_incident(dean)
    services.link_case(incident, reference=case.reference, acting_user=dean)
    action = add_action(incident, dean)
    entry = add_entry(incident, dean)
    client.force_login(dean)
    urls = [
        reverse("incidents:list"),
        _detail(incident),
        reverse("incidents:history", args=[incident.pk]),
        reverse("incidents:edit", args=[incident.pk]),
        reverse("incidents:link_case", args=[incident.pk]),
        reverse("incidents:add_action", args=[incident.pk]),
        reverse("incidents:add_timeline_entry", args=[incident.pk]),
        reverse("incidents:close_action", args=[incident.pk, action.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_canaries(response)
    assert entry.pk


def test_unlinking_is_recorded(client, case, dean):
    incident = make_incident(dean)
    services.link_case(incident, reference=case.reference, acting_user=dean)
    client.force_login(dean)
    url = reverse("incidents:unlink_case", args=[incident.pk, case.pk])
    assert client.post(url).status_code == 302
    assert not incident.cases.exists()
    assert incident.history.latest().history_change_reason == services.Reason.CASE_UNLINKED
    assert client.post(url).status_code == 404


# --- Improvement actions --------------------------------------------------------------------


def test_the_owner_hears_of_a_new_action_without_content(dean, care_team_member):
    incident = make_incident(dean)
    action = add_action(incident, dean, owner=care_team_member)
    item = InboxItem.objects.get(user=care_team_member)
    assert item.path == _detail(incident)
    assert item.kind == accounts_kinds.ATTENTION.code  # the inbox keeps the kind's code
    record = action.history.get()
    assert (record.history_user, record.history_change_reason) == (
        dean,
        services.Reason.ACTION_ADDED,
    )


def test_an_owner_must_be_able_to_open_incidents(client, dean, reporter):
    incident = make_incident(dean)
    with pytest.raises(InvalidChange):
        add_action(incident, dean, owner=reporter)
    client.force_login(dean)
    response = client.post(
        reverse("incidents:add_action", args=[incident.pk]),
        {"description": "Iets doen", "owner": reporter.pk, "due_on": "2099-01-01"},
    )
    assert "Kies een eigenaar uit de lijst." in response.content.decode()
    assert "Iets doen" in response.content.decode()
    assert not ImprovementAction.objects.exists()


def test_closing_an_action(client, dean, care_team_member, board_member):
    incident = make_incident(dean)
    own = add_action(incident, dean, owner=board_member)
    other = add_action(incident, dean, owner=care_team_member)
    client.force_login(board_member)  # the owner, though the board reads only
    url = reverse("incidents:close_action", args=[incident.pk, own.pk])
    response = client.post(url, {"state": "dropped", "note": ""})
    assert "Schrijf kort waarom de actie vervalt." in response.content.decode()
    assert client.post(url, {"state": "done", "note": "Beleid aangepast"}).status_code == 302
    own.refresh_from_db()
    assert own.state == ActionState.DONE and own.done_at is not None
    record = own.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        board_member,
        services.Reason.ACTION_DONE,
    )
    assert client.get(url).status_code == 404  # closed: nothing left to do
    other_url = reverse("incidents:close_action", args=[incident.pk, other.pk])
    assert client.get(other_url).status_code == 404  # not theirs
    client.force_login(dean)
    assert client.post(other_url, {"state": "dropped", "note": "Overbodig"}).status_code == 302
    assert ImprovementAction.objects.get(pk=other.pk).state == ActionState.DROPPED


def test_overdue_reminder_goes_out_once_without_names(
    dean, care_team_member, mailoutbox, django_capture_on_commit_callbacks
):
    incident = make_incident(dean, title="Dreiging")
    overdue = make_overdue(add_action(incident, dean, owner=care_team_member))
    add_action(incident, dean, owner=care_team_member)  # not due yet
    InboxItem.objects.all().delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_overdue_improvement_actions() == 1
        assert services.remind_overdue_improvement_actions() == 0
    item = InboxItem.objects.get()
    assert (item.user, item.path) == (care_team_member, _detail(incident))
    record = ImprovementAction.objects.get(pk=overdue.pk).history.latest()
    assert record.history_user.is_system
    assert record.history_change_reason == services.Reason.REMINDER_SENT
    [mail] = mailoutbox
    assert mail.to == [care_team_member.email] and _detail(incident) in mail.body
    assert mail.attachments == []  # only invitations carry a calendar item
    body = mail.subject + mail.body
    assert "Dreiging" not in body and "Afspraken" not in body
    assert care_team_member.last_name not in body


def test_the_reminder_runs_daily_from_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["incidents-remind-overdue-actions"]
    assert entry["task"] == "incidents.tasks.remind_overdue_improvement_actions"
    from incidents.tasks import remind_overdue_improvement_actions

    assert remind_overdue_improvement_actions.delay().get() == 0


# --- The list --------------------------------------------------------------------------------


def test_the_list_filters_and_pages_by_keyset(client, dean):
    today = timezone.localdate()
    for i in range(27):
        make_incident(dean, title=f"Incident {i:02d}", occurred_on=today - datetime.timedelta(i))
    make_incident(dean, title="Zelfbeschadiging", kind="self_harm", severity="very_high")
    client.force_login(dean)
    first = client.get(reverse("incidents:list"))
    assert len(first.context["incidents"]) == 25
    assert first.context["next_page_query"] and not first.context["first_page_href"]
    second = client.get(reverse("incidents:list") + "?" + first.context["next_page_query"])
    assert not second.context["next_page_query"] and second.context["first_page_href"]
    titles = [i.title for i in first.context["incidents"] + second.context["incidents"]]
    assert len(titles) == len(set(titles)) == 28
    only = client.get(reverse("incidents:list"), {"soort": "self_harm", "ernst": "very_high"})
    assert [i.title for i in only.context["incidents"]] == ["Zelfbeschadiging"]
    year = client.get(reverse("incidents:list"), {"jaar": str(today.year - 5)})
    assert year.context["incidents"] == []
    bad = client.get(reverse("incidents:list"), {"soort": "nonsense", "na": "x"})
    assert bad.status_code == 200 and "Kies een soort uit de lijst." in bad.content.decode()
    malformed = client.get(reverse("incidents:list"), {"na": "gisteren_12"})
    assert malformed.context["incidents"] == first.context["incidents"]
    assert not malformed.context["first_page_href"]  # a malformed cursor is the first page


def test_incidents_are_reached_from_the_care_meeting_section(client, dean):
    # The main menu has no item of its own for incidents: they live under the care meeting.
    client.force_login(dean)
    meetings = client.get(reverse("overleg:meeting_list")).content.decode()
    assert f'href="{reverse("incidents:list")}"' in meetings
    page = client.get(reverse("incidents:list")).content.decode()
    current = f'href="{reverse("overleg:meeting_list")}" aria-current="page"'
    assert current in page


# --- Query counts ------------------------------------------------------------------------------


def _queries(client, url):
    return queries_of(client, url)


def _grow_incidents(dean, n):
    for i in range(n):
        make_incident(dean, title=f"Incident {n}-{i}")


def test_list_queries_do_not_grow(client, dean):
    client.force_login(dean)
    _grow_incidents(dean, 5)
    few = _queries(client, reverse("incidents:list"))
    _grow_incidents(dean, 45)
    assert _queries(client, reverse("incidents:list")) == few


def _grow_analysis(incident, dean, reporter, unit, owner, start, n):
    for i in range(start, start + n):
        add_entry(incident, dean, hours_ago=i + 1, description=f"Moment {i}")
        add_action(incident, dean, owner=owner, description=f"Actie {i}")
        student = StudentFactory(programme=unit)
        case = report_case(reporter=reporter, student=student)
        services.link_case(incident, reference=case.reference, acting_user=dean)


def test_detail_and_history_queries_do_not_grow(client, dean, reporter, unit):
    owner = UserFactory(username="eigenaar", roles=[RoleCode.CARE_TEAM])
    incident = make_incident(dean)
    client.force_login(dean)
    _grow_analysis(incident, dean, reporter, unit, owner, 0, 5)
    detail, history = _detail(incident), reverse("incidents:history", args=[incident.pk])
    few = (_queries(client, detail), _queries(client, history))
    _grow_analysis(incident, dean, reporter, unit, owner, 5, 45)
    assert (_queries(client, detail), _queries(client, history)) == few
    assert AccessLogEntry.objects.filter(part="incident").count() == 5 + 50


# --- Demo --------------------------------------------------------------------------------------


def test_the_demo_incidents_load_once_with_an_overdue_action():
    from accounts.services import ensure_roles, get_system_user
    from demo.incidents import seed_incidents
    from demo.people import seed_accounts

    system_user = get_system_user()
    ensure_roles()
    seed_accounts(acting_user=system_user)
    assert seed_incidents(system_user) == 2
    assert seed_incidents(system_user) == 0
    assert Incident.objects.count() == 2
    for incident in Incident.objects.all():
        assert incident.timeline.count() >= 5
        assert incident.lessons_learned and incident.contributing_factors and incident.went_well
        assert incident.history.earliest().history_user.username == "dean"
    overdue = ImprovementAction.objects.filter(due_on__lt=timezone.localdate())
    assert overdue.count() == 1
    assert services.remind_overdue_improvement_actions() == 1

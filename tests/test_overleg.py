"""Care meetings: planning, the proposed agenda, pseudonymised access that ends on time, identity
reveals in the access log, minutes whose decisions move cases through the escalation services,
actions, carried-forward items and the printed documents."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import InboxItem
from accounts.services import set_user_language
from audit.models import AccessLogEntry
from cases.models import Case, CaseUserObjectPermission, Rung
from escalation.models import CareMeetingDecision, RungTransition
from overleg import ical, services
from overleg.models import ActionItem, AgendaItem, CaseAccessGrant, Meeting
from tests.escalation_helpers import fresh, horizontal_steps
from tests.factories import UserFactory
from tests.overleg_helpers import CARE_TEAM, care_case, plan, published, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def care(reporter, counsellor, dean, unit):
    return care_case(reporter, counsellor, dean, unit)


@pytest.fixture
def other_care_team(db):
    from accounts.roles import RoleCode

    return UserFactory(username="zorgteam2", roles=[RoleCode.CARE_TEAM])


def _confirm(meeting, user):
    services.confirm_confidentiality(meeting, acting_user=user)


def _pdf_text(content):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Planning and the proposed agenda ------------------------------------------------------


def test_planning_proposes_cases_at_the_care_meeting_rung(care, dean, care_team_member):
    meeting = plan(dean, people=[care_team_member])
    items = list(meeting.items.all())
    assert [(i.kind, i.case_id, i.source) for i in items] == [
        (AgendaItem.Kind.CASE, care.pk, AgendaItem.Source.CARE_MEETING_RUNG)
    ]
    assert set(meeting.invitations.values_list("user__username", flat=True)) == {
        "decaan",
        "zorgteam",
    }
    assert meeting.history.first().history_change_reason == str(services.Reason.PLANNED)


def test_invitation_by_role_reaches_every_holder(care, dean, care_team_member, other_care_team):
    meeting = plan(dean, roles=[CARE_TEAM])
    invited = set(meeting.invitations.values_list("user__username", flat=True))
    assert {"zorgteam", "zorgteam2", "decaan"} <= invited


def test_acute_and_overdue_cases_and_open_actions_are_proposed(
    reporter, counsellor, dean, unit, care_team_member
):
    from escalation.services import plan_review, take_case
    from tests.factories import report_case

    overdue = report_case(reporter=reporter, unit=unit)
    take_case(overdue, acting_user=counsellor)
    plan_review(fresh(overdue), on=timezone.localdate(), reason="x", acting_user=counsellor)
    # The review date is today: tomorrow it is overdue.
    earlier = plan(dean, starts_at=timezone.now() - datetime.timedelta(days=14))
    services.add_item(earlier, kind="trend", title="Trends", acting_user=dean)
    earlier = _publish_hold(earlier, dean)
    services.add_action(
        reload(earlier),
        item=None,
        description="Contact leggen met de studieadviseur",
        owner=care_team_member,
        due_on=timezone.localdate(),
        acting_user=dean,
    )
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with _today(timezone.localdate() + datetime.timedelta(days=1)):
        meeting = plan(dean, starts_at=tomorrow)
    sources = {(i.source, i.case_id) for i in meeting.items.all()}
    assert (AgendaItem.Source.OVERDUE_REVIEW, overdue.pk) in sources
    assert (AgendaItem.Source.OPEN_ACTIONS, None) in sources


class _today:
    """Pretend the local date is `day` inside the block."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        self.original = timezone.localdate
        timezone.localdate = lambda *args, **kwargs: self.day

    def __exit__(self, *exc):
        timezone.localdate = self.original


def test_chair_orders_adds_and_removes_items(care, dean):
    meeting = plan(dean)
    trend = services.add_item(meeting, kind="trend", title="Trends najaar", acting_user=dean)
    case_item = meeting.items.get(case=care)
    services.move_item(trend, up=True, acting_user=dean)
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [
        trend.pk,
        case_item.pk,
    ]
    services.remove_item(case_item, acting_user=dean)
    assert list(meeting.items.values_list("pk", flat=True)) == [trend.pk]
    assert [p.case for p in services.proposals_for(meeting)] == [fresh(care)]


def test_only_the_organiser_or_chair_changes_the_agenda(care, dean, care_team_member):
    meeting = plan(dean, people=[care_team_member])
    with pytest.raises(services.MeetingRefused):
        services.add_item(meeting, kind="other", title="x", acting_user=care_team_member)
    with pytest.raises(services.MeetingRefused):
        services.publish_agenda(meeting, acting_user=care_team_member)


# --- Publishing: temporary, pseudonymised access --------------------------------------------


def test_publishing_grants_access_that_ends_on_time(care, dean, care_team_member, client, settings):
    settings.ZW_MEETING_ACCESS_DAYS = 3
    meeting = published(dean, people=[care_team_member])
    grant = CaseAccessGrant.objects.get(meeting=meeting, user=care_team_member, case=care)
    ends = meeting.starts_at + datetime.timedelta(minutes=90) + datetime.timedelta(days=3)
    assert grant.expires_at == ends
    assert CaseUserObjectPermission.objects.filter(
        user=care_team_member,
        content_object_id=care.pk,
        permission__codename="view_case_in_meeting",
    ).exists()
    _confirm(meeting, care_team_member)
    client.force_login(care_team_member)
    url = reverse("overleg:meeting_case", args=[meeting.pk, care.reference])
    page = client.get(url)
    assert page.status_code == 200
    # The pseudonymised page names the kinds of concern, as the case file does.
    labels = ", ".join(category.label_nl for category in care.categories.all())
    assert labels and f'<dd class="col-sm-7">{labels}</dd>' in page.text

    # Reading stops at the end of the grant, before the clean-up job has run ...
    CaseAccessGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404
    # ... and the job removes the object permission too.
    assert services.end_expired_access() == 1
    assert not CaseAccessGrant.objects.filter(pk=grant.pk).exists()
    assert not CaseUserObjectPermission.objects.filter(
        user=care_team_member,
        content_object_id=care.pk,
        permission__codename="view_case_in_meeting",
    ).exists()
    denied = AccessLogEntry.objects.filter(user=care_team_member, outcome="denied").get()
    assert denied.case_reference == care.reference


def test_care_team_member_not_invited_sees_nothing(
    care, dean, care_team_member, other_care_team, client
):
    meeting = published(dean, people=[care_team_member])
    client.force_login(other_care_team)
    for name, args in [
        ("overleg:meeting_detail", [meeting.pk]),
        ("overleg:meeting_case", [meeting.pk, care.reference]),
        ("overleg:agenda_pdf", [meeting.pk]),
        ("overleg:minutes", [meeting.pk]),
        ("overleg:invitation_ics", [meeting.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.get(reverse("overleg:meeting_list")).content.decode().count(meeting.title) == 0
    denied = AccessLogEntry.objects.filter(user=other_care_team, outcome="denied")
    assert denied.count() == 5
    assert (
        not Case.objects.filter(pk__in=[care.pk])
        .filter(
            pk__in=CaseUserObjectPermission.objects.filter(user=other_care_team).values(
                "content_object_id"
            )
        )
        .exists()
    )


def test_agenda_opens_only_after_confirming_confidentiality(care, dean, care_team_member, client):
    meeting = published(dean, people=[care_team_member])
    client.force_login(care_team_member)
    detail = reverse("overleg:meeting_detail", args=[meeting.pk])
    page = client.get(detail).content.decode()
    assert "Bevestigen en agenda openen" in page
    assert care.reference not in page
    case_url = reverse("overleg:meeting_case", args=[meeting.pk, care.reference])
    assert client.get(case_url).status_code == 404

    response = client.post(reverse("overleg:confirm", args=[meeting.pk]), {"confirm": "on"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert care.reference in page and care.student_pseudonym in page
    assert client.get(case_url).status_code == 200
    row = AccessLogEntry.objects.filter(
        user=care_team_member, part="meeting_case", outcome="allowed"
    ).get()
    assert (row.basis, row.outcome, row.case_reference) == ("meeting", "allowed", care.reference)


def test_case_page_shows_pseudonym_and_masks_names_in_text(care, dean, care_team_member, client):
    meeting = published(dean, people=[care_team_member])
    _confirm(meeting, care_team_member)
    client.force_login(care_team_member)
    page = client.get(reverse("overleg:meeting_case", args=[meeting.pk, care.reference]))
    text = page.content.decode()
    assert care.student_pseudonym in text
    assert "Noor" not in text and "Veenstra" not in text
    assert f"[{care.student_pseudonym}] huilde in de les" in text


def test_identity_reveal_needs_a_reason_and_is_logged(care, dean, care_team_member, client):
    meeting = published(dean, people=[care_team_member])
    _confirm(meeting, care_team_member)
    client.force_login(care_team_member)
    url = reverse("overleg:reveal_identity", args=[meeting.pk, care.reference])
    response = client.post(url, {"reason": "kort"})
    assert response.status_code == 400
    assert "minstens 10 tekens" in response.content.decode()
    assert not meeting.reveals.exists()

    reason = "Ik ben de mentor en moet weten of dit mijn student is"
    assert client.post(url, {"reason": reason}).status_code == 302
    row = AccessLogEntry.objects.get(user=care_team_member, action="reveal")
    assert (row.reason, row.basis, row.case_reference) == (reason, "meeting", care.reference)
    page = client.get(reverse("overleg:meeting_case", args=[meeting.pk, care.reference]))
    assert "Noor Veenstra" in page.content.decode()
    # Only for the person who asked: the dean still sees the pseudonym.
    _confirm(meeting, dean)
    client.force_login(dean)
    page = client.get(reverse("overleg:meeting_case", args=[meeting.pk, care.reference]))
    assert "Veenstra" not in page.content.decode()


# --- Minutes and decisions -----------------------------------------------------------------


def test_decision_escalates_the_case_through_the_escalation_services(
    care, dean, counsellor, care_team_member
):
    horizontal_steps(care, counsellor)
    meeting = published(dean, people=[care_team_member], minute_taker=care_team_member)
    services.mark_held(meeting, acting_user=care_team_member)
    item = meeting.items.get(case=care)
    services.record_item_minutes(
        item,
        summary="Zorg neemt toe; het CvB moet meewegen.",
        decision=AgendaItem.Decision.ESCALATE_TO_BOARD,
        acting_user=care_team_member,
    )
    assert fresh(care).rung == Rung.BOARD
    decision = CareMeetingDecision.objects.get(case=care)
    assert (decision.meeting_ref, decision.recorded_by) == (meeting.code, care_team_member)
    step = RungTransition.objects.filter(case=care).latest("at")
    assert (step.to_rung, step.actor, step.decision_id) == (
        Rung.BOARD,
        care_team_member,
        decision.pk,
    )
    history = fresh(care).history.first()
    assert history.history_user == care_team_member
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.decided and item.discussed
    assert item.history.first().history_user == care_team_member


def test_refused_escalation_leaves_nothing_half_saved(care, dean, care_team_member):
    # No conversation or consultation at the care-meeting rung yet: the step is refused.
    meeting = published(dean, people=[care_team_member])
    services.mark_held(meeting, acting_user=dean)
    item = meeting.items.get(case=care)
    with pytest.raises(PermissionDenied, match="Opschalen kan nog niet"):
        services.record_item_minutes(
            item, summary="x", decision="escalate_to_board", acting_user=dean
        )
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.discussed, item.summary, item.decision) == (False, "", "")
    assert fresh(care).rung == Rung.CARE_MEETING
    assert not CareMeetingDecision.objects.exists()


def test_step_down_and_close_go_through_the_ladder(reporter, counsellor, dean, unit):
    one = care_case(reporter, counsellor, dean, unit, first_name="Ali", last_name="Bakker")
    two = care_case(reporter, counsellor, dean, unit, first_name="Eva", last_name="Smit")
    meeting = published(dean)
    services.mark_held(meeting, acting_user=dean)
    services.record_item_minutes(
        meeting.items.get(case=one),
        summary="Het gaat beter",
        decision="step_down",
        acting_user=dean,
    )
    services.record_item_minutes(
        meeting.items.get(case=two),
        summary="Afgerond",
        decision="close",
        outcome="resolved",
        acting_user=dean,
    )
    assert (fresh(one).rung, fresh(two).rung) == (Rung.SUPPORT, Rung.CLOSED)


def test_minutes_view_decision_form_and_read_only_after_approval(
    care, dean, counsellor, care_team_member, client
):
    horizontal_steps(care, counsellor)
    meeting = published(dean, people=[care_team_member])
    services.mark_held(meeting, acting_user=dean)
    client.force_login(dean)
    item = meeting.items.get(case=care)
    url = reverse("overleg:item_minutes", args=[meeting.pk, item.pk])
    response = client.post(url, {"summary": "", "decision": "close"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vat samen wat er besproken is." in text and "Kies de uitkomst" in text
    response = client.post(url, {"summary": "Bespreking", "decision": "no_change"})
    assert response.status_code == 302
    assert CareMeetingDecision.objects.get(case=care).decision == "no_change"

    minutes = reverse("overleg:minutes", args=[meeting.pk])
    approve = reverse("overleg:approve", args=[meeting.pk])
    client.post(approve)
    assert reload(meeting).state == Meeting.State.HELD  # attendance missing
    invitations = {f"attendance_{i.pk}": "present" for i in meeting.invitations.all()}
    assert client.post(minutes, invitations).status_code == 302
    client.post(approve)
    assert reload(meeting).state == Meeting.State.MINUTES_APPROVED
    assert client.get(url).status_code == 403
    assert client.post(url, {"summary": "Later veranderd"}).status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).summary == "Bespreking"


def test_actions_are_reviewed_at_the_next_meeting_and_reminded_once(
    care, dean, care_team_member, django_capture_on_commit_callbacks
):
    first = published(
        dean, people=[care_team_member], starts_at=timezone.now() - datetime.timedelta(days=10)
    )
    services.mark_held(first, acting_user=dean)
    action = services.add_action(
        reload(first),
        item=None,
        description="Afspraak met de vertrouwenspersoon",
        owner=care_team_member,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        acting_user=dean,
    )
    assert InboxItem.objects.filter(user=care_team_member, kind="meeting_action").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_overdue_actions() == 1
        assert services.remind_overdue_actions() == 0
    reminders = InboxItem.objects.filter(user=care_team_member, kind="meeting_action")
    assert reminders.count() == 2
    [reminder] = mail.outbox
    assert reminder.to == [care_team_member.email] and f"/overleg/{first.pk}/" in reminder.body
    assert "Veenstra" not in reminder.body and care.reference not in reminder.body

    second = published(dean, people=[care_team_member])
    services.mark_held(second, acting_user=dean)
    services.review_action(
        action, meeting=reload(second), state="changed", note="Student is gestopt", acting_user=dean
    )
    action = ActionItem.objects.get(pk=action.pk)
    assert (action.state, action.reviewed_in_id) == ("changed", second.pk)
    assert action.history.first().history_user == dean


def _publish_hold(meeting, dean):
    """Publish, confirm, hold and record everyone present (nothing discussed)."""
    meeting = services.publish_agenda(meeting, acting_user=dean)
    services.confirm_confidentiality(meeting, acting_user=dean)
    services.mark_held(meeting, acting_user=dean)
    services.record_attendance(
        meeting,
        attendance={i.pk: "present" for i in meeting.invitations.all()},
        acting_user=dean,
    )
    return reload(meeting)


def test_undiscussed_items_carry_forward(reporter, counsellor, dean, unit):
    one = care_case(reporter, counsellor, dean, unit, first_name="Ali", last_name="Bakker")
    first = plan(dean, starts_at=timezone.now() - datetime.timedelta(days=7))
    trend = services.add_item(first, kind="trend", title="Trends", acting_user=dean)
    first = _publish_hold(first, dean)
    # Neither the case nor the trend item was discussed: planned after approval, the next
    # meeting proposes both first, as carried forward.
    services.approve_minutes(first, acting_user=dean)
    upcoming = plan(dean, starts_at=timezone.now() + datetime.timedelta(days=7))
    carried = upcoming.items.filter(source=AgendaItem.Source.CARRIED_FORWARD).order_by("position")
    assert [(i.case_id, i.carried_from_id) for i in carried] == [
        (None, trend.pk),
        (one.pk, first.items.get(case=one).pk),
    ] or [(i.case_id, i.carried_from_id) for i in carried] == [
        (one.pk, first.items.get(case=one).pk),
        (None, trend.pk),
    ]
    assert upcoming.items.filter(case=one).count() == 1
    # Once carried, an item is not carried again by the next meeting planned.
    later = plan(dean, starts_at=timezone.now() + datetime.timedelta(days=14))
    assert not later.items.filter(source=AgendaItem.Source.CARRIED_FORWARD).exists()


def test_approving_carries_forward_into_the_meeting_already_planned(
    reporter, counsellor, dean, unit
):
    care_case(reporter, counsellor, dean, unit)
    first = plan(dean, starts_at=timezone.now() - datetime.timedelta(days=7))
    trend = services.add_item(first, kind="trend", title="Trends", acting_user=dean)
    first = _publish_hold(first, dean)
    upcoming = plan(dean, starts_at=timezone.now() + datetime.timedelta(days=7))
    assert not upcoming.items.filter(carried_from=trend).exists()  # not approved yet
    services.approve_minutes(first, acting_user=dean)
    assert upcoming.items.get(carried_from=trend).source == AgendaItem.Source.CARRIED_FORWARD


def test_closed_cases_and_items_of_unapproved_minutes_do_not_carry_forward(
    reporter, counsellor, dean, unit
):
    one = care_case(reporter, counsellor, dean, unit)
    first = _publish_hold(plan(dean, starts_at=timezone.now() - datetime.timedelta(days=7)), dean)
    upcoming = plan(dean, starts_at=timezone.now() + datetime.timedelta(days=7))
    assert not upcoming.items.filter(source=AgendaItem.Source.CARRIED_FORWARD).exists()
    from escalation.services import close_case

    close_case(fresh(one), outcome="resolved", reason="Opgelost", acting_user=dean)
    services.approve_minutes(first, acting_user=dean)
    assert (
        not upcoming.items.filter(case=one).exists()
        or not upcoming.items.filter(case=one, source=AgendaItem.Source.CARRIED_FORWARD).exists()
    )


# --- Print and calendar; no names anywhere -------------------------------------------------


def test_no_student_name_in_agenda_minutes_pdfs_or_trends(
    care, dean, counsellor, care_team_member, client
):
    """Canary names: the student's names are in the report, the minutes and an action, yet no
    meeting screen, printed document or trend shows them."""
    horizontal_steps(care, counsellor)
    meeting = published(dean, people=[care_team_member])
    _confirm(meeting, dean)
    _confirm(meeting, care_team_member)
    services.mark_held(meeting, acting_user=dean)
    item = meeting.items.get(case=care)
    services.record_item_minutes(
        item, summary="Noor Veenstra vertelde over thuis", decision="no_change", acting_user=dean
    )
    services.add_action(
        reload(meeting),
        item=item,
        description="Met Noor een afspraak maken",
        owner=care_team_member,
        due_on=timezone.localdate(),
        acting_user=dean,
    )
    client.force_login(care_team_member)
    pages = {
        "agenda": ("overleg:meeting_detail", [meeting.pk]),
        "case": ("overleg:meeting_case", [meeting.pk, care.reference]),
        "minutes": ("overleg:minutes", [meeting.pk]),
        "list": ("overleg:meeting_list", []),
        "trends": ("overleg:trends", []),
        "trends_csv": ("overleg:trends_csv", []),
    }
    for label, (name, args) in pages.items():
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, label
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        number = care.student.student_number
        assert "Noor" not in text and "Veenstra" not in text and number not in text, label
    minutes = client.get(reverse("overleg:minutes", args=[meeting.pk])).content.decode()
    assert f"[{care.student_pseudonym}] vertelde over thuis" in minutes
    assert f"Met [{care.student_pseudonym}] een afspraak maken" in minutes
    for name, words in (
        ("overleg:agenda_pdf", ["Agenda", care.reference, care.student_pseudonym]),
        ("overleg:minutes_pdf", ["Verslag", "Aanwezigheid", "Actiepunten", care.reference]),
    ):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = _pdf_text(response.content)
        assert all(word in text for word in words), (name, text)
        assert "Noor" not in text and "Veenstra" not in text, name
    printed = AccessLogEntry.objects.filter(user=care_team_member, action="print")
    assert set(printed.values_list("part", flat=True)) == {
        "meeting_agenda_pdf",
        "meeting_minutes_pdf",
    }


def test_invitation_ics_and_notifications(care, dean, care_team_member, client):
    meeting = published(dean, people=[care_team_member])
    item = InboxItem.objects.get(user=care_team_member, kind="meeting_invited")
    assert item.path == f"/overleg/{meeting.pk}/"
    client.force_login(care_team_member)
    response = client.get(reverse("overleg:invitation_ics", args=[meeting.pk]))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar"
    assert "Zorgoverleg december" in body and "Europe/Amsterdam" in body
    assert care.reference not in body


def test_the_invitation_email_carries_the_meeting_as_a_calendar_item_without_content(
    care, dean, care_team_member, django_capture_on_commit_callbacks
):
    other = UserFactory(username="zorgteam-en", roles=[CARE_TEAM], email="en@hogeschool.example")
    set_user_language(other, language="en", acting_user=other)
    meeting = plan(
        dean,
        people=[care_team_member, other],
        title="Zorgoverleg over Veenstra",
        online_link="https://vergader.example/j/4711",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(reload(meeting), acting_user=dean)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {care_team_member.email, other.email}  # not the publishing dean
    summaries = {care_team_member.email: "Zorgoverleg", other.email: "Care meeting"}
    for address, summary in summaries.items():
        message = sent[address]
        [(filename, calendar, mimetype)] = message.attachments
        assert (filename, mimetype) == (f"ZO-{meeting.pk}.ics", "text/calendar")
        assert f"SUMMARY:{summary}\r\n" in calendar and "LOCATION:Zaal B1.12" in calendar
        assert f"/overleg/{meeting.pk}/" in calendar and "TZID=Europe/Amsterdam" in calendar
        everything = message.subject + message.body + message.alternatives[0][0] + calendar
        assert "Veenstra" not in everything and care.reference not in everything
        assert care.student.pseudonym not in everything
        assert "4711" not in everything  # a forwarded e-mail lets nobody join the call


def _edit(meeting, acting_user, **changes):
    fields = {
        name: getattr(meeting, name)
        for name in ("title", "starts_at", "duration_minutes", "location", "online_link")
    }
    return services.edit_meeting(
        meeting,
        acting_user=acting_user,
        version=meeting.version,
        invited_roles=list(meeting.invited_roles.all()),
        invited_people=[],
        unit=meeting.unit,
        chair=meeting.chair,
        minute_taker=meeting.minute_taker,
        **{**fields, **changes},
    )


def test_moving_a_published_meeting_sends_everyone_invited_the_new_calendar_item(
    care, dean, care_team_member, django_capture_on_commit_callbacks
):
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    meeting = published(dean, people=[care_team_member], starts_at=later)
    first_sequence = reload(meeting).version
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _edit(reload(meeting), dean, title="Zorgoverleg januari")  # the calendar item is the same
    assert mail.outbox == []
    moved = later + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(reload(meeting), dean, starts_at=moved, location="Zaal C2.01")
    news = InboxItem.objects.get(user=care_team_member, kind="meeting_changed")
    assert news.path == f"/overleg/{meeting.pk}/"
    assert not InboxItem.objects.filter(user=dean, kind="meeting_changed").exists()
    [message] = mail.outbox
    assert message.to == [care_team_member.email]
    assert "verplaatst of gewijzigd" in message.subject + message.body
    [(_name, calendar, _type)] = message.attachments
    local = timezone.localtime(moved, ical.AMSTERDAM)
    assert f"DTSTART;TZID=Europe/Amsterdam:{local:%Y%m%dT%H%M%S}" in calendar
    assert f"UID:zorgwekkend-meeting-{meeting.pk}@zorgwekkend" in calendar
    sequence = int(calendar.split("SEQUENCE:")[1].split()[0])
    assert sequence > first_sequence  # calendars replace the old item
    assert "LOCATION:Zaal C2.01" in calendar and "januari" not in calendar


# --- Forms: bad input ----------------------------------------------------------------------


def test_plan_form_keeps_input_and_explains(dean, client, care_team_member):
    client.force_login(dean)
    response = client.post(
        reverse("overleg:meeting_create"),
        {
            "kind": "ad_hoc",
            "title": "Ad hoc",
            "starts_at": "niet-een-datum",
            "duration_minutes": "90",
            "chair": dean.pk,
            "minute_taker": dean.pk,
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vul een geldige datum en tijd in." in text
    assert "Kies de casus waar dit ad-hocoverleg over gaat." in text
    assert 'value="Ad hoc"' in text
    assert not Meeting.objects.exists()


def test_plan_form_creates_meeting(dean, care, client, care_team_member):
    client.force_login(dean)
    response = client.post(
        reverse("overleg:meeting_create"),
        {
            "kind": "regular",
            "title": "Zorgoverleg januari",
            "starts_at": "2027-01-12T10:00",
            "duration_minutes": "90",
            "location": "B1.12",
            "chair": dean.pk,
            "minute_taker": dean.pk,
            "invited_people": [care_team_member.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.items.filter(case=care).exists()
    assert meeting.invitations.filter(user=care_team_member).exists()


@pytest.mark.parametrize("page", ["overleg:meeting_detail", "overleg:minutes"])
def test_query_count_of_agenda_and_minutes_is_constant(
    reporter, counsellor, dean, unit, page, settings
):
    """A held meeting with 5 cases on its agenda and one with 30: the same number of queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from escalation.services import take_case
    from tests.factories import StudentFactory, report_case

    settings.ZW_MEETING_PROPOSALS_PER_SOURCE = 100

    def held_meeting_with(n):
        cases = [
            take_case(
                report_case(reporter=reporter, student=StudentFactory(programme=unit)),
                acting_user=counsellor,
            )
            for _ in range(n)
        ]
        # Test data: their review dates lie in the past, so the app proposes them.
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(
            next_review=timezone.localdate() - datetime.timedelta(days=1)
        )
        meeting = plan(dean)
        services.add_item(meeting, kind="other", title="Rondvraag", acting_user=dean)
        meeting = services.publish_agenda(meeting, acting_user=dean)
        services.confirm_confidentiality(meeting, acting_user=dean)
        services.mark_held(meeting, acting_user=dean)
        # Cases reviewed in an earlier meeting are no longer proposed in the next one.
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(next_review=None)
        return meeting

    def measure(meeting):
        client = Client()
        client.force_login(dean)
        # One visit first: the session's idle clock and the access log's chain head are set up
        # once, whatever ran before this test.
        client.get(reverse(page, args=[meeting.pk]))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(page, args=[meeting.pk])).status_code == 200
        return len(ctx)

    small, large = held_meeting_with(5), held_meeting_with(30)
    assert small.items.filter(case__isnull=False).count() == 5
    assert large.items.filter(case__isnull=False).count() == 30
    assert measure(small) == measure(large) <= 20


def test_each_reason_proposes_a_bounded_number_of_cases(reporter, counsellor, dean, unit, settings):
    from escalation.services import plan_review, take_case
    from tests.factories import StudentFactory, report_case

    settings.ZW_MEETING_PROPOSALS_PER_SOURCE = 3
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _ in range(5):
        case = report_case(reporter=reporter, student=StudentFactory(programme=unit))
        take_case(case, acting_user=counsellor)
        plan_review(fresh(case), on=timezone.localdate(), reason="x", acting_user=counsellor)
    with _today(yesterday + datetime.timedelta(days=2)):
        meeting = plan(dean)
    overdue = meeting.items.filter(source=AgendaItem.Source.OVERDUE_REVIEW)
    assert overdue.count() == 3


def test_query_count_of_the_proposals_is_constant(reporter, counsellor, dean, unit, settings):
    """The organiser's view of an agenda with 5 and with 30 proposals not on it yet."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from escalation.services import take_case
    from tests.factories import StudentFactory, report_case

    settings.ZW_MEETING_PROPOSALS_PER_SOURCE = 100
    meeting = plan(dean)

    def overdue(n):
        cases = [
            take_case(
                report_case(reporter=reporter, student=StudentFactory(programme=unit)),
                acting_user=counsellor,
            )
            for _ in range(n)
        ]
        # Test data: review dates in the past, so the app proposes these cases.
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(
            next_review=timezone.localdate() - datetime.timedelta(days=1)
        )

    def measure():
        client = Client()
        client.force_login(dean)
        client.get(reverse("overleg:meeting_detail", args=[meeting.pk]))  # as above
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("overleg:meeting_detail", args=[meeting.pk]))
        return len(ctx), response.content.decode().count("Op de agenda</button>")

    overdue(5)
    small, shown = measure()
    assert shown == 5
    overdue(25)
    large, shown = measure()
    assert shown == 30
    assert small == large <= 20

"""Retention: the date per case, legal holds, and deleting a case with everything hanging off it
while its tombstone and access-log rows remain."""

import datetime
import io
import time

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import AUTHENTICATED_AT
from audit.models import AccessLogEntry
from cases.models import Attachment, Case, CaseUserObjectPermission, Student, TimelineEntry
from cases.services import add_attachment
from core.errors import InvalidChange
from escalation import services as ladder
from escalation.models import CloseOutcome, Disclosure, Framework1, Framework2, RungTransition
from escalation.services import take_case
from incidents import services as incident_services
from overleg import services as meeting_services
from overleg.models import AgendaItem, CaseAccessGrant, IdentityReveal, Meeting
from retention import services
from retention.models import LegalHold, RetentionRule, Tombstone
from retention.policy import retention_of
from tests.escalation_helpers import (
    fresh,
    horizontal_steps,
    meeting_decides,
    request_disclosure,
    to_board,
    to_care_meeting,
)
from tests.factories import CategoryFactory, StudentFactory, report_case
from tests.incident_helpers import make_incident
from tests.overleg_helpers import published

LATER = datetime.timedelta(days=366 * 6)


def _today_plus(delta):
    return timezone.localdate() + delta


def _closed(case, user, outcome=CloseOutcome.NO_FURTHER_ACTION):
    ladder.close_case(fresh(case), outcome=outcome, reason="Afgerond", acting_user=user)
    return fresh(case)


def _handled(reporter, counsellor, *, student=None, categories=None):
    from accounts.models import OrganisationUnit

    unit = None if student else OrganisationUnit.objects.get(code="VPK")
    case = report_case(reporter=reporter, student=student, unit=unit, categories=categories)
    return take_case(case, acting_user=counsellor)


def _closed_years_ago(case, years):
    """Move the case's ladder steps back in time, as if it closed `years` years ago."""
    RungTransition.objects.filter(case_id=case.pk).update(
        at=timezone.now() - datetime.timedelta(days=366 * years)
    )


def _rows_pointing_at(case_pk):
    """Every row left in any table (live or history) with a foreign key to this case."""
    left = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Case:
                count = model.objects.filter(**{field.attname: case_pk}).count()
                if count:
                    left[f"{model.__name__}.{field.name}"] = count
    history = Case.history.model.objects.filter(id=case_pk).count()
    if history:
        left["HistoricalCase"] = history
    return left


# --- The retention date ----------------------------------------------------------------------


def test_a_report_that_led_to_nothing_is_kept_one_year(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor)
    retention = retention_of(case)
    assert retention.nothing_came_of_it
    assert retention.date == _today_plus(datetime.timedelta(0)).replace(
        year=timezone.localdate().year + 1
    )
    assert "melding zonder vervolg" in retention.rule


def test_a_closed_case_is_kept_five_years_by_default(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor, outcome=CloseOutcome.REFERRED)
    retention = retention_of(case)
    assert not retention.nothing_came_of_it
    assert retention.date.year == timezone.localdate().year + 5
    assert (
        retention_of(report_case(reporter=reporter, student=case.student or StudentFactory()))
        is None
    )  # open: no date


def test_a_case_that_went_to_the_care_meeting_never_counts_as_nothing(reporter, counsellor, dean):
    case = to_board(_handled(reporter, counsellor), counsellor, dean)
    case = _closed(case, counsellor)
    assert not retention_of(case).nothing_came_of_it
    assert retention_of(case).years == 5


def test_a_rule_per_category_replaces_the_defaults_and_the_longest_wins(reporter, counsellor):
    threat, stalking = CategoryFactory(code="dreiging"), CategoryFactory(code="stalking")
    RetentionRule.objects.create(
        category=threat, years_after_close=10, years_if_nothing_came_of_it=3
    )
    RetentionRule.objects.create(
        category=stalking, years_after_close=7, years_if_nothing_came_of_it=2
    )
    case = _closed(_handled(reporter, counsellor, categories=[threat, stalking]), counsellor)
    retention = retention_of(case)
    assert retention.years == 3
    assert threat.label_nl in retention.rule
    referred = _handled(reporter, counsellor, categories=[stalking])
    assert retention_of(_closed(referred, counsellor, CloseOutcome.REFERRED)).years == 7


def test_a_reopened_case_has_no_date_until_it_closes_again(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor)
    ladder.reopen_case(fresh(case), reason="Nieuwe zorg", acting_user=counsellor)
    assert retention_of(fresh(case)) is None


# --- Deleting ------------------------------------------------------------------------------


@pytest.fixture
def full_case(
    reporter, counsellor, dean, care_team_member, board_member, unit, private_root, client
):
    """A case with everything: timeline, attachment, frameworks, a request, a care meeting with
    a grant and an identity reveal, a disclosure, an incident link, an access-log row — closed."""
    student = StudentFactory(programme=unit)
    case = _handled(reporter, counsellor, student=student)
    upload = SimpleUploadedFile("verslag.txt", b"gesprek", "text/plain")
    attachment = add_attachment(case, upload=upload, description="", acting_user=counsellor)
    case = to_care_meeting(fresh(case), counsellor, dean)
    meeting = published(dean, people=[care_team_member], unit=None)  # proposes the case
    meeting_services.confirm_confidentiality(meeting, acting_user=care_team_member)
    meeting_services.reveal_identity(
        meeting, case, reason="Ik ben de mentor van deze student", acting_user=care_team_member
    )
    horizontal_steps(fresh(case), counsellor)
    meeting_decides(case, dean)
    request_disclosure(case, counsellor)
    incident = make_incident(dean)
    incident_services.link_case(incident, reference=case.reference, acting_user=dean)
    horizontal_steps(fresh(case), counsellor)
    client.force_login(counsellor)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    client.logout()
    case = _closed(case, counsellor, CloseOutcome.REFERRED)
    return {
        "case": case,
        "student": student,
        "file": private_root / attachment.file.name,
        "meeting": meeting,
        "incident": incident,
    }


def test_deleting_removes_every_row_and_file_and_leaves_a_tombstone(
    full_case, django_capture_on_commit_callbacks
):
    case, student = full_case["case"], full_case["student"]
    pk, reference = case.pk, case.reference
    assert full_case["file"].exists()
    assert Framework1.objects.filter(case=case).exists()
    assert Framework2.objects.filter(case=case).exists()
    assert Disclosure.objects.filter(case=case).exists()
    assert _rows_pointing_at(pk)  # the fixture really hangs things off the case
    log_rows = list(AccessLogEntry.objects.filter(case_id=pk).values())

    with django_capture_on_commit_callbacks(execute=True):
        results = services.apply_retention(today=_today_plus(LATER))

    assert [(r.case.pk, t.reference) for r, t in results] == [(pk, reference)]
    assert not Case.objects.filter(pk=pk).exists()
    assert _rows_pointing_at(pk) == {}
    assert not full_case["file"].exists()
    assert not Student.objects.filter(pk=student.pk).exists()
    assert not Student.history.model.objects.filter(id=student.pk).exists()
    tombstone = Tombstone.objects.get(case_id=pk)
    assert tombstone.reference == reference
    assert tombstone.closed_at.date() <= timezone.now().date()
    assert "5 jaar" in tombstone.rule
    # Everything else stays: the meeting, the incident, and the access log exactly as it was.
    assert Meeting.objects.filter(pk=full_case["meeting"].pk).exists()
    assert full_case["incident"].cases.count() == 0
    assert list(AccessLogEntry.objects.filter(case_id=pk).values()) == log_rows
    assert log_rows


def test_children_are_gone_from_their_own_tables(full_case):
    pk = full_case["case"].pk
    services.apply_retention(today=_today_plus(LATER))
    for model in (
        TimelineEntry,
        Attachment,
        RungTransition,
        Framework1,
        Framework2,
        Disclosure,
        AgendaItem,
        CaseAccessGrant,
        IdentityReveal,
        CaseUserObjectPermission,
    ):
        field = "content_object_id" if model is CaseUserObjectPermission else "case_id"
        assert not model.objects.filter(**{field: pk}).exists(), model.__name__


def test_a_student_with_another_case_stays(reporter, counsellor, student):
    first = _closed(_handled(reporter, counsellor, student=student), counsellor)
    _handled(reporter, counsellor, student=student)
    services.apply_retention(today=_today_plus(LATER))
    assert not Case.objects.filter(pk=first.pk).exists()
    assert Student.objects.filter(pk=student.pk).exists()


def test_nothing_goes_before_its_date(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor, CloseOutcome.REFERRED)
    assert services.apply_retention(today=_today_plus(datetime.timedelta(days=366 * 2))) == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_dry_run_lists_and_changes_nothing(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor)
    _closed_years_ago(case, 2)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert case.reference in text and "zou verwijderd worden" in text
    assert "er is niets veranderd" in text
    assert Case.objects.filter(pk=case.pk).exists()
    assert not Tombstone.objects.exists()


def test_the_command_deletes_and_says_so(reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor)
    _closed_years_ago(case, 2)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert f"{case.reference}" in out.getvalue()
    assert "1 casussen verwijderd" in out.getvalue()
    assert Tombstone.objects.filter(reference=case.reference).exists()


def test_the_nightly_task_is_scheduled_and_safe_to_run_twice(reporter, counsellor, settings):
    from retention.tasks import apply_retention_policy

    assert settings.CELERY_BEAT_SCHEDULE["retention-apply"]["task"] == (
        "retention.tasks.apply_retention_policy"
    )
    _closed_years_ago(_closed(_handled(reporter, counsellor), counsellor), 2)
    assert apply_retention_policy() == 1
    assert apply_retention_policy() == 0


# --- Legal hold ----------------------------------------------------------------------------


def test_a_legal_hold_blocks_deletion_until_lifted(reporter, counsellor, privacy_officer):
    case = _closed(_handled(reporter, counsellor), counsellor)
    hold = services.set_legal_hold(
        reference=case.reference.lower(),
        reason="Klacht in behandeling",
        acting_user=privacy_officer,
    )
    results = services.apply_retention(today=_today_plus(LATER))
    assert [(r.on_hold, t) for r, t in results] == [(True, None)]
    assert Case.objects.filter(pk=case.pk).exists()

    services.lift_legal_hold(hold, reason="Klacht afgehandeld", acting_user=privacy_officer)
    services.apply_retention(today=_today_plus(LATER))
    assert not Case.objects.filter(pk=case.pk).exists()


def test_legal_holds_have_history_and_one_at_a_time(reporter, counsellor, functional_admin):
    case = _closed(_handled(reporter, counsellor), counsellor)
    hold = services.set_legal_hold(
        reference=case.reference, reason="Rechtszaak", acting_user=functional_admin
    )
    with pytest.raises(InvalidChange, match="al een bewaarplicht"):
        services.set_legal_hold(
            reference=case.reference, reason="Nog een", acting_user=functional_admin
        )
    hold = services.lift_legal_hold(hold, reason="Zaak geseponeerd", acting_user=functional_admin)
    history = list(hold.history.order_by("history_date"))
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
        ("+", functional_admin, "Rechtszaak"),
        ("~", functional_admin, "Zaak geseponeerd"),
    ]


@pytest.mark.parametrize("persona", ["counsellor", "dean", "board", "outsider"], indirect=True)
def test_only_the_privacy_officer_and_functional_admin_set_holds(persona, reporter, counsellor):
    case = _closed(_handled(reporter, counsellor), counsellor)
    with pytest.raises(services.RetentionRefused):
        services.set_legal_hold(reference=case.reference, reason="x", acting_user=persona)
    assert not LegalHold.objects.exists()


# --- Pages ---------------------------------------------------------------------------------


def test_the_retention_page_shows_due_cases_and_sets_and_lifts_holds(
    reporter, counsellor, privacy_officer, client
):
    case = _closed(_handled(reporter, counsellor), counsellor)
    client.force_login(privacy_officer)
    url = reverse("retention:overview")
    assert client.get(url).status_code == 200

    response = client.post(
        reverse("retention:set_hold"), {"reference": "ZW-1999-0001", "reason": "x"}
    )
    assert "Er is geen casus met dit kenmerk" in response.content.decode()
    response = client.post(
        reverse("retention:set_hold"), {"reference": case.reference, "reason": "Klacht"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(case=case)
    page = client.get(url).content.decode()
    assert case.reference in page and "Klacht" in page
    lift = reverse("retention:lift_hold", args=[hold.pk])
    response = client.post(lift, {f"hold{hold.pk}-lift_reason": ""})
    assert response.status_code == 200 and "verplicht" in response.content.decode()
    assert fresh_hold(hold).is_active
    client.post(lift, {f"hold{hold.pk}-lift_reason": "Afgehandeld"})
    assert not fresh_hold(hold).is_active


def fresh_hold(hold):
    return LegalHold.objects.get(pk=hold.pk)


def test_the_upcoming_list_takes_the_same_queries_for_5_and_50_cases(
    reporter, counsellor, privacy_officer, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(privacy_officer)
    counts = []
    for total in (5, 50):
        while Case.objects.filter(rung="closed").count() < total:
            _closed(_handled(reporter, counsellor), counsellor)
        client.get(reverse("retention:overview"))  # settles the navigation's kept task counts
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("retention:overview"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The access log of a deleted case ------------------------------------------------------


def test_the_access_log_shows_verwijderde_casus_for_deleted_cases(
    full_case, privacy_officer, client
):
    case = full_case["case"]
    pseudonym = full_case["student"].pseudonym
    services.apply_retention(today=_today_plus(LATER))
    client.force_login(privacy_officer)
    page = client.get(reverse("audit:access_log"), {"case": case.reference}).content.decode()
    assert "verwijderde casus" in page
    assert pseudonym not in page
    session = client.session
    session[AUTHENTICATED_AT] = time.time()  # a fresh sign-in, which the export asks for
    session.save()
    export = client.get(reverse("audit:access_log_export"), {"case": case.reference})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode()
    assert "verwijderde casus" in text
    assert pseudonym not in text


def test_the_access_log_chain_still_verifies_after_a_deletion(full_case):
    """Retention never rewrites or removes an access-log row, so the hash chain holds."""
    pk = full_case["case"].pk
    before = AccessLogEntry.objects.filter(case_id=pk).count()
    services.apply_retention(today=_today_plus(LATER))
    assert AccessLogEntry.objects.filter(case_id=pk).count() == before
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    assert out.getvalue().startswith("OK")

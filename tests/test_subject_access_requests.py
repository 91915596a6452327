"""The register of subject-access requests (issue 18: the privacy officer's work queue): each
request gets the legal deadline (a month, art. 12(3) GDPR; two more once, for a complex one),
shows on the privacy officer's home page with it, late ones in red, and leaves it once answered.
Every step has its history row; nobody else reaches the register."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import InvalidChange
from subject_access import services
from subject_access.models import SubjectAccessRequest

TODAY = datetime.date(2026, 12, 7)


def _register(officer, *, received_on=TODAY, student=None):
    return services.register_request(
        received_on=received_on, how="E-mail aan de FG", student=student,
        acting_user=officer, today=TODAY,
    )  # fmt: skip


def test_a_request_is_due_a_month_after_receipt_and_a_complex_one_three(privacy_officer):
    asked = _register(privacy_officer, received_on=datetime.date(2026, 1, 31))
    assert asked.due_on == datetime.date(2026, 2, 28)
    extended = services.extend_deadline(asked, reason="Veel casussen", acting_user=privacy_officer)
    assert extended.due_on == datetime.date(2026, 4, 30)
    with pytest.raises(services.SubjectAccessRefused):
        services.extend_deadline(extended, reason="Nog eens", acting_user=privacy_officer)
    history = list(extended.history.order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        "Inzageverzoek ontvangen en vastgelegd",
        "Termijn van het inzageverzoek verlengd",
    ]
    assert {h.history_user for h in history} == {privacy_officer}


def test_dates_must_make_sense(privacy_officer):
    with pytest.raises(InvalidChange):
        _register(privacy_officer, received_on=TODAY + datetime.timedelta(days=1))
    asked = _register(privacy_officer, received_on=TODAY - datetime.timedelta(days=3))
    with pytest.raises(InvalidChange):
        services.record_answer(
            asked, answered_on=TODAY - datetime.timedelta(days=4), note="x",
            acting_user=privacy_officer, today=TODAY,
        )  # fmt: skip
    assert SubjectAccessRequest.objects.get(pk=asked.pk).answered_on is None


@pytest.mark.parametrize(
    "persona", ["counsellor", "dean", "board", "functional_admin", "outsider"], indirect=True
)
def test_only_the_privacy_officer_keeps_the_register(client, persona, privacy_officer):
    asked = _register(privacy_officer)
    with pytest.raises(services.SubjectAccessRefused):
        _register(persona)
    with pytest.raises(services.SubjectAccessRefused):
        services.record_answer(asked, answered_on=TODAY, note="x", acting_user=persona, today=TODAY)
    client.force_login(persona)
    assert client.get(reverse("subject_access:requests")).status_code == 404
    answer = reverse("subject_access:answer", args=[asked.pk])
    assert client.post(answer, {"a1-answered_on": "2026-12-07"}).status_code == 404


def test_the_privacy_officer_registers_answers_and_the_task_follows(
    client, privacy_officer, student
):
    client.force_login(privacy_officer)
    today = timezone.localdate()
    page = reverse("subject_access:requests")
    refused = client.post(page, {"received_on": today.isoformat(), "how": "Brief",
                                 "student_number": "999"})  # fmt: skip
    assert refused.status_code == 400
    assert "Er is geen student met dit studentnummer." in refused.text
    assert 'value="Brief"' in refused.text  # what was typed stays
    done = client.post(
        page,
        {"received_on": today.isoformat(), "how": "Brief", "student_number": "5001234"},
        follow=True,
    )
    asked = SubjectAccessRequest.objects.get()
    assert asked.student == student
    assert f"Verzoek {asked.code} vastgelegd" in done.text

    work = client.get(reverse("home")).context["work"]
    assert [(w.label, w.subject) for w in work] == [("Inzageverzoek beantwoorden", asked.code)]
    assert work[0].when.startswith("uiterlijk ")
    SubjectAccessRequest.objects.filter(pk=asked.pk).update(
        received_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=9),
    )
    work = client.get(reverse("home")).context["work"]
    assert work[0].late and work[0].when == "9 dagen te laat"

    answer = reverse("subject_access:answer", args=[asked.pk])
    prefix = f"a{asked.pk}"
    client.post(answer, {f"{prefix}-answered_on": today.isoformat(),
                         f"{prefix}-note": "PDF per beveiligde mail"})  # fmt: skip
    asked.refresh_from_db()
    assert (asked.answered_on, asked.answered_by) == (today, privacy_officer)
    assert client.get(reverse("home")).context["work"] == []
    assert client.post(answer, {f"{prefix}-answered_on": today.isoformat()}).status_code == 404

"""The case pages as people use them: what they see, and what was recorded."""

import datetime

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import parse_html
from django.urls import reverse
from django.utils.html import escape

from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Case, TimelineEntry
from cases.services import add_timeline_entry
from escalation.services import take_case
from tests.factories import CategoryFactory, StudentFactory, UserFactory, report_case


def _report_data(student=None, **overrides):
    category = CategoryFactory(code="psychische-nood", label_nl="Psychische nood")
    data = {
        "student": student.pk if student else "",
        "categories": [category.pk],
        "signals_what": "Zit al twee weken stil achterin en reageert niet meer op vragen.",
        "signals_when": "2026-11-20",
        "signals_where": "Lokaal B2.14",
        "urgency": "soon",
        "discussed": "False",
        "consulted": "True",
    }
    data.update(overrides)
    return data


def _case(reference):
    return Case.objects.get(reference=reference)


# --- Reporting ---------------------------------------------------------------------------


def test_a_reporter_files_a_concern_and_gets_an_acknowledgement(client, reporter, student):
    client.force_login(reporter)
    response = client.post(reverse("cases:report"), _report_data(student), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/casussen/melden/ontvangen/{case.reference}/"
    assert "je melding is ontvangen" in response.text
    assert case.reference in response.text
    assert (case.student, case.unit, case.reporter, case.rung) == (
        student,
        student.programme,
        reporter,
        "signal",
    )
    row = case.history.earliest()
    assert (row.history_user, row.history_change_reason) == (reporter, "Zorg gemeld")


def test_a_report_about_an_unknown_student_needs_unit_and_description(client, reporter, unit):
    client.force_login(reporter)
    data = _report_data(student_unknown="on")
    response = client.post(reverse("cases:report"), data)
    assert response.status_code == 200
    assert "Kies de opleiding" in response.text
    assert "Vertel wat je van de student weet" in response.text
    assert "Zit al twee weken stil" in response.text  # what was typed is kept
    assert not Case.objects.exists()
    data.update(unit=unit.pk, student_description="Jongen uit klas 2B, naam onbekend")
    response = client.post(reverse("cases:report"), data)
    case = Case.objects.get()
    assert (case.student, case.unit, case.student_description) == (
        None,
        unit,
        "Jongen uit klas 2B, naam onbekend",
    )


def test_an_invalid_report_keeps_what_was_typed_and_saves_nothing(client, reporter, student):
    client.force_login(reporter)
    data = _report_data(student, categories=[], signals_when="2099-01-01")
    response = client.post(reverse("cases:report"), data)
    assert response.status_code == 200
    assert "Kies minstens één soort zorg." in response.text
    assert "Deze datum ligt in de toekomst." in response.text
    assert 'value="2099-01-01"' in response.text
    assert "Veenstra" in response.text  # the chosen student stays chosen
    assert 'aria-invalid="true"' in response.text
    assert not Case.objects.exists()


def test_a_report_without_a_student_or_unknown_flag_is_refused(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("cases:report"), _report_data())
    assert "Zoek en kies de student" in response.text
    assert not Case.objects.exists()


def test_student_search_finds_by_number_and_by_name(client, reporter, student):
    StudentFactory(student_number="5009999", first_name="Daan", last_name="Bos")
    client.force_login(reporter)
    by_number = client.post(reverse("cases:student_search"), {"student_query": "500123"})
    by_name = client.post(reverse("cases:student_search"), {"student_query": "noor veen"})
    assert "Veenstra" in by_number.text and "Daan" not in by_number.text
    assert "Veenstra" in by_name.text and "Daan" not in by_name.text
    nothing = client.post(reverse("cases:student_search"), {"student_query": "zzz"})
    assert "Geen ingeschreven student gevonden" in nothing.text
    too_short = client.post(reverse("cases:student_search"), {"student_query": "Ve"})
    assert "Veenstra" not in too_short.text
    assert "Typ minstens 3 tekens" in too_short.text


def test_student_search_says_when_more_match_than_it_shows(client, reporter, unit):
    for n in range(11):
        StudentFactory(student_number=f"70000{n:02d}", last_name=f"Jansen {n:02d}", programme=unit)
    client.force_login(reporter)
    eleven = client.post(reverse("cases:student_search"), {"student_query": "Jansen"})
    assert eleven.text.count('name="student"') == 10
    assert "Meer dan 10 gevonden — verfijn je zoekopdracht" in eleven.text
    ten = client.post(reverse("cases:student_search"), {"student_query": "700000"})
    assert ten.text.count('name="student"') == 10 and "Meer dan" not in ten.text
    # The same without JavaScript, on the report form itself.
    data = _report_data(student_query="Jansen", search="1")
    assert "Meer dan 10 gevonden" in client.post(reverse("cases:report"), data).text


def test_searching_without_javascript_keeps_the_form_as_typed(client, reporter, student):
    client.force_login(reporter)
    data = _report_data(student_query="Veenstra", search="1", signals_what="Tekst die blijft")
    response = client.post(reverse("cases:report"), data)
    assert response.status_code == 200
    assert "Tekst die blijft" in response.text
    assert f'name="student" id="student-{student.pk}"' in response.text
    assert "Kies minstens" not in response.text  # a search is not a failed submit
    assert not Case.objects.exists()


def test_my_reports_show_only_status(client, case, reporter, counsellor):
    add = {"kind": "note", "occurred_on": datetime.date(2026, 11, 21), "outcome": ""}
    take_case(case, acting_user=counsellor)
    add_timeline_entry(
        _case(case.reference),
        summary="GEHEIM-NOTITIE",
        consent_given=None,
        acting_user=counsellor,
        **add,
    )
    client.force_login(reporter)
    response = client.get(reverse("cases:my_reports"))
    assert case.reference in response.text
    assert "In behandeling" in response.text
    for hidden in ("GEHEIM-NOTITIE", counsellor.last_name, "Veenstra", "Student oogt somber"):
        assert hidden not in response.text
    row = AccessLogEntry.objects.get(part="my_reports")
    assert (row.case_reference, row.basis) == (case.reference, "reporter")


def test_the_case_page_shows_each_timeline_entry_escaped_with_outcome_and_consent(
    client, case, counsellor
):
    take_case(case, acting_user=counsellor)
    entries = [
        ("consultation", datetime.date(2026, 3, 2), "<b>Overleg</b> & afspraak", "", None),
        ("consent_answer", datetime.date(2026, 3, 9), "Antwoord van de student", "Mag", True),
        ("consent_answer", datetime.date(2026, 3, 16), "Tweede antwoord", "", False),
    ]
    for kind, day, summary, outcome, consent in entries:
        add_timeline_entry(
            _case(case.reference),
            kind=kind,
            occurred_on=day,
            summary=summary,
            outcome=outcome,
            consent_given=consent,
            acting_user=counsellor,
        )
    client.force_login(counsellor)
    page = client.get(reverse("cases:detail", args=[case.reference])).text
    timeline = page[page.index('class="list-unstyled zw-timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    items = [item.split("</li>")[0] for item in timeline.split('<li class="card mb-2">')[1:]]
    assert len(items) == 3
    newest, middle, oldest = items  # newest first
    author = counsellor.get_full_name()
    assert parse_html(newest) == parse_html(
        '<div class="card-body"><h3 class="h6 mb-1">Antwoord op toestemmingsvraag '
        f'<span class="text-body-secondary fw-normal">· 16 maart 2026 · {author}</span></h3>'
        '<p class="mb-1 zw-prewrap">Tweede antwoord</p>'
        '<p class="mb-0"><strong>Toestemming:</strong> niet gegeven</p></div>'
    )
    assert "<strong>Uitkomst:</strong> Mag" in middle
    assert "<strong>Toestemming:</strong> gegeven" in middle
    assert "&lt;b&gt;Overleg&lt;/b&gt; &amp; afspraak" in oldest
    assert "9 maart 2026" in middle and "2 maart 2026" in oldest
    assert "Toestemming:" not in oldest and "Uitkomst:" not in oldest


def test_the_acknowledgement_is_only_for_the_reporter(client, case, counsellor):
    client.force_login(counsellor)
    url = reverse("cases:report_received", args=[case.reference])
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.get().outcome == "denied"


# --- Triage and lists --------------------------------------------------------------------


def test_a_counsellor_finds_a_new_report_in_triage_and_takes_it(client, case, counsellor):
    client.force_login(counsellor)
    triage = client.get(reverse("cases:list"), {"lijst": "triage"})
    assert case.reference in triage.text
    response = client.post(reverse("escalation:take", args=[case.reference]), follow=True)
    assert "Je bent nu behandelaar" in response.text
    case = _case(case.reference)
    assert (case.handler, case.rung) == (counsellor, "support")
    assert case.history.latest().history_change_reason == "Melding opgepakt"
    mine = client.get(reverse("cases:list"))
    assert case.reference in mine.text
    assert case.reference not in client.get(reverse("cases:list"), {"lijst": "triage"}).text


def test_a_case_someone_else_took_leaves_the_pool(client, case, counsellor, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])
    take_case(case, acting_user=colleague)
    client.force_login(counsellor)
    response = client.post(reverse("escalation:take", args=[case.reference]), follow=True)
    assert response.status_code == 404  # no longer in the pool: no longer visible at all


def test_a_dean_who_cannot_take_a_report_is_told_why(client, case, dean):
    client.force_login(dean)
    response = client.post(reverse("escalation:take", args=[case.reference]), follow=True)
    assert "Je kunt alleen meldingen van je eigen eenheden oppakken." in response.text
    assert _case(case.reference).handler is None


def test_every_case_shown_in_a_list_is_logged(client, reporter, student, counsellor):
    cases = [report_case(reporter=reporter, student=student) for _ in range(3)]
    client.force_login(counsellor)
    client.get(reverse("cases:list"), {"lijst": "triage"})
    rows = AccessLogEntry.objects.filter(part="list:triage")
    assert sorted(r.case_reference for r in rows) == sorted(c.reference for c in cases)
    assert {r.basis for r in rows} == {"unit_pool"}


def test_a_search_is_logged_with_its_query(client, case, counsellor):
    client.force_login(counsellor)
    response = client.get(reverse("cases:list"), {"lijst": "alle", "q": "Veenstra"})
    assert case.reference in response.text
    row = AccessLogEntry.objects.get(case_reference=case.reference)
    assert (row.action, row.query) == ("search", "Veenstra")


def test_filters_narrow_the_list(client, reporter, counsellor, unit):
    aggression = CategoryFactory(code="agressie", label_nl="Agressie")
    a = report_case(reporter=reporter, unit=unit, categories=[aggression], what="Schreeuwde")
    b = report_case(reporter=reporter, unit=unit, what="Huilde in de gang")
    take_case(b, acting_user=counsellor)
    client.force_login(counsellor)

    def shown(**params):
        text = client.get(reverse("cases:list"), {"lijst": "alle", **params}).text
        return {ref for ref in (a.reference, b.reference) if ref in text}

    assert shown() == {a.reference, b.reference}
    assert shown(category=aggression.pk) == {a.reference}
    assert shown(rung="support") == {b.reference}
    assert shown(q="huilde") == {b.reference}
    assert shown(handler=counsellor.last_name) == {b.reference}
    assert shown(unit=unit.pk) == {a.reference, b.reference}
    assert shown(overdue="on") == set()


def test_the_filter_selects_show_what_djangos_select_showed_with_the_choice_kept(
    client, reporter, counsellor, unit
):
    """The list's selects are written in Python (issue 20): the same options, the chosen one
    selected, as Django's template-rendered select."""
    aggression = CategoryFactory(code="agressie", label_nl="Agressie")
    report_case(reporter=reporter, unit=unit, categories=[aggression])
    client.force_login(counsellor)
    chosen = {"lijst": "alle", "category": aggression.pk, "unit": unit.pk, "rung": "support"}
    form = client.get(reverse("cases:list"), {**chosen, "sort": "oudste"}).context["form"]
    for name in ("rung", "category", "unit", "sort"):
        bound = form[name]
        django_select = forms.Select(choices=bound.field.choices)
        expected = django_select.render(
            bound.html_name,
            bound.value(),
            bound.build_widget_attrs({"id": bound.auto_id, **bound.field.widget.attrs}),
        )
        assert parse_html(str(bound)) == parse_html(expected), name
    text = str(form["category"])
    assert f'<option value="{aggression.pk}" selected>Agressie</option>' in text


def test_bad_filters_and_cursors_never_break_the_list(client, case, counsellor):
    client.force_login(counsellor)
    response = client.get(reverse("cases:list"), {"rung": "nonsense", "na": "x_y"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.text or "Kies" in response.text
    assert client.get(reverse("cases:list"), {"na": "2026-99-99_12"}).status_code == 200


def test_the_list_pages_by_keyset(client, reporter, counsellor, student):
    refs = [report_case(reporter=reporter, student=student).reference for _ in range(30)]
    client.force_login(counsellor)
    first = client.get(reverse("cases:list"), {"lijst": "triage"})
    assert sum(ref in first.text for ref in refs) == 25
    next_url = first.context["next_page_query"]
    second = client.get(reverse("cases:list") + "?" + next_url)
    assert sum(ref in second.text for ref in refs) == 5
    shown = {r for r in refs if r in first.text} | {r for r in refs if r in second.text}
    assert shown == set(refs)


@pytest.mark.parametrize("sort", ["nieuwste", "oudste", "evaluatie"])
def test_every_sort_pages_through_every_case_once(client, reporter, counsellor, student, sort):
    refs = [report_case(reporter=reporter, student=student).reference for _ in range(27)]
    for ref in refs[:10]:
        take_case(_case(ref), acting_user=counsellor)
    client.force_login(counsellor)
    seen, query = [], f"lijst=alle&sort={sort}"
    while query is not None:
        response = client.get(reverse("cases:list") + "?" + query)
        seen += [case.reference for case in response.context["page"].cases]
        cursor = response.context["page"].next_cursor
        query = response.context["next_page_query"] if cursor else None
    assert sorted(seen) == sorted(refs)


def test_list_query_count_does_not_grow_with_rows(
    client, reporter, counsellor, student, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(counsellor)
    counts = []
    for total in (3, 25):
        while Case.objects.count() < total:
            report_case(reporter=reporter, student=student)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cases:list"), {"lijst": "triage"})
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The case file -----------------------------------------------------------------------


def test_the_case_file_shows_header_and_logs_the_read(client, case, counsellor):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    response = client.get(reverse("cases:detail", args=[case.reference]))
    for expected in (case.reference, "Noor Veenstra", "5001234", "Studentondersteuning"):
        assert expected in response.text
    row = AccessLogEntry.objects.get(part="detail")
    assert (row.user, row.basis, row.outcome, row.student_pseudonym) == (
        counsellor,
        "case_team",
        "allowed",
        case.student.pseudonym,
    )


def test_an_outsider_gets_404_and_the_attempt_is_logged(client, case, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    row = AccessLogEntry.objects.get()
    assert (row.outcome, row.case_reference, row.user) == ("denied", case.reference, outsider)


def test_an_unknown_reference_is_404(client, counsellor):
    client.force_login(counsellor)
    assert client.get(reverse("cases:detail", args=["ZW-2026-9999"])).status_code == 404
    assert AccessLogEntry.objects.get().case_reference == ""


def test_the_team_records_a_conversation(client, case, counsellor):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    url = reverse("cases:add_entry", args=[case.reference])
    data = {
        "kind": "conversation",
        "occurred_on": "2026-11-22",
        "summary": "Gesprek over de stilte in de les; student slaapt slecht.",
        "outcome": "Verwezen naar de studentpsycholoog.",
    }
    response = client.post(url, data, follow=True)
    assert "Vastgelegd in de tijdlijn." in response.text
    assert "student slaapt slecht" in response.text
    entry = TimelineEntry.objects.get()
    assert (entry.author, entry.kind) == (counsellor, "conversation")
    assert entry.history.get().history_user == counsellor


def test_a_consent_answer_needs_yes_or_no(client, case, counsellor):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    url = reverse("cases:add_entry", args=[case.reference])
    data = {"kind": "consent_answer", "occurred_on": "2026-11-22", "summary": "Gevraagd"}
    response = client.post(url, data)
    assert "Geef aan of de student toestemming gaf." in response.text
    assert not TimelineEntry.objects.exists()


def test_a_unit_pool_counsellor_may_read_but_not_write(client, case, counsellor):
    client.force_login(counsellor)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    url = reverse("cases:add_entry", args=[case.reference])
    assert client.get(url).status_code == 403


def test_upload_and_download_an_attachment(client, case, counsellor, private_root):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile("verslag.txt", b"Gespreksverslag", "text/plain")
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": "Verslag"}, follow=True)
    assert "De bijlage is toegevoegd." in response.text
    attachment = _case(case.reference).attachments.get()
    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"Gespreksverslag"
    row = AccessLogEntry.objects.get(action="download")
    assert row.part == f"attachment:{attachment.pk}"


def test_a_disallowed_file_is_refused_and_nothing_saved(client, case, counsellor, private_root):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf")
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": "Programma"})
    assert response.status_code == 200
    assert 'value="Programma"' in response.text
    assert not _case(case.reference).attachments.exists()
    assert not any(private_root.rglob("*.*"))


def test_an_attachment_of_another_case_is_not_reachable(
    client, case, counsellor, reporter, student, private_root
):
    from cases.services import add_attachment

    other = report_case(reporter=reporter, student=student)
    take_case(case, acting_user=counsellor)
    take_case(other, acting_user=counsellor)
    upload = SimpleUploadedFile("a.txt", b"inhoud", "text/plain")
    attachment = add_attachment(other, upload=upload, description="", acting_user=counsellor)
    client.force_login(counsellor)
    url = reverse("cases:download", args=[case.reference, attachment.pk])
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.get(action="download").outcome == "denied"


def test_the_history_tab_is_a_readable_comparison(client, case, counsellor, dean):
    take_case(case, acting_user=counsellor)
    client.force_login(dean)
    response = client.get(reverse("cases:history", args=[case.reference]))
    text = response.text
    assert "Melding opgepakt" in text and "Zorg gemeld" in text
    assert "Studentondersteuning" in text and "Signaal" in text  # rung: was → became
    assert escape(counsellor.get_full_name()) in text  # names such as "van 't Hof" are escaped
    assert AccessLogEntry.objects.get(part="history").basis == "unit_oversight"


def test_a_dean_assigns_a_handler_with_a_reason(client, case, dean, counsellor):
    client.force_login(dean)
    url = reverse("escalation:assign_handler", args=[case.reference])
    data = {"handler": counsellor.pk, "reason": "Kent de student al", "version": 1}
    response = client.post(url, data, follow=True)
    assert "De behandelaar is vastgelegd." in response.text
    case = _case(case.reference)
    assert case.handler == counsellor
    assert case.history.latest().history_change_reason == "Kent de student al"
    assert case.history.latest().history_user == dean


def test_a_stale_team_change_is_a_clear_conflict(client, case, dean, counsellor, unit):
    member = UserFactory(username="lid", roles=[RoleCode.CARE_TEAM])
    take_case(case, acting_user=counsellor)  # the version moves on after the dean opened it
    client.force_login(dean)
    url = reverse("cases:team", args=[case.reference])
    data = {"members": [member.pk], "reason": "Zorgoverleg erbij", "version": 1}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Iemand anders heeft deze casus net gewijzigd" in response.text
    assert "Zorgoverleg erbij" in response.text
    assert not _case(case.reference).members.exists()


def test_the_handler_changes_the_team_with_a_reason(client, case, counsellor):
    member = UserFactory(username="lid", roles=[RoleCode.CARE_TEAM])
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    url = reverse("cases:team", args=[case.reference])
    version = _case(case.reference).version
    data = {"members": [member.pk], "reason": "Zorgoverleg erbij", "version": version}
    response = client.post(url, data, follow=True)
    assert "Het casusteam is gewijzigd." in response.text
    client.force_login(member)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_a_report_without_student_is_linked_later(client, reporter, counsellor, dean, unit):
    from tests.factories import ProgrammeFactory

    sibling = ProgrammeFactory(code="SW", parent=unit.parent)
    StudentFactory(student_number="5008888", programme=sibling)
    case = report_case(reporter=reporter, unit=unit)
    client.force_login(dean)
    url = reverse("cases:link_student", args=[case.reference])
    response = client.post(url, {"student_number": "0000000", "version": 1})
    assert "Er is geen ingeschreven student met dit nummer." in response.text
    response = client.post(url, {"student_number": "5008888", "version": 1}, follow=True)
    assert "De student is aan de casus gekoppeld." in response.text
    case = _case(case.reference)
    assert (case.student.student_number, case.unit) == ("5008888", sibling)


def test_a_stale_form_can_be_sent_again_after_the_conflict(client, case, dean, counsellor):
    member = UserFactory(username="lid", roles=[RoleCode.CARE_TEAM])
    take_case(case, acting_user=counsellor)
    client.force_login(dean)
    url = reverse("cases:team", args=[case.reference])
    data = {"members": [member.pk], "reason": "Zorgoverleg erbij", "version": 1}
    conflict = client.post(url, data)
    assert conflict.status_code == 409
    fresh_version = _case(case.reference).version
    assert f'value="{fresh_version}"' in conflict.text
    again = client.post(url, {**data, "version": fresh_version}, follow=True)
    assert "Het casusteam is gewijzigd." in again.text
    assert list(_case(case.reference).members.all()) == [member]


def test_a_refused_action_is_logged_as_denied(client, case, dean):
    client.force_login(dean)
    assert client.get(reverse("cases:add_entry", args=[case.reference])).status_code == 403
    row = AccessLogEntry.objects.get(part="timeline_form")
    assert (row.outcome, row.user) == ("denied", dean)


def test_a_search_without_results_is_logged_with_its_query(client, counsellor):
    client.force_login(counsellor)
    client.get(reverse("cases:list"), {"lijst": "alle", "q": "Bestaat Niet"})
    row = AccessLogEntry.objects.get()
    assert (row.action, row.query, row.case_reference) == ("search", "Bestaat Niet", "")


def test_handing_over_ones_own_case_ends_on_the_list(client, case, counsellor, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    url = reverse("escalation:assign_handler", args=[case.reference])
    data = {
        "handler": colleague.pk,
        "reason": "Overdracht",
        "version": _case(case.reference).version,
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("cases:list")
    assert "Je hebt geen toegang meer" in response.text
    assert _case(case.reference).handler == colleague


def test_reassigning_keeps_the_review_date(case, counsellor, dean, unit):
    from escalation.services import assign_handler

    colleague = UserFactory(username="collega", roles=[RoleCode.COUNSELLOR], units=[unit])
    take_case(case, acting_user=counsellor)
    before = _case(case.reference).next_review
    assign_handler(_case(case.reference), handler=colleague, reason="Ziek", acting_user=dean)
    assert _case(case.reference).next_review == before


def test_the_history_shows_a_team_swap_as_one_change(client, case, counsellor):
    from cases.services import change_team

    first = UserFactory(username="eerste", roles=[RoleCode.CARE_TEAM], last_name="Eerste")
    second = UserFactory(username="tweede", roles=[RoleCode.CARE_TEAM], last_name="Tweede")
    take_case(case, acting_user=counsellor)
    change_team(_case(case.reference), members=[first], reason="Erbij", acting_user=counsellor)
    change_team(_case(case.reference), members=[second], reason="Wissel", acting_user=counsellor)
    client.force_login(counsellor)
    rows = client.get(reverse("cases:history", args=[case.reference])).context["rows"]
    swap = next(row for row in rows if row.reason == "Wissel")
    team = [c for c in swap.changes if c.label == "Casusteam"]
    assert [(c.old, c.new) for c in team] == [(first.get_full_name(), second.get_full_name())]


@pytest.mark.parametrize(
    "url",
    [
        "/casussen/?na=_%C2%B2",
        "/casussen/?na=_" + "9" * 5000,
        "/casussen/?na=x_1&sort=oudste",
        # A time at the calendar's edge: in UTC it falls before the year 1 (was a 500).
        "/casussen/?na=0001-01-01T00:00:00%2B14:00_1",
        "/casussen/?na=0001-01-01T00:00:00%2B14:00_1&sort=oudste",
        "/casussen/?na=9999-12-31T23:59:59-14:00_1",
    ],
)
def test_malformed_cursors_show_the_first_page(client, counsellor, url):
    client.force_login(counsellor)
    assert client.get(url).status_code == 200


def test_nul_bytes_are_refused_before_any_view(client, reporter):
    client.force_login(reporter)
    assert client.get("/casussen/%00/").status_code in (400, 404)
    response = client.post(reverse("cases:student_search"), {"student_query": "a\x00b"})
    assert response.status_code == 400


def test_a_strange_student_value_in_the_report_form_is_no_error(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("cases:report"), {"student": "²", "search": "1"})
    assert response.status_code == 200


def test_a_missing_file_is_a_404_not_a_crash(client, case, counsellor, private_root):
    from cases.services import add_attachment

    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile("a.txt", b"inhoud", "text/plain")
    attachment = add_attachment(
        _case(case.reference), upload=upload, description="", acting_user=counsellor
    )
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(counsellor)
    url = reverse("cases:download", args=[case.reference, attachment.pk])
    assert client.get(url).status_code == 404


def test_my_cases_open_on_the_open_ones_with_the_next_review_first(
    client, counsellor, reporter, student
):
    from escalation.services import close_case

    later, sooner, closed = (
        take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
        for _ in range(3)
    )
    today = datetime.date.today()
    for case, days in ((later, 20), (sooner, 3), (closed, 1)):
        Case.objects.filter(pk=case.pk).update(next_review=today + datetime.timedelta(days=days))
    close_case(
        Case.objects.get(pk=closed.pk), outcome="other", reason="Klaar", acting_user=counsellor
    )
    client.force_login(counsellor)

    page = client.get(reverse("cases:list"))
    shown = [case.reference for case in page.context["page"].cases]
    assert shown == [sooner.reference, later.reference]
    assert '<option value="open" selected>Alle open casussen</option>' in page.text
    assert '<option value="evaluatie" selected>' in page.text

    # A choice of their own replaces the defaults: all rungs, newest first.
    every = client.get(reverse("cases:list"), {"lijst": "mijn", "rung": "", "sort": "nieuwste"})
    shown = [case.reference for case in every.context["page"].cases]
    assert shown == [closed.reference, sooner.reference, later.reference]
    # The other lists keep their own order.
    everything = client.get(reverse("cases:list"), {"lijst": "alle"})
    assert closed.reference in everything.text

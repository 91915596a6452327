"""The tamper-evident access log: a hash chain over the rows, `verify_access_log` finding a
changed or removed row, and the privacy officer's daily signals of unusual access."""

import datetime
import logging
import threading
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import InboxItem
from audit import chain
from audit.anomalies import report_access_anomalies
from audit.models import AccessAnomaly, AccessLogEntry, ChainHead
from audit.services import log_case_access, log_denied_access, log_list_access
from tests.factories import UserFactory, report_case
from tests.query_helpers import queries_of

UTC = datetime.UTC
TODAY = datetime.date(2026, 3, 10)
YESTERDAY = TODAY - datetime.timedelta(days=1)
URL = reverse("audit:anomalies")


def _request(user, path="/casussen/"):
    request = RequestFactory().get(path, REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


def _read(user, case, *, basis="case_team", at=None):
    clock = mock.patch("django.utils.timezone.now", return_value=at) if at else mock.MagicMock()
    with clock:
        log_case_access(_request(user), case=case, part="detail", basis=basis)
    return AccessLogEntry.objects.latest("id")


def _tamper(sql, params=()):
    """Change the log behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the deferred foreign-key checks of this test's inserts first: PostgreSQL does
            # not alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslog_append_only"
            )
        else:
            # SQLite cannot switch a trigger off: drop the append-only triggers, put them back.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_accesslogentry'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslog_append_only"
            )
        else:
            for _name, trigger_sql in triggers:
                cursor.execute(trigger_sql)


@pytest.fixture
def rows(case, counsellor, reporter):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    log_list_access(
        _request(counsellor), cases_with_basis=[(case, "unit_pool"), (case, "unit_pool")], part="l"
    )
    log_denied_access(_request(reporter), case=case, part="detail")
    return list(AccessLogEntry.objects.order_by("id"))


def test_every_row_carries_the_hash_of_the_one_before(rows):
    previous = "0" * 64
    for row in rows:
        assert row.previous_hash == previous
        assert row.row_hash == chain.hash_of(previous, row)
        previous = row.row_hash
    head = ChainHead.objects.get()
    assert (head.last_hash, head.last_entry_id) == (previous, rows[-1].pk)
    assert chain.verify().ok


def test_verify_access_log_says_ok(rows, capsys):
    call_command("verify_access_log")
    out = capsys.readouterr().out
    assert f"OK: {len(rows)} regels, keten intact" in out


def test_an_altered_row_is_found(rows, capsys):
    target = rows[1]
    _tamper("UPDATE audit_accesslogentry SET basis = 'case_team' WHERE id = %s", [target.pk])
    verdict = chain.verify()
    assert (verdict.ok, verdict.problem, verdict.entry_id) == (False, "altered", target.pk)
    with pytest.raises(SystemExit) as stopped:
        call_command("verify_access_log")
    assert stopped.value.code == 1
    assert f"Regel {target.pk} is gewijzigd" in capsys.readouterr().err


def test_a_removed_row_is_found(rows, capsys):
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [rows[1].pk])
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("broken", rows[2].pk)
    with pytest.raises(SystemExit):
        call_command("verify_access_log")
    assert f"verbroken vóór regel {rows[2].pk}" in capsys.readouterr().err


def test_a_row_cut_off_the_end_is_found(rows):
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [rows[-1].pk])
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("truncated", rows[-2].pk)


def test_a_rewritten_row_with_a_recomputed_hash_still_breaks_the_next_link(rows):
    target = rows[1]
    target.basis = "case_team"
    forged = chain.hash_of(target.previous_hash, target)
    _tamper(
        "UPDATE audit_accesslogentry SET basis = 'case_team', row_hash = %s WHERE id = %s",
        [forged, target.pk],
    )
    assert (chain.verify().problem, chain.verify().entry_id) == ("broken", rows[2].pk)


def _rewrite_from(rows, index, **changes):
    """Alter a row and recompute every hash after it and the head, as a careful forger would."""
    previous = rows[index].previous_hash
    for number, row in enumerate(rows[index:]):
        if number == 0:
            for name, value in changes.items():
                setattr(row, name, value)
        row.previous_hash, row.row_hash = previous, chain.hash_of(previous, row)
        previous = row.row_hash
        _tamper(
            "UPDATE audit_accesslogentry SET basis = %s, previous_hash = %s, row_hash = %s "
            "WHERE id = %s",
            [row.basis, row.previous_hash, row.row_hash, row.pk],
        )
    ChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_an_anchor_catches_a_chain_rewritten_to_the_end(rows, capsys):
    call_command("verify_access_log")
    head = capsys.readouterr().out.split("Anker om te bewaren: ")[1].strip()
    assert head == f"{rows[-1].pk}:{rows[-1].row_hash}" == chain.verify().anchor
    _rewrite_from(rows, 1, basis="case_team")
    assert chain.verify().ok  # the chain alone cannot tell
    verdict = chain.verify(anchors=[chain.parse_anchor(head)])
    assert (verdict.ok, verdict.problem, verdict.entry_id) == (False, "rewritten", rows[-1].pk)
    with pytest.raises(SystemExit):
        call_command("verify_access_log", anchor=[head])
    assert f"Regel {rows[-1].pk} heeft niet meer de hash van het anker" in capsys.readouterr().err


def test_an_anchor_of_a_row_that_is_gone_is_caught(rows):
    head = chain.parse_anchor(chain.verify().anchor)
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [rows[-1].pk])
    ChainHead.objects.filter(pk=1).update(last_hash=rows[-2].row_hash, length=len(rows) - 1)
    assert chain.verify().ok
    verdict = chain.verify(anchors=[head])
    assert (verdict.problem, verdict.entry_id) == ("rewritten", rows[-1].pk)


def test_an_older_anchor_holds_after_new_rows_and_catches_a_rewrite_before_it(
    rows, case, counsellor
):
    older = chain.parse_anchor(chain.verify().anchor)
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    assert chain.verify(anchors=[older]).ok
    _rewrite_from(list(AccessLogEntry.objects.order_by("id")), 0, basis="case_team")
    assert chain.verify().ok
    assert chain.verify(anchors=[older]).problem == "rewritten"


def test_two_anchors_of_one_row_must_both_hold(rows):
    right = chain.parse_anchor(chain.verify().anchor)
    wrong = (right[0], "f" * 64)
    assert chain.verify(anchors=[right, right]).ok
    assert chain.verify(anchors=[right, wrong]).problem == "rewritten"


def test_rows_written_during_the_check_are_the_next_checks(rows, case, counsellor):
    """The head is read first: rows appended meanwhile are no false "truncated"."""
    head = ChainHead.objects.get(pk=1)
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    ChainHead.objects.filter(pk=1).update(
        last_hash=head.last_hash, last_entry_id=head.last_entry_id, length=head.length
    )  # the head as the check read it, before the new row
    verdict = chain.verify()
    assert (verdict.ok, verdict.checked, verdict.last_id) == (True, len(rows), rows[-1].pk)


@pytest.mark.parametrize("text", ["12", "x:" + "a" * 64, "12:" + "a" * 63, "12:" + "g" * 64])
def test_a_malformed_anchor_is_explained(rows, text):
    with pytest.raises(CommandError, match="Een anker heeft de vorm <regelnummer>:<hash"):
        call_command("verify_access_log", anchor=[text])


def test_the_nightly_report_writes_the_anchor_outside_the_database(
    rows, settings, tmp_path, caplog
):
    settings.ZW_ACCESS_LOG_ANCHOR_FILE = str(tmp_path / "ankers.txt")
    caplog.set_level(logging.INFO, logger="audit.anomalies")
    report_access_anomalies(today=TODAY)
    head = chain.verify().anchor
    assert f"access log anchor {head}" in caplog.text
    report_access_anomalies(today=TODAY)
    lines = (tmp_path / "ankers.txt").read_text().splitlines()
    assert [line.split(" ")[1] for line in lines] == [head, head]  # appended, never replaced


def test_an_unwritable_anchor_file_is_logged_and_the_officer_still_told(
    unusual, privacy_officer, settings, tmp_path, caplog
):
    settings.ZW_ACCESS_LOG_ANCHOR_FILE = str(tmp_path / "missing-folder" / "ankers.txt")
    with caplog.at_level(logging.INFO, logger="audit.anomalies"):
        assert report_access_anomalies(today=TODAY)
    assert InboxItem.objects.filter(user=privacy_officer, kind="access_anomalies").exists()
    assert "access log anchor not written" in caplog.text


def test_the_database_still_refuses_changes(rows):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=rows[0].pk).update(basis="none")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=rows[0].pk).delete()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(unit):
    reporter = UserFactory(username="melder-x")
    case = report_case(reporter=reporter, unit=unit)
    errors = []

    def write(n):
        try:
            for _i in range(n):
                log_case_access(_request(reporter), case=case, part="detail", basis="reporter")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(10,)) for _t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    verdict = chain.verify()
    assert verdict.ok and verdict.checked == AccessLogEntry.objects.count() >= 60


# --- Signals for the privacy officer ---------------------------------------------------------


def _at(hour, minute=0, day=YESTERDAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UTC)


@pytest.fixture
def unusual(case, counsellor, reporter, dean, settings):
    settings.ZW_ANOMALY_CASES_PER_DAY = 2
    settings.ZW_ANOMALY_DENIED_PER_DAY = 3
    _read(dean, case, basis="emergency", at=_at(9))
    for minute in range(3):
        with mock.patch("django.utils.timezone.now", return_value=_at(10, minute)):
            log_denied_access(_request(reporter), case=case, part="detail")
    for n in range(3):
        other = report_case(reporter=reporter, unit=case.unit, what=f"Zorg {n}")
        _read(counsellor, other, basis="unit_pool", at=_at(11, n))
    _read(counsellor, case, basis="unit_pool", at=_at(12, 0, day=TODAY))  # not yet reported


def test_the_daily_report_records_signals_and_tells_the_privacy_officer_without_names(
    unusual, privacy_officer, counsellor, reporter, dean, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = report_access_anomalies(today=TODAY)
    found = {(a.kind, a.user, a.count) for a in new}
    assert found == {("emergency", dean, 1), ("denied", reporter, 3), ("volume", counsellor, 3)}
    item = InboxItem.objects.get(user=privacy_officer)
    assert (item.kind, item.path) == ("access_anomalies", URL)
    assert report_access_anomalies(today=TODAY) == []  # safe to run twice
    assert InboxItem.objects.filter(user=privacy_officer).count() == 1
    from django.core import mail

    body = mail.outbox[-1].body
    assert dean.last_name not in body and reporter.username not in body


def test_below_the_thresholds_nothing_is_signalled(case, counsellor, reporter, settings):
    settings.ZW_ANOMALY_DENIED_PER_DAY = 3
    _read(counsellor, case, basis="unit_pool", at=_at(9))
    with mock.patch("django.utils.timezone.now", return_value=_at(10)):
        log_denied_access(_request(reporter), case=case, part="detail")
    assert report_access_anomalies(today=TODAY) == []


def test_a_broken_chain_becomes_a_signal(rows, privacy_officer):
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [rows[1].pk])
    new = report_access_anomalies()
    assert [a.kind for a in new] == ["chain"]
    assert str(rows[2].pk) in new[0].detail


def test_the_privacy_officer_reviews_a_signal_and_the_review_is_recorded(
    unusual, client, privacy_officer, dean
):
    report_access_anomalies(today=TODAY)
    emergency = AccessAnomaly.objects.get(kind="emergency")
    client.force_login(privacy_officer)
    page = client.get(URL).content.decode()
    assert dean.username in page and "Toegang op grond van een noodsituatie" in page
    assert f"user={dean.username}&amp;date_from={YESTERDAY}" in page
    review = reverse("audit:review_anomaly", args=[emergency.pk])
    refused = client.post(review, {f"a{emergency.pk}-conclusion": "measure"})
    assert refused.status_code == 400
    assert "Leg uit welke maatregel" in refused.content.decode()
    client.post(
        review,
        {f"a{emergency.pk}-conclusion": "justified", f"a{emergency.pk}-note": "Acute casus"},
    )
    emergency.refresh_from_db()
    assert (emergency.reviewed_by, emergency.conclusion, emergency.note) == (
        privacy_officer,
        "justified",
        "Acute casus",
    )
    assert emergency.reviewed_at is not None
    assert emergency.history.latest().history_user == privacy_officer
    again = client.post(review, {f"a{emergency.pk}-conclusion": "asked"}, follow=True)
    assert "Dit signaal is al beoordeeld." in again.content.decode()
    assert AccessLogEntry.objects.filter(part="access_anomalies", user=privacy_officer).exists()


def test_only_the_privacy_officer_reaches_the_signals(
    unusual, client, counsellor, functional_admin
):
    report_access_anomalies(today=TODAY)
    anomaly = AccessAnomaly.objects.first()
    for person in (counsellor, functional_admin):
        client.force_login(person)
        assert client.get(URL).status_code == 404
        review = reverse("audit:review_anomaly", args=[anomaly.pk])
        assert client.post(review, {f"a{anomaly.pk}-conclusion": "asked"}).status_code == 404
    anomaly.refresh_from_db()
    assert anomaly.reviewed_at is None


def test_the_signals_page_costs_the_same_queries_at_5_and_50(client, privacy_officer, unit):
    client.force_login(privacy_officer)
    counts = []
    for total in (5, 50):
        while AccessAnomaly.objects.count() < total:
            n = AccessAnomaly.objects.count()
            person = UserFactory(username=f"persoon{n}")
            AccessAnomaly.objects.create(kind="volume", user=person, day=YESTERDAY, count=40)
            if n % 2:
                AccessAnomaly.objects.create(
                    kind="denied",
                    user=person,
                    day=YESTERDAY,
                    count=4,
                    reviewed_by=privacy_officer,
                    reviewed_at=_at(12),
                    conclusion="asked",
                )
        counts.append(queries_of(client, URL))
    assert counts[0] == counts[1]

"""The tamper-evident access log: a hash chain over the rows, `verify_access_log` finding a
changed or removed row, and the privacy officer's daily signals of unusual access."""

import datetime
import html
import logging
import re
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import InboxItem
from audit import chain
from audit.anomalies import report_access_anomalies
from audit.models import AccessAnomaly, AccessLogEntry, AccessLogSeal, ChainHead, PendingSeal
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


TABLES = ("audit_accesslogentry", "audit_accesslogseal")
QUEUE = ("audit_accesslogentry", "audit_pendingseal")  # the log's insert trigger, the queue's


def _tamper(sql, params=(), *, tables=TABLES):
    """Change the log behind the application's back, as someone with database access could:
    with the triggers of `tables` off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the deferred foreign-key checks of this test's inserts first: PostgreSQL does
            # not alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            # SQLite cannot switch a trigger off: drop the tables' triggers, put them back.
            names = ", ".join(f"'{table}'" for table in tables)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({names})"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            for _name, trigger_sql in triggers:
                cursor.execute(trigger_sql)


def _remove(entry):
    """Take a row and its seal out of the log."""
    _tamper("DELETE FROM audit_accesslogseal WHERE entry_id = %s", [entry.pk])
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [entry.pk])


@pytest.fixture
def rows(case, counsellor, reporter):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    log_list_access(
        _request(counsellor), cases_with_basis=[(case, "unit_pool"), (case, "unit_pool")], part="l"
    )
    log_denied_access(_request(reporter), case=case, part="detail")
    assert chain.seal() == 4
    return list(AccessLogEntry.objects.select_related("seal").order_by("id"))


def test_every_seal_carries_the_hash_of_the_one_before(rows):
    previous = "0" * 64
    for position, row in enumerate(rows, start=1):
        assert row.seal.position == position
        assert row.seal.previous_hash == previous
        assert row.seal.row_hash == chain.hash_of(previous, row)
        previous = row.seal.row_hash
    head = ChainHead.objects.get()
    assert (head.last_hash, head.last_entry_id, head.length) == (previous, rows[-1].pk, 4)
    assert chain.verify().ok
    assert not PendingSeal.objects.exists()


def test_a_read_is_written_at_once_and_sealed_by_the_sealer(case, counsellor):
    """A request only inserts its row; until the sealer runs it waits, outside the chain."""
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    entry = AccessLogEntry.objects.get()
    assert PendingSeal.objects.get().entry == entry
    assert not AccessLogSeal.objects.exists()
    assert chain.backlog().count == 1
    assert chain.verify().checked == 0
    assert chain.seal() == 1
    assert entry.seal.position == 1 and not PendingSeal.objects.exists()
    assert chain.seal() == 0
    assert (chain.verify().ok, chain.verify().checked) == (True, 1)


def test_a_long_list_is_logged_in_order_with_every_field_in_several_statements(
    case, counsellor, reporter, student
):
    """An export logs a row per case: more than one INSERT holds on SQLite (999 parameters),
    and every row still gets each field, in the order shown, queued for the sealer."""
    others = [report_case(reporter=reporter, student=student) for _ in range(3)]
    shown = [case, *others] * 40  # 160 rows
    log_list_access(
        _request(counsellor, "/export/"),
        cases_with_basis=[(c, "unit_pool") for c in shown],
        part="export",
        query="somber",
    )
    rows = list(AccessLogEntry.objects.order_by("id"))
    assert [r.case_id for r in rows] == [c.pk for c in shown]
    assert [r.case_reference for r in rows] == [c.reference for c in shown]
    assert {r.at for r in rows} == {rows[0].at} and rows[0].at.tzinfo is not None
    row = rows[-1]
    assert (row.user, row.roles, row.part, row.action, row.outcome, row.basis) == (
        counsellor,
        ",".join(sorted(counsellor.role_codes)),
        "export",
        "list",
        "allowed",
        "unit_pool",
    )
    assert (row.query, row.reason, row.access_point, row.ip_address) == (
        "somber",
        "",
        "GET /export/",
        "10.1.2.3",
    )
    assert row.student_pseudonym == shown[-1].student_pseudonym
    assert PendingSeal.objects.count() == 160
    assert chain.seal() == 160 and chain.verify().ok


def test_a_row_with_a_field_missing_or_twice_is_refused(counsellor):
    request = _request(counsellor)
    shared = {
        "at": timezone.now(),
        "user_id": counsellor.pk,
        "roles": "",
        "part": "x",
        "action": "view",
        "outcome": "allowed",
        "query": "",
        "reason": "",
        "access_point": f"GET {request.path}",
        "ip_address": None,
    }
    row = {"case_id": None, "case_reference": "", "student_pseudonym": "", "basis": "none"}
    with pytest.raises(ValueError):
        chain.write({**shared, "basis": "none"}, [row])
    with pytest.raises(ValueError):
        chain.write({k: v for k, v in shared.items() if k != "roles"}, [row])
    with pytest.raises(ValueError):
        chain.write(shared, [{k: v for k, v in row.items() if k != "basis"}])
    chain.write(shared, [row])
    assert AccessLogEntry.objects.get().part == "x"


def test_the_sealer_works_off_a_backlog_in_steps(case, counsellor):
    log_list_access(_request(counsellor), cases_with_basis=[(case, "unit_pool")] * 7, part="cases")
    assert chain.seal(batch=3) == 7
    assert list(AccessLogSeal.objects.order_by("position").values_list("entry_id", flat=True)) == [
        *AccessLogEntry.objects.order_by("id").values_list("id", flat=True)
    ]
    assert chain.verify().checked == 7


def test_seal_access_log_seals_and_verify_tells_what_waits(case, counsellor, capsys):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    call_command("verify_access_log")
    assert "1 regel wacht nog op verzegeling" in capsys.readouterr().out
    call_command("seal_access_log")
    assert "1 regel verzegeld." in capsys.readouterr().out
    call_command("verify_access_log")
    out = capsys.readouterr().out
    assert "OK: 1 regels, keten intact" in out and "wachten" not in out


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
    _remove(rows[1])
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("broken", rows[2].pk)
    with pytest.raises(SystemExit):
        call_command("verify_access_log")
    assert f"verbroken vóór regel {rows[2].pk}" in capsys.readouterr().err


def test_a_removed_seal_is_found(rows):
    _tamper("DELETE FROM audit_accesslogseal WHERE entry_id = %s", [rows[1].pk])
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("broken", rows[2].pk)


def test_a_row_cut_off_the_end_is_found(rows):
    _remove(rows[-1])
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("truncated", rows[-2].pk)


def test_a_row_put_between_sealed_rows_is_found(rows, counsellor):
    """A forged row squeezed into the sealed past: the seals after it are renumbered and it is
    linked to the one before, yet the next seal still names the hash of its old predecessor."""
    fields = {name: getattr(rows[0], name) for name in chain.FIELDS}
    forged = AccessLogEntry.objects.create(**fields | {"user_id": counsellor.pk, "basis": "none"})
    _tamper("UPDATE audit_accesslogseal SET position = -position WHERE position >= 3")
    _tamper("UPDATE audit_accesslogseal SET position = 1 - position WHERE position < 0")
    before = rows[1].seal.row_hash
    AccessLogSeal.objects.create(
        position=3, entry=forged, previous_hash=before, row_hash=chain.hash_of(before, forged)
    )
    ChainHead.objects.filter(pk=1).update(length=len(rows) + 1)
    verdict = chain.verify()
    assert (verdict.problem, verdict.entry_id) == ("broken", rows[2].pk)


def test_a_row_taken_out_of_the_queue_is_found(rows, case, counsellor, capsys):
    """Neither sealed nor waiting: the row would be outside every check."""
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    stray = AccessLogEntry.objects.latest("id")
    _tamper("DELETE FROM audit_pendingseal WHERE entry_id = %s", [stray.pk], tables=QUEUE)
    verdict = chain.verify()
    assert (verdict.ok, verdict.problem, verdict.entry_id) == (False, "unchained", stray.pk)
    with pytest.raises(SystemExit):
        call_command("verify_access_log")
    assert f"Regel {stray.pk} staat niet in de keten" in capsys.readouterr().err


def test_a_row_written_past_the_queue_is_found(rows, counsellor):
    fields = {name: getattr(rows[0], name) for name in chain.FIELDS}
    _tamper(
        "INSERT INTO audit_accesslogentry (at, user_id, roles, part, action, outcome, basis, "
        "query, reason, access_point, case_reference, student_pseudonym) "
        "VALUES (%s, %s, '', 'detail', 'view', 'allowed', 'none', '', '', '-', '', '')",
        [fields["at"], counsellor.pk],
        tables=QUEUE,
    )
    stray = AccessLogEntry.objects.latest("id")
    assert not PendingSeal.objects.filter(entry=stray).exists()
    assert (chain.verify().problem, chain.verify().entry_id) == ("unchained", stray.pk)


def test_a_row_leaves_the_queue_only_when_sealed(case, counsellor):
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    with pytest.raises(DatabaseError, match="only when it is sealed"), transaction.atomic():
        PendingSeal.objects.all().delete()
    assert chain.seal() == 1 and not PendingSeal.objects.exists()


def test_a_rewritten_row_with_a_recomputed_hash_still_breaks_the_next_link(rows):
    target = rows[1]
    target.basis = "case_team"
    forged = chain.hash_of(target.seal.previous_hash, target)
    _tamper("UPDATE audit_accesslogentry SET basis = 'case_team' WHERE id = %s", [target.pk])
    _tamper("UPDATE audit_accesslogseal SET row_hash = %s WHERE entry_id = %s", [forged, target.pk])
    assert (chain.verify().problem, chain.verify().entry_id) == ("broken", rows[2].pk)


def _rewrite_from(rows, index, **changes):
    """Alter a row and recompute every hash after it and the head, as a careful forger would."""
    previous = rows[index].seal.previous_hash
    for number, row in enumerate(rows[index:]):
        if number == 0:
            for name, value in changes.items():
                setattr(row, name, value)
        row_hash = chain.hash_of(previous, row)
        _tamper("UPDATE audit_accesslogentry SET basis = %s WHERE id = %s", [row.basis, row.pk])
        _tamper(
            "UPDATE audit_accesslogseal SET previous_hash = %s, row_hash = %s WHERE entry_id = %s",
            [previous, row_hash, row.pk],
        )
        previous = row_hash
    ChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_an_anchor_catches_a_chain_rewritten_to_the_end(rows, capsys):
    call_command("verify_access_log")
    head = capsys.readouterr().out.split("Anker om te bewaren: ")[1].strip()
    assert head == f"{rows[-1].pk}:{rows[-1].seal.row_hash}" == chain.verify().anchor
    _rewrite_from(rows, 1, basis="case_team")
    assert chain.verify().ok  # the chain alone cannot tell
    verdict = chain.verify(anchors=[chain.parse_anchor(head)])
    assert (verdict.ok, verdict.problem, verdict.entry_id) == (False, "rewritten", rows[-1].pk)
    with pytest.raises(SystemExit):
        call_command("verify_access_log", anchor=[head])
    assert f"Regel {rows[-1].pk} heeft niet meer de hash van het anker" in capsys.readouterr().err


def test_an_anchor_of_a_row_that_is_gone_is_caught(rows):
    head = chain.parse_anchor(chain.verify().anchor)
    _remove(rows[-1])
    ChainHead.objects.filter(pk=1).update(last_hash=rows[-2].seal.row_hash, length=len(rows) - 1)
    assert chain.verify().ok
    verdict = chain.verify(anchors=[head])
    assert (verdict.problem, verdict.entry_id) == ("rewritten", rows[-1].pk)


def test_an_older_anchor_holds_after_new_rows_and_catches_a_rewrite_before_it(
    rows, case, counsellor
):
    older = chain.parse_anchor(chain.verify().anchor)
    log_case_access(_request(counsellor), case=case, part="detail", basis="unit_pool")
    chain.seal()
    assert chain.verify(anchors=[older]).ok
    everything = AccessLogEntry.objects.select_related("seal").order_by("id")
    _rewrite_from(list(everything), 0, basis="case_team")
    assert chain.verify().ok
    assert chain.verify(anchors=[older]).problem == "rewritten"


def test_two_anchors_of_one_row_must_both_hold(rows):
    right = chain.parse_anchor(chain.verify().anchor)
    wrong = (right[0], "f" * 64)
    assert chain.verify(anchors=[right, right]).ok
    assert chain.verify(anchors=[right, wrong]).problem == "rewritten"


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


@pytest.mark.parametrize(
    ("table", "change"),
    [("audit_accesslogentry", "basis = 'none'"), ("audit_accesslogseal", "row_hash = ''")],
)
def test_the_database_refuses_to_change_or_remove_rows_and_seals(rows, table, change):
    for sql in (f"UPDATE {table} SET {change}", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert chain.verify().ok


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
    chain.seal()


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
    chain.seal()
    assert report_access_anomalies(today=TODAY) == []


def test_rows_left_unsealed_too_long_are_named_then_sealed(case, counsellor, settings):
    """The sealer did not run (no beat): the nightly report names the rows that waited longer
    than the threshold, not the fresh one, seals them all and checks the chain with them."""
    settings.ZW_SEAL_ALERT_SECONDS = 600
    now = timezone.now()
    late = [_read(counsellor, case, at=now - datetime.timedelta(minutes=m)) for m in (30, 11)]
    _read(counsellor, case, at=now - datetime.timedelta(minutes=2))
    new = report_access_anomalies()
    assert [(a.kind, a.user, a.count) for a in new] == [("unsealed", None, 2)]
    assert new[0].detail == (
        f"2 regels wachten langer dan 10 minuten op verzegeling: {late[0].pk}, {late[1].pk}"
    )
    assert chain.backlog().count == 0
    assert (chain.verify().ok, chain.verify().checked) == (True, 3)
    assert report_access_anomalies() == []  # sealed now, and once a day


def test_the_health_check_and_the_privacy_officer_see_the_sealing_lag(
    case, counsellor, privacy_officer, client, settings
):
    settings.ZW_SEAL_ALERT_SECONDS = 60
    health, log = reverse("healthz"), reverse("audit:access_log")
    client.force_login(privacy_officer)
    assert "alle regels zijn verzegeld" in client.get(log).content.decode()
    chain.seal()  # the sealer's round after the officer's first view
    _read(counsellor, case, at=timezone.now() - datetime.timedelta(seconds=20))
    status = client.get(health)
    assert status.status_code == 200
    assert status.json()["access_log_sealing"] == "ok"
    assert status.json()["access_log_unsealed"] == 1
    assert 20 <= status.json()["access_log_oldest_unsealed_seconds"] < 60
    # 20 s, or a second or two more on a slow machine: the page counts from its own moment.
    waiting = re.search(r"1 nieuwe regel wacht nog \((\d+) s\)", client.get(log).content.decode())
    assert waiting and 20 <= int(waiting[1]) < 60
    chain.seal()
    _read(counsellor, case, at=timezone.now() - datetime.timedelta(minutes=5))
    status = client.get(health)
    assert status.status_code == 200  # for monitoring to alert on; the node itself is fine
    assert status.json()["access_log_sealing"] == "behind"
    page = client.get(log).content.decode()
    assert "De verzegeling in de hashketen loopt achter: de oudste regel wacht al 300" in page
    assert "(wachtende regels: 1)" in page
    chain.seal()
    assert client.get(health).json()["access_log_sealing"] == "ok"


def test_a_broken_chain_becomes_a_signal(rows, privacy_officer):
    _remove(rows[1])
    new = report_access_anomalies()
    assert [a.kind for a in new] == ["chain"]
    assert str(rows[2].pk) in new[0].detail


def test_a_signals_link_shows_every_row_of_its_utc_day_in_the_logs_local_dates(
    case, client, privacy_officer, dean
):
    # Signals count UTC days; the log filters by Amsterdam dates. 23:30 UTC on a signal's day
    # is 00:30 the next day in Amsterdam: the link must still show that row (it once did not).
    early = _read(dean, case, basis="emergency", at=_at(0, 30))
    late = _read(dean, case, basis="emergency", at=_at(23, 30))
    chain.seal()
    report_access_anomalies(today=TODAY)
    assert AccessAnomaly.objects.get(kind="emergency").count == 2
    client.force_login(privacy_officer)
    page = client.get(URL).content.decode()
    link = html.unescape(re.search(r'href="(/toegangslogboek/\?user=[^"]+)"', page)[1])
    assert f"date_from={YESTERDAY}&date_to={TODAY}" in link
    shown = client.get(link).context["rows"]
    assert {entry.pk for entry in shown} == {early.pk, late.pk}


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

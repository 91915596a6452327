# ruff: noqa: S603, S607, T201  a command-line script that runs wrk, psql and gunicorn
"""The benchmark kit (issue 9): load a tier into a dedicated PostgreSQL database, serve the app
with gunicorn (DEBUG off, 2 sync workers) on 127.0.0.1, sign in as the intended people, check
each page, and measure every page with wrk in interleaved rounds. See bench/README.md.

    .venv/bin/python bench/run.py --size L            # load, serve, measure, write the report
    .venv/bin/python bench/run.py --size L --reuse    # measure again on the loaded database
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
LOGIN_PATH = "/account/inloggen/"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "zw-bench-gunicorn.log"
# One line per request the workers finished, also those whose client had gone (wrk stops at
# its duration; the requests still queued are served afterwards): method, path, status, ms.
ACCESS_LOG = Path(tempfile.gettempdir()) / "zw-bench-access.log"
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(M)s"
WORKERS = 2
# Between pages the server drains: a /healthz request answered within DRAIN_QUICK_S, the
# workers and their database backends idle for DRAIN_IDLE_S (no CPU, no statement running),
# and /healthz quick once more.
DRAIN_PATH = "/healthz"
DRAIN_QUICK_S = 0.5
DRAIN_IDLE_S = 0.5
DRAIN_IDLE_TICKS = 2  # CPU ticks (of 1/CLK_TCK s) all of them may use in that window

# The goals of issue 9: (label, page, compared with, at least this factor).
GOALS = [
    ("counsellor case list ≥ 0.3× the floor", "cases_page1", "floor", 0.3),
    ("deep page ≥ 0.9× page 1", "cases_deep", "cases_page1", 0.9),
    ("case detail ≥ 0.25× the floor", "case_detail", "floor", 0.25),
    ("escalation POST ≥ 0.25× the floor", "escalation_post", "floor", 0.25),
    ("case list ≥ 8× the admin changelist", "cases_page1", "admin_changelist", 8.0),
    ("trends page ≥ 0.2× the floor (goal at tier N)", "trends", "floor", 0.2),
]


# Per page: statements counting rows of the case table in one request (bench middleware).
CASE_COUNTS = {}
COUNSELLOR_PATH = ("cases_page1", "cases_deep", "case_detail", "escalation_post")


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- The server's environment ----------------------------------------------------------------

CACHE_URL = "redis://127.0.0.1:6379/14"  # a Redis database of its own: the run empties it


def bench_env(database_url, static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="zorgwekkend.bench_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        # Plain HTTP on the loopback: no TLS redirect and no HSTS; cookies are still marked
        # secure and sent back by hand.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        # The second factor is checked once, at sign-in; the bench signs in with passwords.
        ZW_MFA_REQUIRED="0",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        PYTHONPATH=str(ROOT),
        # Requests only insert their access-log rows; the sealer beside the server links them
        # into the chain, as production's beat does (start_sealer).
        ZW_SEAL_ON_COMMIT="0",
    )
    env.pop("CELERY_BROKER_URL", None)  # tasks run eagerly, as in a broker-less web process
    # The cache is Redis, as in production (one for both workers); the run starts it empty.
    env["ZW_CACHE_URL"] = CACHE_URL
    return env


def manage(env, *args, quiet=True):
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)


def prepare_database(env, database, size, *, reuse):
    """A fresh database with the tier loaded (or the loaded one again with --reuse)."""
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", database):
        raise SystemExit(f"Refusing database {database!r}: its name must contain 'bench'.")
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    if not reuse:
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {database}"], check=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {database}"], check=True)
    manage(env, "migrate", "--no-input")
    timings = {}
    if not reuse:
        started = time.monotonic()
        manage(env, "seed_load", "--size", size, "--i-know-this-is-not-production", quiet=False)
        timings["seed_load_s"] = round(time.monotonic() - started, 1)
    manage(env, "collectstatic", "--no-input")
    # Figures kept from an earlier run on other data must not be measured (the trends page).
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    return timings


# --- Serving ---------------------------------------------------------------------------------


def start_gunicorn(env, port, workers, *, timeout):
    """gunicorn with `workers` sync workers; `timeout` seconds before a busy worker is killed
    (gunicorn's default, 30 s, would kill a slow page's workers at tier N instead of timing
    them)."""
    try:
        request(port, "GET", "/healthz")
    except OSError:
        pass
    else:
        raise SystemExit(f"Port {port} is taken by another server; choose one with --port.")
    command = [
        GUNICORN, "zorgwekkend.wsgi", "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout), "--graceful-timeout", "30",
        "--access-logfile", str(ACCESS_LOG), "--access-logformat", ACCESS_FORMAT,
        "--error-logfile", "-", "--log-level", "warning",
    ]  # fmt: skip
    ACCESS_LOG.write_text("")
    logfile = open(GUNICORN_LOG, "w")  # noqa: SIM115  closed by stop_gunicorn
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=logfile
    )
    for _ in range(100):
        try:
            status, _headers, _body = request(port, "GET", "/healthz")
            if status in (200, 503):
                return process, logfile
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not come up; see {GUNICORN_LOG}")


def start_sealer(env):
    """The access log's sealer every 5 s, as beat runs it in production; its PostgreSQL work
    counts in the pages' PostgreSQL CPU, its own Python CPU does not."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "seal_access_log", "--every", "5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def stop_gunicorn(process, logfile):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    logfile.close()


def worker_pids(master):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def postgres_pids(database):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if cmdline.startswith("postgres: ") and f" {database} " in cmdline:
                pids.append(int(entry.name))
    return pids


def cpu_ticks(pids):
    """{pid: utime + stime} of each process still alive."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def cpu_delta(before, after):
    # Processes that ended in between are left out rather than counted negative.
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


class PeakMemory:
    """The peak resident memory (VmHWM) of every worker seen, sampled after every page: a
    worker gunicorn replaced keeps the peak it had when it was last sampled."""

    def __init__(self):
        self.kb = {}  # pid: VmHWM in kB

    def sample(self, pids):
        """Sample `pids`; the peak of these workers now, in MB."""
        now = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                self.kb[pid] = max(self.kb.get(pid, 0), int(match.group(1)))
                now = max(now, self.kb[pid])
        return round(now / 1024, 1)

    def peak_mb(self):
        return round(max(self.kb.values(), default=0) / 1024, 1)

    def workers_seen(self):
        return len(self.kb)


# --- HTTP as a person ------------------------------------------------------------------------


def request(port, method, path, *, cookies=None, body=None, headers=None, timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    all_headers = {"Host": "127.0.0.1"}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    result = response.status, response.getheaders(), data
    connection.close()
    return result


def set_cookies(headers):
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    return cookies


def log_in(port, username, password):
    """Sign in through the login form; the session and CSRF cookies to send back."""
    status, headers, body = request(port, "GET", LOGIN_PATH)
    cookies = set_cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    status, headers, body = request(port, "POST", LOGIN_PATH, cookies=cookies, body=form)
    cookies.update(set_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        errors = re.findall(rb"(?:alert|invalid-feedback)[^>]*>([^<]+)<", body)
        raise SystemExit(f"Could not sign in as {username} (status {status}): {errors}")
    return cookies


# --- What is measured ------------------------------------------------------------------------


def discover(env):
    """Addresses that depend on the loaded data, found with the ORM (run in a child process so
    that this script needs no Django settings of its own)."""
    code = r"""
import json, django
django.setup()
from django.urls import NoReverseMatch, reverse
from accounts.models import User
from cases import permissions, selectors
from cases.models import Case, Rung
from core.paging import keyset_cursor
from loadgen.meetings import BENCH_MEETING_TITLE
from loadgen.training import ENROLMENT_SESSION_NOTE
from overleg.models import Meeting
from training.models import Course, Session
from django.db.models import Count

counsellor = User.objects.get(username="load-counsellor")
mine = selectors.cases_for_list(counsellor, selectors.CaseList.MINE)
ordered = mine.order_by("created_at", "id")
oldest = list(ordered[:26])
deep = keyset_cursor(oldest[-1].created_at, oldest[-1].pk) if len(oldest) > 25 else ""
detail = (
    Case.objects.filter(handler=counsellor, rung=Rung.SUPPORT)
    .annotate(n=Count("timeline")).order_by("-n", "id").first()
)
signable = list(
    Case.objects.filter(handler=counsellor, rung=Rung.SUPPORT).order_by("id")
    .values_list("reference", flat=True)[:4]
)
session = Session.objects.get(notes=ENROLMENT_SESSION_NOTE)
basic = Course.objects.order_by("id").first()
meeting = Meeting.objects.filter(title=BENCH_MEETING_TITLE).first()
def url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
print(json.dumps({
    "mine_count": mine.count(),
    "deep_cursor": deep,
    "detail": detail.reference,
    "detail_timeline": detail.n,
    "signable": signable,
    "enrol_session": session.pk,
    "course": basic.pk,
    "trends": url("overleg:trends"),
    "agenda": url("overleg:meeting_detail", meeting.pk) if meeting else "",
    "agenda_items": meeting.items.count() if meeting else 0,
    "reporters": list(User.objects.filter(username__startswith="lm").order_by("id")
                      .values_list("username", flat=True)[:16]),
}))
"""
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit("Finding the pages failed:\n" + out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


FRAMEWORK1 = {
    "own_safety": "moderate",
    "own_safety_motivation": "Benchmark: zorgen blijven.",
    "others_safety": "low",
    "others_safety_motivation": "Geen dreiging naar anderen.",
    "environment_safety": "none",
    "environment_safety_motivation": "Niet van toepassing.",
    "instrument_name": "",
    "instrument_level": "",
    "instrument_rationale": "",
}


def pages(found):
    """(name, who, method, paths, form) per page; the floor first."""
    q = urllib.parse.quote
    listing = "/casussen/?lijst=mijn"
    result = [
        ("floor", "load-reporter", "GET", ["/account/berichten/"], None),
        ("bare", "load-reporter", "GET", ["/bench-bare/"], None),
        ("cases_page1", "load-counsellor", "GET", [listing], None),
        ("cases_deep", "load-counsellor", "GET", [f"{listing}&na={q(found['deep_cursor'])}"], None),
        ("dean_all_cases", "load-dean", "GET", ["/casussen/?lijst=alle"], None),
        ("case_detail", "load-counsellor", "GET", [f"/casussen/{found['detail']}/"], None),
        (
            "escalation_post",
            "load-counsellor",
            "POST",
            [f"/escalatie/{ref}/afwegingskader-1/" for ref in found["signable"]],
            FRAMEWORK1,
        ),
        ("dean_inbox", "load-dean", "GET", ["/escalatie/verzoeken/"], None),
        ("training_sessions", "load-reporter", "GET", [f"/training/cursussen/{found['course']}/"],
         None),
        (
            "enrol_post",
            "reporters",
            "POST",
            [f"/training/sessies/{found['enrol_session']}/inschrijven/",
             f"/training/sessies/{found['enrol_session']}/uitschrijven/"],
            {},
        ),
        ("admin_changelist", "load-dean", "GET", ["/bench-admin/cases/case/"], None),
        ("home", "load-dean", "GET", ["/"], None),
    ]  # fmt: skip
    if found["agenda"]:
        result.append(("meeting_agenda", "load-careteam", "GET", [found["agenda"]], None))
    if found["trends"]:
        result.append(("trends", "load-dean", "GET", [found["trends"]], None))
    return result


LUA = r"""
local paths = {PATHS}
local cookies = {COOKIES}
local tokens = {TOKENS}
local method = "METHOD"
local body = BODY
local counter = 0
request = function()
  counter = counter + 1
  local who = (counter % #cookies) + 1
  local path
  if ALTERNATE then
    -- each person enrols, then cancels, then enrols again: contention on one session row
    path = paths[(math.floor((counter - 1) / #cookies) % #paths) + 1]
  else
    path = paths[(counter % #paths) + 1]
  end
  local headers = {Cookie = cookies[who], Host = "127.0.0.1"}
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = tokens[who]
  end
  return wrk.format(method, path, headers, method == "POST" and body or nil)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\"requests\": %d, \"duration_us\": %d, \"status_errors\": %d, " ..
    "\"socket_errors\": %d, \"p50_ms\": %.3f, \"p95_ms\": %.3f, \"p99_ms\": %.3f}\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def lua_script(page, sessions):
    name, who, method, paths, form = page
    people = sessions["reporters"] if who == "reporters" else [sessions[who]]

    def lua_list(items):
        return "{" + ", ".join(json.dumps(i) for i in items) + "}"

    cookie_values = [
        f"sessionid={c['sessionid']}; csrftoken={c.get('csrftoken', '')}" for c in people
    ]
    tokens = [c.get("csrftoken", "") for c in people]
    body = "nil"
    if form is not None:
        # No token in the body: Django would prefer it to each person's X-CSRFToken header.
        body = json.dumps(urllib.parse.urlencode(form))
    script = (
        LUA.replace("{PATHS}", lua_list(paths))
        .replace("{COOKIES}", lua_list(cookie_values))
        .replace("{TOKENS}", lua_list(tokens))
        .replace("METHOD", method)
        .replace("BODY", body)
        .replace("ALTERNATE", "true" if who == "reporters" else "false")
    )
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    handle.write(script)
    handle.close()
    return handle.name


def check_page(port, page, sessions):
    """Each address answers as the intended person: 200 (302 after a POST), not the login
    page; and how many queries one request costs."""
    name, who, method, paths, form = page
    person = sessions["reporters"][0] if who == "reporters" else sessions[who]
    queries = []
    for path in paths:
        body = None
        headers = {}
        if method == "POST":
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": person["csrftoken"]})
            headers["X-CSRFToken"] = person["csrftoken"]
        status, response_headers, content = request(
            port, method, path, cookies=person, body=body, headers=headers
        )
        location = dict(response_headers).get("Location", "")
        expected = 302 if method == "POST" else 200
        if status != expected or LOGIN_PATH in location or b'name="password"' in content:
            raise SystemExit(f"{name}: {method} {path} as {who} gave {status} {location}")
        queries.append(int(dict(response_headers).get("X-Bench-Queries", "0")))
        CASE_COUNTS[name] = max(
            CASE_COUNTS.get(name, 0), int(dict(response_headers).get("X-Bench-Case-Counts", "0"))
        )
    return max(queries)


def run_wrk(port, page, sessions, *, duration, connections, threads):
    """wrk's figures for one page, or a result that says why there are none."""
    script = lua_script(page, sessions)
    try:
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
             "--timeout", "30s", "-s", script, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True,
        )  # fmt: skip
    finally:
        os.unlink(script)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
    if out.returncode or line is None:
        # Reported as a page without figures; the other pages are still measured.
        log(f"{page[0]}: wrk failed ({out.returncode}): {(out.stderr or out.stdout)[-500:]}")
        return {"requests": 0, "duration_us": duration * 1_000_000, "status_errors": 0,
                "socket_errors": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "rps": 0.0,
                "failed": (out.stderr or out.stdout)[-500:]}  # fmt: skip
    result = json.loads(line[len("BENCH ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def busy_ticks(process, database):
    return cpu_ticks(worker_pids(process.pid) + postgres_pids(database))


def active_queries(database):
    """Statements running on the bench database: a worker that waits for a slow query or a
    row lock uses no CPU of its own."""
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc",
         f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' "  # noqa: S608
         "AND state = 'active' AND backend_type = 'client backend'"],
        capture_output=True, text=True,
    )  # fmt: skip
    return int(out.stdout.strip() or 0)


def drain(process, database, port, *, timeout):
    """Wait until the server has worked off what the page left queued (wrk stops at its
    duration; the requests it had sent are served afterwards, several seconds each for a slow
    page at tier N): /healthz answers quickly, the workers and their database backends are
    idle — no CPU used, no statement running (a poll can be served by one worker while the
    other is still busy) — and /healthz answers quickly again. Returns (seconds, drained
    within `timeout`)."""
    started = time.monotonic()
    stage = 0  # 0: wait for a quick answer, 1: for an idle window, 2: for a quick answer again
    while stage < 3:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            return round(time.monotonic() - started, 2), False
        if stage == 1:
            before = busy_ticks(process, database)
            time.sleep(DRAIN_IDLE_S)
            idle = cpu_delta(
                before, busy_ticks(process, database)
            ) <= DRAIN_IDLE_TICKS and not active_queries(database)
            stage = 2 if idle else 1
            continue
        asked = time.monotonic()
        try:
            request(port, "GET", DRAIN_PATH, timeout=max(left, 1))
        except OSError:  # timed out (the queue is still long) or the connection was reset
            stage = 0
            continue
        quick = time.monotonic() - asked <= DRAIN_QUICK_S
        stage = stage + 1 if quick else 0
    return round(time.monotonic() - started, 2), True


def served_since(offset):
    """The requests the workers finished since `offset` of the access log, without the drain's
    polls: [(path, status, ms)], and the new offset."""
    with ACCESS_LOG.open() as handle:
        handle.seek(offset)
        text = handle.read()
        end = handle.tell()
    served = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1] != DRAIN_PATH:
            served.append((parts[1], int(parts[2]), int(parts[3])))
    return served, end


def measure(process, database, port, page, sessions, args, memory):
    """One page: wrk for the duration, then the drain. CPU is counted from wrk's start until
    the server is drained and divided by the requests the workers finished in that time (also
    those wrk no longer waited for), so a slow page's tail is charged to it, not to the next
    page."""
    before_app = cpu_ticks(worker_pids(process.pid))
    before_db = cpu_ticks(postgres_pids(database))
    offset = ACCESS_LOG.stat().st_size
    result = run_wrk(
        port, page, sessions,
        duration=args.duration, connections=args.connections, threads=args.threads,
    )  # fmt: skip
    result["load1"] = os.getloadavg()[0]  # the machine's 1-minute load right after the page
    result["drain_s"], result["drained"] = drain(
        process, database, port, timeout=args.drain_timeout
    )
    served, _ = served_since(offset)
    app = cpu_delta(before_app, cpu_ticks(worker_pids(process.pid)))
    db = cpu_delta(before_db, cpu_ticks(postgres_pids(database)))
    per = max(len(served), 1)
    result["served"] = len(served)
    result["server_p50_ms"] = statistics.median(ms for *_, ms in served) if served else None
    result["app_cpu_ms"] = app * 1000 / CLK_TCK / per
    result["db_cpu_ms"] = db * 1000 / CLK_TCK / per
    result["worker_rss_mb"] = memory.sample(worker_pids(process.pid))
    return result


# --- Report ----------------------------------------------------------------------------------


MEDIAN_KEYS = (
    "rps", "p50_ms", "p95_ms", "p99_ms", "server_p50_ms", "app_cpu_ms", "db_cpu_ms", "drain_s",
)  # fmt: skip


def _median(values):
    """The median of the rounds that gave a figure (wrk gives no latency when it failed)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(rounds, queries, server, found, timings, args):
    names = list(rounds[0])
    medians = {}
    for name in names:
        row = {k: _median(r[name][k] for r in rounds) for k in MEDIAN_KEYS}
        row["errors"] = sum(r[name]["status_errors"] + r[name]["socket_errors"] for r in rounds)
        row["served"] = sum(r[name]["served"] for r in rounds)
        row["not_drained"] = sum(not r[name]["drained"] for r in rounds)
        row["queries"] = queries[name]
        row["case_counts"] = CASE_COUNTS.get(name, 0)
        medians[name] = row
    floor = medians["floor"]["rps"]
    admin = medians.get("admin_changelist", {}).get("rps")
    for row in medians.values():
        row["x_floor"] = row["rps"] / floor if floor else None
        row["x_admin"] = row["rps"] / admin if admin else None
    rss = server["peak_worker_rss_mb"]
    bare = medians.get("bare", {})
    if bare.get("rps") and floor:
        # How far the floor is from a bare login_required page served by the same stack.
        bare["floor_x_bare"] = floor / bare["rps"]
    goals = []
    for label, page, other, factor in GOALS:
        if page not in medians or other not in medians or not medians[other]["rps"]:
            # A page that completed no request in its window (wrk failed, or the server was
            # still busy after the drain timed out) gives no ratio: say so instead of dividing
            # by zero.
            goals.append({"goal": label, "status": "not measured"})
            continue
        ratio = medians[page]["rps"] / medians[other]["rps"]
        goals.append(
            {
                "goal": label,
                "ratio": round(ratio, 3),
                "status": "met" if ratio >= factor else "missed",
                "factor": round(ratio / factor, 2),
            }
        )
    counting = [name for name in COUNSELLOR_PATH if CASE_COUNTS.get(name)]
    goals.append(
        {
            "goal": "no COUNT(*) over the case table on the counsellor path",
            "ratio": ", ".join(counting) or "none",
            "status": "missed" if counting else "met",
        }
    )
    memory_goal = {
        "goal": "worker memory below 250 MB (goal at tier N)",
        "ratio": rss,
        "status": ("met" if rss < 250 else "missed") if rss else "not measured",
        "factor": round(250 / rss, 2) if rss else None,
    }
    goals.append(memory_goal)
    return {
        "size": args.size,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine()
        | {
            "load_before": timings.pop("load_before"),
            "load_during": _spread(r[name]["load1"] for r in rounds for name in r),
        },
        "settings": {
            "workers": WORKERS,
            "worker_class": "sync",
            "worker_timeout_s": args.worker_timeout,
            "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
            "rounds": args.rounds,
            "drain": {
                "quick_s": DRAIN_QUICK_S,
                "idle_s": DRAIN_IDLE_S,
                "timeout_s": args.drain_timeout,
            },
        },
        "data": found | timings,
        "pages": medians,
        "rounds": rounds,
        **server,
        "goals": goals,
    }


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split(":")[1].strip()
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": pg,
    }


def _spread(values):
    values = sorted(values)
    return {"min": values[0], "median": statistics.median(values), "max": values[-1]}


def _figure(value, digits):
    return "—" if value is None else f"{value:.{digits}f}"


def _minutes(seconds):
    return f"{int(seconds // 60)} min {int(seconds % 60)} s"


def markdown_floor_against_bare(pages):
    """One sentence: the floor against the bare login_required page of the same run."""
    floor, bare = pages.get("floor"), pages.get("bare")
    if not floor or not bare or not bare.get("floor_x_bare"):
        return []
    return [
        "",
        f"The floor against a bare `login_required` page (same stack, same run): "
        f"{floor['rps']:.1f} against {bare['rps']:.1f} req/s, the floor at "
        f"{bare['floor_x_bare']:.2f}× the bare page's throughput; app CPU "
        f"{_figure(floor['app_cpu_ms'], 2)} against {_figure(bare['app_cpu_ms'], 2)} ms, "
        f"PostgreSQL CPU {_figure(floor['db_cpu_ms'], 2)} against "
        f"{_figure(bare['db_cpu_ms'], 2)} ms, {floor['queries']} against {bare['queries']} "
        f"queries a request.",
    ]


def markdown(report):
    m, s = report["machine"], report["settings"]
    lines = [
        f"# Benchmark results — tier {report['size']}",
        "",
        f"Run {report['date']} on {m['cpu']} ({m['cores']} cores, {m['memory']}), Linux "
        f"{m['kernel']}, Python {m['python']}, PostgreSQL {m['postgresql']}; load average "
        f"{m['load_before']:.2f} before the run, {m['load_during']['median']:.2f} during it "
        f"(1-minute average after each page: {m['load_during']['min']:.2f}–"
        f"{m['load_during']['max']:.2f}). gunicorn {s['workers']} sync workers (timeout "
        f"{s['worker_timeout_s']} s), DEBUG off; wrk {s['wrk']}; medians of {s['rounds']} "
        f"interleaved rounds, the server drained after every page. Made by `bench/run.py` "
        f"in {_minutes(report['run_s'])}.",
        "",
        "| page | req/s | × floor | × admin | p50 ms | p95 ms | p99 ms | server p50 ms | "
        "served | drain s | queries | case COUNTs | app CPU ms | PG CPU ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in report["pages"].items():
        drain = _figure(row["drain_s"], 1)
        if row["not_drained"]:
            drain += f" ({row['not_drained']}× not drained)"
        lines.append(
            f"| {name} | {row['rps']:.1f} | {_figure(row['x_floor'], 3)} | "
            f"{_figure(row['x_admin'], 2)} | {_figure(row['p50_ms'], 1)} | "
            f"{_figure(row['p95_ms'], 1)} | {_figure(row['p99_ms'], 1)} | "
            f"{_figure(row['server_p50_ms'], 0)} | {row['served']} | {drain} | "
            f"{row['queries']} | {row.get('case_counts', 0)} | {_figure(row['app_cpu_ms'], 2)} | "
            f"{_figure(row['db_cpu_ms'], 2)} | {row['errors']} |"
        )
    restarts = report["workers_seen"] - s["workers"]
    lines += [
        "",
        f"Peak worker memory (VmHWM, sampled after every page): "
        f"{report['peak_worker_rss_mb']} MB. Workers replaced during the run: {restarts} "
        f"({report['worker_timeouts']} killed by gunicorn's timeout).",
        *markdown_floor_against_bare(report["pages"]),
        "",
        "## Goals (issue 9)",
        "",
        "| goal | measured | status | factor (measured ÷ goal) |",
        "|---|---:|---|---:|",
    ]
    for goal in report["goals"]:
        lines.append(
            f"| {goal['goal']} | {goal.get('ratio', '—')} | {goal['status']} | "
            f"{goal.get('factor', '—')} |"
        )
    data = report["data"]
    lines += [
        "",
        "## What was measured",
        "",
        "- floor: the inbox of `load-reporter`, who has no messages (session, user, roles, "
        "an empty list);",
        "- bare: a `login_required` view that answers a plain-text 'ok' (bench URL conf only): "
        "the product's middleware, session and user, no template and no query of its own — "
        "what the floor is compared with;",
        f"- cases_page1 / cases_deep: `load-counsellor`'s own cases ({data['mine_count']}), "
        f"page 1 and the oldest page by keyset cursor;",
        f"- case_detail: their support-rung case with the longest timeline "
        f"({data['detail_timeline']} entries), ladder panel and history rows;",
        "- escalation_post: signing weighing framework 1 (a new signed row and its history row "
        "under the case's row lock), rotating over four cases;",
        "- enrol_post: 16 people enrolling in and cancelling from one session of 20 seats at "
        "once (row lock, waitlist);",
        f"- meeting_agenda: a published care-meeting agenda with {data.get('agenda_items', 0)} "
        "case items (pseudonyms, access-log rows), read by `load-careteam`, an invitee who "
        "confirmed confidentiality and holds live grants;",
        "- trends: the care-meeting trends page of `load-dean` (aggregates in SQL);",
        "- home: `load-dean`'s home page, their work queue counted afresh on every request "
        "(escalation requests, reports left untaken, overdue reviews, meetings, actions);",
        "- admin_changelist: the Django admin changelist of the case model (exact count, OFFSET "
        "pages), registered only in the bench URL conf;",
        "- queries: per request, counted by the bench-only middleware;",
        "- served: requests the workers finished, summed over the rounds, including those still "
        "queued when wrk stopped (served after it); server p50: their median time inside the "
        "worker (gunicorn's access log), without the queueing in wrk's latencies; app and PG "
        "CPU per served request, counted from wrk's start until the server was drained;",
        f"- drain: after every page the kit waits until /healthz answers within "
        f"{s['drain']['quick_s']} s, the workers and their database backends are idle for "
        f"{s['drain']['idle_s']} s and /healthz answers quickly again (at most "
        f"{s['drain']['timeout_s']} s), so a slow page's queue is not measured as the next "
        f"page's.",
    ]
    if "seed_load_s" in data:
        lines.append(f"- loading the tier took {data['seed_load_s']} s (`seed_load`, COPY).")
    return "\n".join(lines) + "\n"


# --- Main ------------------------------------------------------------------------------------


def main():
    started = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["S", "L", "N"], default="L")
    parser.add_argument("--database", default="zorgwekkend_bench")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page per round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--password", default="demo")
    parser.add_argument(
        "--worker-timeout",
        type=int,
        default=300,
        help="seconds before gunicorn kills a busy worker (its default, 30, is too short for "
        "a slow page at tier N)",
    )
    parser.add_argument(
        "--drain-timeout",
        type=int,
        default=300,
        help="longest wait, in seconds, for the server to drain after a page",
    )
    # Not bench/ itself: bench/RESULTS.md puts the tiers' reports side by side, with notes.
    parser.add_argument("--out", default=str(ROOT / "bench" / "latest"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if subprocess.run(["redis-cli", "-u", CACHE_URL, "ping"], capture_output=True).returncode:
        raise SystemExit(f"Redis does not answer at {CACHE_URL} (the cache): start redis-server")
    static_root = Path(tempfile.mkdtemp(prefix="zw-bench-static-"))
    env = bench_env(f"postgres://postgres@127.0.0.1:5432/{args.database}", static_root)
    load_before = os.getloadavg()[0]
    timings = prepare_database(env, args.database, args.size, reuse=args.reuse)
    timings["load_before"] = load_before
    found = discover(env)
    memory = PeakMemory()
    process, logfile = start_gunicorn(env, args.port, WORKERS, timeout=args.worker_timeout)
    sealer = start_sealer(env)
    try:
        sessions = {u: log_in(args.port, u, args.password) for u in
                    ("load-reporter", "load-counsellor", "load-dean", "load-careteam")}  # fmt: skip
        sessions["reporters"] = [log_in(args.port, u, args.password) for u in found["reporters"]]
        plan = pages(found)
        queries = {page[0]: check_page(args.port, page, sessions) for page in plan}
        log("every page answers 200 as its person; queries: " + json.dumps(queries))
        memory.sample(worker_pids(process.pid))
        rounds = []
        for number in range(args.rounds):
            results = {}
            for page in plan:
                result = measure(process, args.database, args.port, page, sessions, args, memory)
                results[page[0]] = result
                log(
                    f"round {number + 1} {page[0]}: {result['rps']:.1f} req/s, "
                    f"{result['served']} served, drained in {result['drain_s']} s"
                    + ("" if result["drained"] else " (NOT drained)")
                )
            rounds.append(results)
    finally:
        memory.sample(worker_pids(process.pid))
        sealer.terminate()
        sealer.wait(timeout=20)
        stop_gunicorn(process, logfile)
        shutil.rmtree(static_root, ignore_errors=True)
    server = {
        "peak_worker_rss_mb": memory.peak_mb(),
        "workers_seen": memory.workers_seen(),
        "worker_timeouts": GUNICORN_LOG.read_text().count("WORKER TIMEOUT"),
    }
    report = summarise(rounds, queries, server, found, timings, args)
    report["run_s"] = round(time.monotonic() - started, 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "RESULTS.md").write_text(markdown(report))
    print(markdown(report))
    for goal in report["goals"]:
        print(f"{goal['status']:>12}  {goal['goal']}  (factor {goal.get('factor', '—')})")


if __name__ == "__main__":
    main()

# ruff: noqa: S603, S607, T201  a command-line script that runs psql and manage.py
"""Access-log appends per second with 1, 2, 4, 8 and 16 concurrent writers on PostgreSQL.

Each writer is a separate process that does what a request does when it reads case data: one
`log_case_access` (a detail page) or one `log_list_access` of 25 rows (a list page), each in its
own transaction, as fast as it can for `--seconds`. When the code has a sealer
(`audit.chain.seal`), one more process seals every second meanwhile, as the beat would, and the
report says how far behind it was at the end. The same script runs against an older checkout
(copy it there) to measure "before"; it only uses `audit.services`.

    .venv/bin/python bench/appends.py --database zorgwekkend_bench_appends --out /tmp/appends

Figures: total appends/s (a list page counts as one append of 25 rows), rows/s, the latency of
one append (p50, p95, max), and the share of the busy database backends found waiting on a lock
(pg_stat_activity sampled every 5 ms): a lock every writer shares shows there.
"""

import argparse
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(database):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="zorgwekkend.settings",
        DJANGO_DEBUG="0",  # debug keeps every query in memory: not what production does
        DJANGO_SECRET_KEY="bench-appends-not-secret-" + "x" * 30,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        ZW_SEAL_ON_COMMIT="0",  # the separate sealer seals, as in production
        PYTHONPATH=str(ROOT),
    )
    env.pop("CELERY_BROKER_URL", None)
    return env


def prepare(database, env):
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", database):
        raise SystemExit(f"Refusing database {database!r}: its name must contain 'bench'.")
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {database}"], check=True)
    subprocess.run([*psql, "-c", f"CREATE DATABASE {database}"], check=True)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )


def _setup(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _writer_user():
    from accounts.models import User

    user, _created = User.objects.get_or_create(username="bench-writer")
    return user


def writer(env, rows, seconds, ready, results):
    """Append as fast as one process can for `seconds` once every process is ready; report the
    latency of each append."""
    _setup(env)
    from django.test import RequestFactory

    from audit.services import log_case_access, log_list_access

    request = RequestFactory().get("/casussen/", REMOTE_ADDR="10.0.0.1")
    request.user = _writer_user()
    cases = [
        SimpleNamespace(pk=n, reference=f"ZW-2026-{n:04d}", student_pseudonym=f"S-{n:06d}")
        for n in range(1, rows + 1)
    ]
    pairs = [(case, "case_team") for case in cases]
    ready.wait()
    latencies, end = [], time.time() + seconds
    while time.time() < end:
        started = time.perf_counter()
        if rows == 1:
            log_case_access(request, case=cases[0], part="detail", basis="case_team")
        else:
            log_list_access(request, cases_with_basis=pairs, part="cases")
        latencies.append(time.perf_counter() - started)
    results.put(latencies)


def sealer(env, seconds, ready, results):
    """Seal every second during the run, as the beat task would; how many it sealed."""
    _setup(env)
    from audit import chain

    ready.wait()
    sealed, end = 0, time.time() + seconds
    while time.time() < end:
        sealed += chain.seal() or 0
        time.sleep(1)
    results.put(sealed)


def watch_waits(database, stop, counts):
    """Sample what the database's active backends wait on, every 5 ms, until `stop` is set: a
    lock every writer shares shows as many samples waiting on a heavyweight 'Lock'."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=database)
    connection.autocommit = True
    with connection.cursor() as cursor:
        while not stop.is_set():
            cursor.execute(
                "SELECT coalesce(wait_event_type, 'CPU') FROM pg_stat_activity "
                "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
                [database],
            )
            for (kind,) in cursor.fetchall():
                counts[kind] = counts.get(kind, 0) + 1
            time.sleep(0.005)
    connection.close()


def has_sealer(env):
    probe = "import audit.chain as c; print(hasattr(c, 'seal'))"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", probe], cwd=ROOT, env=env, capture_output=True
    )
    return out.stdout.decode().strip().endswith("True")


def backlog(env):
    probe = (
        "from audit import chain; b = chain.backlog(); print(b.count); "
        "chain.seal(); print(chain.verify().ok)"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", probe], cwd=ROOT, env=env, capture_output=True
    )
    count, ok = out.stdout.decode().split()[-2:]
    return int(count), ok == "True"


def verify(env):
    out = subprocess.run(
        [PYTHON, "manage.py", "verify_access_log"], cwd=ROOT, env=env, capture_output=True
    )
    return out.returncode == 0


def run_once(env, database, writers, rows, seconds, *, with_sealer):
    context = multiprocessing.get_context("spawn")
    results, sealed_box = context.Queue(), context.Queue()
    # Every process imported Django and connected before the clock starts.
    ready = context.Barrier(writers + (1 if with_sealer else 0))
    processes = [
        context.Process(target=writer, args=(env, rows, seconds, ready, results))
        for _n in range(writers)
    ]
    if with_sealer:
        processes.append(context.Process(target=sealer, args=(env, seconds, ready, sealed_box)))
    for process in processes:
        process.start()
    waits, stop = {}, threading.Event()
    watcher = threading.Thread(target=watch_waits, args=(database, stop, waits))
    watcher.start()
    latencies = []
    for _n in range(writers):
        latencies += results.get()
    sealed = sealed_box.get() if with_sealer else None
    stop.set()
    watcher.join()
    for process in processes:
        process.join()
    latencies.sort()
    result = {
        "writers": writers,
        "rows_per_append": rows,
        "appends": len(latencies),
        "appends_per_s": round(len(latencies) / seconds, 1),
        "rows_per_s": round(len(latencies) * rows / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        # Of the samples of busy backends, the share waiting on a heavyweight lock.
        "lock_wait_share": round(waits.get("Lock", 0) / max(sum(waits.values()), 1), 3),
        "waits": waits,
    }
    if with_sealer:
        waiting, chain_ok = backlog(env)
        result.update(sealed_during_run=sealed, unsealed_at_end=waiting, chain_ok=chain_ok)
    else:
        result.update(chain_ok=verify(env))
    return result


def markdown(report):
    lines = [
        f"Access-log appends, {report['seconds']} s per step, code at {report['commit']}, "
        f"sealer {'running (every 1 s)' if report['sealer'] else 'none (locked chain head)'}.",
        "",
        "| rows per append | writers | appends/s | rows/s | p50 ms | p95 ms | max ms | "
        "waiting on a lock | unsealed at end | chain |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        unsealed = r.get("unsealed_at_end", "-")
        lines.append(
            f"| {r['rows_per_append']} | {r['writers']} | {r['appends_per_s']} | "
            f"{r['rows_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | "
            f"{r['lock_wait_share']:.0%} | {unsealed} | "
            f"{'ok' if r['chain_ok'] else 'BROKEN'} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="zorgwekkend_bench_appends")
    parser.add_argument("--writers", default="1,2,4,8,16")
    parser.add_argument("--rows", default="1,25", help="rows per append, comma-separated")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--out", default=str(ROOT / "bench" / "latest"))
    args = parser.parse_args()
    env = environment(args.database)
    prepare(args.database, env)
    with_sealer = has_sealer(env)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results = []
    for rows in (int(n) for n in args.rows.split(",")):
        for writers in (int(n) for n in args.writers.split(",")):
            result = run_once(
                env, args.database, writers, rows, args.seconds, with_sealer=with_sealer
            )
            print(json.dumps(result), file=sys.stderr, flush=True)
            results.append(result)
    report = {
        "commit": commit,
        "seconds": args.seconds,
        "sealer": with_sealer,
        "cpus": os.cpu_count(),
        "results": results,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "appends.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "APPENDS.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()

"""Where a page's milliseconds go, measured in one process (issue 20 item 4).

The kit (`bench/run.py`) measures throughput through gunicorn and wrk; on a shared machine its
req/s swing. This script measures what one request costs, which holds still under load:

- **CPU per request**: Django's WSGI handler called in a loop in this process (the bench
  settings: production with DEBUG off, the Redis cache), signed in as the kit's people;
  `time.process_time()` for the app, utime+stime of the request's PostgreSQL backend
  (`/proc/<pid>/stat`) for the database; the minimum over the batches.
- **Where** (`--cprofile`): cProfile on the CPU clock, the functions with the most cumulative
  time, as shares of the request.

Run it against a database the kit loaded (`bench/run.py --size N --database
zorgwekkend_bench_n` leaves one):

    .venv/bin/python bench/per_request.py --database zorgwekkend_bench_n
    .venv/bin/python bench/per_request.py --database zorgwekkend_bench_n \
        --page cases_page1 --cprofile

It writes nothing but the access-log rows and sessions its requests make, as the kit does.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_URL = "redis://127.0.0.1:6379/13"  # not the kit's (14): both may run at once
STATIC_ROOT = Path(tempfile.gettempdir()) / "zorgwekkend-bench-static"


def configure(database):
    if "bench" not in database:
        raise SystemExit(f"Refusing database {database!r}: its name must contain 'bench'.")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="zorgwekkend.bench_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        ZW_MFA_REQUIRED="0",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ZW_SEAL_ON_COMMIT="0",
        ZW_CACHE_URL=CACHE_URL,
        DJANGO_STATIC_ROOT=str(STATIC_ROOT),  # the manifest of hashed names, as in production
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if not (STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def pages():
    """(name, username, path) of the pages the goals are about, with their baselines."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import Case, Rung

    counsellor = User.objects.get(username="load-counsellor")
    detail = (
        Case.objects.filter(handler=counsellor, rung=Rung.SUPPORT)
        .annotate(n=Count("timeline"))
        .order_by("-n", "id")
        .first()
    )
    return [
        ("floor", "load-reporter", "/account/berichten/"),
        ("bare", "load-reporter", "/bench-bare/"),
        ("cases_page1", "load-counsellor", "/casussen/?lijst=mijn"),
        ("case_detail", "load-counsellor", f"/casussen/{detail.reference}/"),
        ("admin_changelist", "load-dean", "/bench-admin/cases/case/"),
    ]


class Browser:
    """One signed-in person's requests straight into the WSGI handler: the whole middleware
    stack and the session, no HTTP server."""

    def __init__(self, username):
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import Client

        from accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username=username))
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        self.handler = WSGIHandler()

    def get(self, path):
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": self.cookie,
            "HTTP_ACCEPT_LANGUAGE": "nl",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        status = []
        body = b"".join(self.handler(environ, lambda s, h, *a: status.append(s)))
        if not status[0].startswith("200") or b'name="password"' in body:
            raise SystemExit(f"{path}: {status[0]} — not the page")
        return body


def backend_ticks():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def measure(browser, path, *, batch, batches):
    """(app ms, PostgreSQL ms) per request: the minimum over the batches."""
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    for _ in range(20):
        browser.get(path)
    apps, pgs = [], []
    for _ in range(batches):
        pg_before, app_before = backend_ticks(), time.process_time()
        for _ in range(batch):
            browser.get(path)
        app_after, pg_after = time.process_time(), backend_ticks()
        apps.append((app_after - app_before) * 1000 / batch)
        pgs.append((pg_after - pg_before) * tick_ms / batch)
    return min(apps), min(pgs), statistics.median(apps)


def profile(browser, path, *, requests, top):
    for _ in range(20):
        browser.get(path)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        browser.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(os.environ.get("ZW_PROFILE_SORT", "cumulative")).print_stats(top)
    return out.getvalue()


def say(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="zorgwekkend_bench_n")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--cprofile", action="store_true", help="where, instead of how much")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument(
        "--only-requests",
        type=int,
        metavar="N",
        help="serve the (one) page 10 + N times and measure nothing: run it under "
        "`valgrind --tool=callgrind` for N = 10 and N = 40; the difference of the "
        "instruction totals ÷ 30 is one request's, whatever the machine is doing",
    )
    args = parser.parse_args()
    configure(args.database)
    from django.core.cache import cache

    cache.clear()
    chosen = [p for p in pages() if not args.page or p[0] in args.page]
    browsers = {}
    floor = None
    for name, username, path in chosen:
        browser = browsers.setdefault(username, Browser(username))
        if args.only_requests is not None:
            for _ in range(10 + args.only_requests):
                browser.get(path)
            continue
        if args.cprofile:
            say(f"== {name} {path}")
            say(profile(browser, path, requests=args.batch, top=args.top))
            continue
        app, pg, app_median = measure(browser, path, batch=args.batch, batches=args.batches)
        if name == "floor":
            floor = app + pg
        ratio = f"  {floor / (app + pg):.3f}× the floor (by CPU)" if floor else ""
        say(
            f"{name:18} app {app:6.2f} ms (median {app_median:6.2f})  "
            f"PostgreSQL {pg:5.2f} ms{ratio}"
        )


if __name__ == "__main__":
    main()

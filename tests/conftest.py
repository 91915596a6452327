"""Fixtures shared by the whole suite: personas per role, and a browser on Debian's Chromium."""

import os

# Playwright's sync API runs an event loop in the test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402

from accounts.roles import RoleCode  # noqa: E402
from tests.factories import (  # noqa: E402
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
    report_case,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` prove what only PostgreSQL enforces; elsewhere they are
    deselected (reported as such), never silently skipped."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    selected = [item for item in items if "postgresql" not in item.keywords]
    deselected = [item for item in items if "postgresql" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_configure(config):
    from django.conf import settings

    _flush_past_sqlite_triggers()

    # Hashing passwords properly is slow by design; tests need speed, not secrecy.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Persistent connections from the live server's thread would keep test databases busy.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def _flush_past_sqlite_triggers():
    """Tests that commit (live server, real threads) end with a flush of every table. SQLite has
    no TRUNCATE: the flush deletes row by row, which the append-only triggers refuse, as they
    must in the app. So the flush takes the triggers off and puts the very same ones back;
    PostgreSQL's TRUNCATE passes its row triggers by itself."""
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    from django.db.backends.sqlite3.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class
    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        dropped = [f'DROP TRIGGER "{name}"' for name, _sql in triggers]
        return flush(self, [*dropped, *sql_list, *(sql for _name, sql in triggers)])

    DatabaseOperations.execute_sql_flush = execute_sql_flush


@pytest.fixture
def unit(db):
    return ProgrammeFactory(code="VPK", name="Verpleegkunde")


def _persona(username, role, units=()):
    return UserFactory(username=username, roles=[role], units=list(units))


@pytest.fixture
def reporter(unit):
    return _persona("melder", RoleCode.REPORTER, [unit])


@pytest.fixture
def counsellor(unit):
    return _persona("begeleider", RoleCode.COUNSELLOR, [unit])


@pytest.fixture
def dean(unit):
    return _persona("decaan", RoleCode.DEAN, [unit.parent])


@pytest.fixture
def care_team_member(db):
    return _persona("zorgteam", RoleCode.CARE_TEAM)


@pytest.fixture
def board_member(db):
    return _persona("bestuurder", RoleCode.BOARD)


@pytest.fixture
def contact_officer(db):
    return _persona("aanspreekpunt", RoleCode.CONTACT_OFFICER)


@pytest.fixture
def trainer(db):
    return _persona("trainer", RoleCode.TRAINER)


@pytest.fixture
def training_coordinator(db):
    return _persona("coordinator", RoleCode.TRAINING_COORDINATOR)


@pytest.fixture
def privacy_officer(db):
    return _persona("privacy", RoleCode.PRIVACY_OFFICER)


@pytest.fixture
def functional_admin(db):
    return _persona("beheerder", RoleCode.FUNCTIONAL_ADMIN)


@pytest.fixture
def outsider(db):
    """A signed-in staff member who holds no role at all."""
    return UserFactory(username="buitenstaander")


@pytest.fixture
def student(unit):
    return StudentFactory(
        student_number="5001234", first_name="Noor", last_name="Veenstra", programme=unit
    )


@pytest.fixture
def case(reporter, student):
    """A fresh report about `student`, in triage for the counsellors of `unit`."""
    return report_case(reporter=reporter, student=student)


@pytest.fixture
def private_root(settings, tmp_path):
    """Point the private file storage at a fresh folder for this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto in server mode) for this test process, started on
    first use; each xdist worker has its own on its own port."""
    from tests.s3_helpers import S3Server

    with S3Server() as server:
        yield server


@pytest.fixture
def s3_bucket(settings, s3_server):
    """Point the private storage at a fresh, empty bucket on the S3 server, as a deployment with
    ZW_S3_* set does; returns the bucket's name."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "core.s3.PrivateS3Storage", "OPTIONS": s3_server.options(bucket)},
    }
    return bucket


PERSONAS = {
    RoleCode.REPORTER: "reporter",
    RoleCode.COUNSELLOR: "counsellor",
    RoleCode.DEAN: "dean",
    RoleCode.CARE_TEAM: "care_team_member",
    RoleCode.BOARD: "board_member",
    RoleCode.CONTACT_OFFICER: "contact_officer",
    RoleCode.TRAINER: "trainer",
    RoleCode.TRAINING_COORDINATOR: "training_coordinator",
    RoleCode.PRIVACY_OFFICER: "privacy_officer",
    RoleCode.FUNCTIONAL_ADMIN: "functional_admin",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: it outlives the rollback of the test database, so
    trend figures kept for an earlier test's data would show in the next."""
    cache.clear()


@pytest.fixture
def persona(request):
    """The persona for a role code, for tests parametrised over roles (or 'outsider')."""
    return request.getfixturevalue(PERSONAS.get(request.param, "outsider"))


# --- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser build.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    # Reduced motion switches Bootstrap's colour transitions off, so axe measures a button's
    # contrast in its final state, not halfway between two colours (a hovered button after a
    # click once measured 4.21:1 mid-transition; both end states meet 4.5:1).
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "nl-NL",
        "reduced_motion": "reduce",
    }

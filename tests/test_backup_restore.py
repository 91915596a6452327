"""The documented backup and restore work: scripts/backup.sh dumps the database with pg_dump,
scripts/restore.sh loads it into a fresh database, and every case is there again."""

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cases.models import Case
from cases.services import add_attachment
from escalation.services import take_case
from tests.factories import report_case

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _url(name):
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(script, *args, env):
    return subprocess.run(
        [str(SCRIPTS / script), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _sql(database, query):
    """Rows of one query, run by psql against another database than the test's own."""
    result = subprocess.run(
        ["psql", _url(database), "-tAc", query], capture_output=True, text=True, check=True
    )
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore_{os.getpid()}"
    _sql("postgres", f'DROP DATABASE IF EXISTS "{name}"')
    _sql("postgres", f'CREATE DATABASE "{name}"')
    yield name
    _sql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_every_case(
    reporter, counsellor, student, private_root, tmp_path_factory, fresh_database
):
    for _ in range(3):
        take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
    case = Case.objects.first()
    upload = SimpleUploadedFile("verslag.txt", b"gesprek", "text/plain")
    attachment = add_attachment(case, upload=upload, description="", acting_user=counsellor)
    references = sorted(Case.objects.values_list("reference", flat=True))
    backups = tmp_path_factory.mktemp("backups")

    backup = _run(
        "backup.sh",
        backups,
        env={
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "ZW_PRIVATE_FILES_ROOT": str(private_root),
        },
    )
    assert backup.returncode == 0, backup.stderr
    dump, files = backup.stdout.split()
    assert oct(Path(dump).stat().st_mode)[-3:] == "600"

    restored_files = tmp_path_factory.mktemp("restored")
    restore = _run(
        "restore.sh",
        dump,
        files,
        env={"DATABASE_URL": _url(fresh_database), "ZW_PRIVATE_FILES_ROOT": str(restored_files)},
    )
    assert restore.returncode == 0, restore.stderr

    found = sorted(_sql(fresh_database, "SELECT reference FROM cases_case"))
    triggers = set(_sql(fresh_database, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
    history = int(_sql(fresh_database, "SELECT count(*) FROM cases_historicalcase")[0])
    assert found == references
    assert history >= len(references)
    assert {
        "audit_accesslog_append_only",
        "escalation_framework1_signed_immutable",
        "escalation_disclosure_decided_immutable",
    } <= triggers
    assert (restored_files / attachment.file.name).read_bytes() == b"gesprek"

    # Restoring over a database that is not empty is refused.
    again = _run("restore.sh", dump, env={"DATABASE_URL": _url(fresh_database)})
    assert again.returncode == 2
    assert "not empty" in again.stderr


@pytest.mark.parametrize("existing", [False, True])
def test_the_backup_folder_is_for_its_owner_only(case, tmp_path, existing):
    folder = tmp_path / "backups" / "nacht"
    if existing:
        folder.mkdir(parents=True, mode=0o755)
        folder.chmod(0o755)
    backup = _run(
        "backup.sh",
        folder,
        env={
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "ZW_PRIVATE_FILES_ROOT": str(tmp_path / "geen"),
        },
    )
    assert backup.returncode == 0, backup.stderr
    assert oct(folder.stat().st_mode)[-3:] == "700"
    (dump,) = backup.stdout.split()
    assert oct(Path(dump).stat().st_mode)[-3:] == "600"

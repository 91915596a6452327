"""What a production deployment relies on: settings from the environment, static files, compose."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3P!x9-q7Lz2mWv8Rt5Yn1Bc4Hd6Jf0Gs3Ka9Pe-w2Xu8Nb5Vc1Mz7",
    "DJANGO_ALLOWED_HOSTS": "zorgwekkend.hogeschool.example",
}


def manage(*args, env=None, unset=()):
    environment = {**os.environ, **(env or {})}
    # The test run's own switches must not leak into a production-like start.
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *unset):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable,value",
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/zw"),
        ("DATABASE_URL", "nonsense"),
        ("EMAIL_PORT", "twenty-five"),
        ("AXES_FAILURE_LIMIT", "0"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(variable, value):
    result = manage("check", env={variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    without_key = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=without_key, unset=["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_static_files_collect_with_the_production_storage(tmp_path):
    result = manage(
        "collectstatic",
        "--no-input",
        "-v0",
        env={**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap-5.3.9/bootstrap.min.css" in manifest
    assert "vendor/htmx-2.0.11/htmx.min.js" in manifest


def test_no_template_or_stylesheet_loads_from_another_host():
    external = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//""", re.I)
    files = [*ROOT.glob("templates/**/*.*"), *ROOT.glob("*/templates/**/*.*")]
    files += list(ROOT.glob("static/css/*.css"))
    offenders = [str(p.relative_to(ROOT)) for p in files if external.search(p.read_text())]
    assert files
    assert offenders == []


def test_compose_file_is_valid_against_the_compose_specification():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_web_worker_beat_database_broker_and_file_store_with_health_checks():
    from ruamel.yaml import YAML

    compose = YAML(typ="safe").load(ROOT / "docker-compose.yml")
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis", "minio", "minio-init"}
    long_running = {name: s for name, s in services.items() if s.get("restart") != "no"}
    assert all("healthcheck" in service for service in long_running.values())
    assert {"postgres-data", "redis-data", "minio-data"} <= set(compose["volumes"])
    assert "gunicorn" in services["web"]["command"]


def test_compose_keeps_private_files_in_a_store_only_the_app_reaches():
    from ruamel.yaml import YAML

    services = YAML(typ="safe").load(ROOT / "docker-compose.yml")["services"]
    for name in ("web", "worker", "beat"):
        app = services[name]
        assert app["environment"]["ZW_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert app["environment"]["ZW_S3_BUCKET"] == "zorgwekkend"
        assert app["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    assert "ports" not in services["minio"]
    assert "mc anonymous set none store/zorgwekkend" in services["minio-init"]["command"][0]


@pytest.mark.parametrize(
    "variable", ["DATABASE_LOCK_TIMEOUT_SECONDS", "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS"]
)
def test_a_bad_database_timeout_stops_the_start(variable):
    postgres = {"DATABASE_URL": "postgres://zw@127.0.0.1:5432/zw", variable: "soon"}
    result = manage("check", env=postgres)
    assert result.returncode != 0
    assert variable in result.stderr

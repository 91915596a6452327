"""Typed readers for environment variables; a bad value stops the start with the variable's name."""

import json
import os
import warnings

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name):
    return os.environ.get(name)


def env_str(name, default=None):
    value = _raw(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name, default):
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name, default, *, minimum=0):
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name, default):
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name, default):
    """A JSON object (a mapping of names), e.g. '{"SLB-er": "counsellor"}'."""
    value = _raw(name)
    if value is None:
        return dict(default)
    try:
        parsed = json.loads(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not valid JSON.") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name}={value!r} must be a JSON object ({{...}}).")
    return parsed


def env_database(name, default):
    """Parse a database URL (postgres://… or sqlite:///…) into Django's DATABASES entry."""
    value = _raw(name) or default
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown scheme is reported below, by name
            config = environ.Env.db_url_config(value)
    except Exception as error:  # environ raises several types for malformed URLs
        raise ImproperlyConfigured(f"{name}={value!r} is not a database URL: {error}") from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"{name}={value!r}: only sqlite:/// and postgres:// URLs are supported."
        )
    if engine.endswith("sqlite3") and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={value!r} names no SQLite file.")
    if engine.endswith("sqlite3"):
        # SQLite ignores row locks; taking the write lock when a transaction starts (and waiting
        # for it) makes concurrent writers queue instead of failing with "database is locked".
        config.setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    return config


def env_url(name, default):
    """An http(s) address with a host, e.g. 'http://minio:9000'."""
    value = _raw(name)
    if not value:
        return default
    scheme, _, rest = value.partition("://")
    if scheme not in {"http", "https"} or not rest.strip("/"):
        raise ImproperlyConfigured(f"{name}={value!r} is not an http:// or https:// address.")
    return value


def env_group(required, optional=None):
    """Settings that only work together, as {option: value}: every required variable set, or
    none of the group at all ({}). A partial group stops the start naming what is missing."""
    optional = optional or {}
    given = {key: _raw(name) for key, name in {**required, **optional}.items() if _raw(name)}
    if not given:
        return {}
    missing = [name for key, name in required.items() if key not in given]
    if missing:
        present = ", ".join(name for key, name in {**required, **optional}.items() if key in given)
        raise ImproperlyConfigured(
            f"{present} set without {', '.join(missing)}: set all of "
            f"{', '.join(required.values())}, or none."
        )
    return given

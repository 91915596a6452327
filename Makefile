# Zorgwekkend — the two commands that matter are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
PYTHON ?= python3
UV_VERSION := 0.13.9
# Use uv when the machine has it; otherwise bootstrap a private copy with pip.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_WORKERS ?= 2
# The local demo and the tests run with debug on; production leaves it off (the default).
export DJANGO_DEBUG ?= 1

.PHONY: help run test test-worker install messages chromium gettext migrate lint format

help:
	@echo "make run   - set everything up, load demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - set up what the tests need and run the whole suite"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced

gettext:
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext; }

messages: install gettext
	@$(MANAGE) compilemessages --ignore=.venv --ignore=.tools -v0

migrate: install
	$(MANAGE) migrate --no-input -v0

run: messages migrate
	$(MANAGE) seed_demo --history --unless-loaded
	@echo "Zorgwekkend: http://127.0.0.1:$(PORT)/ - log in als counsellor met wachtwoord demo (alle accounts: README.md)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: messages chromium
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Runs the tests marked `worker`: a real Celery worker, two web nodes; needs PostgreSQL and Redis.
test-worker: messages
	$(VENV)/bin/pytest -m worker $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DATABASE_URL=sqlite:///$$(mktemp -u).sqlite3 $(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Cellwise: `make run` serves the site with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test lint venv dev-venv check-python serve-setup clean screenshots

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Cellwise needs Python 3.12 or newer; found " + sys.version.split()[0] + ". Install 3.12+ (pyenv reads .python-version) and retry.")'

$(VENV)/.base-installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.base-installed

# Test-only tools (axe-core, Nu HTML checker); their checks skip with a reason without npm/java.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "NOTE: npm not found: HTML validity and accessibility checks will be skipped."; fi

venv: $(VENV)/.base-installed
dev-venv: $(VENV)/.dev-installed

serve-setup: venv
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py load_demo

run: serve-setup
	@echo "Serving Cellwise at http://127.0.0.1:8000 (SQLite, emails printed to this console)."
	@# The reminder sender runs beside the web server and stops when runserver exits.
	@$(DEV_ENV) $(PY) manage.py send_reminders --loop --sleep 30 & sender=$$!; \
	trap 'kill -TERM $$sender 2>/dev/null; wait $$sender 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# Import contracts (pyproject.toml [tool.importlinter], docs/ARCHITECTURE.md).
	$(VENV)/bin/lint-imports

test: dev-venv lint node_modules/.installed
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	@if [ ! -x /usr/bin/chromium ]; then echo "NOTE: /usr/bin/chromium not found: browser tests will be skipped (apt-get install chromium)."; fi
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Every inventory page at 375 and 1280 px into var/screenshots/ (open index.html there).
screenshots: dev-venv
	scripts/screenshots.sh

clean:
	rm -rf $(VENV) var

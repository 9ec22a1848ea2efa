# Decompress — `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000
PG_URL    ?= postgres://postgres@127.0.0.1:5432/test
# Database 1, not 0: the Redis pass flushes it between tests.
REDIS_TEST_URL ?= redis://127.0.0.1:6379/1
PYTEST    := $(VENV)/bin/pytest
# Browser tests, the Nu HTML check and the tests that start servers of their own: once per
# make test (on PostgreSQL when it answers), not once per database engine.
ONCE      := e2e or nu or process
# Test processes side by side (pytest-xdist). Two cores, but most of a browser test is
# waiting on the page, so three keep both busy; worksteal evens out the long tests.
TEST_WORKERS ?= 3
XDIST     := -n $(TEST_WORKERS) --dist worksteal
# Standards checkers nobody here wrote, from the npm registry (no browser or JRE download).
NODE_DIR  := $(VENV)/node
NODE_PKGS := vnu-jar@26.9.27 lighthouse@13.5.0
export PYTHONDONTWRITEBYTECODE := 1

# A Python >= 3.12: python3.13 / python3.12 on PATH (run, not just found: pyenv shims exist
# but fail), then what pyenv keeps under its root, then plain python3.
define FIND_PYTHON
for c in python3.13 python3.12 \
         "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.13*/bin/python3.13 \
         "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.12*/bin/python3.12 \
         python3; do \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v "$$c" 2>/dev/null || echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help run dev test check stress lint format bench audit chromium checkers wrk clean

help:
	@echo "make run    — set up and serve Decompress on http://$(HOST):$(PORT)"
	@echo "make test   — lint, migration check, deploy check, the suite on SQLite and PostgreSQL, shared state on Redis"
	@echo "make check  — lint and the unit and view tests on SQLite (no browser): the edit loop"
	@echo "make dev    — Django's runserver with DEBUG on"
	@echo "make lint   — ruff, the import layers (lint-imports), the type check (mypy)"
	@echo "make bench  — the performance benchmark (writes bench/results/latest.md)"
	@echo "make audit  — Lighthouse mobile scores of the main pages"

$(STAMP): pyproject.toml constraints.txt
	@python="$$( $(FIND_PYTHON) )" || { \
	  echo "Decompress needs Python 3.12 or newer (3.13 preferred) and none was found."; \
	  echo "Install one, e.g. 'apt-get install python3.13 python3.13-venv' or"; \
	  echo "'pyenv install 3.13', then run make again."; exit 1; }; \
	echo "Using $$python ($$("$$python" --version))"; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV) && "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

var/secret_key: | $(STAMP)
	@mkdir -p -m 700 var && chmod 700 var && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key.tmp \
	  && chmod 600 var/secret_key.tmp && mv var/secret_key.tmp var/secret_key

staticfiles/staticfiles.json: $(STAMP) $(shell find static -type f 2>/dev/null)
	$(PY) manage.py collectstatic --noinput -v0
	@touch $@

# A local server over plain HTTP: production settings, but the HTTPS-only cookies off.
run: $(STAMP) var/secret_key staticfiles/staticfiles.json
	$(PY) manage.py migrate --noinput -v1
	$(PY) manage.py check
	@echo "Decompress is starting on http://$(HOST):$(PORT) — Ctrl+C stops it."
	DJANGO_HTTPS=0 $(VENV)/bin/gunicorn decompress.wsgi --bind $(HOST):$(PORT) \
	  --workers 2 --access-logfile - --logger-class decompress.access_log.RedactingLogger \
	  --graceful-timeout 5

dev: $(STAMP) var/secret_key
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v1
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Debian's chromium for the browser tests: installed when missing and we can (root + apt).
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || { echo "apt-get could not install chromium"; [ "$$CI" != true ] || exit 1; }; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true: /usr/bin/chromium is missing and cannot be installed (needs root + apt-get)."; exit 1; \
	else \
	  echo "!!! /usr/bin/chromium is missing and cannot be installed here:"; \
	  echo "!!! BROWSER TESTS WILL BE SKIPPED. Install it with: sudo apt-get install chromium"; \
	fi

# The W3C Nu HTML checker (vnu-jar, on the machine's Java) and Lighthouse.
checkers: $(NODE_DIR)/.installed
$(NODE_DIR)/.installed: Makefile
	@if ! command -v java >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's Java runtime for the HTML checker…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null); fi
	@if command -v npm >/dev/null && command -v java >/dev/null; then \
	  npm install --prefix $(NODE_DIR) --no-audit --no-fund --ignore-scripts --loglevel=error $(NODE_PKGS) \
	    && touch $@; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true: npm and java are needed for the HTML checker."; exit 1; \
	else \
	  echo "!!! npm or java missing: HTML VALIDATION TESTS WILL BE SKIPPED (install nodejs, npm, default-jre-headless)."; \
	fi

# The edit loop: lint and the unit and view tests on SQLite, no browser, no servers.
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m "not ($(ONCE))" -n 2 --dist worksteal

# The gate CI runs (.ci/run): the unit and view tests on both engines; the browser, Nu and
# process tests once, on PostgreSQL when it answers (SQLite otherwise); what app servers
# share, again with Redis holding it.
test: $(STAMP) chromium checkers
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-production-secret-value \
	  DJANGO_ALLOWED_HOSTS=decompress.example DJANGO_HTTPS=1 \
	  $(PY) manage.py check --deploy --fail-level WARNING
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "=== SQLite: unit and view tests ==="; \
	  env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m "not ($(ONCE))" $(XDIST) || exit 1; \
	  echo "=== PostgreSQL ($(PG_URL)): unit and view tests; browser, Nu and process tests ==="; \
	  env -u REDIS_URL DATABASE_URL=$(PG_URL) $(PYTEST) $(XDIST) || exit 1; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true: no PostgreSQL server answers at $(PG_URL)."; exit 1; \
	else \
	  echo "!!! No PostgreSQL at $(PG_URL): the PostgreSQL run was SKIPPED (set PG_URL to point at one)."; \
	  echo "=== SQLite: the whole suite ==="; \
	  env -u DATABASE_URL -u REDIS_URL $(PYTEST) $(XDIST) || exit 1; \
	fi
	@# What app servers share (log-ins, counters, cache) again with Redis holding it, on
	@# PostgreSQL: the set-up of more than one machine, two app servers included. One
	@# process: the tests flush that Redis database between them.
	@if ! $(PY) -c "import redis; redis.Redis.from_url('$(REDIS_TEST_URL)', socket_connect_timeout=3).ping()" 2>/dev/null; then \
	  if [ "$$CI" = true ]; then echo "CI=true: no Redis server answers at $(REDIS_TEST_URL)."; exit 1; fi; \
	  echo "!!! No Redis at $(REDIS_TEST_URL): the Redis run was SKIPPED (set REDIS_TEST_URL to point at one)."; \
	elif $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "=== Shared state on PostgreSQL + Redis ($(REDIS_TEST_URL)) ==="; \
	  DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PYTEST) -m shared_state; \
	else \
	  echo "=== Shared state on SQLite + Redis ($(REDIS_TEST_URL)); no PostgreSQL, so no two-server test ==="; \
	  env -u DATABASE_URL REDIS_URL=$(REDIS_TEST_URL) $(PYTEST) -m shared_state; \
	fi

# The browser tests under load: RUNS times in a row (3 unless set) beside a CPU hog, one busy
# process per core, as make test runs them (on PostgreSQL when it answers); stops at the
# first failing run.
RUNS ?= 3
stress: $(STAMP) chromium
	@db=$$($(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null && echo "DATABASE_URL=$(PG_URL)"); \
	hogs=""; for _ in $$(seq $$(nproc)); do (while :; do :; done) & hogs="$$hogs $$!"; done; \
	trap 'kill $$hogs 2>/dev/null' EXIT; \
	for run in $$(seq $(RUNS)); do \
	  echo "=== Browser tests beside $$(nproc) busy processes: run $$run of $(RUNS) ==="; \
	  env -u DATABASE_URL -u REDIS_URL $$db $(PYTEST) -m e2e $(XDIST) || exit 1; \
	done

# Throughput and latency as ratios of /healthz, queries per page, first-load bytes.
bench: $(STAMP) wrk
	$(PY) bench/run.py

# Debian's wrk, the load generator of make bench: installed when missing and we can.
wrk:
	@if command -v wrk >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's wrk for the benchmark…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	    || { echo "apt-get could not install wrk"; exit 1; }; \
	else \
	  echo "make bench needs wrk and cannot install it here (needs root + apt-get):"; \
	  echo "install it with: sudo apt-get install wrk"; exit 1; \
	fi

# Lighthouse (mobile) on the main pages; fails below 100.
audit: $(STAMP) chromium checkers
	$(PY) bench/audit.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache test-artifacts

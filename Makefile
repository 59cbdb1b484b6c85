# Safe Space: `make run` to try it, `make test` for the whole suite, `make lint` before a commit.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PG_KEYS_URL ?= postgres://postgres@127.0.0.1:5432/safespace_keys
CHROMIUM ?= /usr/bin/chromium

.PHONY: help prerequisites install assets migrate run test test-sqlite test-postgres lint format chromium java pdf-libs bench fuzz

help:
	@echo "make run    set up everything and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test   run the whole test suite (SQLite, and PostgreSQL when it answers)"
	@echo "make lint   ruff, mypy and the import layers"
	@echo "make fuzz   send every form and the HR API many generated hostile values (FUZZ_EXAMPLES=200)"
	@echo "make bench  measure the hot paths on the production stack (BENCH_CASES=100000, BENCH_DB=sqlite|postgres)"

# Cheap, so run, test and lint check them every time: a tool removed since the last install
# then gets a sentence saying what to install, not a raw "command not found".
prerequisites:
	@command -v $(PYTHON) >/dev/null || { echo "Safe Space needs Python 3.11 or newer, and '$(PYTHON)' was not found. Install Python 3.11+ (or run: make run PYTHON=/path/to/python3.11)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "Safe Space needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Install Python 3.11+ or run: make run PYTHON=/path/to/python3.11"; exit 1; }
	@command -v node >/dev/null || { echo "Safe Space needs Node.js 20 or newer to build its styles, and 'node' was not found. Install Node.js 20+ from https://nodejs.org/"; exit 1; }
	@node -e 'process.exit(parseInt(process.versions.node) >= 20 ? 0 : 1)' || { echo "Safe Space needs Node.js 20 or newer; you have $$(node --version). Install Node.js 20+."; exit 1; }
	@command -v npm >/dev/null || { echo "Safe Space needs npm (it comes with Node.js), and 'npm' was not found."; exit 1; }

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory prerequisites
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@$(MAKE) --no-print-directory prerequisites
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/static/css/safespace.css: node_modules/.installed $(wildcard assets/*)
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed

assets: build/static/css/safespace.css

migrate: install
	SAFESPACE_ENV=development $(PY) manage.py migrate --noinput
	SAFESPACE_ENV=development $(PY) manage.py migrate --noinput --database keys
	SAFESPACE_ENV=development $(PY) manage.py createcachetable

# The worker runs background tasks (reminders and escalation) beside the server; the trap stops
# it however the server stops (Ctrl+C, an error, a port already in use).
run: prerequisites install assets pdf-libs migrate
	SAFESPACE_ENV=development $(PY) manage.py seed_demo
	@SAFESPACE_ENV=development $(PY) manage.py demo_sign_ins
	@echo "Serving Safe Space on http://127.0.0.1:$(PORT) with its task worker (Ctrl+C to stop)"
	@SAFESPACE_ENV=development $(PY) manage.py worker --keep-running & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	SAFESPACE_ENV=development $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; CI installs it, elsewhere install it yourself.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$CI" = "true" ]; then apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  else echo "Chromium is not at $(CHROMIUM): the browser tests will be skipped (apt-get install chromium)."; fi; \
	fi

# The Nu HTML Checker (vnu-jar, from npm ci) runs on Java; CI installs it, elsewhere install it yourself.
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$CI" = "true" ]; then apt-get install -y default-jre-headless || { apt-get update && apt-get install -y default-jre-headless; }; \
	  else echo "Java is missing: the HTML check of every page will be skipped (apt-get install default-jre-headless)."; fi; \
	fi

# The evaluation report is drawn by WeasyPrint, which needs Pango from the system.
pdf-libs:
	@if ! ldconfig -p | grep -q 'libpango-1.0.so'; then \
	  if [ "$$CI" = "true" ]; then apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 || { apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; }; \
	  else echo "Pango is missing: the evaluation report (PDF) needs it (apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)."; fi; \
	fi

# Both passes, each timed, and the two together; a failing SQLite pass stops there, as before.
test: prerequisites install assets chromium java pdf-libs
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory test-sqlite && $(MAKE) --no-print-directory test-postgres; \
	status=$$?; echo "Both passes took $$(( $$(date +%s) - start )) s."; exit $$status

# Tests run on every core (pytest-xdist; TEST_WORKERS=1 for one process). Each worker has its
# own databases; the browser journeys share one server and browser, so they stay on one worker.
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --dist loadgroup --durations=10

# A DATABASE_URL left in the shell must not turn the SQLite pass into a second PostgreSQL one.
test-sqlite:
	@start=$$(date +%s); \
	env -u DATABASE_URL -u KEYSTORE_DATABASE_URL SAFESPACE_ENV=test $(PY) -m pytest $(PARALLEL); \
	status=$$?; echo "The SQLite pass took $$(( $$(date +%s) - start )) s."; exit $$status

# In CI PostgreSQL is required; elsewhere it is skipped with a clear line when 5432 is silent.
# The browser journeys and the HTML check run on the SQLite pass only: neither what a browser
# does with a page nor the markup it is sent depends on the database.
test-postgres:
	@if $(PY) -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2)' 2>/dev/null; then \
	  start=$$(date +%s); \
	  SAFESPACE_ENV=test DATABASE_URL=$(PG_URL) KEYSTORE_DATABASE_URL=$(PG_KEYS_URL) $(PY) -m pytest -m "not e2e and not html_check" $(PARALLEL); \
	  status=$$?; echo "The PostgreSQL pass took $$(( $$(date +%s) - start )) s."; exit $$status; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is not answering on 127.0.0.1:5432, and CI requires the PostgreSQL pass."; exit 1; \
	else \
	  echo "Skipping the PostgreSQL pass: nothing answers on 127.0.0.1:5432."; \
	fi

# The hostile-input test at length: every form and the HR API, FUZZ_EXAMPLES sends each.
FUZZ_EXAMPLES ?= 200
fuzz: install assets
	env -u DATABASE_URL -u KEYSTORE_DATABASE_URL SAFESPACE_ENV=test FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/test_hostile_forms.py -q

lint: prerequisites install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SAFESPACE_ENV=test $(VENV)/bin/mypy safespace tests
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The production stack on loopback against a seeded database (cached under data/bench/, or in
# PostgreSQL databases of its own with BENCH_DB=postgres); see docs/performance.md. On PostgreSQL
# it also times the insight aggregates over BENCH_INSIGHT_CASES (1,000,000; 0 skips them). Never
# fails on a number. Variables given on the command line (make bench BENCH_DB=postgres) reach run.py.
bench: install
	$(PY) bench/run.py

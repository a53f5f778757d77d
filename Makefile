# Nastavnik: `make run` serves the demo site, `make test` runs every check.
# Both start from a fresh clone: they create .venv, install the pinned Python and npm
# packages, and install the few Debian packages the site and its tests need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets its own (see README.md).
export DEBUG ?= 1
# Python writes its compiled files (and pytest its rewritten test modules) to __pycache__, as
# by default, even where the environment sets PYTHONDONTWRITEBYTECODE: without them each run
# compiled the site and rewrote ~200 test modules' asserts again, and collecting the suite
# took 10 s in each pytest-xdist worker instead of 3 s.
export PYTHONDONTWRITEBYTECODE :=

# Pango and fonts for WeasyPrint (printed documents); ReportLab prints the registry in the
# same DejaVu fonts.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# Chromium for the browser tests, poppler-utils for reading PDFs in tests, gettext for the
# catalogue check.
TEST_APT_PACKAGES := chromium poppler-utils gettext
# `make bench`: wrk loads gunicorn (bench/load.py), pdfinfo counts the registry's pages.
BENCH_APT_PACKAGES := wrk poppler-utils

.PHONY: run dev test install system-deps test-system-deps lint typecheck migrations-check \
	pytest production-check messages clean lock audit bench

# `make run` serves the demo as its users will see it: DEBUG off, so a missing page or a
# refusal shows the site's own Russian page, with a secret key of this machine's own
# (var/secret_key, made the first time) and the static files collected for WhiteNoise.
# `make dev` is the same with DEBUG=1 (Django's technical error pages, for development).
run: DEBUG := 0
run: export SECRET_KEY_FILE ?= var/secret_key
run: export ALLOWED_HOSTS ?= $(HOST),localhost
run: export SECURE_COOKIES ?= 0
run: install var/static/staticfiles.json
	@echo "Обновление базы данных и загрузка демонстрационных данных…"
	@$(PY) manage.py migrate --no-input --verbosity 0
	@$(PY) manage.py load_demo
	@echo ""
	@echo "«Наставник»: http://$(HOST):$(PORT)/  (остановить: Ctrl+C)"
	@echo "Демонстрационные входы, пароль у всех «demo»:"
	@echo "  curator    - куратор программы"
	@echo "  director   - директор"
	@echo "  lead       - ответственный за формы «студент – студент», «студент – ученик»"
	@echo "  methodist  - методист, ответственный за формы «педагог – педагог», «педагог – студент»"
	@echo "  teacher    - преподаватель (представляет наставляемых)"
	@echo "  partner    - куратор школы-партнёра (представляет учеников своей школы)"
	@echo ""
	@echo "Большие документы готовит обработчик задач рядом с сервером (manage.py db_worker)."
	@$(PY) manage.py expire_documents
	@# The worker runs in the background and is stopped (SIGTERM: it finishes the document it
	@# is on) however runserver ends: Ctrl+C, an error, a port already in use.
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

dev:
	@$(MAKE) --no-print-directory run DEBUG=1

# The static files WhiteNoise serves with DEBUG off (hashed names, compressed), collected
# again only when one of them has changed.
var/static/staticfiles.json: $(shell find static -type f) node_modules/.installed $(VENV)/.installed
	@echo "Сбор статических файлов в var/static…"
	@$(PY) manage.py collectstatic --no-input --verbosity 0

test: install test-system-deps lint migrations-check typecheck pytest production-check

install: system-deps $(VENV)/.installed node_modules/.installed var/static

var/static:
	mkdir -p $@

# Every Python package, transitive ones included, at the version and with the hashes of
# requirements.lock (made by `make lock` from pyproject.toml's pins).
$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
		echo "$(PYTHON) cannot create a virtual environment; install python3-venv:" >&2; \
		echo "  sudo apt-get install python3-venv" >&2; exit 1; }
	@echo "Установка пакетов Python из requirements.lock в $(VENV)…"
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

# After changing a pin in pyproject.toml: writes requirements.lock anew (pip-tools, in a
# virtual environment of its own), then `make install` installs from it.
lock:
	$(PYTHON) -m venv var/lock-tools
	var/lock-tools/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	var/lock-tools/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras \
		--allow-unsafe --no-header --output-file requirements.lock pyproject.toml

# Known vulnerabilities of the locked packages (pip-audit asks PyPI's advisory database, so
# this needs the internet; a college network without it cannot run it).
audit:
	$(PYTHON) -m venv var/audit-tools
	var/audit-tools/bin/pip install --quiet --disable-pip-version-check pip-audit==2.10.1
	var/audit-tools/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip

node_modules/.installed: package.json package-lock.json
	@echo "Установка пакетов npm из package-lock.json в node_modules…"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Installs what is missing with apt-get when it can (root, apt present); otherwise stops
# and names the command to run.
system-deps:
	@./scripts/ensure-debian-packages $(APT_PACKAGES)

test-system-deps:
	@./scripts/ensure-debian-packages $(TEST_APT_PACKAGES)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

typecheck: install
	$(BIN)/mypy .

# Two processes (pytest-xdist; a module's tests stay together, so its fixtures are built
# once); the slowest tests are listed at the end so a regression shows.
pytest: install
	$(BIN)/pytest -n auto --dist loadscope --durations=15

# README's production commands (DEBUG=0, collectstatic, gunicorn) in a temporary folder,
# printing each kind of document: scripts/production_check.py.
production-check: install
	DEBUG=0 $(PY) scripts/production_check.py

# Refresh the Russian catalogue after changing user-facing strings: extract, drop what the
# code no longer says, compile. New entries come out empty; translate them in django.po.
messages: install
	$(PY) manage.py makemessages --locale ru --no-location --ignore ".venv/*" \
		--ignore "node_modules/*" --ignore "var/*" --ignore "tests/*" --ignore "bench/*"
	msgattrib --no-obsolete --output-file locale/ru/LC_MESSAGES/django.po \
		locale/ru/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --locale ru --ignore ".venv/*" --ignore "node_modules/*"

# Every benchmark of bench/, one after the other, each on a throw-away test database (SQLite,
# or DATABASE_URL's server), then one table of figures, baselines, ratios and targets
# (bench/_run.py says how a benchmark adds its rows; each one's output is in var/bench/).
bench: install
	@./scripts/ensure-debian-packages $(BENCH_APT_PACKAGES)
	$(PY) bench/_run.py

clean:
	rm -rf $(VENV) node_modules var/static

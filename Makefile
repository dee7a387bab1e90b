# Snitem working-group portal. `make run` starts it; `make test` tests it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --build-constraint build-constraints.txt
LOCALE_DIRS := locale groups/locale roadmap/locale projects/locale reminders/locale inbox/locale snitem_portal/locale webhooks/locale documents/locale search/locale discussion/locale meetings/locale joint/locale mailings/locale

.PHONY: run test lint screenshots bench bench-reminders bench-mailings bench-pages bench-http messages makemessages install install-dev migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt build-constraints.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PIP) -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.dev-installed

messages: install  ## compile the .po catalogues (pure Python: no gettext needed)
	@for dir in $(LOCALE_DIRS); do \
	  [ -d $$dir ] && $(BIN)/pybabel compile --use-fuzzy --domain django --directory $$dir --statistics 2>&1 | grep -v '^$$' || true; \
	done

makemessages: install  ## refresh the English catalogues from the French source strings
	$(BIN)/python manage.py makemessages --locale en --ignore '.venv/*' --ignore 'data/*'

run: export DJANGO_DEBUG ?= 1
run: DATA_DIR = $(or $(PORTAL_DATA_DIR),data)
run: install messages  ## web server, Celery worker and beat on http://127.0.0.1:8000/ (PORT=8001 for another port)
	mkdir -p $(DATA_DIR)/celery-queue $(DATA_DIR)/celery-processed $(DATA_DIR)/celery-control
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python snitem_portal/devrun.py

test: install-dev messages
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings snitem_portal.settings_test
	$(BIN)/pytest $(PYTEST_ARGS)

bench: bench-reminders bench-mailings bench-pages bench-http  ## every benchmark (see docs/performance.md)

bench-reminders: install-dev  ## 10,000 reminders through a real worker on Redis into a local SMTP sink (see docs/reminders.md)
	$(BIN)/python bench/reminders.py

bench-mailings: install-dev  ## a mailing to 10,000 members through a real worker on Redis into a local SMTP sink (see docs/mailings.md)
	$(BIN)/python bench/mailings.py

bench-pages: install-dev  ## synthesis (500 companies) and ranking (200 applications) pages and exports, then pages that grow with the data at scales 1 and 20 (see docs/performance.md)
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/growth.py

bench-http: install-dev  ## pages and endpoints under gunicorn and wrk, against a bare Django floor (see docs/performance.md)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/http_load.py

screenshots: install-dev messages  ## the main pages from the demo data at 1280 and 390 px into docs/screenshots/ (PostgreSQL, Chromium)
	$(BIN)/python bench/screenshots.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates */templates --lint

clean:
	rm -rf $(VENV) data

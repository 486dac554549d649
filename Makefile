# Kennisplein: `make run` serves the platform with demo content, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The install is redone only when pyproject.toml changes.
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers: pytest-xdist spreads the suite over the machine's cores.
TEST_WORKERS ?= auto

.PHONY: run test lint format bench messages setup clean services opensearch services-stop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py seed_demo

run: setup
	@echo "Kennisplein runs at http://$(HOST):$(PORT)/ (Wagtail admin: /admin/). Ctrl-C stops it."
	$(BIN)/daphne -b $(HOST) -p $(PORT) portal.asgi:application

test: $(STAMP)
	$(BIN)/python manage.py compile_translations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python manage.py compile_translations
	$(BIN)/python bench/run.py

# PostgreSQL 15 and Redis 7 on 127.0.0.1 (installed from Debian's packages when missing, as root);
# `make opensearch` adds an OpenSearch 2.19 node on :9200. Idempotent; `make services-stop` ends all.
services:
	deploy/services.sh

opensearch:
	deploy/services.sh opensearch

services-stop:
	deploy/services.sh stop

# For developers who change UI text: needs GNU gettext's xgettext (Debian package gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale nl --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(BIN)/python manage.py compile_translations

clean:
	rm -rf $(VENV) var db.sqlite3 bench/results

# `make run` and `make test` are the two commands a new developer needs (see README.md).
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export PORT HOST

.PHONY: run test lint format pytest bench messages demo clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo --base-url http://$(HOST):$(PORT) > var/demo.json
	@$(BIN)/python scripts/show-demo.py var/demo.json
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --no-prefix -f Procfile

test: lint pytest

pytest: $(VENV)/.dev
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev
	$(BIN)/pytest tests/triage/test_benchmark.py --benchmark-enable --benchmark-columns=min,mean,median,ops -q

messages: $(VENV)/.dev
	$(MANAGE) makemessages -l da -l en -l tr --no-location --ignore=.venv
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var db.sqlite3

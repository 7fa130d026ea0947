# `make run` and `make test` are the two commands a new developer needs (see README.md).
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export PORT HOST

.PHONY: run test lint format pytest bench bench-queue messages demo clean

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

# The escalation queue against 1 million entries, in a throwaway PostgreSQL database whose name
# must end in _bench (created if missing, emptied and refilled on every run; see README.md).
# e.g. make bench-queue BENCH_QUEUE_ARGS="--entries 200000 --escalations 2000" or "--keep".
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/aftercare_bench
BENCH_QUEUE_ARGS ?=

define CREATE_BENCH_DB
import os, sys, psycopg
from psycopg import sql
from urllib.parse import urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
if not name.endswith("_bench"):
    sys.exit(f"Refusing: the benchmark database must be named *_bench, not {name!r}")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
endef
export CREATE_BENCH_DB

bench-queue: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench-queue: export DJANGO_SETTINGS_MODULE = config.settings.local
bench-queue: export DJANGO_SECRET_KEY = bench-only-not-secret
bench-queue: $(VENV)/.runtime
	$(BIN)/python -c "$$CREATE_BENCH_DB"
	$(MANAGE) migrate --noinput
	$(MANAGE) bench_queue $(BENCH_QUEUE_ARGS)

messages: $(VENV)/.dev
	$(MANAGE) makemessages -l da -l en -l tr --no-location --ignore=.venv
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var db.sqlite3

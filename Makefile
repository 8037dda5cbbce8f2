# Piiri: `make run` serves it, `make test` checks everything. Both start from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint unit unit-postgres bench bench-login-flood migrate vendor vendor-verify messages system-deps clean

$(BIN)/piiri: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/piiri

install: $(BIN)/piiri

migrate: install
	$(BIN)/piiri migrate

run: install
	$(BIN)/piiri migrate
	$(BIN)/piiri serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite twice: on SQLite files, then on private PostgreSQL databases that the session
# creates (piiri_test_<random>_<n>) on PIIRI_TEST_POSTGRES and drops at its end.
PIIRI_TEST_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/postgres

unit: install
	$(BIN)/python -m pytest

unit-postgres: install
	PIIRI_TEST_POSTGRES=$(PIIRI_TEST_POSTGRES) $(BIN)/python -m pytest

# The browser and multi-process tests drive Debian's Chromium and a private redis-server.
system-deps:
	bash scripts/install-system-deps.sh

test: system-deps lint unit unit-postgres

# The fan-out benchmark (bench/, docs/performance.md). A small run by default, in about a
# minute; `make bench BENCH_ARGS=--full` runs the sizes of the targets (2,000 and 5,000 phones).
BENCH_ARGS ?=
bench: install system-deps
	$(BIN)/python -m bench $(BENCH_ARGS)

# How fast a phone joins while 32 clients post wrong passwords (docs/performance.md).
bench-login-flood: install
	$(BIN)/python -m bench.login_flood

# Re-fetch htmx and its WebSocket extension from the npm registry and verify them
# against the SHA-256 sums recorded in static/vendor/VENDOR.json.
vendor: install
	$(BIN)/python scripts/vendor_assets.py fetch

vendor-verify: install
	$(BIN)/python scripts/vendor_assets.py verify

# Re-extract translatable strings into translations/messages.pot and update the catalogues.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -o translations/messages.pot --no-location --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) var/*.db

# Piiri: `make run` serves it, `make test` checks everything. Both start from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-serve lock upgrade run test quick test-in-process test-on-sqlite test-on-postgres test-browsers test-processes lint bench bench-login-flood migrate vendor vendor-verify messages system-deps clean

# Installs come from the locks in requirements/ (pip-compile output with every file's SHA-256;
# docs/operations.md says why), with plain pip: `make run` installs only what serving needs
# (serve.txt), `make test` and CI the dev set (dev.txt), so a fresh machine gets exactly the
# versions that were tested. Piiri itself goes in last, editable, without resolving anything.
# --no-build-isolation: its build backend (setuptools) is pinned in the lock too.
define install_lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r $(1)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
endef

$(VENV)/.installed-serve: requirements/serve.txt pyproject.toml
	$(call install_lock,requirements/serve.txt)
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml
	$(call install_lock,requirements/dev.txt)
	touch $@ $(VENV)/.installed-serve

install-serve: $(VENV)/.installed-serve

install: $(VENV)/.installed-dev

# After editing pyproject.toml's dependencies: `make lock` adds what is new and keeps every
# other pin; `make upgrade` moves every pin to the newest release pyproject.toml allows. Both
# rewrite requirements/*.txt; commit them. tests/test_lock.py (in `make test`, so in CI) fails
# while the locks and pyproject.toml disagree. pip-tools runs in a venv of its own.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
COMPILE = CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps \
	--no-emit-find-links --no-emit-index-url --strip-extras

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet '$(PIP_TOOLS)'

lock: $(LOCK_VENV)/bin/pip-compile
	$(COMPILE) $(LOCK_ARGS) --output-file requirements/serve.txt pyproject.toml
	$(COMPILE) $(LOCK_ARGS) --extra dev --constraint requirements/serve.txt \
		--output-file requirements/dev.txt pyproject.toml

upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

migrate: install
	$(BIN)/piiri migrate

run: install-serve
	$(BIN)/piiri migrate
	$(BIN)/piiri serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The tests come in tiers (markers, sorted by tests/support/tiers.py): domain tests; `db` tests,
# in process but on a database; and the real parts, `browser` and `multiprocess` tests, which
# drive Chromium or start uvicorn processes and a private redis-server. PostgreSQL passes create
# private databases (piiri_test_<random>_<n>) on PIIRI_TEST_POSTGRES and drop them at their end.
PIIRI_TEST_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/postgres
# Bytecode is written (into the ignored __pycache__/) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, as on the CI machine): each pytest worker and every uvicorn the
# tests start otherwise compiled Piiri and rewrote the tests' asserts afresh, 6 s of a 9.5 s
# collection.
export PYTHONDONTWRITEBYTECODE :=
PYTEST := $(BIN)/python -m pytest
# Each lane of `make test` ends with its ten slowest tests: where the time goes as it grows.
SLOWEST := --durations=10
ON_POSTGRES := PIIRI_TEST_POSTGRES=$(PIIRI_TEST_POSTGRES)
QUICK_TESTS := not browser and not multiprocess
DB_TESTS := db and not browser and not multiprocess
BROWSER_TESTS := browser
PROCESS_TESTS := multiprocess and not browser

# The domain and in-process tests on SQLite files, without browsers or extra processes, spread
# over every core (pytest-xdist): about 80 s on two cores (issue 12 asks under a minute), the
# tier to run while working. (`make test` runs its lanes side by side instead, one process
# each.) PIIRI_QUICK: property tests try a quarter of their examples here
# (tests/support/examples.py), all of them in CI.
QUICK_WORKERS ?= auto
quick: install system-deps
	PIIRI_QUICK=1 $(PYTEST) -n $(QUICK_WORKERS) -m "$(QUICK_TESTS)"

# The browser and multi-process tests drive Debian's Chromium and a private redis-server.
system-deps:
	bash scripts/install-system-deps.sh

# Lint, then four lanes, two at a time (-j2; -O prints each lane's output whole when it ends):
# the quick tier on SQLite, the db tests again on PostgreSQL, the browser tests and the
# multi-process tests, these two once, on PostgreSQL, the production database. The real parts
# spend most of their time waiting on servers, browsers and timeouts, not on the CPU, but three
# lanes at once on two cores starved a socket test of its frames for 15 s (2026-12-01), so two
# run at a time, the longest first (browsers about 8 min, multi-process 7, PostgreSQL 3,
# SQLite 2.3 on the CI machine): the two slots end within a minute of each other. Each test
# runs once per database its tier needs (tests/test_tiers.py checks that none is left out); a
# skipped test fails (--no-skips). The lanes run without their own system-deps step (`test` has
# run it): with it, make held the two long lanes back behind it and started the short ones first.
test: system-deps lint
	$(MAKE) --no-print-directory -j2 -O SYSTEM_DEPS= test-processes test-browsers test-on-postgres test-on-sqlite

test-in-process: test-on-sqlite test-on-postgres

test-on-sqlite: install
	$(PYTEST) --no-skips $(SLOWEST) -m "$(QUICK_TESTS)" -o cache_dir=.pytest_cache/sqlite

test-on-postgres: install
	$(ON_POSTGRES) $(PYTEST) --no-skips $(SLOWEST) -m "$(DB_TESTS)" -o cache_dir=.pytest_cache/postgres

# Each lane its own cache directory: lanes running at once would overwrite each other's.
SYSTEM_DEPS ?= system-deps
test-browsers: install $(SYSTEM_DEPS)
	$(ON_POSTGRES) $(PYTEST) --no-skips $(SLOWEST) -m "$(BROWSER_TESTS)" -o cache_dir=.pytest_cache/browsers

test-processes: install $(SYSTEM_DEPS)
	$(ON_POSTGRES) $(PYTEST) --no-skips $(SLOWEST) -m "$(PROCESS_TESTS)" -o cache_dir=.pytest_cache/processes

# The fan-out benchmark (bench/, docs/performance.md). A small run by default, in a
# few minutes; `make bench BENCH_ARGS=--full` runs the sizes of the targets (2,000 phones in one
# room: votes, switches, breakout groups, idle phones; 5,000 and 10,000 in many rooms).
# Then participatory budgeting's rules on a generated election of 10,000 voters (bench/pb.py),
# the café's seating of 300 people at 60 tables over 3 rounds (bench/cafe.py), and every
# phone's frame saying where to go when a round of that café starts: in process
# (bench/cafe_round.py) and over 300 real sockets against the floor (bench/cafe_live.py).
BENCH_ARGS ?=
bench: install system-deps
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.pb
	$(BIN)/python -m bench.cafe
	$(BIN)/python -m bench.cafe_round
	$(BIN)/python -m bench.cafe_live

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
	rm -rf $(VENV) $(LOCK_VENV) var/*.db

"""The test tiers, a pytest plugin (``pytest_plugins`` in tests/conftest.py).

Every test is in one tier, by its markers (registered in pyproject.toml):

- ``browser`` or ``multiprocess``: drives Chromium, or starts uvicorn processes and Redis. These
  run once in `make test`, on PostgreSQL, the production database.
- ``db``: touches a database (the in-process app, a migrated database, the CLI). These run on
  SQLite files in `make quick` and again on PostgreSQL in `make test`.
- neither: a domain test, with no database. It runs once, in `make quick`.

A test that uses the ``settings`` fixture (so ``app``, ``client`` and ``live`` too) is marked
``db`` here at collection; one that reaches a database another way (``make_settings``,
``database_url``) carries the mark itself. So that no mark is forgotten, a test without any of
the three that asks for a test database or connects an engine fails: on PostgreSQL it would
never run. tests/test_tiers.py checks that the passes of `make test` leave no test out.

With ``--no-skips`` (as `make test` runs) a skipped test fails: CI must not pass by skipping.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator

import pytest

from tests.support.databases import usage

TIER_MARKERS = ("db", "browser", "multiprocess")
# Whatever uses this fixture builds the app on a test database.
DATABASE_FIXTURE = "settings"
# With this set to a path, the collection writes there every test's tier markers (JSON).
REPORT_ENV = "PIIRI_TIERS_REPORT"

collected_tiers = pytest.StashKey[dict[str, list[str]]]()
_uses_before = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-skips",
        action="store_true",
        help="a skipped test fails the run (make test: CI must not pass by skipping)",
    )


def tiers_of(item: pytest.Item) -> list[str]:
    """The tier markers of ``item``, in TIER_MARKERS order."""
    return [name for name in TIER_MARKERS if item.get_closest_marker(name) is not None]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that build the app ``db``; remember every test's tiers before ``-m``
    deselects any (tryfirst: this runs before pytest's own selection)."""
    for item in items:
        if DATABASE_FIXTURE in getattr(item, "fixturenames", ()) and not tiers_of(item):
            item.add_marker(pytest.mark.db)
    tiers = {item.nodeid: tiers_of(item) for item in items}
    config.stash[collected_tiers] = tiers
    report = os.environ.get(REPORT_ENV)
    if report:
        with open(report, "w", encoding="utf-8") as file:
            json.dump(tiers, file)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_uses_before] = usage.total()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Fail a test that reached a database without a tier that runs it on PostgreSQL."""
    before = item.stash.get(_uses_before, None)
    if before is None or tiers_of(item) or usage.total() == before:
        return
    pytest.fail(
        f"{item.nodeid} uses a test database but is not marked `db`, so `make test` would never "
        "run it on PostgreSQL: add `@pytest.mark.db` (or `pytestmark = pytest.mark.db`)",
        pytrace=False,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """With ``--no-skips``, a skipped test (an expected failure aside) is reported failed."""
    report = yield
    if report.skipped and item.config.getoption("no_skips") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, and `make test` allows no skips: {report.longrepr}"
    return report

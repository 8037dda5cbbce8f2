"""Shared fixtures. Real parts only: a real app with a real database per test (a SQLite file, or
with PIIRI_TEST_POSTGRES a private PostgreSQL database: tests/support/databases.py), real sockets
through Starlette's TestClient, and (tests/support/fixtures.py) a private redis-server, real
uvicorn processes and Debian's Chromium. tests/support/tiers.py sorts the tests into the passes
of `make quick` and `make test`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db import passwords
from piiri.settings import Settings
from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.live import Live, live_workshop

pytest_plugins = ["tests.support.fixtures", "tests.support.tiers"]

# Argon2id at its lowest cost in process (8 KiB, one pass): the same algorithm through the same
# code, at a thousandth of the work. At production's cost (piiri/db/passwords.py) the accounts
# the tests create and log in to were 6 % of the quick tier's time. The uvicorn processes the
# multi-process tests start hash at production's cost.
passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

__all__ = ["make_settings"]  # imported from here by older tests: tests.support.app has it


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(settings: Settings) -> Iterator[Starlette]:
    upgrade(settings.database_url)
    application = create_app(settings)
    yield application
    # Tests may read through the engine after the client's lifespan has disposed it.
    application.state.piiri.engine.dispose()


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with FormClient(app) as test_client:
        yield test_client


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    """A dot-vote workshop with its facilitator, two phones and a room screen (not started)."""
    with live_workshop(app, client) as running:
        yield running

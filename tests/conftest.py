"""Shared fixtures. Real parts only: a real app with a real database per test (a SQLite file, or
with PIIRI_TEST_POSTGRES a private PostgreSQL database: see tests/infra.py), real sockets
through Starlette's TestClient, and (from tests/infra.py) a private redis-server, real uvicorn
processes and Debian's Chromium.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from starlette.applications import Starlette
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from piiri.db.migrate import upgrade
from piiri.settings import Settings
from piiri.web.app import create_app
from tests.form_client import FormClient

pytest_plugins = ["tests.infra"]

# Every engine that connected during a test is disposed after it: tests may read through an app's
# engine after its lifespan ended, and a pooled PostgreSQL connection left to the garbage
# collector warns (ResourceWarning) in whichever test happens to run then.
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember_engine(connection: Connection) -> None:
    _engines.add(connection.engine)


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    for engine in list(_engines):
        engine.dispose()
    _engines.clear()


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    from tests.infra import database_url  # after pytest has loaded it as a plugin

    values: dict[str, object] = {
        "database_url": database_url(tmp_path),
        "redis_url": None,
        "secret_key": Secret("test-secret-key-not-for-production"),
        "production": False,
        "allowed_origins": (),
        "host": "127.0.0.1",
        "port": 8000,
        "public_url": None,
        "default_language": "en",
        "coalesce_seconds": 0.005,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


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

"""Shared fixtures. Real parts only: a real app with a real SQLite file per test, real sockets
through Starlette's TestClient, and (from tests/infra.py) a private redis-server, real uvicorn
processes and Debian's Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from piiri.app import create_app
from piiri.migrate import upgrade
from piiri.settings import Settings

pytest_plugins = ["tests.infra"]


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'piiri.db'}",
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
def app(settings: Settings) -> Starlette:
    upgrade(settings.database_url)
    return create_app(settings)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client

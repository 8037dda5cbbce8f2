"""The app under test, in process: settings for a test's own database."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Secret

from piiri.settings import Settings
from tests.support.databases import database_url


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings on the test database for ``tmp_path`` (see tests/support/databases.py), no
    Redis, a fixed secret and a short coalescing tick; ``overrides`` replace any of them."""
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

"""The app under test, in process: settings for a test's own database, and the app served by
uvicorn in a thread for a browser to visit."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from starlette.datastructures import Secret

from piiri.settings import Settings
from piiri.web.app import create_app
from tests.support.databases import database_url
from tests.support.processes import free_port


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings on the test database for ``tmp_path`` (see tests/support/databases.py), no
    Redis, a fixed secret, a short coalescing tick and templates loaded once; ``overrides``
    replace any of them."""
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
        "reload_templates": False,  # as in production: templates do not change under a test
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """A second app on the test's database, served by uvicorn in a thread for the browser (the
    test's own app runs in the TestClient's event loop, and an app lives in one loop)."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

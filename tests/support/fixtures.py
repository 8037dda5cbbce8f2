"""The pytest plugin of the real parts (``pytest_plugins`` in tests/conftest.py): the test
databases' lifetime, a private redis-server and Redis Cluster, real Piiri processes and
Debian's Chromium. Expensive parts are session-scoped; every one is stopped at the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import chromium, chromium_missing, without_playwright_loop
from tests.support.databases import test_databases, usage
from tests.support.processes import PiiriFactory, PiiriProcess
from tests.support.redis_servers import RedisCluster, RedisServer


def pytest_report_header() -> str:
    return f"piiri test database: {test_databases.kind}"


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """Every PostgreSQL database this session created is dropped at its end."""
    try:
        yield
    finally:
        test_databases.drop_all()


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Every engine that connected during a test is disposed after it (see databases.Usage)."""
    yield
    usage.dispose_engines()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private redis-server for the whole session. Tests that stop it must start it again."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A private three-node Redis Cluster for the whole session."""
    cluster = RedisCluster(tmp_path_factory.mktemp("redis-cluster"))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def piiri_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PiiriFactory]:
    """``start(env)`` launches a real Piiri server and waits for /healthz; migrate() first."""
    logdir = tmp_path_factory.mktemp("piiri")
    started: list[PiiriProcess] = []

    def start(env: Mapping[str, str], *, port: int | None = None) -> PiiriProcess:
        proc = PiiriProcess(env, logdir / f"piiri-{len(started)}.log", port=port)
        started.append(proc)
        proc.start()
        return proc

    try:
        yield start
    finally:
        for proc in started:
            proc.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (its own browser download is blocked)."""
    missing = chromium_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a fresh browser context (own cookies and storage) for one test."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _hide_playwright_loop(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give tests that do not use the browser a thread with no running event loop."""
    if "browser" in request.fixturenames:
        yield
        return
    with without_playwright_loop():
        yield

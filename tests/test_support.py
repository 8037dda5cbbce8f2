"""Tests of the test support itself (tests/support/)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import time
from pathlib import Path

import pytest
import redis
from playwright.sync_api import Browser, Page

from tests.support.processes import Process, ProcessError, free_port
from tests.support.redis_servers import RedisServer

# A shell that forks a child which would outlive it, writes the child's pid, and waits.
FORKS_A_CHILD = ["sh", "-c", 'sleep 600 & echo "$!"; wait']


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    assert 1024 <= port <= 65535


def child_of(process: Process) -> int:
    deadline = time.monotonic() + 10
    while not process.log().strip():
        assert time.monotonic() < deadline, "the shell wrote no pid"
        time.sleep(0.01)
    return int(process.log().split()[0])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still has a pid: it is dead once /proc says so.
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"


def test_kill_takes_down_the_whole_process_group_and_reaps(tmp_path: Path) -> None:
    process = Process(FORKS_A_CHILD, tmp_path / "shell.log")
    process.start()
    child = child_of(process)
    assert process.running and alive(child)

    process.kill()

    assert not process.running and process.exited() == -9
    deadline = time.monotonic() + 10
    while alive(child):
        assert time.monotonic() < deadline, "the forked child outlived kill()"
        time.sleep(0.01)


def test_stop_ends_a_process_and_start_runs_it_again(tmp_path: Path) -> None:
    process = Process(["sleep", "600"], tmp_path / "sleep.log")
    with pytest.raises(ProcessError, match="never started"):
        _ = process.pid
    process.start()
    first = process.pid
    process.start()  # a no-op while it runs
    assert process.pid == first

    process.stop()
    assert process.exited() == -15  # SIGTERM was enough

    process.start()
    assert process.running and process.pid != first
    process.stop()


@pytest.mark.multiprocess
def test_redis_server_answers_ping(redis_server: RedisServer) -> None:
    assert redis_server.running
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    with redis.Redis.from_url(redis_server.url) as client:
        assert client.ping()
        # It is our private server, not the machine's Redis on 6379.
        assert redis_server.port != 6379
        assert client.config_get("save") == {"save": ""}
        assert client.config_get("appendonly") == {"appendonly": "no"}


@pytest.mark.multiprocess
def test_redis_server_stop_and_restart(redis_server: RedisServer) -> None:
    port = redis_server.port
    with redis.Redis.from_url(redis_server.url) as client:
        client.set("infra:key", "before")
        assert client.get("infra:key") == b"before"
    try:
        redis_server.stop()
        assert not redis_server.running
        with (
            redis.Redis.from_url(redis_server.url, socket_connect_timeout=1) as client,
            pytest.raises(redis.ConnectionError),
        ):
            client.ping()
    finally:
        redis_server.start()
    assert redis_server.running
    assert redis_server.port == port
    with redis.Redis.from_url(redis_server.url) as client:
        assert client.ping()
        assert client.get("infra:key") is None  # nothing persisted across the restart
        assert client.dbsize() == 0


@pytest.mark.browser
def test_browser_reads_a_data_url(browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.goto("data:text/html,<h1>hi</h1>")
        assert page.locator("h1").inner_text() == "hi"
    finally:
        page.close()


@pytest.mark.browser
def test_page_fixture_runs_javascript(page: Page) -> None:
    page.set_content("<p id=n></p><script>document.getElementById('n').textContent = 6*7</script>")
    assert page.text_content("#n") == "42"


def test_asyncio_run_works_in_a_test_without_the_browser() -> None:
    # Runs after the browser tests above (pytest keeps file order), so the session's browser is
    # alive and Playwright has marked its loop as this thread's running loop: without
    # _hide_playwright_loop (tests/support/fixtures.py) this fails with "cannot be called from a
    # running loop".
    assert asyncio.events._get_running_loop() is None
    assert asyncio.run(asyncio.sleep(0, result="ok")) == "ok"


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in tests/support/: a test module imported by another would run its
    tests' module-level set-up twice and tie two files' fixtures together."""
    tests = Path(__file__).resolve().parent
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in sorted([*tests.glob("*.py"), *(tests / "support").glob("*.py")])
        for line in path.read_text().splitlines()
        if re.match(
            r"\s*(from tests\.test_\w+ import|import tests\.test_|from tests import test_)", line
        )
    ]
    assert offenders == []

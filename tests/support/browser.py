"""Debian's headless Chromium for the browser tests (driven by Playwright; its own browser
download is blocked here), a served Piiri for it to visit, and what every browser test watches.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright

from tests.support.databases import database_url
from tests.support.processes import HOST, PiiriFactory, free_port, migrate, piiri_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no traffic to anything but our own servers
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/piiri-shots")  # screenshots a test takes for a person to look at
LIVE = 5_000  # ms: how long a pushed change may take to show up

# Playwright's sync API runs its own event loop in a greenlet and leaves it marked as the
# thread's running loop between calls. While the session's browser lives, asyncio.run() in
# the main thread would then fail with "cannot be called from a running event loop".
_playwright_loop: asyncio.AbstractEventLoop | None = None


def chromium_missing() -> str | None:
    """Why Chromium cannot start, or None when it is installed."""
    if Path(CHROMIUM).exists():
        return None
    return (
        f"{CHROMIUM} is missing: .ci/run installs it with "
        "`apt-get install chromium` (Playwright's own browser download does not work here)"
    )


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium for as long as the block runs (see ``chromium_missing``)."""
    global _playwright_loop
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        _playwright_loop = asyncio.events._get_running_loop()
        try:
            yield browser
        finally:
            browser.close()
            _playwright_loop = None


@contextlib.contextmanager
def without_playwright_loop() -> Iterator[None]:
    """A thread with no running event loop for the block, while the browser lives (see above)."""
    loop = _playwright_loop
    if loop is None or asyncio.events._get_running_loop() is not loop:
        yield
        return
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(loop)


def serve_with_facilitator(
    piiri_process: PiiriFactory, directory: Path, *, email: str, password: str
) -> str:
    """A migrated Piiri on the test database for ``directory`` (SQLite or PostgreSQL, as the
    session runs), with one facilitator account, served on a free port; returns its address."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    env = {
        "DATABASE_URL": database_url(directory),
        "SECRET_KEY": "browser-test-secret-key-not-for-production",
        "PUBLIC_URL": base_url,
        "REDIS_URL": "",
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
    }
    migrate(env)
    piiri_command(
        "create-facilitator", "--email", email, "--password", password, env=env, timeout=60
    )
    server = piiri_process(env, port=port)
    assert server.base_url == base_url
    return base_url


def watch_errors(page: Page, name: str, errors: list[str]) -> Page:
    """Collect console errors and uncaught exceptions of ``page`` into ``errors``."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{name} console: {message.text} ({message.location})")

    def on_page_error(error: Error) -> None:
        errors.append(f"{name} pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return page


def wait_connected(page: Page, timeout: float = LIVE) -> None:
    """Wait until the page's WebSocket is open (static/piiri.js marks the body)."""
    expect(page.locator("body")).to_have_attribute("data-connected", "true", timeout=timeout)

"""A phone on a flaky network, in Debian's headless Chromium: the outbox, reconnects, a restart.

The phone reaches the server through a relay the test can cut (FlakyLink, in
tests/support/network.py), so the phone is offline while the server and the facilitator's laptop
carry on. What is asserted is
what the person sees: their dot counted exactly once, what is waiting shown as waiting, a stale
command answered with a message, and a connection indicator that never flickers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import wait_connected, watch_errors
from tests.support.clients import SECRET_KEY, new_demo
from tests.support.databases import database_url
from tests.support.network import FlakyLink
from tests.support.processes import PiiriFactory, migrate

pytestmark = pytest.mark.browser

WAIT = 40_000  # ms: generous, for reconnects after the jittered back-off; never asserted
FIRST, SECOND = "Longer library opening hours", "A repair café in the village hall"
RECORD = """() => {
  window.piiriLog = [];
  const el = document.getElementById("connection");
  new MutationObserver(() => window.piiriLog.push("text:" + el.textContent))
    .observe(el, {childList: true, characterData: true, subtree: true});
  document.addEventListener("htmx:ws:close", (e) => window.piiriLog.push("close:" + e.detail.code));
  document.addEventListener("htmx:ws:after:connection", () => window.piiriLog.push("open"));
}"""


def _offline(page: Page) -> None:
    expect(page.locator("body")).not_to_have_attribute("data-connected", "true", timeout=WAIT)


def test_a_phone_on_a_flaky_network(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": database_url(tmp_path),
        "SECRET_KEY": SECRET_KEY,
        "REDIS_URL": "",
        "PUBLIC_URL": "",
        "ALLOWED_ORIGINS": "",
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
    }
    migrate(env)
    server = piiri_process(env)
    demo = new_demo(env)
    link = FlakyLink(server.port)
    laptop = browser.new_context(base_url=server.base_url, locale="en-GB")
    phone_context = browser.new_context(base_url=link.base_url, locale="en-GB", is_mobile=True)
    errors: list[str] = []
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        phone = watch_errors(phone_context.new_page(), "phone", errors)
        console.goto(demo.login_path)
        # The one-time link opens a page whose button logs in (opening it spends nothing).
        console.get_by_role("button", name="Log in").click()
        console.wait_for_load_state()
        found = re.search(r'href="(/facilitator/workshops/\d+)"', console.content())
        assert found, "no workshop on the dashboard"
        console.goto(found.group(1))
        wait_connected(console)

        phone.goto(f"/j/{demo.code}")
        phone.get_by_role("button", name="Join in the room").click()
        wait_connected(phone)
        phone.evaluate(RECORD)
        console.get_by_role("button", name=f"Start {demo.question}").click()
        expect(phone.locator("#activity-title")).to_have_text(demo.question, timeout=WAIT)
        dots_left = phone.locator("#dots-left")
        expect(dots_left).to_have_text("You have 2 dots left.", timeout=WAIT)
        indicator = phone.locator("#connection")

        # -- offline: the dot waits on the phone, shown as waiting, and is sent once back ----
        link.cut()
        _offline(phone)
        phone.get_by_role("button", name=f"Put a dot on {FIRST}").click()
        expect(indicator).to_contain_text("Connection lost", timeout=WAIT)
        expect(indicator).to_contain_text("What you did is waiting")
        expect(phone.locator("body")).to_have_attribute("data-pending", "")
        expect(dots_left).to_have_text("You have 2 dots left.")
        link.restore()
        expect(dots_left).to_have_text("You have 1 dot left.", timeout=WAIT)
        expect(indicator).to_have_text("")
        expect(phone.locator("body")).not_to_have_attribute("data-pending", "")

        # -- the network breaks as a dot leaves: sent again with its id, counted once -------
        phone.get_by_role("button", name=f"Put a dot on {SECOND}").click()
        link.cut()
        _offline(phone)
        link.restore()
        expect(dots_left).to_have_text("You have 0 dots left.", timeout=WAIT)
        expect(console.locator("#console-activity")).to_contain_text("Dots cast 2", timeout=WAIT)
        expect(phone.locator("body")).not_to_have_attribute("data-pending", "", timeout=WAIT)

        # -- a stale command: the vote stopped while the phone was away -----------------------
        link.cut()
        _offline(phone)
        phone.get_by_role("button", name=f"Take a dot back from {FIRST}").click()
        console.get_by_role("button", name=f"Stop {demo.question}").click()
        expect(console.get_by_role("button", name=f"Start {demo.question}")).to_be_visible(
            timeout=WAIT
        )
        link.restore()
        expect(phone.locator("#notice")).to_have_text(
            "This activity is not running right now.", timeout=WAIT
        )
        expect(phone.locator("#activity-title")).to_have_text(
            "Waiting for the facilitator to start", timeout=WAIT
        )

        # -- SIGTERM: sockets closed as a service restart; the new process serves the state --
        server.stop()
        _offline(phone)
        server.start()
        wait_connected(phone)
        wait_connected(console)
        console.get_by_role("button", name=f"Start {demo.question}").click()
        expect(dots_left).to_have_text("You have 0 dots left.", timeout=WAIT)
        expect(indicator).to_have_text("")

        log: list[str] = phone.evaluate("window.piiriLog")
        assert "close:1012" in log, log
        # Never a flicker: the indicator clears only as a socket opens, and while connected it
        # never shows anything.
        connected = True
        for entry in log:
            if entry.startswith("close:"):
                connected = False
            elif entry == "open":
                connected = True
            elif entry == "text:":
                assert connected, log
            else:
                assert not connected, log
        # The only errors: the browser's and htmx's reports of refused connections while away.
        unexpected = [e for e in errors if "WebSocket connection" not in e and "ws:error" not in e]
        assert unexpected == [], unexpected
    finally:
        laptop.close()
        phone_context.close()
        link.close()

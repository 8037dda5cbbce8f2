"""Send only what changed, in Debian's headless Chromium: a phone that is sent nothing while
others vote with the results hidden still shows the right state when something it sees changes.

Aino's phone is idle; Ben's phone puts a dot on two options and takes one back. Aino's page
counts the messages its socket receives (htmx's ws extension fires an event for each): none
while Ben votes, while the console counts the dots. Then the facilitator reveals the results
and Aino's phone shows them (it was never sent a vote); then next, and it shows the next
activity; a reload (a new socket) shows the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import wait_connected, watch_errors
from tests.support.clients import SECRET_KEY, new_demo
from tests.support.databases import database_url
from tests.support.processes import PiiriFactory, migrate

pytestmark = pytest.mark.browser

WAIT = 20_000  # ms: a bound, never a measure
FIRST, SECOND = "Longer library opening hours", "A repair café in the village hall"
COUNT = """() => {
  window.piiriMessages = 0;
  document.addEventListener("htmx:ws:after:message:incoming", () => { window.piiriMessages++; });
}"""


def join(page: Page, code: str, name: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Join in the room").click()
    wait_connected(page)


def test_an_idle_phone_is_sent_nothing_and_still_shows_what_changed(
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
    laptop = browser.new_context(base_url=server.base_url, locale="en-GB")
    phones = [
        browser.new_context(
            base_url=server.base_url,
            locale="en-GB",
            is_mobile=True,
            viewport={"width": 360, "height": 640},
        )
        for _ in range(2)
    ]
    errors: list[str] = []
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        console.goto(demo.login_path)
        console.get_by_role("button", name="Log in").click()
        console.wait_for_load_state()
        found = re.search(r'href="(/facilitator/workshops/\d+)"', console.content())
        assert found, "no workshop on the dashboard"
        console.goto(found.group(1))
        wait_connected(console)
        aino = watch_errors(phones[0].new_page(), "Aino", errors)
        ben = watch_errors(phones[1].new_page(), "Ben", errors)
        join(aino, demo.code, "Aino")
        join(ben, demo.code, "Ben")
        console.get_by_role("button", name=f"Start {demo.question}").click()
        for phone in (aino, ben):
            expect(phone.locator("#activity-title")).to_have_text(demo.question, timeout=WAIT)
            expect(phone.locator("#dots-left")).to_contain_text("dots left", timeout=WAIT)
        aino.evaluate(COUNT)

        # Ben votes with the results hidden: Aino's phone receives nothing.
        votes = ((f"Put a dot on {FIRST}", 1), (f"Put a dot on {SECOND}", 2))
        for button, dots in (*votes, (f"Take a dot back from {FIRST}", 1)):
            ben.get_by_role("button", name=button).click()
            expect(console.locator("#console-activity")).to_contain_text(
                f"Dots cast {dots}", timeout=WAIT
            )
        assert aino.evaluate("window.piiriMessages") == 0

        # Revealed: Aino's phone shows the results of votes it was never sent.
        console.get_by_role("button", name="Reveal results").click()
        results = aino.locator("#phone-activity .results")
        expect(results).to_contain_text(f"{SECOND} 1 dot", timeout=WAIT)
        expect(results).to_contain_text(f"{FIRST} 0 dots")
        assert aino.evaluate("window.piiriMessages") >= 1
        aino.screenshot(path=str(tmp_path / "revealed.png"))

        # Next: the next activity, and a reload (a new socket) shows the same.
        title = aino.locator("#activity-title")
        console.get_by_role("button", name="Next activity").click()
        expect(title).not_to_have_text(demo.question, timeout=WAIT)
        shown = title.text_content()
        aino.reload()
        wait_connected(aino)
        expect(title).to_have_text(shown or "", timeout=WAIT)
        assert errors == [], errors
    finally:
        laptop.close()
        for context in phones:
            context.close()

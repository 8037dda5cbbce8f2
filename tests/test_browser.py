"""The whole workshop flow in a real browser: a facilitator's laptop, a phone and a room screen.

One real Piiri server, three browser contexts of Debian's headless Chromium, everything driven
as a person would: forms, links and buttons found by their labels and accessible names.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect

from tests.support.a11y import assert_no_sideways_scroll
from tests.support.browser import SHOTS, serve_with_facilitator, wait_connected, watch_errors
from tests.support.processes import PiiriFactory

pytestmark = pytest.mark.browser

EMAIL = "facilitator@example.org"
PASSWORD = "correct horse battery staple"
TITLE = "Browser test workshop"
QUESTION = "Which idea first?"
OPTIONS = ("Alpha", "Bravo", "Charlie", "Delta")
LIVE = 5_000  # ms: how long a pushed change may take to show up

SHOWN_AT = """(title) => {
  window.piiriShownAt = null;
  new MutationObserver((_, observer) => {
    const heading = document.getElementById("activity-title");
    if (heading && heading.textContent.trim() === title) {
      window.piiriShownAt = Date.now();
      observer.disconnect();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
CLICKED_AT = """() => {
  window.piiriClickedAt = null;
  document.addEventListener("click", () => { window.piiriClickedAt ??= Date.now(); }, true);
}"""


def _record_sent(page: Page, frames: list[str]) -> None:
    """Collect the text of every WebSocket frame ``page`` sends."""

    def on_socket(socket: WebSocket) -> None:
        socket.on("framesent", lambda payload: frames.append(str(payload)))

    page.on("websocket", on_socket)


def _count(page: Page, region: str, name: str) -> Any:
    return page.locator(f"#{region} [data-count={name}]")


def test_workshop_flow_on_laptop_phone_and_screen(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)

    errors: list[str] = []
    laptop = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 800}, locale="en-GB"
    )
    phone_context = browser.new_context(
        base_url=base_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="en-GB",
    )
    screen_context = browser.new_context(
        base_url=base_url, viewport={"width": 1920, "height": 1080}, locale="en-GB"
    )
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        phone = watch_errors(phone_context.new_page(), "phone", errors)
        screen = watch_errors(screen_context.new_page(), "screen", errors)
        phone_sent: list[str] = []
        _record_sent(phone, phone_sent)

        # -- the facilitator logs in, creates a workshop and a dot-vote -----------------------
        console.goto("/login")
        console.get_by_label("E-mail").fill(EMAIL)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        expect(console.get_by_role("heading", name="Your workshops")).to_be_visible()

        console.get_by_label("Title").fill(TITLE)
        console.get_by_label("Default language").select_option(label="English")
        console.get_by_role("button", name="Create workshop").click()
        expect(console.get_by_role("heading", level=1)).to_have_text(TITLE)
        wait_connected(console)

        add_vote = console.locator("#add-dot_vote")
        add_vote.get_by_label("Question or title").fill(QUESTION)
        add_vote.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
        add_vote.get_by_role("button", name="Add to the agenda").click()
        start = console.get_by_role("button", name=f"Start {QUESTION}")
        expect(start).to_be_visible()
        wait_connected(console)

        # -- the room screen, opened from the console's link ----------------------------------
        screen_href = console.get_by_role("link", name="Open the room screen").get_attribute("href")
        assert screen_href is not None and screen_href.startswith("/screen/")
        screen.goto(screen_href)
        code = screen.locator("#join-code").inner_text().strip()
        assert re.fullmatch(r"\d+", code), code
        expect(screen.locator("#screen-join .qr svg")).to_be_visible()
        expect(screen.locator("#screen-join")).to_contain_text(f"{base_url}/j/{code}")
        wait_connected(screen)

        # -- the phone joins with the code ---------------------------------------------------
        phone.goto("/join")
        assert_no_sideways_scroll(phone, "phone")
        phone.get_by_label("Workshop code").fill(code)
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert_no_sideways_scroll(phone, "phone")
        phone.get_by_label("Your name (optional)").fill("Maija")
        phone.get_by_role("button", name="Join in the room").click()
        expect(phone.locator("#activity-title")).to_have_text(
            "Waiting for the facilitator to start"
        )
        wait_connected(phone)
        assert_no_sideways_scroll(phone, "phone")
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SHOTS / "phone-waiting.png"), full_page=True)
        expect(_count(screen, "screen-counts", "in-room")).to_have_text("1", timeout=LIVE)
        expect(console.locator("#console-people")).to_contain_text("Maija", timeout=LIVE)

        # -- the facilitator starts the vote; the phone follows without a reload --------------
        # Timed in the browsers (one machine, one clock): the click on the laptop to the moment
        # the phone's DOM shows the title, without Playwright's polling in between.
        phone.evaluate(SHOWN_AT, QUESTION)
        console.evaluate(CLICKED_AT)
        started = time.monotonic()
        start.click()
        expect(phone.locator("#activity-title")).to_have_text(QUESTION, timeout=LIVE)
        # Screen readers hear the new activity once, from a polite live region.
        announcer = phone.locator("#phone-announce")
        expect(announcer).to_have_text(f"Now: {QUESTION}")
        expect(announcer).to_have_attribute("aria-live", "polite")
        polled = time.monotonic() - started
        latency = phone.evaluate("window.piiriShownAt") - console.evaluate("window.piiriClickedAt")
        print(f"\nstart -> phone shows the activity: {latency} ms ({polled * 1000:.0f} ms polled)")
        assert latency >= 0  # both clocks are the machine's; the figure is printed, not judged
        expect(screen.locator("#screen-activity h2")).to_have_text(QUESTION, timeout=LIVE)
        expect(console.get_by_role("button", name=f"Stop {QUESTION}")).to_be_visible(timeout=LIVE)

        # -- two dots from the phone, then a third one beyond the budget ----------------------
        dots_left = phone.locator("#dots-left")
        expect(dots_left).to_have_text("You have 2 dots left.", timeout=LIVE)
        phone.get_by_role("button", name="Put a dot on Alpha").click()
        expect(dots_left).to_have_text("You have 1 dot left.", timeout=LIVE)
        # The region was morphed: its new buttons must still send.
        phone.get_by_role("button", name="Put a dot on Bravo").click()
        expect(dots_left).to_have_text("You have 0 dots left.", timeout=LIVE)
        expect(phone.locator("#notice")).to_have_text("", timeout=LIVE)
        phone.get_by_role("button", name="Put a dot on Charlie").click()
        expect(phone.locator("#notice")).to_have_text(
            "All your 2 dots are in use. Take one back to move it.", timeout=LIVE
        )
        expect(phone.get_by_role("alert")).to_contain_text("All your 2 dots are in use")
        assert_no_sideways_scroll(phone, "phone")
        phone.screenshot(path=str(SHOTS / "phone-voting.png"), full_page=True)

        # -- the screen counts but keeps the results hidden; the console shows them live ------
        expect(_count(screen, "screen-counts", "in-room")).to_have_text("1", timeout=LIVE)
        expect(_count(screen, "screen-counts", "dots")).to_have_text("2", timeout=LIVE)
        expect(screen.locator(".results")).to_have_count(0)
        expect(phone.locator(".results")).to_have_count(0)
        console_results = console.locator("#console-activity .results")
        expect(console_results).to_contain_text("Alpha", timeout=LIVE)
        expect(console_results.locator("li").first).to_contain_text("1 dot")
        expect(console.locator("#console-activity")).to_contain_text("Dots cast 2 Voters 1")

        # -- an option added live reaches the phone -------------------------------------------
        console.get_by_label("Add an option to the running vote").fill("Echo")
        console.get_by_role("button", name="Add option").click()
        expect(console.get_by_label("Add an option to the running vote")).to_have_value("")
        expect(phone.get_by_role("button", name="Put a dot on Echo")).to_be_visible(timeout=LIVE)
        expect(screen.locator("#screen-activity")).to_contain_text("Echo", timeout=LIVE)
        # The phone moves a dot to it: a form that a morph swap inserted must send too.
        phone.get_by_role("button", name="Take a dot back from Bravo").click()
        expect(dots_left).to_have_text("You have 1 dot left.", timeout=LIVE)
        expect(phone.locator("#notice")).to_have_text("", timeout=LIVE)
        phone.get_by_role("button", name="Put a dot on Echo").click()
        expect(dots_left).to_have_text("You have 0 dots left.", timeout=LIVE)
        expect(phone.get_by_role("button", name="Put a dot on Echo")).to_have_accessible_name(
            "Put a dot on Echo (1 of your dots on it)"
        )

        # -- a person without a phone, voted for by the facilitator ---------------------------
        console.get_by_label("Add an in-room person without a phone").fill("Pekka")
        console.get_by_role("button", name="Add person").click()
        expect(console.get_by_label("Add an in-room person without a phone")).to_have_value("")
        proxy_add = console.get_by_role("button", name="Put a dot of Pekka on Alpha")
        expect(proxy_add).to_be_visible(timeout=LIVE)
        proxy_add.click()
        expect(console.locator(".proxy-vote legend")).to_have_text(
            "Pekka: 1 of 2 dots", timeout=LIVE
        )
        expect(console_results.locator("li").first).to_contain_text("Alpha")
        expect(console_results.locator("li").first).to_contain_text("2 dots")
        expect(console.locator("#console-activity .counts")).to_have_text(
            "Dots cast 3 Voters 2 Dots per person 2 Cast by proxy 1"
        )
        expect(_count(screen, "screen-counts", "in-room")).to_have_text("2", timeout=LIVE)
        expect(_count(screen, "screen-counts", "dots")).to_have_text("3", timeout=LIVE)

        # -- reveal: the phone and the screen show the ranking --------------------------------
        console.get_by_role("button", name="Reveal results").click()
        for page in (phone, screen):
            ranking = page.locator(".results > li")
            expect(ranking).to_have_count(5, timeout=LIVE)
            expect(ranking.nth(0)).to_contain_text("Alpha")
            expect(ranking.nth(0)).to_contain_text("2 dots")
            expect(ranking.nth(1)).to_contain_text("Echo")
            expect(ranking.nth(1)).to_contain_text("1 dot")
        expect(console.get_by_role("button", name="Hide results")).to_be_visible(timeout=LIVE)
        expect(phone.locator("#phone-announce")).to_have_text(
            f"Now: {QUESTION} The results are shown."
        )

        # -- lock: the phone's dots no longer change ------------------------------------------
        console.get_by_role("button", name="Lock voting").click()
        expect(console.get_by_role("button", name="Unlock voting")).to_be_visible(timeout=LIVE)
        expect(console.locator("#console-activity .status")).to_have_text(
            "Voting is locked. Results are shown to everyone."
        )
        expect(phone.locator("#phone-personal .locked")).to_have_text(
            "Voting is locked.", timeout=LIVE
        )
        phone.get_by_role("button", name="Take a dot back from Echo").click()
        expect(phone.locator("#notice")).to_have_text(
            "Voting is locked; dots can no longer change.", timeout=LIVE
        )
        expect(dots_left).to_have_text("You have 0 dots left.")

        # -- every command the phone sent carried a fresh client-made id (static/piiri.js) -------
        commands = [json.loads(frame) for frame in phone_sent]
        assert [c["command"] for c in commands] == [
            "cast_dot", "cast_dot", "cast_dot", "remove_dot", "cast_dot", "remove_dot"
        ]  # fmt: skip
        cids = [c["cid"] for c in commands]
        assert all(re.fullmatch(r"[0-9a-f]{24}", cid) for cid in cids), cids
        assert len(set(cids)) == len(cids)

        # -- the results download --------------------------------------------------------------
        json_href = console.get_by_role("link", name="Download results (JSON)").get_attribute(
            "href"
        )
        assert json_href is not None
        response = console.request.get(json_href)
        assert response.status == 200
        document = response.json()
        (activity,) = document["activities"]
        results = activity["results"]
        assert activity["title"] == QUESTION
        assert results["locked"] is True and results["revealed"] is True
        assert results["dots_cast"] == 3 and results["dots_cast_by_proxy"] == 1
        assert [(r["option"], r["dots"]) for r in results["ranking"][:2]] == [
            ("Alpha", 2),
            ("Echo", 1),
        ]
        assert {r["option"] for r in results["ranking"]} == {*OPTIONS, "Echo"}

        # -- screenshots and layout ------------------------------------------------------------
        for name, page in (("phone", phone), ("screen", screen), ("console", console)):
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert_no_sideways_scroll(phone, "phone")
        # The room screen is not scrolled: the counts must fit a 1080p projector.
        counts_box = screen.locator("#screen-counts").bounding_box()
        assert counts_box is not None and counts_box["y"] + counts_box["height"] <= 1080

        assert errors == []
    finally:
        for context in (laptop, phone_context, screen_context):
            context.close()

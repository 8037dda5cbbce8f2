"""Breakout prompts and the appreciative interview in a real browser: the facilitator's laptop,
an in-room phone, a remote phone and the room screen, each its own Chromium context.

Everything is driven as a person would: buttons and fields found by their labels and
accessible names. The activity is added with the console's add form (its fields for other
kinds are left at their defaults).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import assert_no_sideways_scroll
from tests.support.browser import SHOTS, serve_with_facilitator, wait_connected, watch_errors
from tests.support.processes import PiiriFactory

pytestmark = pytest.mark.browser

EMAIL = "facilitator@example.org"
PASSWORD = "correct horse battery staple"
LIVE = 5_000


@dataclass
class Room:
    console: Page
    maija: Page  # in the room
    remo: Page  # remote
    screen: Page
    errors: list[str]


@contextmanager
def room(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path, kind: str, title: str
) -> Iterator[Room]:
    """A workshop with one activity of ``kind``, its screen open and two phones joined."""
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)
    errors: list[str] = []
    laptop = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    phones = [
        browser.new_context(
            base_url=base_url,
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
        )
        for _ in range(2)
    ]
    wall = browser.new_context(base_url=base_url, viewport={"width": 1920, "height": 1080})
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        console.goto("/login")
        console.get_by_label("E-mail").fill(EMAIL)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.get_by_label("Title").fill("Library futures")
        console.get_by_role("button", name="Create workshop").click()
        expect(console.get_by_role("heading", level=1)).to_have_text("Library futures")
        workshop_path = re.sub(r"^https?://[^/]+", "", console.url)
        # As the console's own form posts it: with the page's form token.
        token = console.locator("input[name=csrf]").first.get_attribute("value") or ""
        response = console.request.post(
            f"{workshop_path}/activities", form={"kind": kind, "title": title, "csrf": token}
        )
        assert response.ok, response.text()
        console.reload()
        wait_connected(console)

        screen = watch_errors(wall.new_page(), "screen", errors)
        href = console.get_by_role("link", name="Open the room screen").get_attribute("href")
        assert href is not None
        screen.goto(href)
        code = screen.locator("#join-code").inner_text().strip()
        wait_connected(screen)

        joined = []
        for context, name, presence in (
            (phones[0], "Maija", "Join in the room"),
            (phones[1], "Remo", "Join remotely"),
        ):
            page = watch_errors(context.new_page(), name, errors)
            page.goto(f"/j/{code}")
            page.get_by_label("Your name (optional)").fill(name)
            page.get_by_role("button", name=presence).click()
            wait_connected(page)
            joined.append(page)
        expect(console.locator("#console-people")).to_contain_text("Remo", timeout=LIVE)
        yield Room(console, joined[0], joined[1], screen, errors)
    finally:
        for context in (laptop, *phones, wall):
            context.close()


def test_breakout_in_the_browser(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    with room(browser, piiri_process, tmp_path, "breakout", "Night owls") as r:
        console, maija, remo, screen = r.console, r.maija, r.remo, r.screen
        console.get_by_label("Add an in-room person without a phone").fill("Pekka")
        console.get_by_role("button", name="Add person").click()
        expect(console.locator("#console-people")).to_contain_text("Pekka", timeout=LIVE)
        console.get_by_role("button", name="Start Night owls").click()
        expect(maija.locator("#activity-title")).to_have_text("Night owls", timeout=LIVE)

        console.get_by_role("button", name="Form the groups").click()
        for phone in (maija, remo):
            expect(phone.locator("#my-group")).to_have_text("You are in group 1", timeout=LIVE)
            announce = phone.locator("#phone-personal-announce")
            expect(announce).to_have_attribute("aria-live", "polite")
            expect(announce).to_have_text("You are in group 1.")
            expect(phone.locator("#phone-personal")).to_contain_text(
                "Agree on your three best ideas"
            )
        expect(screen.locator("#screen-activity")).to_contain_text("Group 1", timeout=LIVE)

        # Maija adds a note by keyboard alone; Remo sees it in the shared notes.
        maija.get_by_label("Add a note for your group").fill("Open until midnight")
        maija.keyboard.press("Tab")
        expect(maija.get_by_role("button", name="Add note")).to_be_focused()
        maija.keyboard.press("Enter")
        note = remo.get_by_label("Note 1", exact=True)
        expect(note).to_have_value("Open until midnight", timeout=LIVE)
        expect(maija.get_by_label("Add a note for your group")).to_have_value("")

        # Remo edits the note; while he types, Maija adds another: his text stays under his hands.
        note.click()
        note.press("End")
        note.type(" on Fridays")
        maija.get_by_label("Add a note for your group").fill("Board games")
        maija.get_by_role("button", name="Add note").click()
        expect(remo.get_by_label("Note 2", exact=True)).to_have_value("Board games", timeout=LIVE)
        expect(note).to_have_value("Open until midnight on Fridays")
        expect(note).to_be_focused()
        remo.get_by_role("button", name="Save").first.click()
        expect(maija.get_by_label("Note 1", exact=True)).to_have_value(
            "Open until midnight on Fridays", timeout=LIVE
        )
        # Nothing of a group's notes is on the board before the recall.
        expect(screen.locator("#screen-activity")).not_to_contain_text("Board games")

        # The facilitator writes for Pekka (no phone) and messages every group.
        console.get_by_label("Write a note for group 1").fill("A reading corner for teens")
        console.get_by_label("Written for").select_option(label="Pekka")
        console.get_by_role("button", name="Add note").click()
        expect(remo.get_by_label("Note 3", exact=True)).to_have_value(
            "A reading corner for teens", timeout=LIVE
        )
        console.get_by_label("Message to every group").fill("Five minutes left")
        console.get_by_role("button", name="Send", exact=True).click()
        for phone in (maija, remo):
            expect(phone.locator("#phone-activity")).to_contain_text(
                "From the facilitator: Five minutes left", timeout=LIVE
            )

        # An empty note gets a clear message.
        maija.get_by_label("Add a note for your group").fill("   ")
        maija.get_by_role("button", name="Add note").click()
        expect(maija.locator("#notice")).to_have_text("A note needs some text.", timeout=LIVE)
        assert_no_sideways_scroll(maija, "maija")
        SHOTS.mkdir(parents=True, exist_ok=True)
        remo.screenshot(path=str(SHOTS / "breakout-phone.png"), full_page=True)

        console.get_by_role("button", name="Recall everyone").click()
        board = screen.locator("#screen-activity")
        expect(board).to_contain_text("What the groups found", timeout=LIVE)
        for text in ("Open until midnight on Fridays", "Board games", "A reading corner for teens"):
            expect(board).to_contain_text(text)
        expect(maija.locator("#phone-personal")).to_contain_text(
            "notes can no longer change", timeout=LIVE
        )
        screen.screenshot(path=str(SHOTS / "breakout-screen.png"), full_page=True)
        console.screenshot(path=str(SHOTS / "breakout-console.png"), full_page=True)
        assert r.errors == []


def test_interview_in_the_browser(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    with room(browser, piiri_process, tmp_path, "interview", "Best moments") as r:
        console, maija, remo, screen = r.console, r.maija, r.remo, r.screen
        console.get_by_role("button", name="Start Best moments").click()
        console.get_by_role("button", name="Form the pairs").click()
        # Unlikely pairs: Maija (in the room) interviews Remo (remote) first.
        expect(maija.locator("#interview-role")).to_have_text("You interview Remo", timeout=LIVE)
        expect(remo.locator("#interview-role")).to_have_text("Maija interviews you", timeout=LIVE)
        question = remo.locator("#interview-question")
        expect(question).to_contain_text("felt most at home")
        size = question.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 28, size  # large type for the interviewee
        expect(remo.locator("#phone-personal-announce")).to_have_attribute("aria-live", "polite")
        expect(screen.locator("#screen-activity")).to_contain_text("Discover", timeout=LIVE)

        maija.get_by_role("button", name="Next question").click()
        expect(question).to_contain_text("What do you value most", timeout=LIVE)
        expect(remo.locator("#phone-personal-announce")).to_have_text(
            "You are being interviewed. Question 2 of 8."
        )
        maija.get_by_label("Capture a quote or a highlight").fill("We kept the doors open")
        maija.get_by_label("A quote, word for word").check()
        maija.get_by_role("button", name="Keep it").click()
        expect(maija.locator("#phone-personal")).to_contain_text(
            "Quote: “We kept the doors open”", timeout=LIVE
        )
        expect(maija.get_by_label("Capture a quote or a highlight")).to_have_value("")
        assert_no_sideways_scroll(maija, "maija")
        SHOTS.mkdir(parents=True, exist_ok=True)
        remo.screenshot(path=str(SHOTS / "interview-interviewee.png"), full_page=True)
        maija.screenshot(path=str(SHOTS / "interview-interviewer.png"), full_page=True)

        console.get_by_role("button", name="Swap roles in every pair").click()
        expect(remo.locator("#interview-role")).to_have_text("You interview Maija", timeout=LIVE)
        expect(maija.locator("#interview-question")).to_contain_text("felt most at home")
        remo.get_by_label("Capture a quote or a highlight").fill("Neighbours help each other")
        remo.get_by_role("button", name="Keep it").click()
        expect(remo.locator("#phone-personal")).to_contain_text("Neighbours help", timeout=LIVE)

        console.get_by_role("button", name="End the interviews and harvest").click()
        expect(maija.locator("#phone-personal")).to_contain_text(
            "The interviews are over", timeout=LIVE
        )
        console.get_by_label("New theme").fill("Openness")
        console.get_by_role("button", name="Add theme").click()
        theme = console.get_by_label("Theme of “We kept the doors open”")
        expect(theme).to_be_visible(timeout=LIVE)
        theme.select_option(label="Openness")
        console.locator("#console-activity li", has_text="We kept the doors open").get_by_role(
            "button", name="Set theme"
        ).click()
        console.get_by_role("button", name="Show the highlights on the board").click()
        board = screen.locator("#screen-activity")
        expect(board.get_by_role("heading", name="Openness")).to_be_visible(timeout=LIVE)
        # The board is one paged list: the theme's heading, then its captures.
        heading = board.locator("li.interview-theme-head", has_text="Openness")
        expect(heading.locator("+ li")).to_contain_text("We kept the doors open")
        expect(board).to_contain_text("Neighbours help each other")
        screen.screenshot(path=str(SHOTS / "interview-screen.png"), full_page=True)
        console.screenshot(path=str(SHOTS / "interview-console.png"), full_page=True)
        assert r.errors == []

"""The citizens' jury's activities in a real browser: hearing questions, the idea wall and
gradients of agreement, each with the facilitator's laptop, an in-room phone, a remote phone and
the room screen, each its own Chromium context.

The three share one server, one workshop and one set of pages (the module's ``jury``): starting
the next activity from the console is what a facilitator does between them, and it keeps the
module's time down. Everything is driven as a person would: buttons and fields found by their
labels and accessible names.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import assert_no_sideways_scroll
from tests.support.browser import SHOTS, serve_with_facilitator, wait_connected, watch_errors
from tests.support.form_client import token_in
from tests.support.processes import PiiriFactory

pytestmark = pytest.mark.browser

EMAIL = "jury@example.org"
PASSWORD = "correct horse battery staple"
LIVE = 5_000
HEARING, WALL, GRADIENTS = "Library hearing", "Library ideas", "Draft recommendation"
PROPOSAL = "The branch library stays open on Saturdays."
# The room screen's wall (one flat list): whether the theme's heading is followed by ``count``
# ideas, one of them containing ``text``, before the next theme's heading.
UNDER_THEME = """([theme, text, count]) => {
  let mine = false;
  const cards = [];
  for (const item of document.querySelectorAll("#idea-board > li")) {
    if (item.classList.contains("idea-theme")) { mine = item.textContent.trim() === theme; }
    else if (mine && item.classList.contains("idea-card")) { cards.push(item.textContent); }
  }
  return cards.length === count && cards.some(card => card.includes(text));
}"""


@dataclass
class Jury:
    console: Page
    maija: Page  # in the room
    remo: Page  # remote
    screen: Page
    errors: list[str]

    def start(self, title: str) -> None:
        self.console.get_by_role("button", name=f"Start {title}").click()
        for page in (self.maija, self.remo):
            expect(page.locator("#activity-title")).to_have_text(title, timeout=LIVE)
        expect(self.screen.locator("#screen-activity h2")).to_have_text(title, timeout=LIVE)

    def shoot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for who, page in (("phone", self.remo), ("screen", self.screen)):
            page.screenshot(path=str(SHOTS / f"{name}-{who}.png"))
        self.console.screenshot(path=str(SHOTS / f"{name}-console.png"), full_page=True)


@pytest.fixture(scope="module")
def jury(
    browser: Browser, piiri_process: PiiriFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Jury]:
    """One workshop with the three activities and Pekka (no phone), its screen open and two
    phones joined: Maija in the room, Remo remotely."""
    began = time.monotonic()
    directory = tmp_path_factory.mktemp("jury")
    base_url = serve_with_facilitator(piiri_process, directory, email=EMAIL, password=PASSWORD)
    errors: list[str] = []
    laptop = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768})
    phones = [
        browser.new_context(
            base_url=base_url,
            viewport={"width": 360, "height": 640},
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
        console.get_by_label("Title").fill("Citizens' jury")
        console.get_by_role("button", name="Create workshop").click()
        expect(console.get_by_role("heading", level=1)).to_have_text("Citizens' jury")
        workshop_path = re.sub(r"^https?://[^/]+", "", console.url)
        forms: tuple[dict[str, str | float | bool], ...] = (
            {"kind": "questions", "title": HEARING, "experts": "Mayor\nPlanner"},
            {"kind": "idea_wall", "title": WALL, "themes": "Spaces\nServices"},
            {"kind": "gradients", "title": GRADIENTS, "proposal": PROPOSAL},
        )
        for form in forms:
            form["csrf"] = token_in(console.content())  # as the console's own forms carry it
            response = console.request.post(f"{workshop_path}/activities", form=form)
            assert response.ok, response.text()
        console.reload()
        wait_connected(console)
        console.get_by_label("Add an in-room person without a phone").fill("Pekka")
        console.get_by_role("button", name="Add person").click()
        expect(console.locator("#console-people")).to_contain_text("Pekka", timeout=LIVE)

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
        print(f"\njury set up in {time.monotonic() - began:.1f} s")
        yield Jury(console, joined[0], joined[1], screen, errors)
    finally:
        for context in (laptop, *phones, wall):
            context.close()


def test_hearing_questions_in_the_browser(jury: Jury) -> None:
    console, maija, remo, screen = jury.console, jury.maija, jury.remo, jury.screen
    jury.start(HEARING)

    # Maija asks the mayor with her name; Remo asks everyone anonymously.
    maija.get_by_label("Your question", exact=True).fill("Who pays for the new library?")
    maija.get_by_label("To whom").select_option(label="Mayor")
    maija.get_by_role("button", name="Send the question").click()
    mine = maija.locator("#phone-personal .q-mine")
    expect(mine).to_contain_text("Waiting for the facilitator", timeout=LIVE)
    expect(maija.get_by_label("Your question", exact=True)).to_have_value("")
    remo.get_by_label("Your question", exact=True).fill("Why close the branch?")
    remo.get_by_label("Ask anonymously: your name is not shown to anyone").check()
    remo.get_by_role("button", name="Send the question").click()
    pending = console.locator("#console-activity li", has_text="Why close the branch?")
    expect(pending).to_contain_text("Anonymous", timeout=LIVE)
    expect(pending).not_to_contain_text("Remo")
    # Nothing is listed before the facilitator has read it.
    expect(remo.locator("#phone-personal")).not_to_contain_text("Who pays")

    # The facilitator edits Maija's question as it is approved, then approves Remo's.
    first = console.locator("#console-activity li", has_text="Who pays for the new library?")
    first.get_by_role("textbox").fill("Who pays for the new library building?")
    first.get_by_role("button", name="Approve").click()
    expect(console.locator("#console-activity")).to_contain_text(
        "Listed, not queued (1)", timeout=LIVE
    )
    pending.get_by_role("button", name="Approve").click()
    expect(console.locator("#console-activity")).to_contain_text(
        "Listed, not queued (2)", timeout=LIVE
    )

    # Remo upvotes Maija's question, once; the button says it is pressed.
    upvote = remo.get_by_role("button", name="Upvote question 1")
    expect(upvote).to_have_attribute("aria-pressed", "false", timeout=LIVE)
    upvote.click()
    expect(upvote).to_have_attribute("aria-pressed", "true", timeout=LIVE)
    expect(console.locator("[data-count=upvotes]")).to_have_text("1", timeout=LIVE)

    # Queued, one on the screen, large, with the next below; the anonymous asker nowhere.
    for text in ("Who pays for the new library building?", "Why close the branch?"):
        console.locator("#console-activity li", has_text=text).get_by_role(
            "button", name="Queue"
        ).click()
        expect(
            console.locator("#console-activity ol[aria-labelledby=q-queue-heading]")
        ).to_contain_text(text, timeout=LIVE)
    console.locator("#console-activity li", has_text="Who pays").get_by_role(
        "button", name="Show"
    ).click()
    now = screen.locator("#q-screen-now")
    expect(now).to_have_text("Who pays for the new library building?", timeout=LIVE)
    assert now.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 48
    board = screen.locator("#screen-activity")
    expect(board).to_contain_text("To Mayor · Maija · 1 upvote")
    expect(board.locator(".q-screen-next")).to_contain_text("Why close the branch?")
    expect(maija.locator("#phone-announce")).to_contain_text("Question 1 is on the screen.")
    for region in (
        screen.locator("body"),
        maija.locator("main"),
        console.locator("#console-activity"),
    ):
        expect(region).not_to_contain_text("Remo")
    assert_no_sideways_scroll(remo, "remo")
    jury.shoot("questions")

    # Maija asks again, thinks better of it and withdraws it; it never reaches the console's lists.
    maija.get_by_label("Your question", exact=True).fill("Is there parking?")
    maija.get_by_role("button", name="Send the question").click()
    expect(mine).to_contain_text("Is there parking?", timeout=LIVE)
    mine.locator("li", has_text="Is there parking?").get_by_role("button", name="Withdraw").click()
    expect(mine.locator("li", has_text="Is there parking?")).to_contain_text(
        "You withdrew it", timeout=LIVE
    )
    expect(console.locator("#console-activity")).to_contain_text(
        "Waiting for moderation (0)", timeout=LIVE
    )
    # Remo's question goes back out of the queue; the screen's "next" follows.
    console.locator("#console-activity li", has_text="Why close the branch?").get_by_role(
        "button", name="Out of the queue"
    ).click()
    expect(board.locator(".q-screen-next")).to_have_count(0, timeout=LIVE)

    # Answered aloud; Remo's question is dismissed with a reason he sees.
    console.get_by_role("button", name="Mark answered").click()
    expect(mine).to_contain_text("Answered", timeout=LIVE)
    expect(now).to_have_count(0, timeout=LIVE)
    console.get_by_label("Dismiss question number").fill("2")
    console.get_by_label("Why (its asker sees this)").fill("Answered in the opening talk")
    console.get_by_role("button", name="Dismiss", exact=True).click()
    expect(remo.locator("#phone-personal .q-mine")).to_contain_text(
        "Not taken up: Answered in the opening talk", timeout=LIVE
    )
    assert jury.errors == []


def test_idea_wall_in_the_browser(jury: Jury) -> None:
    console, maija, remo, screen = jury.console, jury.maija, jury.remo, jury.screen
    jury.start(WALL)
    for phone, idea in ((maija, "Open on Sundays"), (remo, "A maker space for teens")):
        phone.get_by_label("Your idea").fill(idea)
        phone.get_by_role("button", name="Post the idea").click()
        expect(phone.locator("#phone-personal")).to_contain_text(
            f"{idea} On the wall", timeout=LIVE
        )
    console.get_by_label("Written for").select_option(label="Pekka")
    console.get_by_label("Their idea").fill("Newspapers in Finnish and Swedish")
    console.get_by_role("button", name="Post the idea").click()
    board = screen.locator("#screen-activity")
    expect(board.locator(".idea-card")).to_have_count(3, timeout=LIVE)

    # The facilitator puts ideas in themes by keyboard alone: number, theme, Enter.
    for number, theme in (("1", "Services"), ("2", "Spaces"), ("3", "Services")):
        console.get_by_label("Put idea number").fill(number)
        console.get_by_label("in theme").select_option(label=theme)
        console.get_by_label("Put idea number").press("Enter")
        column = console.locator("#console-activity .idea-column", has_text=theme)
        expect(column.locator("li").nth(0)).to_be_visible(timeout=LIVE)
    # The screen's wall is one flat list, paged: each theme's heading, then its ideas.
    services = board.locator(".idea-theme", has_text="Services")
    screen.wait_for_function(UNDER_THEME, arg=["Services", "", 2], timeout=LIVE)
    screen.wait_for_function(UNDER_THEME, arg=["Spaces", "maker space", 1], timeout=LIVE)

    # Remo likes Maija's idea; the screen switches to the top ideas.
    like = remo.locator("#phone-personal li", has_text="Open on Sundays").get_by_role("button")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true", timeout=LIVE)
    expect(console.locator("[data-count=likes]")).to_have_text("1", timeout=LIVE)
    assert_no_sideways_scroll(remo, "remo")
    console.get_by_role("button", name="The top ideas").click()
    expect(board.locator(".idea-top li").first).to_contain_text("Open on Sundays ♥ 1", timeout=LIVE)
    expect(maija.locator("#phone-announce")).to_contain_text("The top ideas are on the screen.")
    jury.shoot("idea-wall")
    console.get_by_role("button", name="The wall").click()
    expect(services).to_be_visible(timeout=LIVE)
    # A theme renamed, another removed: its ideas go back among the ungrouped.
    console.get_by_label("Theme 1", exact=True).fill("Rooms")
    themes = console.get_by_role("list", name="Themes")
    themes.locator("li").nth(0).get_by_role("button", name="Rename").click()
    expect(board.get_by_role("heading", name="Rooms")).to_be_visible(timeout=LIVE)
    themes.locator("li").nth(1).get_by_role("button", name="Remove").click()
    expect(board.get_by_role("heading", name="Not grouped")).to_be_visible(timeout=LIVE)
    screen.wait_for_function(UNDER_THEME, arg=["Not grouped", "Open on Sundays", 2], timeout=LIVE)
    assert jury.errors == []


def test_gradients_of_agreement_in_the_browser(jury: Jury) -> None:
    console, maija, remo, screen = jury.console, jury.maija, jury.remo, jury.screen
    jury.start(GRADIENTS)
    board = screen.locator("#screen-activity")
    expect(board).to_contain_text(PROPOSAL)
    expect(board).to_contain_text("0 answered")

    maija.get_by_label("1. Whole-hearted endorsement").check()
    maija.get_by_role("button", name="Save my stance").click()
    expect(maija.locator("#gradient-mine")).to_contain_text("Your stance: 1", timeout=LIVE)
    # A veto needs a reason: refused with a clear message, then saved with one.
    remo.get_by_label("8. Veto").check()
    remo.get_by_role("button", name="Save my stance").click()
    expect(remo.locator("#notice")).to_have_text(
        "Say why: a reason is needed at 7 and 8.", timeout=LIVE
    )
    remo.get_by_label("Reason (required at 7 and 8)").fill("Saturday staff cost too much")
    remo.get_by_role("button", name="Save my stance").click()
    expect(remo.locator("#gradient-mine")).to_contain_text("Your stance: 8", timeout=LIVE)
    console.get_by_label("Stance of").select_option(label="Pekka")
    console.get_by_label("Level", exact=True).select_option(label="5. More discussion needed")
    console.get_by_role("button", name="Save the stance").click()
    expect(board).to_contain_text("3 answered", timeout=LIVE)
    # Hidden until shown: no bars anywhere but the console.
    expect(board.locator(".gradient-bars")).to_have_count(0)
    expect(maija.locator(".gradient-bars")).to_have_count(0)
    assert_no_sideways_scroll(remo, "remo")

    console.get_by_role("button", name="Reveal results").click()
    bars = board.locator(".gradient-bar")
    expect(bars).to_have_count(8, timeout=LIVE)
    for level, count in ((1, "1"), (5, "1"), (8, "1"), (2, "0")):
        expect(bars.nth(level - 1).locator(".gradient-count")).to_have_text(count)
    expect(board.locator(".gradient-reasons")).to_contain_text("Saturday staff cost too much")
    expect(board).not_to_contain_text("Remo")
    expect(maija.locator("#phone-announce")).to_contain_text(
        "The results of version 1 are shown.", timeout=LIVE
    )
    jury.shoot("gradients")
    # Remo takes his stance back: the veto leaves the distribution.
    remo.get_by_role("button", name="Take back my stance").click()
    expect(bars.nth(7).locator(".gradient-count")).to_have_text("0", timeout=LIVE)
    expect(remo.locator("#gradient-mine")).to_have_count(0)

    # A new version after the discussion: a new round, the results hidden again.
    console.get_by_label("Edit the proposal: a new version starts a new round").fill(
        "The branch library stays open on Saturdays, with volunteers."
    )
    console.get_by_role("button", name="Save as a new version").click()
    expect(board).to_contain_text("0 answered", timeout=LIVE)
    expect(board).to_contain_text("Version 2")
    expect(maija.get_by_role("group", name="Your stance on version 2")).to_be_visible(timeout=LIVE)
    expect(maija.locator("#gradient-mine")).to_have_count(0)
    assert jury.errors == []

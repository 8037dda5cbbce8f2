"""A round-robin in a real browser: the facilitator's laptop, an in-room phone, a remote phone and
the room screen, driven by labels and accessible names as people would."""

from __future__ import annotations

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
ANNOUNCEMENTS = """() => {
  window.piiriHeard = [];
  const live = document.getElementById("countdown-announce");
  new MutationObserver(() => window.piiriHeard.push(live.textContent)).observe(
    live, {childList: true, characterData: true, subtree: true});
}"""


def _join(page: Page, code: str, name: str, where: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name=where).click()
    wait_connected(page)


def test_round_robin_with_an_in_room_phone_a_remote_phone_and_a_screen(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)

    errors: list[str] = []
    mobile = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    laptop = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    room_context = browser.new_context(base_url=base_url, **mobile)  # type: ignore[arg-type]
    remote_context = browser.new_context(base_url=base_url, **mobile)  # type: ignore[arg-type]
    screen_context = browser.new_context(
        base_url=base_url, viewport={"width": 1920, "height": 1080}
    )
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        maija = watch_errors(room_context.new_page(), "in-room phone", errors)
        ville = watch_errors(remote_context.new_page(), "remote phone", errors)
        screen = watch_errors(screen_context.new_page(), "screen", errors)

        console.goto("/login")
        console.get_by_label("E-mail").fill(EMAIL)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.get_by_label("Title").fill("Village meeting")
        console.get_by_role("button", name="Create workshop").click()

        # The round-robin's form opens from its summary; its defaults are filled in.
        add = console.locator("#add-round_robin")
        add.locator("summary").click()
        expect(add.get_by_label("Time per speaker, in seconds (empty: no limit)")).to_have_value(
            "60"
        )
        add.get_by_label("Question or title").fill("Check-in")
        add.get_by_label("Order of speakers").select_option(label="In the order people joined")
        add.get_by_role("button", name="Add to the agenda").click()
        start = console.get_by_role("button", name="Start Check-in")
        expect(start).to_be_visible()
        wait_connected(console)

        code = console.locator(".join-info").inner_text().split()[2]
        screen_href = console.get_by_role("link", name="Open the room screen").get_attribute("href")
        assert screen_href is not None
        screen.goto(screen_href)
        wait_connected(screen)
        _join(maija, code, "Maija", "Join in the room")
        _join(ville, code, "Ville", "Join remotely")
        console.get_by_label("Add an in-room person without a phone").fill("Pekka")
        console.get_by_role("button", name="Add person").click()
        expect(console.locator("#console-people")).to_contain_text("Pekka", timeout=LIVE)

        # Keyboard: the facilitator starts the activity and the round with Enter.
        start.focus()
        console.keyboard.press("Enter")
        expect(maija.locator("#activity-title")).to_have_text("Check-in", timeout=LIVE)
        expect(maija.locator("#phone-announce")).to_have_text("Now: Check-in")
        round_button = console.get_by_role("button", name="Start the round")
        round_button.focus()
        console.keyboard.press("Enter")

        # The screen highlights the speaker and the next; the phones say whose turn it is.
        expect(screen.locator("#rr-screen-current")).to_have_text("Maija", timeout=LIVE)
        expect(screen.locator("#rr-screen-next")).to_have_text("Ville")
        expect(maija.locator("#rr-announce")).to_have_text("It is your turn to speak.")
        # Said through the person's own live region, there from page load.
        said = maija.locator("#phone-personal-announce")
        expect(said).to_have_text("It is your turn to speak.")
        expect(said).to_have_attribute("aria-live", "polite")
        expect(ville.locator("#rr-announce")).to_have_text("You are next.", timeout=LIVE)
        expect(ville.locator("#phone-personal-announce")).to_have_text("You are next.")
        # Maija's own countdown runs on her phone, counted down by the browser.
        countdown = maija.get_by_role("timer", name="Your time left")
        expect(countdown).to_be_visible()
        first = countdown.inner_text()
        expect(countdown).not_to_have_text(first, timeout=LIVE)
        expect(ville.get_by_role("timer")).to_have_count(0)
        for name, page in (
            ("rr-turn-phone", maija),
            ("rr-turn-next", ville),
            ("rr-turn-screen", screen),
        ):
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

        maija.get_by_label("A one-line note on what you said (optional)").fill("More benches")
        maija.get_by_role("button", name="Save the note").click()
        expect(maija.locator("#phone-personal")).to_contain_text(
            "Your note: More benches", timeout=LIVE
        )
        maija.get_by_role("button", name="I am done").click()
        expect(ville.locator("#rr-announce")).to_have_text(
            "It is your turn to speak.", timeout=LIVE
        )
        expect(screen.locator("#rr-screen-current")).to_have_text("Ville", timeout=LIVE)
        expect(screen.locator("#rr-screen-next")).to_have_text("Pekka")

        # Ville passes: Pekka (no phone) speaks, and Ville is next again.
        ville.get_by_role("button", name="Pass for now").click()
        expect(screen.locator("#rr-screen-current")).to_have_text("Pekka", timeout=LIVE)
        expect(ville.locator("#rr-announce")).to_have_text("You are next.", timeout=LIVE)
        console.get_by_role("button", name="Next speaker").click()
        expect(ville.locator("#rr-announce")).to_have_text(
            "It is your turn to speak.", timeout=LIVE
        )
        ville.get_by_role("button", name="I am done").click()
        expect(console.locator("#console-activity .status")).to_have_text(
            "Round 1 has finished.", timeout=LIVE
        )
        turns = console.locator(".rr-turns tbody tr")
        expect(turns).to_have_count(4)
        expect(turns.last).to_contain_text("Maija (in the room)")
        expect(turns.last).to_contain_text("More benches")
        expect(screen.locator(".rr-share")).to_contain_text("in the room", timeout=LIVE)
        expect(screen.locator(".rr-share")).to_contain_text("remote")

        for name, page in (("rr-phone", maija), ("rr-screen", screen), ("rr-console", console)):
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        # A short shared timer: the phone's screen reader hears "nearly up" and "up" once each.
        maija.evaluate(ANNOUNCEMENTS)
        console.get_by_label("Timer, in minutes").fill("0.1")
        console.get_by_role("button", name="Start the timer").click()
        expect(maija.get_by_role("timer", name="Time left")).to_be_visible(timeout=LIVE)
        expect(maija.locator("#countdown-announce")).to_have_text("Time is up.", timeout=15_000)
        maija.wait_for_timeout(1_000)  # a second more of ticking must announce nothing new
        heard = maija.evaluate("window.piiriHeard")
        assert heard == ["Time is nearly up.", "Time is up."], heard

        # The agenda by keyboard: a moved activity keeps the keyboard focus on its button.
        add_vote = console.locator("#add-dot_vote")
        add_vote.get_by_label("Question or title").fill("Which first?")
        add_vote.get_by_label("Options, one per line").fill("Benches\nLights")
        add_vote.get_by_role("button", name="Add to the agenda").click()
        wait_connected(console)
        up = console.get_by_role("button", name="Move Which first? up")
        up.focus()
        console.keyboard.press("Enter")
        titles = console.locator("#console-agenda .agenda-title")
        expect(titles).to_have_text(["Which first?", "Check-in"], timeout=LIVE)
        focused = console.evaluate("document.activeElement && document.activeElement.id")
        assert focused == up.get_attribute("id"), focused
        maija.locator("#leave-open").click()  # leaving asks first
        maija.get_by_role("button", name="Leave the workshop").click()
        expect(maija.get_by_role("button", name="Come back to the workshop")).to_be_visible()
        expect(console.locator("#console-people")).to_contain_text("has left", timeout=LIVE)

        assert_no_sideways_scroll(maija, "maija")
        assert_no_sideways_scroll(ville, "ville")
        assert errors == []
    finally:
        for context in (laptop, room_context, remote_context, screen_context):
            context.close()

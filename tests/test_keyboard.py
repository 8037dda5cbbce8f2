"""The whole participant flow by keyboard alone (Tab, Enter, Space), with a visible focus ring
on every control it reaches and controls named for what they do.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import (
    assert_focus_visible,
)
from tests.support.activity_walks import agenda_button
from tests.support.browser_workshop import (
    LIVE,
    OPTIONS,
    PHONE,
    QUESTION,
    Site,
    connected,
    create_workshop,
    join_as,
    log_in,
    site,
    workshop_code,
)

__all__ = ["site"]  # the module's server fixture
pytestmark = pytest.mark.browser

# -- keyboard alone ---------------------------------------------------------------------------


def tab_to(page: Page, selector: str, context: str, *, backwards: bool = False) -> str:
    """Press Tab (or Shift+Tab) until ``selector`` has focus; it must show a focus ring.

    Returns the focused element's id.
    """
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(40):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            focus = assert_focus_visible(page, f"{context}: {selector}")
            return str(focus["id"])
    raise AssertionError(f"{context}: {key} never reached {selector}")


def _keyboard_join(phone: Page, code: str, name: str, presence: str) -> None:
    phone.goto("/join")
    tab_to(phone, ".skip-link", "skip link")
    box = phone.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    tab_to(phone, "#code", "join")
    phone.keyboard.type(code)
    tab_to(phone, "main form button[type=submit]", "join")
    phone.keyboard.press("Enter")
    expect(phone.locator("#name")).to_be_visible()
    tab_to(phone, "#name", "join workshop")
    phone.keyboard.type(name)
    # Enter in the name field chooses nothing for the person: the page stays.
    phone.keyboard.press("Enter")
    expect(phone.locator("#name")).to_have_value(name)
    expect(phone.locator("#form-error")).to_have_count(0)  # not sent, so not refused either
    tab_to(phone, f"button[name=presence][value={presence}]", "join workshop")
    phone.keyboard.press("Enter" if presence == "room" else "Space")
    expect(phone.locator("#activity-title")).to_have_text(QUESTION, timeout=LIVE)
    connected(phone)


def test_the_participant_flow_works_by_keyboard_alone(browser: Browser, site: Site) -> None:
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB")
    phones = [
        browser.new_context(base_url=site.base_url, locale="en-GB", viewport=PHONE)
        for _ in range(2)
    ]
    try:
        console = laptop.new_page()
        log_in(console)
        create_workshop(console, "Keyboard workshop")
        code = workshop_code(console)
        connected(console)
        console.locator("#console-agenda button[value=start_activity]").click()
        expect(console.locator("#vote-reveal")).to_be_visible(timeout=LIVE)

        remote = phones[1].new_page()
        _keyboard_join(remote, code, "Ritva", "remote")
        phone = phones[0].new_page()
        _keyboard_join(phone, code, "Kaisa", "room")
        expect(console.locator("#console-presence [data-count=in-room]")).to_have_text("1")
        expect(console.locator("#console-presence [data-count=remote]")).to_have_text("1")

        dots_left = phone.locator("#dots-left")
        expect(dots_left).to_have_text("You have 2 dots left.")
        add = tab_to(phone, ".vote-add", "phone")
        first = OPTIONS[0]
        expect(phone.locator(f"#{add}")).to_have_accessible_name(
            f"Put a dot on {first} (0 of your dots on it)"
        )
        phone.keyboard.press("Enter")
        expect(dots_left).to_have_text("You have 1 dot left.", timeout=LIVE)
        # The region was re-rendered under the person's hands: focus stayed on the button.
        assert phone.evaluate("document.activeElement.id") == add
        expect(phone.locator(f"#{add}")).to_have_accessible_name(
            f"Put a dot on {first} (1 of your dots on it)"
        )
        phone.keyboard.press("Space")
        expect(dots_left).to_have_text("You have 0 dots left.", timeout=LIVE)
        remove = tab_to(phone, ".vote-remove", "phone", backwards=True)
        expect(phone.locator(f"#{remove}")).to_have_accessible_name(
            f"Take a dot back from {first} (2 of your dots on it)"
        )
        phone.keyboard.press("Space")
        expect(dots_left).to_have_text("You have 1 dot left.", timeout=LIVE)
        expect(phone.locator("#status")).to_have_text("Saved.")
        expect(console.locator("#console-activity [data-count=dots]")).to_have_text("1")
    finally:
        for made in (laptop, *phones):
            made.close()


def _add_activity(console: Page, kind: str, title: str, **selects: str) -> None:
    form = console.locator(f"#add-{kind}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.locator(f"#{kind}-title").fill(title)
    for field, value in selects.items():
        form.locator(f"select[name={field}]").select_option(value)
    form.locator("button[type=submit]").click()
    connected(console)
    expect(agenda_button(console, title, "start_activity")).to_be_visible(timeout=LIVE)


def _start(console: Page, phones: list[Page], title: str) -> None:
    agenda_button(console, title, "start_activity").click()
    for phone in phones:
        expect(phone.locator("#activity-title")).to_have_text(title, timeout=LIVE)


def test_the_new_activities_phone_controls_work_by_keyboard_alone(
    browser: Browser, site: Site
) -> None:
    """Round-robin pass, note and raised hand; a breakout note added and edited; the
    interviewer's next question and a capture: Tab to each control, Enter or Space."""
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB")
    contexts = [
        browser.new_context(base_url=site.base_url, locale="en-GB", viewport=PHONE)
        for _ in range(2)
    ]
    try:
        console = laptop.new_page()
        log_in(console)
        create_workshop(console, "Keyboard rounds")
        code = workshop_code(console)
        connected(console)
        _add_activity(console, "round_robin", "Check-in", ordering="join")
        _add_activity(console, "breakout", "Groups")
        _add_activity(console, "interview", "Interviews")
        aino, ben = (made.new_page() for made in contexts)
        join_as(aino, code, "Aino", "Aino", check=False)
        join_as(ben, code, "Ben", "Ben", check=False)
        phones = [aino, ben]

        # The round-robin: Aino speaks first and passes; Ben speaks, notes it, hands on.
        _start(console, phones, "Check-in")
        console.locator("#rr-start").click()
        expect(aino.locator("#phone-personal-announce")).to_have_text(
            "It is your turn to speak.", timeout=LIVE
        )
        tab_to(aino, "#rr-pass-mine", "round-robin")
        expect(aino.locator("#rr-pass-mine")).to_have_accessible_name("Pass for now")
        aino.keyboard.press("Enter")
        expect(ben.locator("#phone-personal-announce")).to_have_text(
            "It is your turn to speak.", timeout=LIVE
        )
        expect(aino.locator("#phone-personal-announce")).to_have_text("You are next.")
        tab_to(ben, "#rr-my-note", "round-robin")
        ben.keyboard.type("Longer opening hours")
        tab_to(ben, "#rr-my-note-button", "round-robin")
        ben.keyboard.press("Space")
        expect(ben.locator("#phone-personal")).to_contain_text(
            "Your note: Longer opening hours", timeout=LIVE
        )
        tab_to(ben, "#rr-done", "round-robin", backwards=True)
        ben.keyboard.press("Enter")
        expect(aino.locator("#phone-personal-announce")).to_have_text(
            "It is your turn to speak.", timeout=LIVE
        )
        tab_to(ben, "#rr-raise", "round-robin")
        expect(ben.locator("#rr-raise")).to_have_accessible_name("Raise my hand to speak")
        ben.keyboard.press("Space")
        expect(ben.locator("#rr-lower")).to_be_visible(timeout=LIVE)
        expect(console.locator(".rr-queue .hand")).to_have_count(1, timeout=LIVE)
        tab_to(ben, "#rr-lower", "round-robin")
        ben.keyboard.press("Enter")
        expect(console.locator(".rr-queue .hand")).to_have_count(0, timeout=LIVE)

        # The breakout: Aino adds a note, Ben edits it, by keyboard.
        _start(console, phones, "Groups")
        console.locator("#form-groups").click()
        expect(aino.locator("#my-group")).to_be_visible(timeout=LIVE)
        tab_to(aino, "#new-note", "breakout")
        aino.keyboard.type("A reading garden")
        tab_to(aino, "#add-note", "breakout")
        aino.keyboard.press("Enter")
        note = ben.locator(".breakout-notes textarea")
        expect(note).to_have_value("A reading garden", timeout=LIVE)
        note_id = note.get_attribute("id")
        tab_to(ben, f"#{note_id}", "breakout")
        ben.keyboard.press("End")
        ben.keyboard.type(" with shade")
        save = f"#{note_id.removesuffix('-text')}-save" if note_id else ""
        tab_to(ben, save, "breakout")
        ben.keyboard.press("Space")
        expect(aino.locator(".breakout-notes textarea")).to_have_value(
            "A reading garden with shade", timeout=LIVE
        )

        # The interview: the interviewer moves to the next question and keeps a highlight.
        _start(console, phones, "Interviews")
        console.locator("#form-pairs").click()
        for phone in phones:
            expect(phone.locator("#interview-role[data-role]")).to_be_visible(timeout=LIVE)
        interviewer = next(
            phone
            for phone in phones
            if phone.locator("#interview-role").get_attribute("data-role") == "interviewer"
        )
        tab_to(interviewer, "#next-question", "interview")
        interviewer.keyboard.press("Enter")
        expect(interviewer.locator("#phone-personal-announce")).to_have_text(
            "You are the interviewer. Question 2 of 8.", timeout=LIVE
        )
        tab_to(interviewer, "#capture-text", "interview")
        interviewer.keyboard.type("Shade matters in summer")
        tab_to(interviewer, "#capture-button", "interview")
        interviewer.keyboard.press("Enter")
        expect(interviewer.locator(".interview-captures")).to_contain_text(
            "Highlight: Shade matters in summer", timeout=LIVE
        )
        expect(console.locator(".interview-harvest")).to_contain_text("Shade matters in summer")
    finally:
        for made in (laptop, *contexts):
            made.close()

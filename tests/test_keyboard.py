"""The whole participant flow by keyboard alone (Tab, Enter, Space), with a visible focus ring
on every control it reaches and controls named for what they do.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.a11y import (
    assert_focus_visible,
)
from tests.browser_workshop import (
    LIVE,
    OPTIONS,
    PHONE,
    QUESTION,
    Site,
    connected,
    create_workshop,
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

"""The console in two modes at 1366x768, its keyboard shortcuts, the confirmations that name
their consequence, and the phone's Leave that asks first and sits away from the controls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.support.browser_workshop import (
    LIVE,
    Site,
    connected,
    create_workshop,
    join_as,
    log_in,
    site,
    workshop_code,
)
from tests.support.form_client import token_in

pytestmark = pytest.mark.browser
__all__ = ["site"]

LAPTOP: ViewportSize = {"width": 1366, "height": 768}
# What a facilitator running the workshop must reach without scrolling.
RUN_CONTROLS = (
    "#agenda-previous",
    "#agenda-next",
    "#timer-pause",
    "#input-lock",
    "#results-curtain",
    "#pin-text",
    "#pin-button",
    "#unpin",
    "#vote-lock",
    "#vote-reveal",
    "#join-panel-large",
    "#join-panel-corner",
    "#join-panel-hidden",
    "#shortcuts-button",
    "#mode-plan",
)


@pytest.fixture
def console(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(base_url=site.base_url, viewport=LAPTOP, locale="en-GB")
    try:
        page = context.new_page()
        log_in(page)
        yield page
    finally:
        context.close()


def inside_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return bool(
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= LAPTOP["width"]
        and box["y"] + box["height"] <= LAPTOP["height"]
    )


def test_running_by_keyboard_with_every_run_control_on_one_laptop_screen(console: Page) -> None:
    path = create_workshop(console, "Kylätalon ilta")
    connected(console)
    expect(console.locator("#mode-plan")).to_have_attribute("aria-current", "page")
    expect(console.locator("#add-dot_vote")).to_be_visible()  # plan: the agenda's forms

    console.keyboard.press("n")  # next: the first activity starts
    expect(console.locator("#vote-reveal")).to_be_visible(timeout=LIVE)
    console.locator("#mode-run").click()
    connected(console)
    console.goto(path)  # back without ?mode= (as after a form): the tab keeps run mode
    connected(console)
    expect(console.locator("#mode-run")).to_have_attribute("aria-current", "page")
    expect(console.locator("#add-dot_vote")).to_be_hidden()
    expect(console.locator(".close-form")).to_be_hidden()

    console.keyboard.press("t")  # the timer starts with the minutes in its box
    expect(console.locator("#timer-pause")).to_be_visible(timeout=LIVE)
    console.keyboard.press("m")  # the pin box takes the focus
    expect(console.locator("#pin-text")).to_be_focused()
    console.keyboard.type("Coffee at 10")
    console.keyboard.press("Enter")
    expect(console.locator("#unpin")).to_be_visible(timeout=LIVE)
    console.locator("body").click(position={"x": 5, "y": 700})  # out of the text box

    console.keyboard.press("r")  # reveal the running vote's results
    expect(console.locator("#vote-reveal")).to_have_attribute("value", "hide", timeout=LIVE)
    console.keyboard.press("l")  # lock the running vote
    expect(console.locator("#vote-lock")).to_have_attribute("value", "unlock", timeout=LIVE)

    assert console.evaluate("window.scrollY") == 0
    outside = [s for s in RUN_CONTROLS if not inside_viewport(console, s)]
    assert not outside, f"run controls outside 1366x768: {outside}"

    console.keyboard.press("?")
    dialog = console.locator("#shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.locator("kbd")).not_to_have_count(0)
    console.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    console.keyboard.press("p")  # previous: there is none, the console says so
    expect(console.locator("#notice")).to_contain_text("first activity", timeout=LIVE)


def test_closing_and_removing_ask_first_naming_the_consequence(
    console: Page, site: Site, browser: Browser
) -> None:
    path = create_workshop(console, "Kylätalon ilta")
    response = console.request.post(
        f"{path}/activities",
        form={
            "kind": "dot_vote",
            "title": "Second vote",
            "options": "A\nB",
            "csrf": token_in(console.content()),  # the console's forms carry it (CSRF)
        },
    )
    assert response.ok
    console.goto(f"{path}?mode=plan")
    connected(console)
    phone_context = browser.new_context(
        base_url=site.base_url, viewport={"width": 360, "height": 640}
    )
    try:
        phone = phone_context.new_page()
        join_as(phone, workshop_code(console), "Aino", "phone", check=False)
        remove_aino = console.locator("#console-people button[value=remove_person]")
        expect(remove_aino).to_be_visible(timeout=LIVE)

        dialog = console.locator("#confirm-dialog")
        for button, consequence in (
            (console.locator(".close-form button"), "stops letting anyone in"),
            (console.locator("[id$=-remove][value=remove_activity]").last, "kept in the results"),
            (remove_aino, "can bring them back"),
        ):
            button.click()
            expect(dialog).to_be_visible()
            expect(dialog).to_contain_text(consequence)
            expect(console.locator("#confirm-no")).to_be_focused()
            console.keyboard.press("Enter")  # Cancel has the focus: nothing happens
            expect(dialog).to_be_hidden()
        expect(console.locator(".close-form input[value=true]")).to_be_attached()
        expect(console.locator("#console-agenda .agenda-title")).to_have_count(2)
        expect(remove_aino).to_be_visible()

        console.locator("[id$=-remove][value=remove_activity]").last.click()
        console.locator("#confirm-yes").click()
        expect(console.locator("#console-agenda .agenda-title")).to_have_count(1, timeout=LIVE)

        # The phone's Leave: below the controls, and only a second, deliberate tap leaves.
        leave = phone.locator("#leave-button")
        expect(leave).to_be_hidden()
        controls = phone.locator("#live").bounding_box()
        summary = phone.locator("#leave-open").bounding_box()
        assert controls is not None and summary is not None
        assert summary["y"] >= controls["y"] + controls["height"] + 48
        phone.locator("#leave-open").click()
        expect(phone.locator("#leave")).to_contain_text("join again with the code")
        leave.click()
        expect(phone.get_by_role("button", name="Come back to the workshop")).to_be_visible()
        expect(console.locator("#console-people")).to_contain_text("has left", timeout=LIVE)
    finally:
        phone_context.close()

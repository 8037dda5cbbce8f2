"""Larger text and high contrast, chosen once and kept on the console, the room screen and the
phone; movement off when the device asks for reduced motion.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import (
    assert_accessible,
)
from tests.support.browser_workshop import (
    LIVE,
    PHONE,
    Site,
    check_phone,
    check_screen,
    connected,
    create_workshop,
    join_as,
    log_in,
    site,
    workshop_code,
)

__all__ = ["site"]  # the module's server fixture
pytestmark = pytest.mark.browser

# -- display choices and reduced motion -------------------------------------------------------


def _body_font(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def test_display_choices_persist_on_console_screen_and_phone(browser: Browser, site: Site) -> None:
    # axe is injected as a script of its own, which the Content-Security-Policy forbids.
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB", bypass_csp=True)
    plain = browser.new_context(base_url=site.base_url, locale="en-GB", bypass_csp=True)
    phone_context = browser.new_context(
        base_url=site.base_url,
        locale="en-GB",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    try:
        console = laptop.new_page()
        log_in(console)
        path = create_workshop(console, "Display choices")
        code = workshop_code(console)
        screen_path = console.locator("#screen-link").get_attribute("href")
        assert screen_path is not None
        console.locator("#console-agenda button[value=start_activity]").click()
        bar = console.locator("#console-activity .result-fill").first
        expect(bar).to_be_attached(timeout=LIVE)

        # Movement (the results' bars growing in) stops when the device asks for reduced motion.
        assert bar.evaluate("el => getComputedStyle(el).animationName") == "result-grow"
        console.emulate_media(reduced_motion="reduce")
        assert bar.evaluate("el => getComputedStyle(el).animationName") == "none"

        # Larger text, chosen on the console, holds for the same browser's room screen too.
        normal = _body_font(console)
        choice = console.locator("button[name=large_text]")
        expect(choice).to_have_attribute("aria-pressed", "false")
        choice.click()
        expect(console.locator("html")).to_have_class("text-large")
        expect(console).to_have_url(re.compile(re.escape(path) + "$"))  # back where they were
        expect(console.locator("button[name=large_text]")).to_have_attribute("aria-pressed", "true")
        assert _body_font(console) >= normal * 1.2
        assert_accessible(console, "console with larger text")
        screen = laptop.new_page()
        screen.goto(screen_path)
        expect(screen.locator("html")).to_have_class("text-large")
        other_screen = plain.new_page()
        other_screen.set_viewport_size({"width": 1920, "height": 1080})
        screen.set_viewport_size({"width": 1920, "height": 1080})
        other_screen.goto(screen_path)
        assert _body_font(screen) > _body_font(other_screen)
        check_screen(screen, "room screen with larger text")

        # High contrast and larger text on a phone, kept across reloads and pages.
        phone = phone_context.new_page()
        join_as(phone, code, "Kontrasti", "phone", check=False)
        phone.locator("button[name=high_contrast]").click()
        expect(phone.locator("html")).to_have_class("contrast-high")
        phone.locator("button[name=large_text]").click()
        expect(phone.locator("html")).to_have_class("text-large contrast-high")
        phone.reload()
        expect(phone.locator("html")).to_have_class("text-large contrast-high")
        expect(phone.locator(".vote-add").first).to_have_css("background-color", "rgb(0, 0, 0)")
        connected(phone)
        check_phone(phone, "phone with high contrast and larger text")
        phone.goto("/accessibility")
        expect(phone.locator("html")).to_have_class("text-large contrast-high")
        check_phone(phone, "statement with high contrast and larger text")
    finally:
        for made in (laptop, plain, phone_context):
            made.close()

"""Phones on weak networks: a slow 3G phone joins and votes within 10 seconds, its first page
load stays within 60 KB (htmx included), everything comes compressed, and nothing shifts.

The network is throttled by Chromium itself (DevTools protocol), the sizes are what Chromium
counted as transferred (headers and compressed bodies), and the browser cache is off, so each
page is measured as on a first visit.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.support.a11y import assert_no_sideways_scroll, layout_shift, watch_layout_shift
from tests.support.browser_workshop import (
    FIRST_LOAD_BUDGET,
    JOIN_AND_VOTE_LIMIT,
    LIVE,
    PHONE,
    SLOW_3G,
    Site,
    create_workshop,
    log_in,
    site,
    workshop_code,
)

__all__ = ["site"]  # the module's server fixture

pytestmark = pytest.mark.browser


class Transfers:
    """What Chromium transferred for one page: bytes per URL, and each response's headers."""

    def __init__(self, cdp: CDPSession) -> None:
        self.urls: dict[str, str] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.sizes: dict[str, float] = {}
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        self.headers[response["url"]] = {k.lower(): v for k, v in response["headers"].items()}

    def _finished(self, event: dict[str, Any]) -> None:
        self.sizes[event["requestId"]] = event["encodedDataLength"]

    def clear(self) -> None:
        self.urls.clear()
        self.headers.clear()
        self.sizes.clear()

    def settle(self, page: Page) -> None:
        """Wait until every response seen so far has finished loading."""
        for _ in range(100):
            if set(self.urls) <= set(self.sizes):
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"unfinished: {set(self.urls) - set(self.sizes)}")

    def total(self) -> int:
        return int(sum(self.sizes.values()))

    def by_url(self) -> dict[str, int]:
        return {self.urls.get(r, r): int(size) for r, size in self.sizes.items()}


def test_a_slow_3g_phone_joins_and_votes_within_ten_seconds(browser: Browser, site: Site) -> None:
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB")
    phone_context = browser.new_context(
        base_url=site.base_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="en-GB",
    )
    watch_layout_shift(phone_context)
    try:
        console = laptop.new_page()
        log_in(console)
        create_workshop(console, "Slow network workshop")
        code = workshop_code(console)
        console.locator("#console-agenda button[value=start_activity]").click()
        expect(console.locator("#vote-reveal")).to_be_visible(timeout=LIVE)

        phone = phone_context.new_page()
        cdp = phone_context.new_cdp_session(phone)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        transfers = Transfers(cdp)

        # The promise is the wait limit: every wait below gets only what is left of it.
        started = time.monotonic()

        def left() -> float:
            return max(1.0, (started + JOIN_AND_VOTE_LIMIT - time.monotonic()) * 1000)

        # -- the link in the QR code: the first page a phone ever loads -----------------------
        phone.goto(f"/j/{code}", timeout=left())
        transfers.settle(phone)
        first_load = transfers.total()
        sizes = transfers.by_url()
        print(f"\nfirst page load (/j/{code}): {first_load} bytes transferred: {sizes}")
        assert first_load <= FIRST_LOAD_BUDGET, sizes
        assert any("htmx.min." in url for url in sizes), "htmx must be in the measured load"
        for url, headers in transfers.headers.items():
            assert headers.get("content-encoding") == "gzip", f"{url} came uncompressed"
            if "/static/" in url:
                assert headers["cache-control"] == "public, max-age=31536000, immutable", url
        assert_no_sideways_scroll(phone, "join page on 360x640")
        assert layout_shift(phone) == 0

        # -- join in the room; the phone page, also measured cold -----------------------------
        transfers.clear()
        phone.locator("button[name=presence][value=room]").click(timeout=left())
        add = phone.locator(".vote-add").first
        expect(add).to_be_visible(timeout=left())
        expect(phone.locator("body")).to_have_attribute("data-connected", "true", timeout=left())
        transfers.settle(phone)
        print(f"phone page load: {transfers.total()} bytes transferred")
        assert transfers.total() <= FIRST_LOAD_BUDGET, transfers.by_url()

        # -- and a vote ------------------------------------------------------------------------
        add.click(timeout=left())
        expect(phone.locator("#dots-left")).to_have_text("You have 1 dot left.", timeout=left())
        elapsed = time.monotonic() - started
        print(f"slow 3G: joined and voted in {elapsed:.1f} s")
        expect(console.locator("#console-activity [data-count=dots]")).to_have_text("1")
        assert_no_sideways_scroll(phone, "phone page on 360x640")
        assert layout_shift(phone) == 0, "the phone page shifted while loading"
    finally:
        laptop.close()
        phone_context.close()

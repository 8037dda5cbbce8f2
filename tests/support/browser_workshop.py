"""A real Piiri server and drivers for its pages, for the browser tests of accessibility.

Pages are driven by ids and form structure, never by visible words, so the same steps run in
English, Finnish and Swedish. ``site`` is module-scoped: import it into a test module to get
one server (with one facilitator account) for that module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from piiri.web.i18n import gettext
from tests.support.a11y import (
    assert_accessible,
    assert_no_sideways_scroll,
    assert_touch_targets,
    smallest_text,
)
from tests.support.browser import serve_with_facilitator, wait_connected
from tests.support.processes import PiiriFactory

LANGUAGES = ("en", "fi", "sv")
BROWSER_LOCALE = {"en": "en-GB", "fi": "fi-FI", "sv": "sv-FI"}
EMAIL = "a11y@example.org"
PASSWORD = "a long enough password for tests"
QUESTION = "Mitä ensin? / Vad först?"
OPTIONS = ("Kirjasto", "Bibliotek", "Library", "Puisto")
LIVE = 10_000  # ms: how long a pushed change may take to show up (the machine is shared)
PHONE: ViewportSize = {"width": 360, "height": 640}
SCREEN_SIZES = {"en": (1280, 720), "fi": (1920, 1080), "sv": (1920, 1080)}
SCREEN_MIN_FONT_PX = 24.0
FIRST_LOAD_BUDGET = 60_000  # bytes transferred, htmx included
SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms round trip
    "downloadThroughput": 400 * 1000 / 8,  # 400 kbit/s in bytes per second
    "uploadThroughput": 400 * 1000 / 8,
}
JOIN_AND_VOTE_LIMIT = 10.0  # seconds: the promise on a slow 3G phone


@dataclass(frozen=True)
class Site:
    base_url: str


@pytest.fixture(scope="module")
def site(piiri_process: PiiriFactory, tmp_path_factory: pytest.TempPathFactory) -> Site:
    directory = tmp_path_factory.mktemp("a11y")
    return Site(serve_with_facilitator(piiri_process, directory, email=EMAIL, password=PASSWORD))


# -- driving the pages by ids, in any language -----------------------------------------------


def connected(page: Page) -> None:
    """Wait until the page's WebSocket is open, as long as LIVE allows."""
    wait_connected(page, LIVE)


def log_in(page: Page) -> None:
    page.goto("/login")
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#title")).to_be_visible()


def create_workshop(console: Page, title: str, *, dots: int = 2) -> str:
    """A workshop with one dot-vote on ``console`` (logged in); returns the console's path."""
    console.goto("/facilitator/")
    console.locator("#title").fill(title)
    console.locator("#language").select_option("en")
    console.locator("form[action='/facilitator/workshops'] button[type=submit]").click()
    expect(console.locator("#dot_vote-title")).to_be_visible()
    console.locator("#dot_vote-title").fill(QUESTION)
    console.locator("#dot_vote-options").fill("\n".join(OPTIONS))
    console.locator("#dot_vote-dots_per_person").fill(str(dots))
    console.locator("#add-dot_vote button[type=submit]").click()
    expect(console.locator("#console-agenda button[value=start_activity]")).to_be_visible()
    return re.sub(r"^https?://[^/]+|#.*$", "", console.url)


def workshop_code(console: Page) -> str:
    href = console.locator(".join-info a").get_attribute("href")
    assert href is not None
    return href.rsplit("/", 1)[1]


def join_as(phone: Page, code: str, name: str, context: str, check: bool = True) -> None:
    """Join from the code page as a person in the room; checks each page on the way."""
    phone.goto("/join")
    if check:
        check_phone(phone, f"{context} /join")
    phone.locator("#code").fill(code)
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#name")).to_be_visible()
    if check:
        check_phone(phone, f"{context} /j/code")
    phone.locator("#name").fill(name)
    phone.locator("button[name=presence][value=room]").click()
    expect(phone.locator("#phone-activity")).to_be_visible()
    connected(phone)


def check_phone(phone: Page, context: str) -> None:
    assert_accessible(phone, context)
    assert_touch_targets(phone, context)
    assert_no_sideways_scroll(phone, context)


def check_screen(screen: Page, context: str) -> None:
    assert_accessible(screen, context, enhanced_contrast=True)
    smallest = smallest_text(screen)
    assert smallest and smallest[0][0] >= SCREEN_MIN_FONT_PX, f"{context}: small text {smallest}"


# -- the world: a console, a phone and a room screen in each language -------------------------


@dataclass
class World:
    consoles: dict[str, Page]
    phones: dict[str, Page]
    screens: dict[str, Page]
    console_path: str
    contexts: list[BrowserContext] = field(default_factory=list)

    @property
    def console(self) -> Page:
        """The console the facilitator drives (the others follow over their sockets)."""
        return self.consoles["en"]

    def say(self, language: str, message: str, **params: object) -> str:
        return gettext(language, message, **params)


Step = tuple[str, Callable[[World], None]]


def check_world(world: World, state: str) -> None:
    for language, phone in world.phones.items():
        check_phone(phone, f"phone {language}, {state}")
    for language, screen in world.screens.items():
        check_screen(screen, f"room screen {language}, {state}")
    for language, console in world.consoles.items():
        assert_accessible(console, f"console {language}, {state}")


def walk(world: World, steps: list[Step]) -> None:
    for name, act in steps:
        act(world)
        check_world(world, name)

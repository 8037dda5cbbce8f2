"""Everyone can take part: every view in every language through axe-core, by keyboard alone,
with announcements, touch targets, display choices, and on a slow network.

One real Piiri server and Debian's headless Chromium. Pages are driven by ids and roles, not by
visible words, so the same steps run in English, Finnish and Swedish.

To cover a new activity, add its states to ``ACTIVITY_STEPS`` (or a list like it): each step is
a name and a function that brings every page of the ``World`` into that state and waits until
it shows. After every step, every page (three consoles, three phones, three room screens) is
checked by ``tests.a11y``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from piiri.i18n import gettext, translations
from tests.a11y import (
    assert_accessible,
    assert_focus_visible,
    assert_no_sideways_scroll,
    assert_touch_targets,
    layout_shift,
    smallest_text,
    watch_layout_shift,
)
from tests.infra import HOST, ROOT, PiiriFactory, free_port, migrate

pytestmark = pytest.mark.browser

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
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'a11y.db'}",
        "SECRET_KEY": "a11y-test-secret-key-not-for-production",
        "PUBLIC_URL": base_url,
        "REDIS_URL": "",
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
    }
    migrate(env)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "piiri",
            "create-facilitator",
            "--email",
            EMAIL,
            "--password",
            PASSWORD,
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=True,
    )
    piiri_process(env, port=port)
    return Site(base_url)


# -- driving the pages by ids, in any language -----------------------------------------------


def _connected(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-connected", "true", timeout=LIVE)


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
    console.locator("main form.stack button[type=submit]").click()
    expect(console.locator("#activity-title-input")).to_be_visible()
    console.locator("#activity-title-input").fill(QUESTION)
    console.locator("#options").fill("\n".join(OPTIONS))
    console.locator("#dots_per_person").fill(str(dots))
    console.locator(".console-add button[type=submit]").click()
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
    _connected(phone)


def check_phone(phone: Page, context: str) -> None:
    assert_accessible(phone, context)
    assert_touch_targets(phone, context)
    assert_no_sideways_scroll(phone, context)


def check_screen(screen: Page, context: str) -> None:
    assert_accessible(screen, context, enhanced_contrast=True)
    smallest = smallest_text(screen)
    assert smallest and smallest[0][0] >= SCREEN_MIN_FONT_PX, f"{context}: small text {smallest}"


# -- the world: a console, a phone and a room screen in each language ---------------------------


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


def _start(world: World) -> None:
    world.console.locator("#console-agenda button[value=start_activity]").click()
    for language, phone in world.phones.items():
        expect(phone.locator("#activity-title")).to_have_text(QUESTION, timeout=LIVE)
        # A new activity is announced once, politely.
        announce = phone.locator("#phone-announce")
        expect(announce).to_have_attribute("aria-live", "polite")
        expect(announce).to_have_text(world.say(language, "Now: %(title)s") % {"title": QUESTION})
    for console in world.consoles.values():
        expect(console.locator("#vote-reveal")).to_be_visible(timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".screen-options li")).to_have_count(len(OPTIONS), timeout=LIVE)


def _dots_left(language: str, count: int) -> str:
    text = translations(language).ungettext(
        "You have %(count)s dot left.", "You have %(count)s dots left.", count
    )
    return text % {"count": count}


def _cast(world: World, option: int, left: int) -> None:
    for language, phone in world.phones.items():
        phone.locator(".vote-add").nth(option).click()
        expect(phone.locator("#dots-left")).to_have_text(_dots_left(language, left), timeout=LIVE)
        # Accepted input is said politely; nothing is in the alert region.
        expect(phone.locator("#status")).to_have_text(world.say(language, "Saved."), timeout=LIVE)
        expect(phone.locator("#status")).to_have_attribute("aria-live", "polite")
        expect(phone.locator("#notice")).to_have_text("")


def _one_dot_cast(world: World) -> None:
    _cast(world, 0, 1)


def _budget_spent(world: World) -> None:
    _cast(world, 1, 0)


def _refused(world: World) -> None:
    for language, phone in world.phones.items():
        phone.locator(".vote-add").nth(2).click()
        refusal = world.say(
            language, "All your {budget} dots are in use. Take one back to move it.", budget=2
        )
        notice = phone.locator("#notice")
        expect(notice).to_have_text(refusal, timeout=LIVE)
        expect(notice).to_have_attribute("role", "alert")
        expect(phone.locator("#status")).to_have_text("")


def _revealed(world: World) -> None:
    world.console.locator("#vote-reveal").click()
    for language, phone in world.phones.items():
        expect(phone.locator("#phone-activity .results > li")).to_have_count(
            len(OPTIONS), timeout=LIVE
        )
        expect(phone.locator("#phone-announce")).to_contain_text(
            world.say(language, "The results are shown.")
        )
    for screen in world.screens.values():
        expect(screen.locator("#screen-activity .results > li")).to_have_count(
            len(OPTIONS), timeout=LIVE
        )
    for console in world.consoles.values():
        expect(console.locator("#vote-reveal")).to_have_attribute("value", "hide", timeout=LIVE)


def _locked(world: World) -> None:
    world.console.locator("#vote-lock").click()
    for language, phone in world.phones.items():
        expect(phone.locator("#phone-personal .locked")).to_be_visible(timeout=LIVE)
        expect(phone.locator("#phone-announce")).to_contain_text(
            world.say(language, "Voting is locked.")
        )
    for console in world.consoles.values():
        expect(console.locator("#vote-lock")).to_have_attribute("value", "unlock", timeout=LIVE)


def _closed(world: World) -> None:
    world.console.locator(".close-form button").click()
    expect(world.console.locator(".close-form input[value=false]")).to_be_attached()
    for language, phone in world.phones.items():
        title = world.say(language, "This workshop has closed")
        expect(phone.locator("#activity-title")).to_have_text(title, timeout=LIVE)
        expect(phone.locator("#phone-announce")).to_have_text(title)
    for language, console in world.consoles.items():
        if language != "en":
            console.reload()
        _connected(console)


# The phone in every state of the dot-vote. A new activity adds its own list (its states, and
# how the facilitator and the phones reach them) and runs it through ``walk`` the same way.
ACTIVITY_STEPS: list[Step] = [
    ("dot-vote voting", _start),
    ("dot-vote one dot cast (accepted)", _one_dot_cast),
    ("dot-vote budget spent", _budget_spent),
    ("dot-vote input refused", _refused),
    ("dot-vote revealed", _revealed),
    ("dot-vote locked", _locked),
]
CLOSING_STEPS: list[Step] = [("workshop closed", _closed)]


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


@pytest.fixture
def world(browser: Browser, site: Site) -> Iterator[World]:
    contexts: list[BrowserContext] = []

    def context(language: str, **options: object) -> BrowserContext:
        made = browser.new_context(
            base_url=site.base_url,
            locale=BROWSER_LOCALE[language],
            **options,  # type: ignore[arg-type]
        )
        contexts.append(made)
        return made

    try:
        consoles = {
            lang: context(lang, viewport={"width": 1280, "height": 800}).new_page()
            for lang in LANGUAGES
        }
        for language, console in consoles.items():
            # Before logging in: the login page, in the browser's language.
            console.goto("/login")
            expect(console.locator("html")).to_have_attribute("lang", language)
            assert_accessible(console, f"login page {language}")
            log_in(console)
            assert_accessible(console, f"dashboard {language}")
        path = create_workshop(consoles["en"], "Saavutettava työpaja")
        for console in consoles.values():
            console.goto(path)
            _connected(console)
        screen_path = consoles["en"].locator("#screen-link").get_attribute("href")
        assert screen_path is not None
        screens: dict[str, Page] = {}
        for language in LANGUAGES:
            width, height = SCREEN_SIZES[language]
            screen_context = context(language, viewport={"width": width, "height": height})
            screen_context.add_cookies(
                [{"name": "piiri_lang", "value": language, "url": site.base_url}]
            )
            screens[language] = screen_context.new_page()
            screens[language].goto(screen_path)
            _connected(screens[language])
        phones: dict[str, Page] = {}
        for language in LANGUAGES:
            phone_context = context(
                language, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
            )
            watch_layout_shift(phone_context)
            phones[language] = phone_context.new_page()
        yield World(
            consoles=consoles, phones=phones, screens=screens, console_path=path, contexts=contexts
        )
    finally:
        for made in contexts:
            made.close()


def test_every_view_in_every_language_passes_axe(world: World) -> None:
    code = workshop_code(world.console)
    for language, phone in world.phones.items():
        # Pages that belong to no workshop, in the phone's (browser's) language.
        for path in ("/join", "/accessibility", "/no-such-page", "/login"):
            phone.goto(path)
            expect(phone.locator("html")).to_have_attribute("lang", language)
            check_phone(phone, f"{path} {language}")
        join_as(phone, code, f"Person {language}", f"phone {language}")
        # 360x640 and nothing moved while the phone page loaded and connected.
        assert layout_shift(phone) == 0, f"phone {language}: layout shift while loading"
    check_world(world, "waiting for the facilitator")
    walk(world, ACTIVITY_STEPS)
    walk(world, CLOSING_STEPS)


def test_the_checks_fail_on_known_barriers(page: Page) -> None:
    """A check that cannot fail proves nothing: known barriers are reported with their nodes."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<button id="nameless"></button>'
        '<p id="grey" style="color:#666;background:#fff">Readable up close only</p>'
        '<a id="tiny" href="/" style="display:inline-block;width:20px;height:20px">x</a>'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as plain:
        assert_accessible(page, "known barriers")
    assert "button-name" in str(plain.value) and "#nameless" in str(plain.value)
    assert "color-contrast" not in str(plain.value)  # #666 on white passes AA (5.7:1)
    with pytest.raises(AssertionError) as enhanced:
        assert_accessible(page, "known barriers", enhanced_contrast=True)
    assert "color-contrast-enhanced" in str(enhanced.value) and "#grey" in str(enhanced.value)
    with pytest.raises(AssertionError) as small:
        assert_touch_targets(page, "known barriers")
    assert "#tiny" in str(small.value) and "20.0x20.0" in str(small.value)
    assert smallest_text(page)[0][0] == 16.0


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
    _connected(phone)


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
        _connected(console)
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


# -- display choices and reduced motion -------------------------------------------------------


def _body_font(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def test_display_choices_persist_on_console_screen_and_phone(browser: Browser, site: Site) -> None:
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB")
    plain = browser.new_context(base_url=site.base_url, locale="en-GB")
    phone_context = browser.new_context(
        base_url=site.base_url, locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        console = laptop.new_page()
        log_in(console)
        path = create_workshop(console, "Display choices")
        code = workshop_code(console)
        screen_path = console.locator("#screen-link").get_attribute("href")
        assert screen_path is not None
        console.locator("#console-agenda button[value=start_activity]").click()
        bar = console.locator("#console-activity .result-bar span").first
        expect(bar).to_be_attached(timeout=LIVE)

        # Movement (the results' bars growing) stops when the device asks for reduced motion.
        assert bar.evaluate("el => getComputedStyle(el).transitionDuration") == "0.4s"
        console.emulate_media(reduced_motion="reduce")
        assert bar.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"

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
        _connected(phone)
        check_phone(phone, "phone with high contrast and larger text")
        phone.goto("/accessibility")
        expect(phone.locator("html")).to_have_class("text-large contrast-high")
        check_phone(phone, "statement with high contrast and larger text")
    finally:
        for made in (laptop, plain, phone_context):
            made.close()

"""Every view in every language through axe-core, with the announcements that matter.

To cover a new activity, add its states to a list like ``ACTIVITY_STEPS`` (the dot-vote, here)
or ``GROUP_ACTIVITY_STEPS`` (the round-robin, breakout, interview and the shared controls, in
tests/support/activity_walks.py), ``JURY_STEPS`` (the hearing, the idea wall, gradients of
agreement, there too) and ``CROWD_STEPS`` (25/10, tests/support/crowd_walk.py): each step is
a name and a function that brings every page of the ``World`` into that state and waits until it
shows. A registered kind without steps of its
own is added from its demo values and started, and checked that way. After every step every page
(three consoles, three phones, three room screens, one per language) is checked by
``tests.support.a11y``:
axe-core, and on phones touch targets and sideways scrolling, on screens 7:1 contrast and the
smallest font.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from piiri.web.i18n import translations
from tests.support.a11y import (
    assert_accessible,
    assert_touch_targets,
    layout_shift,
    smallest_text,
    watch_layout_shift,
)
from tests.support.activity_walks import GROUP_ACTIVITY_STEPS, JURY_STEPS
from tests.support.browser_workshop import (
    BROWSER_LOCALE,
    LANGUAGES,
    LIVE,
    OPTIONS,
    PHONE,
    QUESTION,
    SCREEN_SIZES,
    Site,
    Step,
    World,
    check_phone,
    check_world,
    connected,
    create_workshop,
    join_as,
    log_in,
    site,
    walk,
    workshop_code,
)
from tests.support.cafe_walks import CAFE_STEPS
from tests.support.crowd_walk import CROWD_STEPS

__all__ = ["site"]  # the module's server fixture
pytestmark = pytest.mark.browser


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
        # Scrolled to the end, the refusal (fixed at the bottom) covers none of the controls.
        phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        top = phone.evaluate("document.getElementById('notice').getBoundingClientRect().top")
        lowest = phone.evaluate(
            "Math.max(...[...document.querySelectorAll('button, a[href]')]"
            ".filter((el) => !el.closest('#notice'))"
            ".map((el) => el.getBoundingClientRect().bottom))"
        )
        assert lowest <= top, f"phone {language}: the refusal covers a control ({lowest} > {top})"


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
    # Closing asks first, naming what it does; the dialog is checked too.
    expect(world.console.locator("#confirm-dialog")).to_be_visible()
    assert_accessible(world.console, "console, confirming the close")
    world.console.locator("#confirm-yes").click()
    expect(world.console.locator(".close-form input[value=false]")).to_be_attached()
    for language, phone in world.phones.items():
        title = world.say(language, "This workshop has closed")
        expect(phone.locator("#activity-title")).to_have_text(title, timeout=LIVE)
        expect(phone.locator("#phone-announce")).to_have_text(title)
    for language, console in world.consoles.items():
        if language != "en":
            console.reload()
        connected(console)


def _run_mode_and_corner(world: World) -> None:
    """The other consoles in run mode (the English one stays in plan mode, with every form),
    the Swedish one with its shortcuts dialog open; the join panel in the screens' corner."""
    for language in ("fi", "sv"):
        console = world.consoles[language]
        console.goto(f"{world.console_path}?mode=run")
        connected(console)
        expect(console.locator("#mode-run")).to_have_attribute("aria-current", "page")
    world.consoles["sv"].keyboard.press("?")
    expect(world.consoles["sv"].locator("#shortcuts")).to_be_visible()
    world.console.locator("#join-panel-corner").click()
    for screen in world.screens.values():
        expect(screen.locator("#screen-join.join-corner")).to_be_visible(timeout=LIVE)


# The phone in every state of the dot-vote. A new activity adds its own list (its states, and
# how the facilitator and the phones reach them) and runs it through ``walk`` the same way.
def _proxy_person(world: World) -> None:
    world.console.locator("#proxy-name").fill("Pekka")
    world.console.locator("#add-proxy-button").click()
    for console in world.consoles.values():
        expect(console.locator(".proxy-vote button")).to_have_count(2 * len(OPTIONS), timeout=LIVE)


ACTIVITY_STEPS: list[Step] = [
    ("dot-vote voting", _start),
    ("console in run mode, shortcuts dialog, join panel in the corner", _run_mode_and_corner),
    ("dot-vote with a person without a phone (console votes for them)", _proxy_person),
    ("dot-vote one dot cast (accepted)", _one_dot_cast),
    ("dot-vote budget spent", _budget_spent),
    ("dot-vote input refused", _refused),
    ("dot-vote revealed", _revealed),
    ("dot-vote locked", _locked),
]
CLOSING_STEPS: list[Step] = [("workshop closed", _closed)]


def _process_around(console: Page) -> tuple[str, str]:
    """A process made on the dashboard with ``console``'s workshop in it, one member and one
    narrative section; the process page's path and the member's personal link's path."""
    console.goto("/facilitator/")
    console.locator("#process_title").fill("Saavutettava prosessi")
    console.locator("form[action='/facilitator/processes'] button[type=submit]").click()
    expect(console.locator("#add-workshop")).to_be_visible()
    console.locator("form[action$='/workshops'] button[type=submit]").click()
    expect(console.locator(".process-workshops li")).to_have_count(1)
    console.locator("#member-name").fill("Aino Juri")
    console.locator("#member-name").press("Enter")
    link = console.locator(".personal-link")
    expect(link).to_have_count(1)
    # A narrative section, so that its edit form and the report's section are walked too.
    console.locator("#section-heading").fill("Yhteenveto")
    console.locator("#section-text").fill("Raati suositteli lauantaiaukioloa.")
    console.locator("form[action$='/sections'] button[type=submit]").click()
    expect(console.locator(".process-section")).to_have_count(1)
    href = link.get_attribute("href")
    assert href is not None
    return re.sub(r"^https?://[^/]+|[?#].*$", "", console.url), re.sub(r"^https?://[^/]+", "", href)


@pytest.fixture
def world(browser: Browser, site: Site) -> Iterator[World]:
    contexts: list[BrowserContext] = []

    def context(language: str, **options: object) -> BrowserContext:
        made = browser.new_context(
            base_url=site.base_url,
            locale=BROWSER_LOCALE[language],
            # axe-core is injected as an inline script, which Piiri's Content-Security-Policy
            # rightly refuses; the other browser tests run under the policy.
            bypass_csp=True,
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
        process_path, member_path = _process_around(consoles["en"])
        for language, console in consoles.items():
            # The pages beside the console: people, the audit trail, the password, and the
            # process around the workshop: its page, its report, its printable personal links.
            for extra in (
                f"{path}/people",
                f"{path}/audit",
                "/facilitator/password",
                process_path,
                f"{process_path}/report",
                f"{process_path}/links",
            ):
                console.goto(extra)
                assert_accessible(console, f"{extra} {language}")
        for console in consoles.values():
            console.goto(path)
            connected(console)
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
            connected(screens[language])
        phones: dict[str, Page] = {}
        for language in LANGUAGES:
            phone_context = context(
                language, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
            )
            watch_layout_shift(phone_context)
            phones[language] = phone_context.new_page()
            # A member's personal link: the sessions of their process to join.
            phones[language].goto(member_path)
            expect(phones[language].locator("#member-greeting")).to_be_visible()
            check_phone(phones[language], f"personal link {language}")
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
        # A code that lets nobody in: the message, and the field marked invalid.
        phone.goto("/join")
        phone.locator("#code").fill("000000")
        phone.locator("main form button[type=submit]").click()
        expect(phone.locator("#code")).to_have_attribute("aria-invalid", "true")
        check_phone(phone, f"/join with a wrong code {language}")
        join_as(phone, code, f"Person {language}", f"phone {language}")
        # 360x640 and nothing moved while the phone page loaded and connected.
        assert layout_shift(phone) == 0, f"phone {language}: layout shift while loading"
    check_world(world, "waiting for the facilitator")
    walk(world, ACTIVITY_STEPS)
    walk(world, GROUP_ACTIVITY_STEPS)  # ends with the kinds walked by their demo, the café's
    walk(world, CAFE_STEPS)
    walk(world, JURY_STEPS)
    walk(world, CROWD_STEPS)
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

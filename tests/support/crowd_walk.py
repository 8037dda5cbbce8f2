"""25/10 crowd sourcing in the accessibility walk (tests/test_accessibility.py): its states, one
step each, driven by ids on the three phones (en, fi, sv), the console and the screens."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.activity_walks import _add_filled, _start_activity
from tests.support.browser_workshop import LIVE, Step, World

TITLE = "25/10"
IDEAS = {
    "en": "Free buses for everyone under 18",
    "fi": "Koulujen pihat auki iltaisin",
    "sv": "Ett reparationskafé i biblioteket",
}


def _ideas_written(world: World) -> None:
    _add_filled(world, "crowd_sourcing", TITLE, {"rounds": "2", "round_seconds": "90"})
    _start_activity(world, TITLE)
    for language, phone in world.phones.items():
        phone.locator("#cs-idea-text").fill(IDEAS[language])
        phone.locator("#cs-write").click()
        expect(phone.locator("#cs-saved")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("[data-count=cs-ideas]")).to_have_text("3", timeout=LIVE)


def _round_scored_in_part(world: World) -> None:
    world.console.locator("#cs-start").click()
    for phone in world.phones.values():
        expect(phone.locator("#cs-card-idea")).to_be_visible(timeout=LIVE)
        expect(phone.locator(".cs-score-buttons button")).to_have_count(5)
    first = world.phones["en"]
    first.locator("#cs-mine-4").click()
    expect(first.locator("#cs-received")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("[data-round-scored='1']")).to_have_text("1", timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".cs-timer [role=timer]")).to_be_visible(timeout=LIVE)


def _top_revealed(world: World) -> None:
    for language, phone in world.phones.items():
        if language != "en":
            phone.locator("#cs-mine-3").click()
            expect(phone.locator("#cs-received")).to_be_visible(timeout=LIVE)
    world.console.locator("#cs-finish").click()
    expect(world.console.locator("#cs-reveal-next")).to_be_visible(timeout=LIVE)
    world.console.locator("#cs-reveal-next").click()
    for screen in world.screens.values():
        expect(screen.locator(".cs-reveal")).to_be_visible(timeout=LIVE)
    world.console.locator("#cs-reveal-all").click()
    for phone in world.phones.values():
        expect(phone.locator(".cs-top li")).to_have_count(3, timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".cs-reveal.is-first")).to_be_visible(timeout=LIVE)
        expect(screen.locator(".cs-countdown li")).to_have_count(2, timeout=LIVE)


CROWD_STEPS: list[Step] = [
    ("25/10: everyone's idea written", _ideas_written),
    ("25/10: round 1, one score received", _round_scored_in_part),
    ("25/10: the top revealed down to the first place", _top_revealed),
]

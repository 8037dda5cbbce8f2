"""The café in the accessibility walk (tests/test_accessibility.py), after its demo activity is
added and started (tests/support/activity_walks.py): round 1 with every phone at its table and
a note recorded, then the harvest on the board."""

from __future__ import annotations

from playwright.sync_api import expect

from piiri.activities import REGISTRY
from tests.support.activity_walks import agenda_button
from tests.support.browser_workshop import LIVE, Step, World


def _round_one(world: World) -> None:
    title = REGISTRY["cafe"].demo("en").title
    # The café's demo activity was added by the walk of every kind's demo; kinds added after
    # it may be running now.
    if world.console.locator("#current-heading").inner_text().strip() != title:
        agenda_button(world.console, title, "start_activity").click()
        for phone in world.phones.values():
            expect(phone.locator("#activity-title")).to_have_text(title, timeout=LIVE)
    world.console.locator("#cafe-start-round").click()
    for phone in world.phones.values():
        expect(phone.locator("#cafe-where")).to_be_visible(timeout=LIVE)
        expect(phone.get_by_role("timer")).to_have_count(1)
    # The demo's tables have no hosts: anyone at a table records.
    phone = world.phones["en"]
    phone.locator("#cafe-new-note").fill("A reading corner for teenagers")
    phone.locator("#cafe-add-note").click()
    expect(phone.locator(".cafe-notes")).to_contain_text("A reading corner", timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".cafe-map-table")).to_have_count(4, timeout=LIVE)


def _harvest(world: World) -> None:
    world.console.locator("#cafe-show-harvest").click()
    for screen in world.screens.values():
        expect(screen.locator(".cafe-board-note")).to_have_count(1, timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("#cafe-harvest-idea_wall")).to_be_visible(timeout=LIVE)


CAFE_STEPS: list[Step] = [
    ("café: round 1, every phone at its table, a note recorded", _round_one),
    ("café: the harvest on the board", _harvest),
]

"""The room screen fits its projector: at 1920x1080, 1280x720, 1024x768 and 3840x2160, in every
state of every activity with the largest content (tests/screen_states.py), nothing scrolls and
every element of the board lies inside the viewport and inside whatever clips it.

The pages are rendered by the app's own renderer and templates and served to one Chromium page
through Playwright's routing (static files from the app's own assets), so no server, database
or clicking is needed and the whole walk stays short. The screen's socket has nowhere to
connect, which is one more state: the "connection lost" line must fit too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ViewportSize

from piiri.web.rendering import Renderer
from tests.support.a11y import assert_accessible
from tests.support.screen_site import (
    PARTICIPANT_TEMPLATES,
    VIEWPORTS,
    ScreenSite,
)
from tests.support.screen_states import ScreenState, every_state, sample_states

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(template_dirs=[PARTICIPANT_TEMPLATES])


@pytest.fixture(scope="module")
def screen_site(browser: Browser, renderer: Renderer) -> Iterator[ScreenSite]:
    context = browser.new_context(viewport=VIEWPORTS[0])
    try:
        yield ScreenSite(context.new_page(), renderer)
    finally:
        context.close()


@pytest.fixture(scope="module")
def states() -> list[ScreenState]:
    """Every state (made when a test here runs, not when tests are collected: it takes seconds)."""
    return list(every_state())


def unfit(screen_site: ScreenSite, viewport: ViewportSize, states: list[ScreenState]) -> list[str]:
    screen_site.page.set_viewport_size(viewport)
    failures = []
    for screen in states:
        screen_site.show(screen)
        problems = screen_site.problems()
        if problems:
            failures.append(f"{screen.name}: " + "; ".join(problems))
    return failures


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_the_room_screen_fits_every_state_without_scrolling(
    screen_site: ScreenSite, viewport: ViewportSize, states: list[ScreenState]
) -> None:
    failures = unfit(screen_site, viewport, states)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("viewport", VIEWPORTS[1:3], ids=lambda v: f"{v['width']}x{v['height']}")
def test_every_stage_of_an_ordinary_run_fits_too(
    screen_site: ScreenSite, viewport: ViewportSize
) -> None:
    """Ordinary content wraps or not by a word: a list's count ("1/3") appearing beside what
    the room does now may wrap that line after the list was measured (the pager measures
    again)."""
    failures = unfit(screen_site, viewport, list(sample_states()))
    assert not failures, "\n".join(failures)


def test_a_long_list_shows_its_page_count_and_moves_on_by_itself(
    screen_site: ScreenSite, states: list[ScreenState]
) -> None:
    screen_site.page.set_viewport_size(VIEWPORTS[1])
    recalled = next(s for s in states if "GroupsRecalled" in s.name and "join corner" in s.name)
    screen_site.show(recalled)
    board = screen_site.page.locator("#screen-breakout-board")
    pages = int(board.get_attribute("data-pages") or "0")
    assert pages > 1
    count = screen_site.page.locator('[data-pager-count="screen-breakout-board"]')
    assert count.text_content() == f"1/{pages}"
    first = board.locator("> li:not([hidden])").first.text_content()
    # Turned every data-pager-seconds (10 by default); one second here, to keep the test short.
    board.evaluate("list => list.setAttribute('data-pager-seconds', '1')")
    screen_site.page.wait_for_function(
        "document.getElementById('screen-breakout-board').getAttribute('data-page') === '2'"
    )
    assert count.text_content() == f"2/{pages}"
    assert board.locator("> li:not([hidden])").first.text_content() != first


def test_results_are_revealed_with_movement_unless_the_room_asks_for_none(
    screen_site: ScreenSite, states: list[ScreenState]
) -> None:
    """Bars grow and a newly funded project lights up; with prefers-reduced-motion, nothing
    moves."""
    page = screen_site.page
    page.set_viewport_size(VIEWPORTS[0])
    moving = {
        "gradients": {".gradient-track rect": "gradient-grow"},
        "participatory_budget": {
            ".pb-screen-bar rect": "pb-grow",
            ".pb-screen-latest": "pb-reveal",
        },
    }
    try:
        for kind, animations in moving.items():
            final = next(
                s for s in states if s.name.startswith(f"{kind} after ") and "join hidden" in s.name
            )
            screen_site.show(final)
            for reduce in ("no-preference", "reduce"):
                page.emulate_media(reduced_motion=reduce)
                for selector, name in animations.items():
                    found = page.locator(selector).first.evaluate(
                        "el => getComputedStyle(el).animationName"
                    )
                    assert found == (name if reduce == "no-preference" else "none"), selector
    finally:
        page.emulate_media(reduced_motion="no-preference")


FINISH_ANIMATIONS = "() => document.getAnimations().forEach(a => a.finish())"


def test_a_screen_in_two_languages_shows_both_side_by_side(
    screen_site: ScreenSite, states: list[ScreenState]
) -> None:
    screen_site.page.set_viewport_size(VIEWPORTS[0])
    two = [s for s in states if s.name.endswith("in two languages")]
    assert len(two) > len(VIEWPORTS)
    for screen in two:
        screen_site.show(screen)
        shown: list[str] = screen_site.page.evaluate(
            "() => [...document.querySelectorAll('#live .second-language[lang=sv]')]"
            ".filter(e => e.getClientRects().length).map(e => e.textContent)"
        )
        assert shown, screen.name
        if screen.name.startswith("dot_vote") and "ResultsRevealed" in screen.name:
            assert "Resultat" in shown  # what the room does now, in Swedish too
        if screen.name.startswith("no activity"):
            assert any(text.startswith("Välkommen") for text in shown)
        # The second language's own style still reads from the back of the room (7:1).
        if "join large" in screen.name or screen.name.startswith("closed"):
            # Once a reveal's arrival (an animation of opacity) has played.
            screen_site.page.evaluate(FINISH_ANIMATIONS)
            assert_accessible(screen_site.page, screen.name, enhanced_contrast=True)

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
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize

from piiri.web.rendering import Renderer
from tests.support.a11y import assert_accessible
from tests.support.screen_states import ScreenState, every_state, render_screen, sample_states

pytestmark = pytest.mark.browser

ORIGIN = "http://piiri.test"
VIEWPORTS: tuple[ViewportSize, ...] = (
    {"width": 1920, "height": 1080},
    {"width": 1280, "height": 720},
    {"width": 1024, "height": 768},
    {"width": 3840, "height": 2160},
)
PARTICIPANT_TEMPLATES = Path(__file__).resolve().parent.parent / "participant" / "templates"

# Every visible element of the board, checked against the viewport and each clipping ancestor.
# Text clamped to its lines (a title of 200 characters, a name of 80) is the one cut that is
# meant: what lies inside such a box is not checked against it.
OUT_OF_PLACE = """
() => {
  const vw = window.innerWidth, vh = window.innerHeight, slack = 0.5;
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollHeight > vh + slack || root.scrollWidth > vw + slack) {
    problems.push(`the page scrolls: ${root.scrollWidth}x${root.scrollHeight}`);
  }
  const clips = new Map();
  function clipOf(el) {
    if (!el || el === document.body) return {left: 0, top: 0, right: vw, bottom: vh};
    if (clips.has(el)) return clips.get(el);
    let clip = clipOf(el.parentElement);
    const style = getComputedStyle(el);
    if (style.webkitLineClamp !== "none") {
      clip = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity, clamped: true};
    } else if (clip.clamped) {
      // inside a clamped box: nothing to check
    } else if (style.overflowX !== "visible" || style.overflowY !== "visible") {
      const r = el.getBoundingClientRect();
      clip = {left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top),
              right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom)};
    }
    clips.set(el, clip);
    return clip;
  }
  function name(el) {
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (classes[0] ? "." + classes.join(".") : "");
  }
  for (const el of document.querySelectorAll("#live *")) {
    if (el.closest(".visually-hidden") || el.closest("svg") && el.tagName !== "svg") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const clip = clipOf(el.parentElement);
    if (r.left < clip.left - slack || r.top < clip.top - slack ||
        r.right > clip.right + slack || r.bottom > clip.bottom + slack) {
      const box = (b) => [b.left, b.top, b.right, b.bottom].map(Math.round).join(",");
      problems.push(`${name(el)} at ${box(r)} outside ${box(clip)}: ` +
        JSON.stringify((el.textContent || "").trim().slice(0, 40)));
      if (problems.length > 5) break;
    }
  }
  return problems;
}
"""


TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
REPLACE_BOARD = """
(html) => {
  document.body.removeAttribute("data-paged");
  document.getElementById("live").innerHTML = html;
}
"""


def board(html: str) -> str:
    """What the page's #live holds."""
    start = html.index(">", html.index('<div id="live"')) + 1
    return html[start : html.rindex("</div>", 0, html.index("</main>"))]


class ScreenSite:
    """One Chromium page whose requests to ``ORIGIN`` the app's renderer answers."""

    def __init__(self, page: Page, renderer: Renderer) -> None:
        self.page = page
        self.renderer = renderer
        self.html = ""
        self.language = ""
        page.route(f"{ORIGIN}/**", self._answer)

    def _answer(self, route: Route) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            asset = self.renderer.assets.by_hashed.get(name) or self.renderer.assets.by_path[name]
            route.fulfill(body=asset.body, content_type=asset.media_type)
        elif path.startswith("/screen/"):
            route.fulfill(body=self.html, content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=404, body="")

    def show(self, screen: ScreenState, language: str = "fi") -> None:
        """Load the page once (per language); after that only the board is replaced, as a
        push from the server replaces its regions, and the pager lays it out again."""
        html = render_screen(self.renderer, screen, language)
        if self.language != language:
            self.html, self.language = html, language
            self.page.goto(f"{ORIGIN}/screen/fit-test")
        else:
            self.page.evaluate(REPLACE_BOARD, board(html))
        self.page.wait_for_function("document.body.hasAttribute('data-paged')")
        # The pager lays out again once the fonts are ready and on the next frame.
        self.page.evaluate(TWO_FRAMES)

    def problems(self) -> list[str]:
        found: list[str] = self.page.evaluate(OUT_OF_PLACE)
        return found


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


STATES = list(every_state())


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
    screen_site: ScreenSite, viewport: ViewportSize
) -> None:
    failures = unfit(screen_site, viewport, STATES)
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


def test_a_long_list_shows_its_page_count_and_moves_on_by_itself(screen_site: ScreenSite) -> None:
    screen_site.page.set_viewport_size(VIEWPORTS[1])
    recalled = next(s for s in STATES if "GroupsRecalled" in s.name and "join corner" in s.name)
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
    screen_site: ScreenSite,
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
                s for s in STATES if s.name.startswith(f"{kind} after ") and "join hidden" in s.name
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


def test_a_screen_in_two_languages_shows_both_side_by_side(screen_site: ScreenSite) -> None:
    screen_site.page.set_viewport_size(VIEWPORTS[0])
    two = [s for s in STATES if s.name.endswith("in two languages")]
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

"""A Chromium page whose requests to ``ORIGIN`` the app's own renderer answers: the room screen
(or any page the renderer can make) shown without a server, a database or clicking, and the check
that nothing on its board lies outside the viewport or what clips it (tests/test_screen_fit.py,
tests/test_walk_defects_browser.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Route, ViewportSize

from piiri.web.rendering import Renderer
from tests.support.screen_states import ScreenState, render_screen

ORIGIN = "http://piiri.test"
VIEWPORTS: tuple[ViewportSize, ...] = (
    {"width": 1920, "height": 1080},
    {"width": 1280, "height": 720},
    {"width": 1024, "height": 768},
    {"width": 3840, "height": 2160},
)
PARTICIPANT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "participant" / "templates"

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

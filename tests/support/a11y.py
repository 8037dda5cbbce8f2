"""Accessibility checks any browser test can call after any state change.

``assert_accessible(page, "what is on screen")`` injects axe-core (the npm package, pinned and
checked below, never served to users) and fails listing every violation of WCAG 2.0/2.1/2.2
A and AA with the elements it found. The other checks measure what axe cannot: touch target
sizes, sideways scrolling, layout shift, the smallest font on a page and the focus indicator.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from playwright.sync_api import BrowserContext, Page

from tests.support.processes import ROOT

AXE_DIR = ROOT / "tests" / "vendor" / "axe-core"
AXE_VERSION = "4.14.1"
# sha256 of axe.min.js in the npm package axe-core@4.14.1 (`npm pack axe-core@4.14.1`).
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
TOUCH_TARGET_PX = 44

_RUN_AXE = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


@functools.cache
def axe_source() -> str:
    """axe.min.js, checked against the recorded digest (a changed file fails every test)."""
    path = AXE_DIR / "axe.min.js"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, (
        f"{path} is not axe-core {AXE_VERSION} (sha256 {digest}); re-fetch it with "
        f"`npm pack axe-core@{AXE_VERSION}` and copy package/axe.min.js, or update the digest"
    )
    return data.decode("utf-8")


def _inject_axe(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())


def axe_violations(page: Page, options: dict[str, Any]) -> list[dict[str, Any]]:
    _inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, options)
    return violations


def _report(context: str, page: Page, violations: list[dict[str, Any]]) -> str:
    lines = [f"{context} ({page.url}): {len(violations)} accessibility violation(s)"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, context: str, *, enhanced_contrast: bool = False) -> None:
    """No axe-core violation of WCAG 2.x A/AA on ``page`` as it is now.

    ``enhanced_contrast`` also runs axe's color-contrast-enhanced rule (7:1, WCAG AAA 1.4.6),
    which the room screen is held to so that it reads from the back of a room.
    """
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
    }
    violations = axe_violations(page, options)
    if enhanced_contrast:
        rule = {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}
        violations += axe_violations(page, {**rule, "resultTypes": ["violations"]})
    assert not violations, _report(context, page, violations)


_SMALL_TARGETS = """(minimum) => {
  const small = [];
  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), " +
    "select, textarea, label.choice, [tabindex]:not([tabindex='-1'])");
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
    if (box.right <= 0 || box.bottom <= 0) continue;  // moved off-screen (the skip link)
    // A link inside a sentence is exempt (WCAG 2.5.5 "inline"); links that stand alone are not.
    if (el.tagName === "A" && style.display === "inline") continue;
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = el.id ? "#" + el.id : el.tagName.toLowerCase() + "." + el.className;
      small.push(`${name} "${(el.textContent || el.value || "").trim().slice(0, 30)}" ` +
                 `${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
    }
  }
  return small;
}"""


def assert_touch_targets(page: Page, context: str, minimum: int = TOUCH_TARGET_PX) -> None:
    """Every control a finger may need is at least ``minimum`` CSS px in both directions.

    A radio button or checkbox is measured by its label (the whole label is the target); a link
    in running text (display: inline) is exempt, as in WCAG.
    """
    small: list[str] = page.evaluate(_SMALL_TARGETS, minimum)
    assert not small, f"{context}: targets smaller than {minimum} px:\n  " + "\n  ".join(small)


def assert_no_sideways_scroll(page: Page, context: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{context}: {page.url} scrolls sideways by {overflow}px"


_SMALLEST_TEXT = """(root) => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
    if (el.closest(".visually-hidden, [aria-hidden=true], svg")) continue;
    found.push([parseFloat(getComputedStyle(el).fontSize), node.textContent.trim().slice(0, 30)]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.slice(0, 5);
}"""


def smallest_text(page: Page, root: str = "body") -> list[tuple[float, str]]:
    """The five smallest visible texts under ``root``: (font size in CSS px, text)."""
    return [(float(size), str(text)) for size, text in page.evaluate(_SMALLEST_TEXT, root)]


LAYOUT_SHIFT_OBSERVER = """
window.piiriLayoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.piiriLayoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def watch_layout_shift(context: BrowserContext) -> None:
    """Every page of ``context`` sums its layout shifts (CLS without input) from its first paint."""
    context.add_init_script(LAYOUT_SHIFT_OBSERVER)


def layout_shift(page: Page) -> float:
    return float(page.evaluate("window.piiriLayoutShift"))


_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {id: el.id, tag: el.tagName, outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth), visible: el.matches(":focus-visible")};
}"""


def assert_focus_visible(page: Page, context: str) -> dict[str, Any]:
    """The focused element shows a focus ring at least 2 px wide; returns what is focused."""
    focus: dict[str, Any] = page.evaluate(_FOCUS_STYLE)
    assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2, (
        f"{context}: no visible focus indicator on {json.dumps(focus)}"
    )
    return focus

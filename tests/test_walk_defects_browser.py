"""The walk's defects that only a browser shows: a phone that loses its network says so at
once and marks what is waiting (defect 1); a breakout note's box shows all its text and its
Remove is quieter than Save (defect 8)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from participant.views import PhoneViews
from piiri.activities.breakout.model import MAX_NOTE_LENGTH, GroupsFormed, NoteAdded
from piiri.domain.events import ActivityAdded, ActivityEvent, ActivityStarted, ParticipantJoined
from piiri.domain.plan import preview
from piiri.domain.state import WorkshopState
from piiri.web.rendering import Renderer
from tests.support.browser_workshop import (
    LIVE,
    PHONE,
    Site,
    connected,
    create_workshop,
    join_as,
    log_in,
    site,
    workshop_code,
)
from tests.support.screen_site import ORIGIN, PARTICIPANT_TEMPLATES, ScreenSite

pytestmark = pytest.mark.browser
__all__ = ["site"]

OFFLINE_SHOWN_WITHIN = 1000  # ms: at once, not after the socket's close and the calm delay


def test_a_phone_without_network_says_so_at_once_and_marks_what_waits(
    browser: Browser, site: Site
) -> None:
    laptop = browser.new_context(base_url=site.base_url, locale="en-GB")
    phone_context = browser.new_context(base_url=site.base_url, viewport=PHONE, locale="en-GB")
    try:
        console = laptop.new_page()
        log_in(console)
        create_workshop(console, "Offline evening")
        connected(console)
        console.locator("#agenda-next").click()
        phone = phone_context.new_page()
        join_as(phone, workshop_code(console), "Aino", "phone", check=False)
        vote = phone.locator("#phone-personal .vote-option form:last-of-type button").first
        expect(vote).to_be_visible(timeout=LIVE)

        phone_context.set_offline(True)
        indicator = phone.locator("#connection")
        expect(indicator).to_contain_text("Connection lost", timeout=OFFLINE_SHOWN_WITHIN)
        vote.click()
        expect(indicator).to_contain_text("waiting", timeout=OFFLINE_SHOWN_WITHIN)
        expect(phone.locator("body")).to_have_attribute("data-pending", "")

        phone_context.set_offline(False)
        expect(indicator).to_have_text("", timeout=LIVE)
        expect(phone.locator("body")).not_to_have_attribute("data-pending", "", timeout=LIVE)
        expect(console.locator("[data-count=dots]")).to_have_text("1", timeout=LIVE)
    finally:
        laptop.close()
        phone_context.close()


@pytest.fixture(scope="module")
def phone_site(browser: Browser) -> Iterator[ScreenSite]:
    context = browser.new_context(viewport=PHONE)
    try:
        yield ScreenSite(context.new_page(), Renderer(template_dirs=[PARTICIPANT_TEMPLATES]))
    finally:
        context.close()


def notes_page(renderer: Renderer) -> str:
    """A phone's own part in a breakout whose group holds a note as long as allowed."""
    note = ("Kirjaston aukioloaikoja pitäisi pidentää iltaisin ja viikonloppuisin. " * 9)[
        :MAX_NOTE_LENGTH
    ]
    groups = [{"id": "g1", "number": 1, "prompts": [], "members": [1, 2]}]
    state = preview(
        WorkshopState(id=1, title="Ilta", language="fi", code="123456"),
        [
            ParticipantJoined(1, "Aino", in_room=True, by_proxy=False),
            ParticipantJoined(2, "Riku", in_room=False, by_proxy=False),
            ActivityAdded(1, "breakout", "Pienryhmät", 0, {"prompts": []}),
            ActivityStarted(1),
            ActivityEvent(1, "breakout", GroupsFormed(groups, "mix")),
            ActivityEvent(1, "breakout", NoteAdded("g1", "n1", note, 1)),
        ],
    )
    personal = PhoneViews(renderer).personal(state, "fi", 1)
    styles = "".join(
        f'<link rel="stylesheet" href="{renderer.static_url(name)}">'
        for name in ("piiri.css", "activities.css")
    )
    head = f'<!doctype html><html lang="fi"><head>{styles}</head>'
    return f'{head}<body class="phone"><main>{personal}</main></body></html>'


def test_a_note_shows_all_its_text_and_remove_is_quieter_than_save(phone_site: ScreenSite) -> None:
    page: Page = phone_site.page
    phone_site.html = notes_page(phone_site.renderer)
    page.goto(f"{ORIGIN}/screen/notes")
    box = page.locator("#note-n1-text")
    expect(box).to_be_visible()
    clipped = box.evaluate("el => el.scrollHeight - el.clientHeight")
    assert clipped <= 1, f"the note's box hides {clipped} px of its text"
    save = page.locator("#note-n1-save")
    remove = page.locator("#note-n1-remove")
    style = "el => getComputedStyle(el).backgroundColor"
    assert re.fullmatch(r"rgba\(0, 0, 0, 0\)|transparent", remove.evaluate(style))
    assert save.evaluate(style) not in ("rgba(0, 0, 0, 0)", "transparent")

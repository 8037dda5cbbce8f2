"""The results page offered at the end: once the facilitator publishes it, the phones link to
it, and the room screen's closed state shows its QR code and address; replacing the link or
unpublishing takes the old one away everywhere. Over real sockets."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.live import Live, live_workshop, start

LINK = re.compile(r'id="results-link" href="[^"]*(/r/[\w-]+)"')


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def publish(live: Live, published: str = "on") -> None:
    data = {"published_summary": "Kiitos!", "what_we_did": "", "published": published}
    url = f"/facilitator/workshops/{live.workshop_id}/results-page"
    assert live.facilitator.post(url, data=data).status_code == 200


def test_phones_link_to_the_published_results_and_the_closed_screen_shows_its_code(
    live: Live,
) -> None:
    console, screen = live.console(), live.screen()
    phone = live.phone(live.aino, "Aino's phone")
    start(live, console)
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert "results-link" not in phone.html("phone-activity")

    publish(live)
    phone.wait(lambda v: LINK.search(v.html("phone-activity")) is not None, "the link")
    link = LINK.search(phone.html("phone-activity"))
    assert link is not None and "The results are published: see them" in phone.text(
        "phone-activity"
    )
    assert live.remote.get(link[1]).status_code == 200  # it leads to the page itself
    assert "screen-results" not in screen.html("screen-activity")  # the room is still at work

    close = f"/facilitator/workshops/{live.workshop_id}/closed"
    assert live.facilitator.post(close, data={"closed": "true"}).status_code == 200
    screen.wait(lambda v: "screen-results" in v.html("screen-activity"), "the results' code")
    shown = screen.html("screen-activity")
    assert "Thank you for taking part!" in screen.text("screen-activity")
    assert "See the results: scan the code" in screen.text("screen-activity")
    assert f"QR code for http://testserver{link[1]}" in shown and "<svg" in shown
    assert f"testserver{link[1]}" in screen.text("screen-activity")  # its address, no scheme
    phone.wait_text("phone-activity", "See the results: what we asked")
    assert link[1] in phone.html("phone-activity")

    # A new link replaces the old one on the screen and the phones; the old one is gone.
    replaced = f"/facilitator/workshops/{live.workshop_id}/results-page/link"
    assert live.facilitator.post(replaced).status_code == 200
    screen.wait(lambda v: link[1] not in v.html("screen-activity"), "the new code")
    phone.wait(lambda v: link[1] not in v.html("phone-activity"), "the new link")
    assert LINK.search(phone.html("phone-activity")) is not None
    assert live.remote.get(link[1]).status_code == 404

    publish(live, published="")
    screen.wait(lambda v: "screen-results" not in v.html("screen-activity"), "no code")
    phone.wait(lambda v: "results-link" not in v.html("phone-activity"), "no link")
    assert "This workshop has closed" in screen.text("screen-activity")


def test_the_console_puts_the_room_screen_in_two_languages(live: Live) -> None:
    # An English workshop that also runs in Swedish; its dot-vote's options in both.
    url = f"/facilitator/workshops/{live.workshop_id}/languages"
    assert live.facilitator.post(url, data={"languages": ["sv"]}).status_code == 200
    edit = f"/facilitator/workshops/{live.workshop_id}/activities/{live.activity_id}"
    options = "Opening hours\nRepair café\nCycle routes"
    swedish = "Öppettider\nReparationskafé\nCykelvägar"
    values = {"title": "What matters most?", "title@sv": "Vad är viktigast?"}
    values.update({"options": options, "options@sv": swedish, "dots_per_person": "3"})
    values["max_per_option"] = "2"
    assert live.facilitator.post(edit, data=values).status_code == 200
    console, screen = live.console(), live.screen()
    start(live, console)
    screen.wait_text("screen-activity", "What matters most?")
    assert "second-language" not in screen.html("screen-activity")  # its own language alone
    console.wait(lambda v: "screen-languages-en-sv" in v.html("console-controls"), "the choice")

    assert console.send("set_screen_languages", languages="en+sv") == ""
    screen.wait(lambda v: "second-language" in v.html("screen-activity"), "two languages")
    shown = screen.html("screen-activity")
    for text in ("What matters most?", "Vad är viktigast?", "Repair café", "Reparationskafé"):
        assert text in shown
    assert 'class="second-language" lang="sv"' in shown
    assert console.send("set_screen_languages", languages="en+fi") == (
        "Choose two of the workshop's languages for the screen."
    )
    assert console.send("set_screen_languages", languages="") == ""
    screen.wait(lambda v: "second-language" not in v.html("screen-activity"), "one again")

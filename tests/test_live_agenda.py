"""The agenda and the shared controls over real sockets: every phone and screen follows."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.support.live import Live, View, activity_ids, live_workshop, start, text_of
from tests.support.workshop import add_round_robin

REMAINING = re.compile(r'data-remaining="(\d+)" data-running="(true|false)"')


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def countdown(view: View, region: str) -> tuple[int, bool]:
    found = REMAINING.search(view.html(region))
    assert found, f"no countdown in #{region}: {view.text(region)}"
    return int(found.group(1)), found.group(2) == "true"


def test_the_shared_timer_reaches_every_phone_and_a_reconnect_gets_the_time(live: Live) -> None:
    console, screen = live.console(), live.screen()
    phone = live.phone(live.aino, "Aino's phone")
    assert console.send("timer_start", minutes="2") == ""
    phone.wait(lambda v: "data-countdown" in v.html("phone-bar"), "the timer on the phone")
    screen.wait(lambda v: "data-countdown" in v.html("screen-bar"), "the timer on the screen")
    left, running = countdown(phone, "phone-bar")
    assert 100 < left <= 120 and running
    assert 'role="timer"' in phone.html("phone-bar")
    # A phone that (re)connects later gets the time left then, not the time set nor a rendering
    # kept from when the timer started (nothing else changed, so the seq is the same).
    time.sleep(2.1)
    again = live.phone(live.aino, "Aino's phone, reconnected")
    again.wait(lambda v: "phone-bar" in v.regions, "the bar")
    assert countdown(again, "phone-bar")[0] <= left - 1

    assert console.send("timer_pause") == ""
    phone.wait_text("phone-bar", "paused")
    paused_at, running = countdown(phone, "phone-bar")
    assert not running
    assert console.send("timer_extend", seconds="60") == ""
    phone.wait(lambda v: countdown(v, "phone-bar")[0] == paused_at + 60, "a minute more")
    assert console.send("timer_start") == ""  # resume
    phone.wait(lambda v: countdown(v, "phone-bar")[1], "running again")
    assert console.send("timer_reset") == ""
    phone.wait(lambda v: "data-countdown" not in v.html("phone-bar"), "no timer")
    assert console.send("timer_start", minutes="soon") == (
        "Give the minutes as a number, for example 5."
    )
    assert console.send("timer_extend", seconds="60") == "Start the timer first."
    assert phone.send("timer_start", minutes="1") == "Only the facilitator can do that."


def test_lock_input_pin_a_message_and_hide_results(live: Live) -> None:
    console, screen = live.console(), live.screen()
    phone = live.phone(live.aino, "Aino's phone")
    start(live, console)
    phone.wait_text("phone-personal", "You have 3 dots left.")

    assert console.send("lock_input") == ""
    phone.wait_text("phone-bar", "Input is paused by the facilitator.")
    assert phone.send("cast_dot", activity="current", option="o1") == (
        "The facilitator has paused input for a moment."
    )
    assert console.send("unlock_input") == ""
    phone.wait(lambda v: "Input is paused" not in v.text("phone-bar"), "input open again")
    assert phone.send("cast_dot", activity="current", option="o1") == ""

    assert console.send("pin_message", text="Coffee at 10") == ""
    phone.wait_text("phone-bar", "From the facilitator: Coffee at 10")
    screen.wait_text("screen-bar", "Coffee at 10")
    assert console.send("pin_message", text=" ") == "Type the message to pin."
    assert console.send("unpin_message") == ""
    screen.wait(lambda v: "Coffee" not in v.text("screen-bar"), "the message gone")

    assert console.send("reveal", activity=str(live.activity_id)) == ""
    screen.wait(lambda v: 'class="results"' in v.html("screen-activity"), "results")
    assert console.send("hide_results") == ""
    screen.wait(lambda v: 'class="results"' not in v.html("screen-activity"), "results hidden")
    phone.wait(lambda v: 'class="results"' not in v.html("phone-activity"), "results hidden")
    console.wait_text("console-activity", "you have hidden all results")
    assert console.send("show_results") == ""
    screen.wait(lambda v: 'class="results"' in v.html("screen-activity"), "results again")


def test_the_agenda_is_reordered_duplicated_removed_and_walked(live: Live) -> None:
    add_round_robin(live.facilitator, live.workshop_id, title="Check-in")
    vote, circle = activity_ids(live.app, live.workshop_id)
    console = live.console()
    phone = live.phone(live.aino, "Aino's phone")
    screen = live.screen()

    def agenda() -> list[str]:
        return re.findall(r'class="agenda-title">([^<]+)<', console.html("console-agenda"))

    console.wait(lambda v: "console-agenda" in v.regions, "the agenda")
    assert agenda() == ["What matters most?", "Check-in"]
    assert console.send("move_activity", activity=str(circle), direction="up") == ""
    console.wait(lambda v: agenda() == ["Check-in", "What matters most?"], "moved up")
    assert console.send("next_activity") == ""
    phone.wait_text("phone-activity", "Check-in")
    screen.wait_text("screen-activity", "Check-in")
    assert console.send("next_activity") == ""
    phone.wait_text("phone-activity", "What matters most?")
    assert phone.send("cast_dot", activity="current", option="o2") == ""
    assert console.send("next_activity") == "This is the last activity on the agenda."

    assert console.send("duplicate_activity", activity=str(vote)) == ""
    console.wait(lambda v: len(agenda()) == 3, "the copy")
    assert agenda() == ["Check-in", "What matters most?", "What matters most?"]
    copy = activity_ids(live.app, live.workshop_id)[-1]
    assert console.send("remove_activity", activity=str(vote)) == (
        "Stop this activity before removing it."
    )
    assert console.send("previous_activity") == ""
    phone.wait_text("phone-activity", "Check-in")
    assert console.send("remove_activity", activity=str(vote)) == ""
    console.wait_text("console-agenda", "Removed (kept in the results)")
    assert agenda() == ["Check-in", "What matters most?"]
    assert [a["removed"] for a in live.results()["activities"] if a["id"] == vote] == [True]
    assert [a["results"]["dots_cast"] for a in live.results()["activities"] if a["id"] == vote] == [
        1
    ]
    assert console.send("restore_activity", activity=str(vote)) == ""
    console.wait(lambda v: len(agenda()) == 3, "put back")
    assert console.send("start_activity", activity=str(copy)) == ""
    phone.wait_text("phone-personal", "You have 3 dots left.")
    # Going back to the first vote shows Aino's dot kept.
    assert console.send("start_activity", activity=str(vote)) == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")


def test_editing_keeps_captured_input(live: Live) -> None:
    console = live.console()
    phone = live.phone(live.aino, "Aino's phone")
    start(live, console)
    phone.wait_text("phone-personal", "You have 3 dots left.")
    url = f"/facilitator/workshops/{live.workshop_id}/activities/{live.activity_id}"
    page = live.facilitator.get(url)
    assert page.status_code == 200
    assert ">Opening hours\nRepair café\nCycle routes</textarea>" in page.text
    assert phone.send("cast_dot", activity="current", option="o1") == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    form = {
        "title": "What matters most?",
        "options": "Opening hours\nRepair café",
        "dots_per_person": "3",
        "max_per_option": "2",
    }
    refused = live.facilitator.post(url, data=form)
    assert refused.status_code == 400
    assert (
        "This activity already has input, so only its title and its texts in other languages "
        "can change." in text_of(refused.text)
    )
    assert ">Opening hours\nRepair café</textarea>" in refused.text  # what was typed is kept
    form |= {
        "title": "What matters most now?",
        "options": "Opening hours\nRepair café\nCycle routes",
    }
    assert live.facilitator.post(url, data=form).status_code == 200
    phone.wait_text("phone-activity", "What matters most now?")
    assert "You have 2 dots left." in phone.text("phone-personal")  # the dot is kept
    assert live.facilitator.get(url.replace(str(live.activity_id), "999")).status_code == 404


def test_the_facilitator_removes_and_brings_back_a_person(live: Live) -> None:
    console = live.console()
    phone = live.phone(live.aino, "Aino's phone")
    start(live, console)
    console.wait_text("console-people", "Aino")
    found = re.search(
        r'id="person-(\d+)-remove"[^>]*aria-label="Remove Aino', console.html("console-people")
    )
    assert found
    aino = found.group(1)
    assert console.send("remove_person", person=aino) == ""
    console.wait_text("console-people", "1 removed")
    # Removed: her socket is closed and her own join does not bring her back.
    with pytest.raises(WebSocketDisconnect):
        for _ in range(40):
            phone.receive()
    assert live.aino.post(f"/j/{live.code}", data={}).status_code == 403
    # The facilitator lets her back in; her join then makes her present again.
    assert console.send("return_person", person=aino) == ""
    console.wait(lambda v: "0 removed" in v.text("console-people"), "Aino back")
    assert live.aino.post(f"/j/{live.code}", data={}).url.path == f"/w/{live.code}"
    phone = live.phone(live.aino, "Aino's phone again")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert phone.send("cast_dot", activity="current", option="o1") == ""

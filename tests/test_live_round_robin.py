"""A round-robin over real sockets: the facilitator, an in-room phone, a remote phone, a person
without a phone and the room screen, each seeing their own view of whose turn it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.log.deadlines import DeadlineWatch
from tests.support.live import Live, View, activity_ids, live_workshop
from tests.support.workshop import add_round_robin

REMAINING = re.compile(r'data-remaining="(\d+)"')


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def round_robin(live: Live, **options: object) -> int:
    add_round_robin(live.facilitator, live.workshop_id, **options)  # type: ignore[arg-type]
    return activity_ids(live.app, live.workshop_id)[-1]


def remaining(view: View, region: str) -> int:
    found = REMAINING.search(view.html(region))
    assert found, f"no countdown in #{region}: {view.text(region)}"
    return int(found.group(1))


def test_turns_go_round_the_room_and_the_remote_people(live: Live) -> None:
    activity = round_robin(live)
    console, screen = live.console(), live.screen()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    assert console.send("add_proxy_person", name="Pekka") == ""
    assert console.send("start_activity", activity=str(activity)) == ""
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "How did it go?")
    assert console.send("start_round", activity=str(activity), first="") == ""

    # Join order: Aino (in the room), the remote person without a name, Pekka (no phone).
    screen.wait_text("screen-activity", "Speaking now: Aino (in the room)")
    assert "Next: Participant 2" in screen.text("screen-activity")
    assert "Pekka" in screen.text("screen-activity")
    aino.wait_text("phone-personal", "It is your turn to speak.")
    assert 0 < remaining(aino, "phone-personal") <= 60
    assert 'role="timer"' in aino.html("phone-personal")
    remote.wait_text("phone-personal", "You are next.")
    assert "data-countdown" not in remote.html("phone-personal")

    # Only the speaker ends their own turn; a participant cannot skip anyone.
    assert remote.send("done", activity="current") == "It is not your turn."
    assert remote.send("skip_speaker", activity="current") == "Only the facilitator can do that."
    assert aino.send("note_turn", activity="current", note="Longer  opening hours") == ""
    assert aino.send("done", activity="current") == ""
    remote.wait_text("phone-personal", "It is your turn to speak.")
    screen.wait_text("screen-activity", "Next: Pekka")
    aino.wait(lambda v: "It is your turn" not in v.text("phone-personal"), "Aino's turn over")

    # The remote person passes: they come back after Pekka.
    assert remote.send("pass_turn", activity="current") == ""
    console.wait_text("console-activity", "Speaking now: Pekka")
    remote.wait_text("phone-personal", "You are next.")
    # Aino raises a hand and is added to the end.
    assert aino.send("raise_hand", activity="current") == ""
    aino.wait_text("phone-personal", "You are number 2 in the queue.")
    console.wait_text("console-activity", "raised a hand")
    # The facilitator ends Pekka's turn for him (he has no phone) and notes it.
    assert console.send("note_turn", activity=str(activity), note="Parking") == ""
    assert console.send("next_speaker", activity=str(activity)) == ""
    remote.wait_text("phone-personal", "It is your turn to speak.")

    # The remote speaker leaves mid-turn: the turn ends as "left" and Aino speaks.
    assert live.remote.post(f"/w/{live.code}/leave").status_code == 200
    aino.wait_text("phone-personal", "It is your turn to speak.")
    console.wait_text("console-activity", "left the workshop")
    console.wait(lambda v: 'data-count="remote">0<' in v.html("console-presence"), "nobody remote")
    assert remote.send("raise_hand", activity="current") == (
        "You have left this workshop. Join again to take part."
    )

    results = next(a for a in live.results()["activities"] if a["id"] == activity)["results"]
    turns = [(t["speaker"], t["outcome"], t["note"]) for t in results["turns"]]
    assert turns == [
        ("Aino", "spoke", "Longer opening hours"),
        ("", "passed", ""),
        ("Pekka", "spoke", "Parking"),
        ("", "left", ""),
        ("Aino", "speaking", ""),
    ]
    assert set(results["speaking_seconds"]) == {"in_room", "remote"}
    assert results["turns"][3]["in_room"] is False and results["turns"][3]["seconds"] is not None
    csv = live.facilitator.get(f"/facilitator/workshops/{live.workshop_id}/results.csv").text
    assert "round,speaker,where,seconds,outcome,note" in csv
    assert "How did it go?,round_robin,1,Aino,in_room," in csv
    seconds = results["speaking_seconds"]
    share = results["speaking_share"]
    assert "activity,kind,where,speaking_seconds,share" in csv
    assert f"How did it go?,round_robin,remote,{seconds['remote']},{share['remote']:.3f}" in csv


def test_coming_back_rejoins_the_round_and_a_finished_round_robin_resumes(
    live: Live, client: TestClient
) -> None:
    activity = round_robin(live)
    console = live.console()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    assert live.remote.post(f"/w/{live.code}/leave").status_code == 200
    assert console.send("start_activity", activity=str(activity)) == ""
    assert console.send("start_round", activity=str(activity)) == ""
    aino.wait_text("phone-personal", "It is your turn to speak.")
    # The remote person comes back on the same phone: the same person, at the end of the round.
    page = live.remote.post(f"/j/{live.code}")
    assert page.url.path == f"/w/{live.code}"
    remote2 = live.phone(live.remote, "remote phone again")
    remote2.wait_text("phone-personal", "You are next.")
    assert remote.name  # the old socket is simply left open

    # Going to the dot-vote interrupts Aino's turn; coming back resumes the round.
    assert console.send("start_activity", activity=str(live.activity_id)) == ""
    aino.wait_text("phone-activity", "What matters most?")
    assert console.send("previous_activity") == "This is the first activity on the agenda."
    assert console.send("next_activity") == ""
    aino.wait_text("phone-activity", "How did it go?")
    console.wait_text("console-activity", "interrupted")
    assert console.send("next_speaker", activity=str(activity)) == ""
    aino.wait_text("phone-personal", "It is your turn to speak.")
    assert console.send("end_round", activity=str(activity)) == ""
    console.wait_text("console-activity", "Round 1 has finished.")
    assert console.send("start_round", activity=str(activity)) == ""
    # The new round starts from the person after the previous round's first.
    console.wait_text("console-activity", "Round 2 is going on.")
    assert "Speaking now: Participant 2" in console.text("console-activity")


def test_the_speakers_time_running_out_moves_the_turn_on(live: Live, client: TestClient) -> None:
    activity = round_robin(live, seconds_per_speaker="30", auto_advance=True)
    console = live.console()
    remote = live.phone(live.remote, "remote phone")
    assert console.send("start_activity", activity=str(activity)) == ""
    assert console.send("start_round", activity=str(activity)) == ""
    remote.wait_text("phone-personal", "You are next.")
    watch = DeadlineWatch(live.app.state.piiri.service, lambda: [live.workshop_id])
    now = datetime.now(UTC)
    assert client.portal is not None
    assert client.portal.call(watch.check, now + timedelta(seconds=10)) == 0
    assert client.portal.call(watch.check, now + timedelta(seconds=31)) == 1
    remote.wait_text("phone-personal", "It is your turn to speak.")
    # A second process seeing the same deadline stores nothing.
    assert client.portal.call(watch.check, now + timedelta(seconds=31)) == 0

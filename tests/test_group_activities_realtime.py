"""Breakout prompts and the appreciative interview over real sockets: a facilitator, an in-room
phone, a remote phone and a room screen (the helpers of tests/support/live.py).

The activity is added through the service's AddActivity command and started with
start_activity, as the console does; everything after that goes over the sockets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.live import (
    Live,
    add_activity,
    for_,
    live_workshop,
    open_all,
    people,
    results_of,
)


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


# -- breakout ----------------------------------------------------------------------------------


def test_breakout_groups_write_notes_apart_and_the_board_shows_them_after_the_recall(
    live: Live,
) -> None:
    console, aino, remote, screen = open_all(live)
    assert console.send("add_proxy_person", name="Matti") == ""
    activity = add_activity(
        live,
        "breakout",
        "Night owls",
        prompts="How could the library serve night owls?",
        group_count="2",
        mixing="mix",
    )
    act = str(activity)
    assert console.send("start_activity", activity=act) == ""
    aino.wait_text("phone-activity", "Night owls")
    aino.wait_text("phone-activity", "The facilitator is forming the groups.")

    assert console.send("form_groups", activity=act, seed="7") == ""
    ids = people(live)
    groups = {
        g["group"]: [m["id"] for m in g["members"]] for g in results_of(live, activity)["groups"]
    }
    assert sorted(m for g in groups.values() for m in g) == sorted(ids.values())
    # Put Aino and the remote phone in different groups, Matti (no phone) with Aino.
    aino_group = next(n for n, m in groups.items() if ids["Aino"] in m)
    other = 2 if aino_group == 1 else 1
    for who, group in ((ids["remote"], other), (ids["Matti"], aino_group)):
        assert console.send("move_person", activity=act, group=f"g{group}", **for_(str(who))) == ""
    aino.wait_text("phone-personal", f"You are in group {aino_group}")
    remote.wait_text("phone-personal", f"You are in group {other}")
    assert "How could the library serve night owls?" in aino.text("phone-personal")
    assert f"You are in group {aino_group}." in aino.html("phone-personal")  # the live region

    assert aino.send("add_note", activity=act, text="Open until midnight") == ""
    aino.wait_text("phone-personal", "Open until midnight")
    assert remote.send("add_note", activity=act, text="A quiet room online") == ""
    remote.wait_text("phone-personal", "A quiet room online")
    notice = console.send("add_note", activity=act, text="Board games", **for_(str(ids["Matti"])))
    assert notice == ""
    aino.wait_text("phone-personal", "Board games")
    # Other groups do not see a group's notes, nor does the board, until the recall.
    assert "Open until midnight" not in remote.text("phone-personal")
    assert "A quiet room online" not in aino.text("phone-personal")
    for hidden in ("Open until midnight", "A quiet room online", "Board games"):
        assert hidden not in screen.text("screen-activity")
    console.wait_text("console-activity", "A quiet room online")

    # Bad input is refused with a clear message and changes nothing.
    assert aino.send("add_note", activity=act, text="   ") == "A note needs some text."
    assert aino.send("add_note", activity=act, text="x" * 501) == (
        "A note can be at most 500 characters long."
    )
    remote_note = next(n["id"] for n in results_of(live, activity)["groups"][other - 1]["notes"])
    notice = aino.send("edit_note", activity=act, note=remote_note, text="Mine", base="1")
    assert notice == "You can only change your own group's notes."
    assert aino.send("recall", activity=act) == "Only the facilitator can do that."

    assert console.send("broadcast", activity=act, text="Five minutes left") == ""
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "From the facilitator: Five minutes left")
    assert console.send("start_timer", activity=act, minutes="10") == ""
    aino.wait_text("phone-personal", "Time left for this group")

    assert console.send("recall", activity=act) == ""
    screen.wait_text("screen-activity", "What the groups found")
    for shown in ("Open until midnight", "A quiet room online", "Board games"):
        assert shown in screen.text("screen-activity")
    aino.wait_text("phone-personal", "notes can no longer change")
    assert aino.send("add_note", activity=act, text="Late idea") == (
        "The groups have been recalled; notes can no longer change."
    )

    # Going back to the finished activity later: everything is still there.
    assert console.send("stop_activity") == ""
    screen.wait(lambda v: "Open until midnight" not in v.text("screen-activity"), "stopped")
    assert console.send("start_activity", activity=act) == ""
    screen.wait_text("screen-activity", "Open until midnight")
    report = results_of(live, activity)
    assert report["stage"] == "recalled"
    notes = sorted(n["text"] for g in report["groups"] for n in g["notes"])
    assert notes == ["A quiet room online", "Board games", "Open until midnight"]


def test_breakout_people_pick_their_group(live: Live) -> None:
    console, aino, remote, screen = open_all(live)
    activity = add_activity(live, "breakout", "Pick", mixing="pick", group_count="3")
    act = str(activity)
    assert console.send("start_activity", activity=act) == ""
    assert console.send("form_groups", activity=act) == ""
    aino.wait_text("phone-personal", "Choose your group")
    assert aino.send("pick_group", activity=act, group="g3") == ""
    aino.wait_text("phone-personal", "You are in group 3")
    assert (
        remote.send("pick_group", activity=act, group="g9") == "That group is not in this activity."
    )
    screen.wait_text("screen-activity", "Group 3")
    # Group 1 and 2 are empty and say so to the facilitator.
    console.wait_text("console-activity", "No one is in this group.")


# -- interview ---------------------------------------------------------------------------------


def test_interview_pairs_walk_the_guide_swap_roles_and_the_harvest_goes_on_the_board(
    live: Live,
) -> None:
    console, aino, remote, screen = open_all(live)
    activity = add_activity(live, "interview", "Best moments", pairing="unlikely")
    act = str(activity)
    assert console.send("start_activity", activity=act) == ""
    assert console.send("form_pairs", activity=act, seed="3") == ""
    ids = people(live)
    # Unlikely pairs: the in-room person interviews the remote one first.
    aino.wait_text("phone-personal", f"You interview Participant {ids['remote']}")
    remote.wait_text("phone-personal", "Aino interviews you")
    first = "Tell me about a time when you felt most at home and involved in this neighbourhood."
    assert first in remote.text("phone-personal")
    assert "interview-question-large" in remote.html("phone-personal")
    assert "You are being interviewed. Question 1 of 8." in remote.html("phone-personal")

    assert remote.send("next_question", activity=act) == (
        "The interviewer moves through the questions."
    )
    assert aino.send("next_question", activity=act) == ""
    remote.wait_text("phone-personal", "What do you value most about this place")
    assert "Question 2 of 8" in remote.html("phone-personal")

    assert aino.send("capture", activity=act, kind="highlight", text="Typo") == ""
    aino.wait_text("phone-personal", "Highlight: Typo")
    typo = next(c["id"] for c in results_of(live, activity)["captures"] if c["text"] == "Typo")
    assert remote.send("remove_capture", activity=act, capture=typo) == ""  # the pair's own
    aino.wait(lambda v: "Typo" not in v.text("phone-personal"), "the removed capture gone")
    assert aino.send("capture", activity=act, kind="quote", text="We kept the doors open") == ""
    aino.wait_text("phone-personal", "“We kept the doors open”")
    assert aino.send("capture", activity=act, kind="quote", text="  ") == (
        "Write what you want to keep first."
    )
    console.wait_text("console-activity", "We kept the doors open")

    assert console.send("swap_roles", activity=act) == ""
    remote.wait_text("phone-personal", "You interview Aino")
    aino.wait_text("phone-personal", f"Participant {ids['remote']} interviews you")
    assert remote.send("capture", activity=act, kind="highlight", text="Neighbours help") == ""
    remote.wait_text("phone-personal", "Neighbours help")

    assert console.send("harvest", activity=act) == ""
    aino.wait_text("phone-personal", "The interviews are over.")
    assert remote.send("capture", activity=act, text="late") == (
        "The interviews are over; the facilitator is harvesting."
    )
    assert console.send("add_theme", activity=act, name="Openness") == ""
    capture_id = next(
        c["id"] for c in results_of(live, activity)["captures"] if c["kind"] == "quote"
    )
    assert [c["text"] for c in results_of(live, activity)["captures"] if c["removed"]] == ["Typo"]
    assert console.send("theme_capture", activity=act, capture=capture_id, theme="t1") == ""
    assert console.send("add_theme", activity=act, name="openness") == (
        "“openness” is already a theme."
    )
    screen.wait_text("screen-activity", "The facilitator is gathering the highlights.")
    assert console.send("show_board", activity=act) == ""
    screen.wait_text("screen-activity", "Openness")
    board = screen.text("screen-activity")
    assert "“We kept the doors open”" in board and "Neighbours help" in board

    # Going back to the finished interview later: the board and every capture are still there.
    assert console.send("stop_activity") == ""
    screen.wait(lambda v: "Openness" not in v.text("screen-activity"), "the interview stopped")
    assert console.send("start_activity", activity=act) == ""
    screen.wait_text("screen-activity", "We kept the doors open")

    report = results_of(live, activity)
    assert report["themes"] == [{"theme": "Openness", "captures": [capture_id]}]
    quote = next(c for c in report["captures"] if c["id"] == capture_id)
    assert quote["by"]["name"] == "Aino" and quote["phase"] == "Discover"
    assert quote["question"].startswith("What do you value most")

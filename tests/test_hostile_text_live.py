"""Hostile text over real sockets, and a log poisoned by an older version: afterwards the console,
every phone page, the room screen and both downloads answer 200, and every live socket still
gets the next update. A push that cannot be sent is logged and closes the socket with 1011.

The fixed list of bad strings (tests/support/hostile_text.py) and a few capped random ones go
through each text-carrying command; the random search itself runs in process
(tests/test_text_cleaning.py), where it is cheap.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from piiri.db.models import Event
from piiri.settings import Settings
from tests.support.app import make_settings
from tests.support.hostile_text import BAD_STRINGS, bad_strings_in, capped_random_strings
from tests.support.live import Live, View, add_activity, companion, live_workshop
from tests.support.workshop import join

LIVE_STRINGS = (*BAD_STRINGS, *capped_random_strings(3, seed=11))
# Every notice a hostile text may get: saved, or refused for what is left of it. Never "Something
# went wrong", and never no answer at all.
REFUSALS = (
    "",
    "An option needs some text.",
    "An option can be at most 200 characters long.",
    "Give the person's name so that their dots can be told apart.",
    "This can be at most 80 characters long.",
    "This can be at most 280 characters long.",
    "Type the message to pin.",
    "A note can be at most 200 characters long.",
    "A note can be at most 500 characters long.",
    "A note needs some text.",
    "Write the message to send to every group.",
    "A message can be at most 200 characters long.",
    "Write what you want to keep first.",
    "A theme needs a name.",
    "A theme can be at most 80 characters long.",
)
BARS = {"console": "console-bar", "phone": "phone-bar", "screen": "screen-bar"}
CLOSE_INTERNAL_ERROR = 1011


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Each phone here sends every hostile string as fast as it can: RATE_COMMANDS would answer
    # "slow down" (tests/test_rate_limits.py), and what is tested here is the text.
    return make_settings(tmp_path, rate_commands="100000/second")


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


@contextlib.contextmanager
def all_activities(live: Live) -> Iterator[dict[str, View]]:
    """Every kind on the agenda (the dot-vote is there already) and a socket for the console,
    both phones and the screen."""
    add_activity(live, "round_robin", "Round", seconds_per_speaker="60", ordering="join")
    add_activity(live, "breakout", "Groups", prompts="What would you keep?")
    add_activity(live, "interview", "Pairs")
    yield {
        "console": live.console(),
        "aino": live.phone(live.aino, "Aino's phone"),
        "remote": live.phone(live.remote, "remote phone"),
        "screen": live.screen(),
    }


def ids(live: Live) -> dict[str, str]:
    state = live.app.state.piiri.service.state(live.workshop_id)
    return {info.kind: str(info.id) for info in state.activities}


def start(live: Live, views: dict[str, View], kind: str) -> None:
    """Start ``kind`` and get it to where text can be written."""
    console = views["console"]
    assert console.send("start_activity", activity=ids(live)[kind]) == ""
    if kind == "round_robin":
        assert console.send("start_round", activity="current") == ""
        assert views["aino"].send("done", activity="current") == ""  # Aino joined first
    elif kind == "breakout":
        assert console.send("form_groups", activity="current") == ""
    elif kind == "interview":
        assert console.send("form_pairs", activity="current") == ""


# kind -> (who sends, command, the field that carries the text)
TEXT_COMMANDS = {
    "dot_vote": [
        ("console", "add_option", "label"),
        ("console", "add_proxy_person", "name"),
        ("console", "pin_message", "text"),
    ],
    "round_robin": [("aino", "note_turn", "note")],
    "breakout": [
        ("aino", "add_note", "text"),
        ("aino", "edit_note", "text"),
        ("console", "broadcast", "text"),
    ],
    "interview": [("aino", "capture", "text"), ("console", "add_theme", "name")],
}


def editing(live: Live) -> dict[str, str]:
    """The fields of an edit of Aino's first breakout note, from its current revision."""
    state = live.app.state.piiri.service.state(live.workshop_id)
    groups = next(s for s in state.activity_states.values() if hasattr(s, "groups")).groups
    note = next(n for g in groups for n in g.notes if not n.removed)
    return {"note": note.id, "base": str(note.revision)}


def send_through_every_command(live: Live, views: dict[str, View], texts: tuple[str, ...]) -> None:
    for kind, commands in TEXT_COMMANDS.items():
        start(live, views, kind)
        for who, command, field in commands:
            for text in texts:
                more = editing(live) if command == "edit_note" else {}
                notice = views[who].send(command, activity="current", **{field: text, **more})
                duplicate = notice.endswith(("is already an option.", "is already a theme."))
                assert notice in REFUSALS or duplicate, (command, text[:40], notice)


def assert_every_page_answers(live: Live) -> None:
    """The console, both phones, a latecomer's phone, the screen and both downloads: 200, and
    what they carry can be encoded (the response was built, so it could)."""
    with contextlib.closing(companion(live.facilitator)) as latecomer:
        # A form cannot carry a lone surrogate (the browser sends U+FFFD); the rest it can.
        join(latecomer, live.code, name="Late\x00\u202ecomer\u2066")
        pages = [
            (live.facilitator, f"/facilitator/workshops/{live.workshop_id}"),
            (live.aino, f"/w/{live.code}"),
            (live.remote, f"/w/{live.code}"),
            (latecomer, f"/w/{live.code}"),
            (live.screen_browser, f"/screen/{live.screen_token}"),
            (live.facilitator, f"/facilitator/workshops/{live.workshop_id}/results.csv"),
        ]
        for browser, path in pages:
            response = browser.get(path)
            assert response.status_code == 200, (path, response.text[:300])
    document = live.results()
    assert not bad_strings_in(document)


def assert_the_log_is_clean(live: Live) -> None:
    with Session(live.app.state.piiri.engine) as session:
        rows = session.exec(select(Event).where(Event.workshop_id == live.workshop_id)).all()
    bad = [b for row in rows for b in bad_strings_in([row.data, row.command_id], row.type)]
    assert not bad, bad[:5]


def bar_shows(name: str, text: str) -> Callable[[View], bool]:
    """Whether the workshop bar of socket ``name`` (console, screen, a phone) shows ``text``."""
    bar = BARS["phone" if name in ("aino", "remote") else name]
    return lambda view: text in view.text(bar)


def assert_every_socket_gets_the_next_update(live: Live, views: dict[str, View]) -> None:
    assert views["console"].send("pin_message", text="Coffee at three") == ""
    for name, view in views.items():
        # Frames of every hostile command queued up unread on the other sockets.
        view.wait(bar_shows(name, "Coffee at three"), "the pin", frames=5000)


def test_hostile_text_through_every_command_leaves_every_page_and_socket_working(
    live: Live,
) -> None:
    with all_activities(live) as views:
        send_through_every_command(live, views, LIVE_STRINGS)
        assert_the_log_is_clean(live)
        assert_every_page_answers(live)
        assert_every_socket_gets_the_next_update(live, views)


def test_the_issues_message_is_saved_with_a_replacement_character(live: Live) -> None:
    with all_activities(live) as views:
        start(live, views, "breakout")
        phone = views["aino"]
        # As the issue sent it: JSON's own escape for a lone surrogate, in the text and the cid.
        raw = '{"command":"add_note","activity":"current","text":"note\\udc00x","cid":"x\\ud800"}'
        assert phone.send_raw(raw, "x\ufffd") == ""
        groups = [a for a in live.results()["activities"] if a["kind"] == "breakout"]
        notes = [n["text"] for g in groups[0]["results"]["groups"] for n in g["notes"]]
        assert "note\ufffdx" in notes
        assert_the_log_is_clean(live)
        assert_every_page_answers(live)


def test_a_log_poisoned_by_an_older_version_heals(live: Live) -> None:
    marker = "MARKER-TEXT"
    poison = "bad\udc00\x00\u202etext\u2066\ud800"
    with all_activities(live) as views:
        send_through_every_command(live, views, (marker,))
        # What an older version stored for the same commands had the person typed ``poison``,
        # and one more entry written straight into the log.
        with Session(live.app.state.piiri.engine) as session:
            rows = session.exec(
                select(Event).where(Event.workshop_id == live.workshop_id).order_by(col(Event.seq))
            ).all()
            for row in rows:
                if marker in json.dumps(row.data):
                    spoiled = json.dumps(row.data).replace(marker, "\\udc00\\u0000\\u202e" + marker)
                    row.data = json.loads(spoiled)
                    session.add(row)
            session.add(
                Event(
                    workshop_id=live.workshop_id,
                    seq=rows[-1].seq + 1,
                    type="MessagePinned",
                    data={"text": poison},
                    actor="facilitator:1",
                )
            )
            session.commit()
        # As a process that starts on this database: it folds the whole log again.
        live.app.state.piiri.service.store.forget(live.workshop_id)
        assert_every_page_answers(live)
        fresh = {
            "console": live.console(),
            "aino": live.phone(live.aino, "Aino's phone again"),
            "remote": live.phone(live.remote, "remote phone again"),
            "screen": live.screen(),
        }
        for name, view in fresh.items():
            view.wait(bar_shows(name, "bad\ufffdtext\ufffd"), "the healed pin", frames=200)
        assert_every_socket_gets_the_next_update(live, {**views, **fresh})


def test_a_push_that_cannot_be_sent_is_logged_and_the_socket_reconnects(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    console = live.console()
    console.wait(lambda v: "console-agenda" in v.regions, "the first view")
    hub = live.app.state.piiri.fanout.hub
    (connection,) = hub.rooms[live.workshop_id].connections
    region = '<div id="console-bar" hx-swap-oob="outerMorph">\udc00</div>'
    assert live.facilitator.portal is not None
    with caplog.at_level(logging.ERROR, logger="realtime.connection"):
        live.facilitator.portal.call(connection.push, "shared", region)
        with pytest.raises(WebSocketDisconnect) as closed:
            console.wait(lambda v: False, "the close", frames=50)
    assert closed.value.code == CLOSE_INTERNAL_ERROR  # in the htmx extension's reconnectCodes
    (record,) = caplog.records
    assert f"workshop {live.workshop_id}" in record.getMessage()
    assert "console-bar" in record.getMessage()
    # The reconnect gets the whole view, and the updates after it.
    again = live.console()
    again.wait(lambda v: {"console-agenda", "console-bar"} <= set(v.regions), "a whole view")
    assert again.send("pin_message", text="Still here") == ""
    again.wait_text("console-bar", "Still here")

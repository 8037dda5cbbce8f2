"""The fast path of fan-out: prepared frames, and regions only when what they show changes."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from websockets.frames import Frame, Opcode
from websockets.server import ServerProtocol
from websockets.streams import StreamReader

from piiri.settings import LANGUAGES
from realtime.wire import Prepared
from tests.support.live import Live, start


def test_a_prepared_frame_is_the_frame_websockets_itself_would_send() -> None:
    text = '<section id="phone-activity" data-seq="7">Ääni · ● ' + "x" * 70_000 + "</section>"
    server = ServerProtocol()
    server.state = server.state.OPEN  # as after the handshake
    server.send_text(text.encode())
    assert Prepared(text).frame == b"".join(server.data_to_send())

    reader = StreamReader()
    reader.feed_data(Prepared("å").frame)
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
    except StopIteration as done:
        frame = done.value
    assert frame.opcode is Opcode.TEXT and frame.fin and frame.data.decode() == "å"


def test_a_phone_is_sent_its_own_region_only_when_what_it_shows_changed(live: Live) -> None:
    console = live.console()
    start(live, console)
    aino = live.phone(live.aino, "Aino's phone")
    remote = live.phone(live.remote, "remote phone")
    for phone in (aino, remote):
        # Both regions, in whichever order they came.
        phone.wait(
            lambda v: "phone-activity" in v.regions and "3 dots left" in v.text("phone-personal"),
            "the board and my own region",
        )
    seen = len(aino.frames)

    # Someone else votes while results are hidden: nothing Aino sees changes, so nothing is
    # sent to her. Her own vote: her region comes, once, after her notice; no board.
    assert remote.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    remote.wait_text("phone-personal", "You have 2 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    aino.wait_text("phone-personal", "You have 2 dots left.")
    personal = [f for f in aino.frames[seen:] if f.startswith('<section id="phone-personal"')]
    assert len(personal) == 1, [f[:120] for f in aino.frames[seen:]]
    assert "You have 2 dots left." in personal[0]
    boards = [f for f in aino.frames[seen:] if 'id="phone-activity"' in f or 'id="phone-bar"' in f]
    assert boards == [], [f[:120] for f in boards]


def test_the_console_is_sent_its_people_list_only_when_people_change(live: Live) -> None:
    console = live.console()
    aino = live.phone(live.aino, "Aino's phone")
    start(live, console)
    console.wait_text("console-people", "Aino")
    aino.wait_text("phone-personal", "You have 3 dots left.")
    seen = len(console.frames)

    # Votes move the console's results on; its people list (2,000 rows in a large room) stays.
    for option in ("o1", "o2"):
        assert aino.send("cast_dot", activity=str(live.activity_id), option=option) == ""
    latest = live.results()["workshop"]["seq"]
    console.wait(lambda v: v.seq("console-activity") >= latest, "the results after two dots")
    people = [f for f in console.frames[seen:] if 'id="console-people"' in f]
    assert people == [], [f[:120] for f in console.frames[seen:]]

    # Someone is removed: the list comes again, once, and says so.
    found = re.search(r'id="person-(\d+)-remove"', console.html("console-people"))
    assert found
    assert console.send("remove_person", person=found.group(1)) == ""
    console.wait_text("console-people", "1 removed")
    people = [f for f in console.frames[seen:] if 'id="console-people"' in f]
    assert len(people) == 1, [f[:120] for f in console.frames[seen:]]


def test_the_notice_that_takes_a_refusal_down_is_its_template_rendered_once_per_language(
    app: Starlette,
) -> None:
    hub = app.state.piiri.fanout.hub
    for language in LANGUAGES:
        cleared = hub.cleared_notice(language)
        assert cleared.text == app.state.piiri.renderer.render(
            language, "_notice.html", {"message": "", "error": True, "cid": None}
        )
        assert '<div id="notice" hx-swap-oob="innerHTML"></div>' in cleared.text
        assert hub.cleared_notice(language) is cleared

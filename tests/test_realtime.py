"""The live workshop over real sockets: a facilitator, two phones and a room screen.

Every socket here goes through Starlette's TestClient into the real app (real hub, real
in-process broker, real SQLite file), and every assertion reads the HTML regions the server
pushed, the way htmx would swap them in.

Several browsers, one app. Entering ``with FormClient(app)`` runs the app's lifespan (which
starts the hub's tasks) on that client's own event loop, in a thread behind a blocking portal.
The hub, its tasks and every socket have to share one loop and the lifespan must run once, so
only the first client (the ``client`` fixture) is entered; every other browser is a plain
``FormClient(app)`` with its own cookie jar that borrows the first one's portal
(``companion()``): TestClient runs every request and socket on ``self.portal`` when it is set.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import pytest
from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.testclient import TestClient, WebSocketTestSession

from piiri.db.models import Activity, Event
from piiri.web.i18n import LANGUAGE_COOKIE, gettext
from tests.form_client import NOBODY_REMOVED, FormClient
from tests.workshop_setup import (
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

# TestClient sockets have no receive timeout. Every wait below is bounded twice: by a number of
# frames, and by a deadline per frame, so that a missing frame fails the test instead of hanging.
FRAME_TIMEOUT = 5.0
MAX_FRAMES = 40

REGIONS = (
    "phone-activity",
    "phone-personal",
    "screen-join",
    "screen-counts",
    "screen-activity",
    "console-presence",
    "console-agenda",
    "console-activity",
    "console-people",
    "console-controls",
    "phone-bar",
    "screen-bar",
    "console-bar",
    "notice",
    "status",
)
_REGION_START = re.compile(r'<(?:section|div) id="(' + "|".join(REGIONS) + r')"')
_SEQ = re.compile(r'data-seq="(\d+)"')


def companion(client: TestClient) -> TestClient:
    """Another browser (its own cookie jar) on the app and event loop of the entered ``client``.

    See the module docstring: the lifespan runs once, and every socket shares its loop.
    """
    assert client.portal is not None, "enter the first client with `with` before this"
    other = FormClient(client.app)
    other.portal = client.portal
    return other


def text_of(fragment: str) -> str:
    """What a person reads in ``fragment``: the text without tags, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


class View:
    """One socket, and the latest HTML of every region the server has sent it."""

    def __init__(self, session: WebSocketTestSession, name: str) -> None:
        self.session = session
        self.name = name
        self.regions: dict[str, str] = {}
        self.frames: list[str] = []

    def receive(self) -> str:
        """The next text frame; fails after FRAME_TIMEOUT seconds instead of waiting forever."""
        session = self.session

        async def next_message() -> Any:
            with anyio.fail_after(FRAME_TIMEOUT):
                # WebSocketTestSession.receive() without its unbounded wait.
                return await session._send_rx.receive()

        try:
            message = session.portal.call(next_message)
        except TimeoutError:
            raise AssertionError(
                f"{self.name}: no frame within {FRAME_TIMEOUT} s; regions now:\n{self.dump()}"
            ) from None
        session._raise_on_close(message)
        frame = str(message["text"])
        self.frames.append(frame)
        starts = list(_REGION_START.finditer(frame))
        assert starts, f"{self.name}: a frame without a known region: {frame[:300]!r}"
        for here, after in zip(starts, [*starts[1:], None], strict=True):
            self.regions[here.group(1)] = frame[here.start() : after.start() if after else None]
        return frame

    def wait(self, predicate: Callable[[View], bool], what: str, frames: int = MAX_FRAMES) -> None:
        """Read frames until ``predicate`` holds for the regions, reading at most ``frames``."""
        for _ in range(frames):
            if predicate(self):
                return
            self.receive()
        assert predicate(self), f"{self.name}: {what} not seen in {frames} frames:\n{self.dump()}"

    def wait_text(self, region: str, text: str) -> None:
        self.wait(lambda v: text in v.text(region), f"{text!r} in #{region}")

    def html(self, region: str) -> str:
        return self.regions.get(region, "")

    def text(self, region: str) -> str:
        return text_of(self.html(region))

    def seq(self, region: str) -> int:
        match = _SEQ.search(self.html(region))
        assert match, f"{self.name}: #{region} has no data-seq"
        return int(match.group(1))

    def send(self, command: str, cid: str | None = None, **fields: object) -> str:
        """Send a command the way htmx's ws extension does; the text of the notice it got."""
        cid = cid or uuid.uuid4().hex
        payload: dict[str, object] = {
            "command": command,
            **fields,
            "cid": cid,
            "headers": {"HX-Request": "true", "HX-Current-URL": "http://testserver/"},
        }
        return self.send_raw(json.dumps(payload), cid)

    def send_raw(self, text: str, cid: str | None = None) -> str:
        """Send any text frame; the text of the #notice the server answered with.

        With ``cid``, the notice that names it: a phone's own region also empties #notice
        (a refusal is about a view that has since changed), and may come first."""
        self.regions.pop("notice", None)
        self.session.send_text(text)
        if cid is None:
            self.wait(lambda v: "notice" in v.regions, "the #notice answering a message")
        else:
            answer = f'data-cid="{cid}"'
            self.wait(lambda v: answer in v.html("notice"), f"the #notice answering {cid}")
        return self.text("notice")

    def dump(self) -> str:
        return "\n".join(f"#{k}: {text_of(v)[:400]}" for k, v in sorted(self.regions.items()))


@dataclass
class Live:
    """A workshop with a running set of browsers: the facilitator, two phones, a screen."""

    app: Starlette
    facilitator: TestClient
    aino: TestClient  # in the room, named
    remote: TestClient  # remote, no name
    screen_browser: TestClient
    workshop_id: int
    code: str
    screen_token: str
    activity_id: int
    stack: contextlib.ExitStack

    def console(self) -> View:
        return self.open(self.facilitator, f"/ws/facilitator/{self.workshop_id}", "console")

    def phone(self, who: TestClient, name: str) -> View:
        return self.open(who, f"/ws/w/{self.code}", name)

    def screen(self) -> View:
        return self.open(self.screen_browser, f"/ws/screen/{self.screen_token}", "screen")

    def open(self, browser: TestClient, path: str, name: str) -> View:
        session = self.stack.enter_context(browser.websocket_connect(path))
        return View(session, name)

    def results(self) -> dict[str, Any]:
        response = self.facilitator.get(f"/facilitator/workshops/{self.workshop_id}/results.json")
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document

    def vote(self) -> dict[str, Any]:
        """The results of the dot-vote, from the JSON download."""
        (entry,) = [a for a in self.results()["activities"] if a["id"] == self.activity_id]
        results: dict[str, Any] = entry["results"]
        return results


def activity_ids(app: Starlette, workshop_id: int) -> list[int]:
    with Session(app.state.piiri.engine) as session:
        rows = session.exec(
            select(Activity.id)
            .where(Activity.workshop_id == workshop_id)
            .order_by(col(Activity.position))
        ).all()
    return [r for r in rows if r is not None]


def event_count(app: Starlette, workshop_id: int) -> int:
    with Session(app.state.piiri.engine) as session:
        return len(session.exec(select(Event.id).where(Event.workshop_id == workshop_id)).all())


@contextlib.contextmanager
def live_workshop(
    app: Starlette, client: TestClient, dots_per_person: str = "3", max_per_option: str = "2"
) -> Iterator[Live]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    add_dot_vote(
        client, workshop_id, dots_per_person=dots_per_person, max_per_option=max_per_option
    )
    row = workshop_row(app, workshop_id)
    (activity_id,) = activity_ids(app, workshop_id)
    with contextlib.ExitStack() as stack:
        # Closed, never entered: entering would run the lifespan a second time.
        aino, remote, screen = (
            stack.enter_context(contextlib.closing(companion(client))) for _ in range(3)
        )
        join(aino, row.code, name="Aino", presence="room")
        join(remote, row.code, name="", presence="remote")
        live = Live(
            app=app,
            facilitator=client,
            aino=aino,
            remote=remote,
            screen_browser=screen,
            workshop_id=workshop_id,
            code=row.code,
            screen_token=screen_token(app, workshop_id),
            activity_id=activity_id,
            stack=contextlib.ExitStack(),
        )
        # Sockets close before the browsers (and the app) go away.
        with live.stack:
            yield live


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def start(live: Live, console: View) -> None:
    assert console.send("start_activity", activity=str(live.activity_id)) == ""


# -- the whole room ----------------------------------------------------------------------------


def test_everyone_sees_their_own_view_of_a_dot_vote(live: Live) -> None:
    console, screen = live.console(), live.screen()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "Waiting for the facilitator to start")
    screen.wait(
        lambda v: (
            'data-count="in-room">1<' in v.html("screen-counts")
            and 'data-count="remote">1<' in v.html("screen-counts")
        ),
        "one person in the room and one remote",
    )

    start(live, console)
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "What matters most?")
        phone.wait_text("phone-personal", "You have 3 dots left.")
    screen.wait_text("screen-activity", "What matters most?")

    assert aino.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    aino.wait_text("phone-personal", "You have 2 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    aino.wait_text("phone-personal", "You have 1 dot left.")
    # The other phone's own count is untouched by Aino's dots.
    assert remote.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    remote.wait_text("phone-personal", "You have 2 dots left.")
    assert remote.send("cast_dot", activity="current", option="o2") == ""
    remote.wait_text("phone-personal", "You have 1 dot left.")
    assert "You have 1 dot left." in aino.text("phone-personal")

    # The screen counts people and dots, and shows no results before the reveal.
    screen.wait(lambda v: 'data-count="dots">4<' in v.html("screen-counts"), "4 dots cast")
    counts = screen.html("screen-counts")
    assert 'data-count="in-room">1<' in counts
    assert 'data-count="remote">1<' in counts
    for hidden in (screen.html("screen-activity"), aino.html("phone-activity")):
        assert 'class="results"' not in hidden
        assert "tie" not in text_of(hidden)
        assert "result-count" not in hidden
    assert "Cycle routes" in screen.text("screen-activity")  # the options, without counts

    # The facilitator sees the live results all along.
    console.wait_text("console-activity", "Dots cast 4 Voters 2")
    live_results = console.html("console-activity")
    assert 'class="results"' in live_results
    assert "Results are hidden from phones and the screen." in text_of(live_results)
    assert re.search(r"1\. tie Opening hours .*2 dots", text_of(live_results))

    assert console.send("reveal", activity=str(live.activity_id)) == ""
    for phone in (aino, remote):
        phone.wait(lambda v: 'class="results"' in v.html("phone-activity"), "the results")
    screen.wait(lambda v: 'class="results"' in v.html("screen-activity"), "the results")
    for shown in (aino.text("phone-activity"), screen.text("screen-activity")):
        # Ranked, most dots first; the two leaders share rank 1 and are marked as a tie.
        assert re.search(
            r"1\. tie Opening hours .*2 dots .*1\. tie Repair café .*2 dots "
            r".*3\. Cycle routes .*0 dots",
            shown,
        ), shown
    assert live.vote()["revealed"] is True
    assert [(r["option"], r["rank"], r["tied"]) for r in live.vote()["ranking"]] == [
        ("Opening hours", 1, True),
        ("Repair café", 1, True),
        ("Cycle routes", 3, False),
    ]


def test_an_option_added_live_reaches_every_phone(live: Live) -> None:
    console = live.console()
    phones = [live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")]
    screen = live.screen()
    start(live, console)
    for phone in phones:
        phone.wait_text("phone-personal", "You have 3 dots left.")

    assert console.send("add_option", activity="current", label="  A night   bus ") == ""
    for phone in phones:
        phone.wait_text("phone-personal", "A night bus")
        assert 'data-option="o4"' not in phone.html("phone-personal")  # ids are made fresh
        assert phone.html("phone-personal").count('class="vote-option"') == 4
    screen.wait_text("screen-activity", "A night bus")
    console.wait_text("console-activity", "A night bus")

    # A phone can vote for the new option straight away.
    phone = phones[0]
    new_id = re.findall(r'data-option="([^"]+)"', phone.html("phone-personal"))[-1]
    assert phone.send("cast_dot", activity=str(live.activity_id), option=new_id) == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    (ranked,) = [r for r in live.vote()["ranking"] if r["option"] == "A night bus"]
    assert ranked["dots"] == 1


def test_the_facilitator_votes_for_a_person_without_a_phone(live: Live) -> None:
    console = live.console()
    start(live, console)
    assert console.send("add_proxy_person", name="Matti") == ""
    console.wait_text("console-people", "Matti")
    assert "without a phone" in console.text("console-people")
    console.wait(
        lambda v: re.search(r'id="proxy-(\d+)-add-o3"', v.html("console-activity")) is not None,
        "the proxy voting controls",
    )
    found = re.search(r'id="proxy-(\d+)-add-o3"', console.html("console-activity"))
    assert found
    matti = found.group(1)

    notice = console.send("cast_dot", activity=str(live.activity_id), option="o3", **{"for": matti})
    assert notice == ""
    console.wait_text("console-activity", "Cast by proxy 1")
    assert "Matti: 1 of 3 dots" in console.text("console-activity")
    vote = live.vote()
    assert vote["dots_cast"] == 1
    assert vote["dots_cast_by_proxy"] == 1
    # Matti counts as a person in the room.
    assert live.results()["participants"] == {
        "in_room": 2,
        "remote": 1,
        "without_phone": 1,
        "left": 0,
        **NOBODY_REMOVED,
    }


def test_each_phone_reads_its_own_language(live: Live) -> None:
    waiting = "Waiting for the facilitator to start"
    finnish = gettext("fi", waiting)
    assert finnish != waiting, "the Finnish catalogue lacks this message"
    live.remote.cookies.set(LANGUAGE_COOKIE, "fi", domain="testserver.local")
    english, suomi = live.phone(live.aino, "English phone"), live.phone(live.remote, "fi phone")
    english.wait_text("phone-activity", waiting)
    suomi.wait_text("phone-activity", finnish)
    assert waiting not in suomi.text("phone-activity")

    # Both follow the same workshop, each in its own language.
    console = live.console()
    start(live, console)
    assert console.send("add_option", activity="current", label="Yöbussi") == ""
    for phone in (english, suomi):
        phone.wait_text("phone-personal", "Yöbussi")
    assert "You have 3 dots left." in english.text("phone-personal")
    assert "You have 3 dots left." not in suomi.text("phone-personal")


def test_stopping_the_activity_empties_every_phone(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.aino, "Aino's phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert phone.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    assert console.send("stop_activity") == ""
    phone.wait_text("phone-activity", "Waiting for the facilitator to start")
    phone.wait(lambda v: v.text("phone-personal") == "", "an empty personal region")
    console.wait_text("console-activity", "No activity is running")
    notice = phone.send("cast_dot", activity=str(live.activity_id), option="o2")
    assert notice == "This activity is not running right now."
    assert phone.send("cast_dot", activity="current", option="o2") == "No activity is running."
    # The dot cast while it ran stays; starting it again picks up where it was.
    assert live.vote()["dots_cast"] == 1
    assert phone.text("notice") == "No activity is running."  # the refusal is on screen
    start(live, console)
    phone.wait_text("phone-personal", "You have 2 dots left.")
    # The phone shows the running vote again: the refusal about the stopped one is gone.
    phone.wait(lambda v: v.text("notice") == "", "the refusal taken down")
    assert phone.html("notice").startswith('<div id="notice"')


def test_a_reconnecting_socket_gets_the_whole_current_view_at_once(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.aino, "Aino's phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert phone.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    phone.session.close()
    assert console.send("lock", activity=str(live.activity_id)) == ""
    latest = live.results()["workshop"]["seq"]
    assert latest == event_count(live.app, live.workshop_id)

    again = live.phone(live.aino, "Aino's phone again")
    first = again.receive()
    # The first frame already carries every shared region, at the latest seq.
    assert 'id="phone-activity"' in first
    assert again.seq("phone-activity") == latest
    again.wait(lambda v: "phone-personal" in v.regions, "my own region")
    assert again.seq("phone-personal") == latest
    assert "You have 2 dots left." in again.text("phone-personal")
    assert "Voting is locked." in again.text("phone-personal")

    console_again = live.console()
    first = console_again.receive()
    for region in ("console-presence", "console-agenda", "console-activity"):
        assert f'id="{region}"' in first, region
        assert console_again.seq(region) == latest
    # The people list is the console's own region: it follows the shared ones.
    console_again.wait(lambda v: "console-people" in v.regions, "the people list")
    assert console_again.seq("console-people") == latest
    assert "Voting is locked." in console_again.text("console-activity")

    screen = live.screen()
    first = screen.receive()
    for region in ("screen-join", "screen-counts", "screen-activity"):
        assert f'id="{region}"' in first, region
        assert screen.seq(region) == latest
    assert live.code in screen.text("screen-join")


def test_a_command_sent_twice_with_the_same_id_is_applied_once(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.remote, "remote phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    before = event_count(live.app, live.workshop_id)

    for _ in range(2):
        # A resend after a reconnect carries the same client-made id.
        notice = phone.send("cast_dot", cid="resend-1", activity=str(live.activity_id), option="o1")
        assert notice == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    assert event_count(live.app, live.workshop_id) == before + 1
    assert live.vote()["dots_cast"] == 1

    # A new id is a new command.
    assert phone.send("cast_dot", cid="resend-2", activity=str(live.activity_id), option="o1") == ""
    phone.wait_text("phone-personal", "You have 1 dot left.")
    assert live.vote()["dots_cast"] == 2


def test_closing_the_workshop_stops_input_and_tells_everyone(live: Live) -> None:
    console, screen = live.console(), live.screen()
    aino = live.phone(live.aino, "Aino's phone")
    start(live, console)
    aino.wait_text("phone-personal", "You have 3 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o1") == ""

    closed = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/closed", data={"closed": "true"}
    )
    assert closed.status_code == 200
    assert "This workshop is closed" in text_of(closed.text)
    aino.wait_text("phone-activity", "This workshop has closed")
    screen.wait_text("screen-activity", "This workshop has closed")
    aino.wait(lambda v: 'class="vote-option"' not in v.html("phone-personal"), "no vote buttons")
    # A vote sent from a page that had not yet heard of the closing is refused, not lost.
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == (
        "This workshop has closed."
    )
    assert live.vote()["dots_cast"] == 1
    assert live.remote.get(f"/j/{live.code}").status_code == 404

    reopened = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/closed", data={"closed": "false"}
    )
    assert "Close the workshop" in text_of(reopened.text)
    aino.wait_text("phone-personal", "You have 2 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    assert live.vote()["dots_cast"] == 2

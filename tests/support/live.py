"""A live workshop in process: the real app behind Starlette's TestClient, a facilitator, two
phones and a room screen on real sockets, and the HTML regions each socket was pushed.
``add_activity`` puts any kind on the agenda as the console does; ``open_all``, ``people`` and
``results_of`` open every socket and read who is there and what an activity holds.

Several browsers, one app. Entering ``with FormClient(app)`` runs the app's lifespan (which
starts the hub's tasks) on that client's own event loop, in a thread behind a blocking portal.
The hub, its tasks and every socket have to share one loop and the lifespan must run once, so
only the first client (the ``client`` fixture) is entered; every other browser is a plain
``FormClient(app)`` with its own cookie jar that borrows the first one's portal
(``companion()``): TestClient runs every request and socket on ``self.portal`` when it is set.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.testclient import TestClient, WebSocketTestSession

from piiri.db.models import Activity, Event
from piiri.domain.commands import AddActivity
from piiri.domain.vocabulary import Actor
from tests.support.form_client import FormClient
from tests.support.workshop import (
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
# The deadline guards against a hang, it measures nothing (latency is the benchmark's): 15 s, as
# `make test` runs three lanes on two cores, where a fan-out behind a burst of hostile commands
# took longer than 5 s at a load average of 15.
FRAME_TIMEOUT = 15.0
# The one facilitator account live_workshop creates, as the service sees them.
FACILITATOR = Actor("facilitator", facilitator_id=1)
MAX_FRAMES = 40

REGIONS = (
    "phone-activity",
    "phone-personal",
    "screen-join",
    "screen-counts",
    "screen-activity",
    "expert-activity",
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


def start(live: Live, console: View) -> None:
    assert console.send("start_activity", activity=str(live.activity_id)) == ""


def open_all(live: Live) -> tuple[View, View, View, View]:
    """Sockets for the console, Aino's phone, the remote phone and the room screen, in order."""
    console, screen = live.console(), live.screen()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    return console, aino, remote, screen


def add_activity(live: Live, kind: str, title: str, **values: str) -> int:
    """Add an activity through the service's AddActivity command, as the console does; its id."""
    service = live.app.state.piiri.service
    assert live.facilitator.portal is not None
    run = functools.partial(
        service.run, live.workshop_id, FACILITATOR, AddActivity(kind, title, values)
    )
    live.facilitator.portal.call(run)
    return activity_ids(live.app, live.workshop_id)[-1]


def for_(person: object, **more: str) -> dict[str, Any]:
    """The values of a command the facilitator sends for someone (``for`` is a keyword)."""
    return {"for": str(person), **more}


def people(live: Live) -> dict[str, int]:
    """Participant ids by name; the remote phone joined without a name."""
    state = live.app.state.piiri.service.state(live.workshop_id)
    return {(p.name or "remote"): p.id for p in state.people.values()}


def results_of(live: Live, activity_id: int) -> dict[str, Any]:
    """The results of one activity, from the JSON download."""
    (entry,) = [a for a in live.results()["activities"] if a["id"] == activity_id]
    results: dict[str, Any] = entry["results"]
    return results

"""Two real Piiri processes, one database, one private redis-server.

Process A and process B are separate uvicorn servers that share the database and talk only
through Redis pub/sub. A change made through A must reach the sockets held by B; while Redis is
down each process keeps serving its own sockets, and B catches up once Redis is back (resync on
reconnect). The processes run with the periodic re-read of the log (RESYNC_SECONDS) turned off
in effect, so everything B shows came through Redis.

The clients speak the browser's protocol: the signed cookie from a real join or login, an Origin
header equal to the page's origin, JSON commands with a client-made ``cid``, and HTML fragments
back. Figures (propagation and convergence times) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx2 as httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests.form_client import HEALTH_HEADERS, HEALTH_TOKEN, token_in
from tests.infra import ROOT, PiiriFactory, PiiriProcess, RedisServer, database_url, migrate

SECRET_KEY = "multiprocess-test-secret-shared-by-both-processes"
FRAME_TIMEOUT = 5.0  # the longest a socket may take to show something that should follow at once
CONVERGE_TIMEOUT = 10.0  # after Redis returns: the subscriber's reconnect back-off
OUTAGE_SECONDS = 1.5  # how long test 2 keeps Redis down

DOTS = re.compile(r'data-count="dots">(\d+)<')
NOTICE = re.compile(r'<div id="notice"([^>]*)>(.*?)</div>', re.DOTALL)


# -- the two processes ----------------------------------------------------------------------


@dataclass
class Pair:
    a: PiiriProcess
    b: PiiriProcess
    env: dict[str, str]
    redis: RedisServer

    @property
    def processes(self) -> tuple[PiiriProcess, PiiriProcess]:
        return (self.a, self.b)


@pytest.fixture(scope="module")
def pair(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    piiri_process: PiiriFactory,
) -> Iterator[Pair]:
    """Processes A and B on one migrated SQLite file and the session's redis-server."""
    redis_server.start()  # a no-op unless an earlier test left it stopped
    env = {
        "DATABASE_URL": database_url(tmp_path_factory.mktemp("multiprocess")),
        "REDIS_URL": redis_server.url,
        "SECRET_KEY": SECRET_KEY,
        "HEALTH_TOKEN": HEALTH_TOKEN,
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
        # Whatever the developer's shell says, the origin check uses each process's own host.
        "PUBLIC_URL": "",
        "ALLOWED_ORIGINS": "",
        # No periodic re-read of the log: whatever B shows, Redis (a notice, or the resync after
        # the subscriber reconnects) brought it there.
        "RESYNC_SECONDS": "3600",
    }
    migrate(env)
    a = piiri_process(env)
    try:
        b = piiri_process(env)
    except BaseException:
        a.stop()
        raise
    try:
        yield Pair(a, b, env, redis_server)
    finally:
        a.stop()
        b.stop()


@dataclass(frozen=True)
class Demo:
    login_path: str
    code: str
    screen_token: str
    question: str


def new_demo(env: Mapping[str, str]) -> Demo:
    """A fresh demo workshop (``piiri demo --json``) with its dot-vote not yet started."""
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "demo", "--json"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    # Its URLs name HOST:PORT (8000 by default); only the paths matter to us.
    screen_path = urlsplit(data["screen_url"]).path
    assert screen_path.startswith("/screen/"), screen_path
    return Demo(
        login_path=urlsplit(data["facilitator_url"]).path,
        code=data["code"],
        screen_token=screen_path.removeprefix("/screen/"),
        question=next(a["title"] for a in data["activities"] if a["kind"] == "dot_vote"),
    )


def broker_state(http: httpx.Client, process: PiiriProcess) -> tuple[int, dict[str, object]]:
    response = http.get(f"{process.base_url}/healthz", headers=HEALTH_HEADERS)
    body: dict[str, object] = response.json()
    return response.status_code, body


def wait_for_broker(
    http: httpx.Client, processes: tuple[PiiriProcess, ...], state: str, timeout: float
) -> float:
    """Poll /healthz until every process reports the broker ``state``; the seconds it took."""
    started = time.monotonic()
    while True:
        bodies = [broker_state(http, p)[1] for p in processes]
        if all(body["broker"] == {"kind": "redis", "state": state} for body in bodies):
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"broker not {state!r} within {timeout} s: {bodies}")
        time.sleep(0.1)


# -- HTTP: log in and join the way a browser does --------------------------------------------


async def log_in_facilitator(
    http: httpx.AsyncClient, process: PiiriProcess, demo: Demo
) -> tuple[str, int, int]:
    """The facilitator's cookie, the workshop id and the dot-vote's activity id."""
    page = await http.get(f"{process.base_url}{demo.login_path}")
    response = await http.post(
        f"{process.base_url}{demo.login_path}",
        data={"csrf": token_in(page.text)},
        follow_redirects=True,
    )
    assert response.status_code == 200, response.text
    assert response.url.path == "/facilitator/"
    cookie = http.cookies.get("piiri")
    assert cookie, "the login link set no cookie"
    match = re.search(
        r'<a href="/facilitator/workshops/(\d+)">[^<]*</a>\s*<span class="code">[^<]*\b'
        + re.escape(demo.code)
        + r"\b",
        response.text,
    )
    assert match, f"no console link for code {demo.code} on the dashboard"
    workshop_id = int(match.group(1))
    console = await http.get(f"{process.base_url}/facilitator/workshops/{workshop_id}")
    assert console.status_code == 200, console.text
    start_vote = f'value="start_activity" aria-label="Start {html.escape(demo.question)}"'
    activity = re.search(
        r'id="agenda-(\d+)-toggle" name="command" ' + re.escape(start_vote), console.text
    )
    assert activity, "no start button for the dot-vote on the console"
    http.cookies.clear()
    return cookie, workshop_id, int(activity.group(1))


async def join(
    http: httpx.AsyncClient, process: PiiriProcess, code: str, name: str, presence: str
) -> str:
    """Join through ``process``; the participant's signed cookie."""
    page = await http.get(f"{process.base_url}/j/{code}")
    response = await http.post(
        f"{process.base_url}/j/{code}",
        data={"name": name, "presence": presence, "csrf": token_in(page.text)},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/w/{code}"
    cookie = response.cookies.get("piiri")
    assert cookie, "joining set no cookie"
    http.cookies.clear()
    return cookie


# -- sockets -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Feed:
    """A socket whose frames a background task records as (arrival time, text)."""

    socket: ClientConnection
    frames: list[tuple[float, str]] = field(default_factory=list)
    closed: bool = False
    _new: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self) -> None:
        try:
            async for message in self.socket:
                text = message if isinstance(message, str) else message.decode()
                self.frames.append((time.monotonic(), text))
                self._new.set()
        except ConnectionClosed:
            pass
        finally:
            self.closed = True
            self._new.set()

    async def send(self, command: Mapping[str, str]) -> float:
        """Send a command as the browser does; the time it left."""
        sent = time.monotonic()
        await self.socket.send(json.dumps(command))
        return sent

    def mark(self) -> int:
        """Where the frames from now on start (for ``until(..., since=...)``)."""
        return len(self.frames)

    async def until(
        self, wanted: Callable[[str], bool], timeout: float = FRAME_TIMEOUT, since: int = 0
    ) -> tuple[float, str]:
        """The first frame from index ``since`` on for which ``wanted`` is true."""

        async def scan() -> tuple[float, str]:
            index = since
            while True:
                while index < len(self.frames):
                    arrived, text = self.frames[index]
                    index += 1
                    if wanted(text):
                        return arrived, text
                if self.closed:
                    raise AssertionError(f"socket closed ({self.socket.close_code})")
                self._new.clear()
                await self._new.wait()

        try:
            return await asyncio.wait_for(scan(), timeout)
        except TimeoutError:
            recent = [text[:300] for _, text in self.frames[since:][-3:]]
            raise AssertionError(f"no matching frame within {timeout} s; last: {recent}") from None


@contextlib.asynccontextmanager
async def open_feed(process: PiiriProcess, path: str, cookie: str | None) -> AsyncIterator[Feed]:
    headers = {"Cookie": f"piiri={cookie}"} if cookie else {}
    url = process.base_url.replace("http://", "ws://", 1) + path
    async with connect(
        url,
        origin=Origin(process.base_url),  # the page's own origin, as a browser sends it
        additional_headers=headers,
        compression=None,
        proxy=None,
        open_timeout=FRAME_TIMEOUT,
        close_timeout=2,
    ) as socket:
        feed = Feed(socket)
        reader = asyncio.create_task(feed.read(), name=f"feed {path}")
        try:
            yield feed
        finally:
            await socket.close()
            await reader


def dots(text: str) -> int | None:
    match = DOTS.search(text)
    return int(match.group(1)) if match else None


def notice_of(text: str, cid: str | None = None) -> str | None:
    """The inner HTML of the #notice in ``text`` (the one answering ``cid``, when given), or None.

    A phone's own region carries an empty #notice too (it takes a stale refusal down), so an
    answer is known by its ``data-cid``."""
    for match in NOTICE.finditer(text):
        if cid is None or f'data-cid="{cid}"' in match.group(1):
            return match.group(2).strip()
    return None


def cast(activity_id: int, option: str, cid: str) -> dict[str, str]:
    return {"command": "cast_dot", "activity": str(activity_id), "option": option, "cid": cid}


def start(activity_id: int, cid: str) -> dict[str, str]:
    return {"command": "start_activity", "activity": str(activity_id), "cid": cid}


async def accepted(feed: Feed, command: Mapping[str, str]) -> float:
    """Send ``command`` and wait for its #notice; assert it is empty (no error)."""
    since = feed.mark()
    sent = await feed.send(command)
    cid = command.get("cid")
    _, text = await feed.until(lambda t: notice_of(t, cid) is not None, since=since)
    assert notice_of(text, cid) == "", f"{command['command']} was refused: {text}"
    return sent


async def log_in_and_join(
    pair: Pair, demo: Demo, joins: list[tuple[PiiriProcess, str, str]]
) -> tuple[tuple[str, int, int], list[str]]:
    """The facilitator logged in on A; each (process, name, presence) joined through process."""
    async with httpx.AsyncClient(timeout=10.0, trust_env=False) as http:
        facilitator = await log_in_facilitator(http, pair.a, demo)
        cookies = [await join(http, p, demo.code, name, where) for p, name, where in joins]
    return facilitator, cookies


# -- tests --------------------------------------------------------------------------------------


@pytest.mark.multiprocess
def test_a_dot_cast_on_a_reaches_the_screen_on_b(pair: Pair) -> None:
    demo = new_demo(pair.env)

    async def scenario() -> dict[str, float]:
        (fac_cookie, workshop_id, activity_id), (aino, bertil) = await log_in_and_join(
            pair, demo, [(pair.a, "Aino", "room"), (pair.b, "Bertil", "remote")]
        )
        async with contextlib.AsyncExitStack() as stack:
            facilitator = await stack.enter_async_context(
                open_feed(pair.a, f"/ws/facilitator/{workshop_id}", fac_cookie)
            )
            phone_a = await stack.enter_async_context(open_feed(pair.a, f"/ws/w/{demo.code}", aino))
            phone_b = await stack.enter_async_context(
                open_feed(pair.b, f"/ws/w/{demo.code}", bertil)
            )
            screen_b = await stack.enter_async_context(
                open_feed(pair.b, f"/ws/screen/{demo.screen_token}", None)
            )
            # Every socket first gets the whole current view: nothing is running yet.
            await facilitator.until(lambda t: 'id="console-agenda"' in t)
            await phone_a.until(lambda t: 'id="phone-activity"' in t)
            _, waiting = await phone_b.until(lambda t: 'id="phone-activity"' in t)
            assert "data-activity=" not in waiting
            _, board = await screen_b.until(lambda t: 'id="screen-counts"' in t)
            assert dots(board) is None  # no dot-vote running, no dot count
            # Both joins (one through each process) show on B's screen.
            await screen_b.until(
                lambda t: 'data-count="in-room">1<' in t and 'data-count="remote">1<' in t
            )

            title = f'data-activity="{activity_id}">{html.escape(demo.question)}</h2>'
            since = phone_b.mark()
            started = await accepted(facilitator, start(activity_id, "mp-start-1"))
            title_seen, _ = await phone_b.until(lambda t: title in t, since=since)
            await screen_b.until(lambda t: dots(t) == 0)

            since = screen_b.mark()
            sent = await accepted(phone_a, cast(activity_id, "o1", "mp-cast-1"))
            dot_seen, _ = await screen_b.until(lambda t: dots(t) == 1, since=since)
            return {
                "start A -> title on B": title_seen - started,
                "cast A -> screen B": dot_seen - sent,
            }

    figures = asyncio.run(scenario())
    print(", ".join(f"{name}: {seconds * 1000:.0f} ms" for name, seconds in figures.items()))


@pytest.mark.multiprocess
def test_dots_cast_while_redis_is_down_reach_b_when_it_returns(pair: Pair) -> None:
    demo = new_demo(pair.env)
    with httpx.Client(timeout=5.0, trust_env=False) as http:
        wait_for_broker(http, pair.processes, "ok", CONVERGE_TIMEOUT)

    async def scenario() -> dict[str, float]:
        (fac_cookie, workshop_id, activity_id), (aino,) = await log_in_and_join(
            pair, demo, [(pair.a, "Aino", "room")]
        )
        async with contextlib.AsyncExitStack() as stack:
            facilitator = await stack.enter_async_context(
                open_feed(pair.a, f"/ws/facilitator/{workshop_id}", fac_cookie)
            )
            phone_a = await stack.enter_async_context(open_feed(pair.a, f"/ws/w/{demo.code}", aino))
            screen_b = await stack.enter_async_context(
                open_feed(pair.b, f"/ws/screen/{demo.screen_token}", None)
            )
            await phone_a.until(lambda t: 'id="phone-activity"' in t)
            await screen_b.until(lambda t: 'id="screen-counts"' in t)
            await accepted(facilitator, start(activity_id, "mp-start-2"))
            await screen_b.until(lambda t: dots(t) == 0)

            figures: dict[str, float] = {}
            try:
                await asyncio.to_thread(pair.redis.stop)
                stopped = time.monotonic()
                # Both processes have noticed: B's subscriber is really cut off from A.
                with httpx.Client(timeout=5.0, trust_env=False) as http:
                    await asyncio.to_thread(
                        wait_for_broker, http, pair.processes, "unavailable", 6.0
                    )
                # A still accepts votes and shows them on its own sockets.
                since = screen_b.mark()
                first = await accepted(phone_a, cast(activity_id, "o1", "mp-down-1"))
                figures["cast 1 accepted"] = time.monotonic() - first
                second = await accepted(phone_a, cast(activity_id, "o2", "mp-down-2"))
                figures["cast 2 accepted"] = time.monotonic() - second
                await facilitator.until(lambda t: 'data-count="dots">2<' in t)
                # An outage of a second or so, long enough for the reconnect back-off to grow.
                await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
            finally:
                await asyncio.to_thread(pair.redis.start)
            restarted = time.monotonic()
            figures["redis down"] = restarted - stopped
            seen, _ = await screen_b.until(
                lambda t: dots(t) == 2, timeout=CONVERGE_TIMEOUT, since=since
            )
            figures["B shows 2 after redis restart"] = seen - restarted
            figures["B shows 2 after second cast"] = seen - second

            # Once both have resubscribed, A's notices reach B again.
            with httpx.Client(timeout=5.0, trust_env=False) as http:
                await asyncio.to_thread(
                    wait_for_broker, http, pair.processes, "ok", CONVERGE_TIMEOUT
                )
            figures["both brokers ok after redis restart"] = time.monotonic() - restarted
            since = screen_b.mark()
            sent = await accepted(
                phone_a, {**cast(activity_id, "o1", "mp-up-1"), "command": "remove_dot"}
            )
            seen, _ = await screen_b.until(lambda t: dots(t) == 1, since=since)
            figures["after recovery: A -> screen B"] = seen - sent
            return figures

    figures = asyncio.run(scenario())
    print(", ".join(f"{name}: {seconds * 1000:.0f} ms" for name, seconds in figures.items()))


@pytest.mark.multiprocess
def test_healthz_reports_the_redis_broker(pair: Pair) -> None:
    with httpx.Client(timeout=5.0, trust_env=False) as http:
        wait_for_broker(http, pair.processes, "ok", CONVERGE_TIMEOUT)
        for process in pair.processes:
            status, body = broker_state(http, process)
            assert status == 200
            assert body["status"] == "ok"
            assert body["database"] == "ok"
            assert body["broker"] == {"kind": "redis", "state": "ok"}
        try:
            pair.redis.stop()
            noticed = wait_for_broker(http, pair.processes, "unavailable", 6.0)
            for process in pair.processes:
                status, body = broker_state(http, process)
                # Redis down degrades Piiri but does not take it out of a load balancer.
                assert status == 200
                assert body["status"] == "degraded"
                assert body["database"] == "ok"
                assert body["broker"] == {"kind": "redis", "state": "unavailable"}
        finally:
            pair.redis.start()
        recovered = wait_for_broker(http, pair.processes, "ok", CONVERGE_TIMEOUT)
    print(f"broker unavailable after {noticed:.2f} s, ok again after {recovered:.2f} s")


@pytest.mark.multiprocess
def test_the_first_notice_after_redis_returns_is_not_lost(pair: Pair) -> None:
    # A process that published nothing while Redis was away still holds its old publishing
    # connection, which the restarted Redis no longer knows. Its first notice must not be lost
    # on that connection (with no periodic re-read, B would never show it).
    demo = new_demo(pair.env)
    with httpx.Client(timeout=5.0, trust_env=False) as http:
        wait_for_broker(http, pair.processes, "ok", CONVERGE_TIMEOUT)

    async def scenario() -> dict[str, float]:
        (fac_cookie, workshop_id, activity_id), (aino,) = await log_in_and_join(
            pair, demo, [(pair.a, "Aino", "room")]
        )
        async with contextlib.AsyncExitStack() as stack:
            facilitator = await stack.enter_async_context(
                open_feed(pair.a, f"/ws/facilitator/{workshop_id}", fac_cookie)
            )
            phone_a = await stack.enter_async_context(open_feed(pair.a, f"/ws/w/{demo.code}", aino))
            screen_b = await stack.enter_async_context(
                open_feed(pair.b, f"/ws/screen/{demo.screen_token}", None)
            )
            await phone_a.until(lambda t: 'id="phone-activity"' in t)
            await screen_b.until(lambda t: 'id="screen-counts"' in t)
            since = screen_b.mark()
            await accepted(facilitator, start(activity_id, "mp-start-4"))  # A publishes
            await screen_b.until(lambda t: dots(t) == 0, since=since)
            with httpx.Client(timeout=5.0, trust_env=False) as http:
                try:
                    await asyncio.to_thread(pair.redis.stop)
                    await asyncio.to_thread(
                        wait_for_broker, http, pair.processes, "unavailable", 6.0
                    )
                finally:
                    await asyncio.to_thread(pair.redis.start)
                recovered = await asyncio.to_thread(
                    wait_for_broker, http, pair.processes, "ok", CONVERGE_TIMEOUT
                )
            log_mark = len(pair.a.log())
            since = screen_b.mark()
            sent = await accepted(phone_a, cast(activity_id, "o1", "mp-after-1"))
            seen, _ = await screen_b.until(lambda t: dots(t) == 1, since=since)
            lost = [
                line for line in pair.a.log()[log_mark:].splitlines() if "could not publish" in line
            ]
            assert not lost, lost
            return {"broker ok again": recovered, "first cast after restart A -> B": seen - sent}

    figures = asyncio.run(scenario())
    print(", ".join(f"{name}: {seconds * 1000:.0f} ms" for name, seconds in figures.items()))


@pytest.mark.multiprocess
def test_without_notices_the_periodic_reread_brings_b_up_to_date(
    tmp_path: Path, redis_server: RedisServer, piiri_process: PiiriFactory
) -> None:
    # Two processes on one database and no Redis at all: nothing tells B about A's writes, and
    # only the periodic comparison with the log (RESYNC_SECONDS) can bring B's screen along.
    env = {
        "DATABASE_URL": database_url(tmp_path),
        "REDIS_URL": "",
        "SECRET_KEY": SECRET_KEY,
        "HEALTH_TOKEN": HEALTH_TOKEN,
        "PUBLIC_URL": "",
        "ALLOWED_ORIGINS": "",
        "RESYNC_SECONDS": "0.5",
    }
    migrate(env)
    a, b = piiri_process(env), piiri_process(env)
    try:
        lone = Pair(a, b, env, redis_server)
        demo = new_demo(env)
        (fac_cookie, workshop_id, activity_id), (aino,) = asyncio.run(
            log_in_and_join(lone, demo, [(a, "Aino", "room")])
        )

        async def scenario() -> None:
            async with contextlib.AsyncExitStack() as stack:
                facilitator = await stack.enter_async_context(
                    open_feed(a, f"/ws/facilitator/{workshop_id}", fac_cookie)
                )
                phone_a = await stack.enter_async_context(open_feed(a, f"/ws/w/{demo.code}", aino))
                screen_b = await stack.enter_async_context(
                    open_feed(b, f"/ws/screen/{demo.screen_token}", None)
                )
                await screen_b.until(lambda t: 'id="screen-counts"' in t)
                await accepted(facilitator, start(activity_id, "lone-start"))
                await accepted(phone_a, cast(activity_id, "o1", "lone-cast"))
                await screen_b.until(lambda t: dots(t) == 1)

        asyncio.run(scenario())
    finally:
        a.stop()
        b.stop()

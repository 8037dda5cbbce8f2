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
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.support.clients import (
    SECRET_KEY,
    Demo,
    Feed,
    dots,
    join,
    log_in_facilitator,
    new_demo,
    notice_of,
    open_feed,
)
from tests.support.databases import database_url
from tests.support.form_client import HEALTH_HEADERS, HEALTH_TOKEN
from tests.support.processes import PiiriFactory, PiiriProcess, migrate
from tests.support.redis_servers import RedisServer

CONVERGE_TIMEOUT = 10.0  # after Redis returns: the subscriber's reconnect back-off
OUTAGE_SECONDS = 1.5  # how long test 2 keeps Redis down


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

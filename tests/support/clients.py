"""Clients of real Piiri processes that speak the browser's protocol: the demo workshop, a
login and a join over HTTP (the signed cookie), and WebSockets opened with the page's Origin
whose frames a background task records.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx2 as httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests.support.form_client import token_in
from tests.support.processes import PiiriProcess, piiri_command

# The secret every process of one multi-process test shares (a cookie made by one is good on all).
SECRET_KEY = "multiprocess-test-secret-shared-by-both-processes"
FRAME_TIMEOUT = 5.0  # the longest a socket may take to show something that should follow at once

DOTS = re.compile(r'data-count="dots">(\d+)<')
NOTICE = re.compile(r'<div id="notice"([^>]*)>(.*?)</div>', re.DOTALL)


@dataclass(frozen=True)
class Demo:
    login_path: str
    code: str
    screen_token: str
    question: str


def new_demo(env: Mapping[str, str]) -> Demo:
    """A fresh demo workshop (``piiri demo --json``) with its dot-vote not yet started."""
    output = piiri_command("demo", "--json", env=env, timeout=60)
    data = json.loads(output.strip().splitlines()[-1])
    # Its URLs name HOST:PORT (8000 by default); only the paths matter to us.
    screen_path = urlsplit(data["screen_url"]).path
    assert screen_path.startswith("/screen/"), screen_path
    return Demo(
        login_path=urlsplit(data["facilitator_url"]).path,
        code=data["code"],
        screen_token=screen_path.removeprefix("/screen/"),
        question=next(a["title"] for a in data["activities"] if a["kind"] == "dot_vote"),
    )


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

"""Simulated people for the fault tests: they speak exactly what the browser speaks.

A person joins over HTTP (the signed cookie), then opens the page's WebSocket with the page's
Origin and sends the JSON messages htmx sends, each with a client-made ``cid``. When the socket
breaks, the person does what static/piiri.js does: reconnect (to whichever process the load
balancer still has, after a jittered pause) and send the unacknowledged command again with the
same ``cid``. A command is *acknowledged* when its #notice comes back empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Origin

from tests.support.clients import Feed, notice_of
from tests.support.processes import PiiriProcess

RECONNECT_TIMEOUT = 60.0  # generous: only how long a person keeps trying, never asserted
ANSWER_TIMEOUT = 60.0
RESULT_COUNT = re.compile(r'class="result-count">(\d+) dots?<')


class Gone(Exception):
    """The socket closed before the answer came."""


@dataclass(eq=False)
class Person:
    """One phone (or screen, or laptop) that reconnects the way the browser does."""

    name: str
    path: str
    cookie: str | None
    processes: Sequence[PiiriProcess]  # the load balancer's pool, in the order it tries them
    feed: Feed | None = None
    process: PiiriProcess | None = None
    connects: int = 0
    close_codes: list[int | None] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None

    async def connect(self) -> Feed:
        """(Re)connect to the first process in the pool that answers."""
        deadline = time.monotonic() + RECONNECT_TIMEOUT
        pause = 0.1
        while True:
            for process in self.processes:
                try:
                    socket = await self._open(process)
                except (OSError, InvalidHandshake, TimeoutError):
                    continue
                self.feed = Feed(socket)
                self.process = process
                self.connects += 1
                self._reader = asyncio.create_task(self._read(self.feed), name=self.name)
                return self.feed
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} could not reconnect in {RECONNECT_TIMEOUT} s")
            await asyncio.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 2.0)

    async def _open(self, process: PiiriProcess) -> ClientConnection:
        headers = {"Cookie": f"piiri={self.cookie}"} if self.cookie else {}
        return await connect(
            process.base_url.replace("http://", "ws://", 1) + self.path,
            origin=Origin(process.base_url),
            additional_headers=headers,
            compression=None,
            proxy=None,
            open_timeout=10,
            close_timeout=2,
            max_queue=None,
        )

    async def _read(self, feed: Feed) -> None:
        await feed.read()
        self.close_codes.append(feed.socket.close_code)

    async def close(self) -> None:
        if self.feed is not None:
            await self.feed.socket.close()
        if self._reader is not None:
            await self._reader

    async def answer(self, command: Mapping[str, str]) -> str:
        """Send ``command`` until the server answers it; its notice ('' = accepted).

        A break before the answer is what a phone on a mobile network sees: it reconnects and
        sends the same command (same ``cid``) again, and the server applies it at most once.
        """
        while True:
            feed = self.feed if self.feed is not None and not self.feed.closed else None
            if feed is None:
                feed = await self.connect()
            since = feed.mark()
            try:
                await feed.send(command)
                return await self._notice(feed, since, command.get("cid"))
            except (Gone, ConnectionClosed):
                with contextlib.suppress(Exception):
                    await feed.socket.close()
                self.feed = None

    @staticmethod
    async def _notice(feed: Feed, since: int, cid: str | None) -> str:
        index = since
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while True:
            while index < len(feed.frames):
                text = feed.frames[index][1]
                index += 1
                notice = notice_of(text, cid)
                if notice is not None:
                    return notice
            if feed.closed:
                raise Gone
            feed._new.clear()
            try:
                await asyncio.wait_for(feed._new.wait(), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                raise AssertionError(f"no answer within {ANSWER_TIMEOUT} s") from None

    def latest(self, marker: str) -> str | None:
        """The newest frame on the current socket that contains ``marker``."""
        if self.feed is None:
            return None
        for _, text in reversed(self.feed.frames):
            if marker in text:
                return text
        return None

    async def until(self, wanted: str, timeout: float = ANSWER_TIMEOUT) -> str:
        """Wait (reconnecting if need be) until the current socket has shown ``wanted``."""
        deadline = time.monotonic() + timeout
        while True:
            feed = self.feed if self.feed is not None and not self.feed.closed else None
            if feed is None:
                feed = await self.connect()
            text = self.latest(wanted)
            if text is not None:
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} never showed {wanted!r}")
            feed._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(feed._new.wait(), 0.5)


def command(name: str, activity_id: int, cid: str, **values: str) -> dict[str, str]:
    return {"command": name, "activity": str(activity_id), "cid": cid, **values}


def result_counts(text: str) -> list[int]:
    """The dot counts of a revealed results chart, in rank order."""
    return [int(n) for n in RESULT_COUNT.findall(text)]


def results_region(text: str) -> str:
    start = text.index('<ol class="results"')
    return text[start : text.index("</ol>", start)]


def as_json(values: Mapping[str, str]) -> str:
    return json.dumps(values)

"""Prepared frames: one fan-out encodes a region's text into WebSocket frame bytes once.

A server's frames are never masked, so the bytes of a text frame are the same for every socket
that gets it. Through ASGI each ``send`` would encode and frame the text again per socket and
go through several awaits; with 2,000 phones in a room that was most of the work of a vote.

``PreparedFramesProtocol`` is uvicorn's own websockets-sansio protocol (what ``--ws auto``
picks) with one addition: the scope extension ``piiri.prepared_frames``, whose ``write``
puts ready frame bytes straight on the transport when that is safe (the socket is open and its
write buffer is below the high-water mark) and otherwise says no, and the caller queues the text
on the normal ASGI path. Under any other server (the test client) the extension is absent and
every send takes the ASGI path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.protocol import State

EXTENSION = "piiri.prepared_frames"

FrameWriter = Callable[[bytes], bool]


class Prepared:
    """A region's text and, made on first use, its text frame's bytes."""

    __slots__ = ("_frame", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._frame: bytes | None = None

    @property
    def frame(self) -> bytes:
        if self._frame is None:
            self._frame = Frame(Opcode.TEXT, self.text.encode()).serialize(mask=False)
        return self._frame

    @property
    def size(self) -> int:
        """The frame's length once made, else 0 (never raises: for counting)."""
        return 0 if self._frame is None else len(self._frame)


class _Waiting:
    """The futures of the coroutines that wait, in a list made when the first one waits (an
    ``asyncio.Queue`` or ``Event`` makes a deque each, waiting or not)."""

    __slots__ = ("_waiters",)

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] | None = None

    def _waiter(self) -> asyncio.Future[None]:
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        return waiter

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        if self._waiters:
            self._waiters.remove(waiter)

    def _wake(self, *, every: bool) -> None:
        for waiter in self._waiters or ():
            if not waiter.done():
                waiter.set_result(None)
                if not every:
                    return


class Inbox(_Waiting):
    """What uvicorn's protocol uses of an ``asyncio.Queue`` (``put_nowait``, ``get``,
    ``empty``), unbounded as uvicorn's is, without the queue's three deques and its ``Event``'s
    (about 3 KiB for each idle socket)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Any] = []

    def put_nowait(self, item: Any) -> None:
        self._items.append(item)
        self._wake(every=False)

    def empty(self) -> bool:
        return not self._items

    async def get(self) -> Any:
        while not self._items:
            waiter = self._waiter()
            try:
                await waiter
            except asyncio.CancelledError:
                self._forget(waiter)
                if not waiter.cancelled():
                    self._wake(every=False)  # cancelled after its wake-up: the next reader has it
                raise
            self._forget(waiter)
        return self._items.pop(0)


class Flag(_Waiting):
    """What uvicorn's protocol uses of an ``asyncio.Event`` (``set``, ``clear``, ``is_set``,
    ``wait``)."""

    __slots__ = ("_set",)

    def __init__(self) -> None:
        super().__init__()
        self._set = False

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        if not self._set:
            self._set = True
            self._wake(every=True)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> None:
        if self._set:
            return
        waiter = self._waiter()
        try:
            await waiter
        finally:
            self._forget(waiter)


class PreparedFramesProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol that also accepts prepared frame bytes, and keeps
    less for each idle socket (a phone in a room of thousands mostly waits)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = Inbox()  # type: ignore[assignment]
        self.writable = Flag()  # type: ignore[assignment]
        self.writable.set()

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        # The ASGI task was only scheduled: it sees the extension from its first step.
        if self.handshake_initiated and not self.close_sent and hasattr(self, "scope"):
            self.scope["extensions"][EXTENSION] = {"write": self.write_prepared}

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete and "response" in self.__dict__:
            # The handshake's request and response (their headers) are not read again once the
            # socket is accepted: a few KiB per idle socket, thousands of them. websockets'
            # parser keeps the request for the socket's life (a local of its handshake step), so
            # its headers are emptied as well as let go of here.
            self.request.headers.clear()
            del self.request, self.response

    def write_prepared(self, frame: bytes) -> bool:
        """Write a whole prepared frame now; False when it must go the slow way instead."""
        if (
            not self.handshake_complete
            or self.close_sent
            or self.disconnected
            or self.conn.state is not State.OPEN
            or self.conn.extensions  # a negotiated extension (deflate) changes the bytes
            or not self.writable.is_set()
            or self.transport.is_closing()
        ):
            return False
        self.transport.write(frame)
        return True


def frame_writer(scope: Mapping[str, Any]) -> FrameWriter | None:
    """The prepared-frame writer of a WebSocket scope, when the server offers one."""
    extensions = scope.get("extensions")
    if not isinstance(extensions, dict):
        return None
    offer = extensions.get(EXTENSION)
    if not isinstance(offer, dict):
        return None
    write: FrameWriter | None = offer.get("write")
    return write if callable(write) else None

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


class PreparedFramesProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol that also accepts prepared frame bytes."""

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        # The ASGI task was only scheduled: it sees the extension from its first step.
        if self.handshake_initiated and not self.close_sent and hasattr(self, "scope"):
            self.scope["extensions"][EXTENSION] = {"write": self.write_prepared}

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete and "response" in self.__dict__:
            # The handshake's request and response (their headers) are not read again once the
            # socket is accepted: a few KiB per idle socket, thousands of them.
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

"""One socket as the hub sees it: who it is, and a bounded outbox for when it falls behind.

A push writes the prepared frame at once when the socket keeps up; otherwise it waits in an
outbox keyed by region group, where a newer version replaces an unsent older one. A socket whose
send does not finish in time is closed with 1013 (try again later) and reconnects to a fresh
view (realtime/hub.py fans out to these).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Hashable
from typing import Any

from starlette.websockets import WebSocket, WebSocketState

from piiri.domain.vocabulary import Role
from realtime.wire import FrameWriter, Prepared, frame_writer

log = logging.getLogger(__name__)

# Close codes the htmx ws extension reconnects on.
CLOSE_TRY_AGAIN = 1013
CLOSE_SERVICE_RESTART = 1012
# Not let in (or no longer): the extension does not reconnect on it.
CLOSE_POLICY = 1008


class _Unset:
    """The personal key of a socket that has not been sent its personal regions yet."""


UNSET = _Unset()


class Connection:
    """One socket: who it is, and what is waiting to be sent to it.

    Small on purpose (thousands of idle ones per process): no task and no queue until a send
    has to wait. A push writes the prepared frame at once when nothing is queued before it and
    the socket's buffer has room; otherwise it goes to the outbox, and a task drains the outbox
    through the ordinary ASGI send and ends when the outbox is empty.
    """

    __slots__ = (
        "base_url",
        "closed",
        "facilitator_id",
        "gave_up",
        "handler",
        "language",
        "outbox",
        "participant_id",
        "personal_key",
        "pump_task",
        "refusal_shown",
        "role",
        "secret",
        "send_timeout",
        "seq_sent",
        "websocket",
        "workshop_id",
        "write",
    )

    def __init__(
        self,
        websocket: WebSocket,
        workshop_id: int,
        role: Role,
        language: str,
        base_url: str = "",
        participant_id: int | None = None,
        facilitator_id: int | None = None,
        send_timeout: float = 5.0,
        secret: str | None = None,
    ) -> None:
        self.websocket = websocket
        self.workshop_id = workshop_id
        self.role: Role = role
        self.language = language
        self.base_url = base_url
        self.participant_id = participant_id
        self.facilitator_id = facilitator_id
        self.send_timeout = send_timeout
        # The token of the secret link it came in through (a room screen's): revoking the link
        # closes the socket.
        self.secret = secret
        self.write: FrameWriter | None = frame_writer(websocket.scope)
        self.outbox: dict[str, str] | None = None
        self.pump_task: asyncio.Task[None] | None = None
        self.closed = False
        self.gave_up = False  # closed because it could not keep up
        self.handler: asyncio.Task[Any] | None = None  # the endpoint's task serving this socket
        self.personal_key: Hashable = UNSET
        self.seq_sent = -1  # the seq of the last whole view pushed to this socket
        self.refusal_shown = False  # the last answer on its #notice was a refusal

    @property
    def pending_bytes(self) -> int:
        """Characters waiting in the outbox (for /healthz)."""
        return sum(len(text) for text in self.outbox.values()) if self.outbox else 0

    def push(self, group: str, message: str | Prepared) -> None:
        """Send ``message`` now, or queue it; it replaces an unsent message of the same group."""
        if self.closed:
            return
        if self.outbox is None and self.write is not None:
            prepared = message if isinstance(message, Prepared) else Prepared(message)
            try:
                if self.write(prepared.frame):
                    return
            except Exception:  # the transport went away under us
                self.closed = True
                return
        text = message.text if isinstance(message, Prepared) else message
        if self.outbox is None:
            self.outbox = {}
        self.outbox.pop(group, None)
        self.outbox[group] = text
        if self.pump_task is None:
            self.pump_task = asyncio.create_task(self._pump(), name="socket-pump")

    async def _pump(self) -> None:
        """Send the outbox in order; close a socket that cannot take a send within the timeout."""
        try:
            while self.outbox and not self.closed:
                group = next(iter(self.outbox))
                text = self.outbox.pop(group)
                try:
                    async with asyncio.timeout(self.send_timeout):
                        await self.websocket.send_text(text)
                except TimeoutError:
                    log.info("closing a socket that could not keep up")
                    self.pump_task = None
                    self.gave_up = True
                    await self.close(CLOSE_TRY_AGAIN)
                    handler = self.handler
                    if handler is not None:
                        handler.cancel()
                    return
                except Exception:
                    self.closed = True
                    return
        finally:
            self.outbox = None
            self.pump_task = None

    def discard(self) -> None:
        """The socket is gone: drop what is queued and stop sending."""
        self.closed = True
        self.outbox = None
        task = self.pump_task
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def close(self, code: int) -> None:
        self.discard()
        if self.websocket.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.websocket.close(code), 1.0)

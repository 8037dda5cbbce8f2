"""One socket: who it is, what is waiting to be sent to it, and when the server gives it up.

A socket that keeps up costs no task and no queue. One that does not has a bounded outbox keyed
by region group: a newer version replaces an unsent older one, so a slow socket holds at most
one pending copy of each group. The server gives a socket up in two cases, each with a close
code that the htmx ws extension answers by reconnecting (static/vendor/htmx/hx-ws.min.js,
``reconnectCodes``), and a reconnect gets the whole current view:

- a send that does not finish within ``send_timeout``: 1013 (try again later);
- a push that fails (a region that cannot be encoded as UTF-8, a transport that raised): 1011
  (internal error), logged with the workshop and the region. The next view is rendered afresh,
  so a socket is never left open and silently without updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from collections.abc import Hashable
from typing import Any

from starlette.websockets import WebSocket, WebSocketState

from piiri.domain.vocabulary import Role
from realtime.regions import Shown
from realtime.wire import FrameWriter, Prepared, frame_writer

log = logging.getLogger(__name__)

# Close codes the htmx ws extension reconnects on.
CLOSE_INTERNAL_ERROR = 1011
CLOSE_SERVICE_RESTART = 1012
CLOSE_TRY_AGAIN = 1013
# Not let in (or no longer): the extension does not reconnect on it.
CLOSE_POLICY = 1008

# Where a region starts in a pushed message: an element with an id that is swapped out of band.
_REGION = re.compile(r'<[a-z]+ id="([^"]+)"[^>]*\bhx-swap-oob=')


class _Unset:
    """The personal key of a socket that has not been sent its personal regions yet."""


UNSET = _Unset()


def failing_regions(text: str) -> list[str]:
    """The ids of the regions in ``text`` that cannot be encoded as UTF-8 (for the log)."""
    starts = list(_REGION.finditer(text))
    found = []
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        part = text[here.start() : after.start() if after else None]
        try:
            part.encode()
        except UnicodeEncodeError:
            found.append(here.group(1))
    return found or ["(no region id)"]


_OPENED = itertools.count()


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
        "gave_up_with",
        "handler",
        "language",
        "opened",
        "outbox",
        "participant_id",
        "personal_key",
        "personal_shown",
        "pump_task",
        "refusal_shown",
        "refused_at",
        "role",
        "secret",
        "send_timeout",
        "seq_sent",
        "shown",
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
        # The close code when the server gave this socket up (slow: 1013, a failed push: 1011).
        self.gave_up_with: int | None = None
        self.handler: asyncio.Task[Any] | None = None  # the endpoint's task serving this socket
        self.personal_key: Hashable = UNSET
        # What its regions show (realtime/regions.py): None until it is sent its first view.
        self.shown: Shown | None = None
        self.personal_shown: Shown | None = None
        self.seq_sent = -1  # the seq of the last whole view pushed to this socket
        self.refusal_shown = False  # the last answer on its #notice was a refusal
        # The seq of the state that refusal was decided on: only a view of a newer state can
        # have changed what the phone may do (the fan-out of its own earlier, accepted command
        # arriving after the refusal must not clear it).
        self.refused_at = -1
        self.opened = next(_OPENED)  # the order sockets came in (the oldest go first)

    @property
    def gave_up(self) -> bool:
        """The server closed this socket for cause; its handler is cancelled on purpose."""
        return self.gave_up_with is not None

    @property
    def pending_bytes(self) -> int:
        """Characters waiting in the outbox (for /healthz)."""
        return sum(len(text) for text in self.outbox.values()) if self.outbox else 0

    def queued(self, group: str) -> bool:
        """Whether a message of ``group`` waits in the outbox (a push would replace it)."""
        return self.outbox is not None and group in self.outbox

    def push(self, group: str, message: str | Prepared) -> None:
        """Send ``message`` now, or queue it; it replaces an unsent message of the same group.

        A message that cannot be sent (not encodable, a transport that raises) is never dropped
        silently: it is logged and the socket is closed with 1011, so that the phone reconnects
        and gets a whole view."""
        if self.closed:
            return
        prepared = message if isinstance(message, Prepared) else Prepared(message)
        try:
            # Made once per rendering and shared by every socket of an audience; made here on
            # every path so that text UTF-8 cannot carry fails now, not deep in a send.
            frame = prepared.frame
        except UnicodeEncodeError as error:
            self._failed(group, prepared.text, error)
            return
        if self.outbox is None and self.write is not None:
            try:
                if self.write(frame):
                    return
            except Exception as error:  # the transport went away under us
                self._failed(group, prepared.text, error)
                return
        if self.outbox is None:
            self.outbox = {}
        self.outbox.pop(group, None)
        self.outbox[group] = prepared.text
        if self.pump_task is None:
            self.pump_task = asyncio.create_task(self._pump(), name="socket-pump")

    def push_all(self, messages: list[tuple[str, Prepared]]) -> None:
        """Push several groups' messages in order; in one write when nothing is queued."""
        if len(messages) > 1 and self.outbox is None and self.write is not None and not self.closed:
            try:
                # Made once per rendering; a text that UTF-8 cannot carry fails here, and then
                # again in push() below, which closes the socket with 1011.
                joined = b"".join(prepared.frame for _, prepared in messages)
            except UnicodeEncodeError:
                joined = b""
            try:
                if joined and self.write(joined):
                    return
            except Exception as error:  # the transport went away under us
                group, prepared = messages[0]
                self._failed(group, prepared.text, error)
                return
        for group, prepared in messages:
            self.push(group, prepared)

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
                    await self._give_up(CLOSE_TRY_AGAIN)
                    return
                except Exception as error:
                    self.pump_task = None
                    self._log_failure(group, text, error)
                    await self._give_up(CLOSE_INTERNAL_ERROR)
                    return
        finally:
            self.outbox = None
            self.pump_task = None

    def _failed(self, group: str, text: str, error: Exception) -> None:
        """A push failed outside the pump: log it, stop sending, and close the socket (the
        close must be awaited, and push() is called from synchronous code)."""
        self._log_failure(group, text, error)
        self.gave_up_with = CLOSE_INTERNAL_ERROR
        self.discard()
        self.pump_task = asyncio.create_task(
            self._give_up(CLOSE_INTERNAL_ERROR), name="socket-give-up"
        )

    def _log_failure(self, group: str, text: str, error: Exception) -> None:
        regions = failing_regions(text) if isinstance(error, UnicodeEncodeError) else [group]
        log.error(
            "workshop %s: could not send region %s (%s) to a %s socket: %s; "
            "closing it with %s so that it reconnects to a whole view",
            self.workshop_id,
            ", ".join(regions),
            group,
            self.role,
            # Not repr(error): a UnicodeEncodeError carries the whole rendered region.
            f"{error.reason} at character {error.start}"
            if isinstance(error, UnicodeEncodeError)
            else repr(error),
            CLOSE_INTERNAL_ERROR,
        )

    async def _give_up(self, code: int) -> None:
        """Close with ``code`` and cancel the endpoint's handler: the connection leaves the hub
        at once and the server drops the TCP connection, whatever the client does."""
        self.gave_up_with = code
        try:
            await self.close(code)
        finally:
            self.pump_task = None
            handler = self.handler
            if handler is not None:
                handler.cancel()

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

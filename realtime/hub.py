"""The connection hub: which sockets watch which workshop, and fan-out to them.

A notice marks a workshop dirty. On a short coalescing tick the hub brings the workshop up to
the newest seq from the log and renders each audience's regions once (role x language); every
socket of that audience gets the same text. Only personal regions (my dots) are rendered per
person, and people whose personal inputs are equal share one rendering.

Each socket has a bounded outbox keyed by region group: a newer version replaces an unsent
older one, so a slow socket holds at most one pending copy of each group. A socket whose send
does not finish in time is closed with 1013 (try again later) and reconnects to a fresh view.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Protocol

from starlette.websockets import WebSocket, WebSocketState

from piiri.activities.base import Role
from piiri.workshop_state import WorkshopState

log = logging.getLogger(__name__)

# Close codes the htmx ws extension reconnects on.
CLOSE_TRY_AGAIN = 1013
CLOSE_SERVICE_RESTART = 1012


class AudienceViews(Protocol):
    """How one role sees a workshop; the hub calls these, and only these, per tick."""

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str: ...

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        """Everything the personal regions depend on, or None when there are none."""
        ...

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str: ...


@dataclass(eq=False)
class Connection:
    websocket: WebSocket
    workshop_id: int
    role: Role
    language: str
    base_url: str = ""
    participant_id: int | None = None
    facilitator_id: int | None = None
    send_timeout: float = 5.0
    outbox: dict[str, str] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False
    gave_up: bool = False  # closed because it could not keep up

    @property
    def pending_bytes(self) -> int:
        return sum(len(text) for text in self.outbox.values())

    def push(self, group: str, text: str) -> None:
        """Queue ``text`` for sending; it replaces an unsent text of the same group."""
        if self.closed:
            return
        self.outbox.pop(group, None)
        self.outbox[group] = text
        self.wake.set()

    async def pump(self) -> None:
        """Send the outbox until the socket closes. Run as the connection's own task."""
        while not self.closed:
            await self.wake.wait()
            self.wake.clear()
            while self.outbox and not self.closed:
                group = next(iter(self.outbox))
                text = self.outbox.pop(group)
                try:
                    await asyncio.wait_for(self.websocket.send_text(text), self.send_timeout)
                except TimeoutError:
                    log.info("closing a socket that could not keep up")
                    self.gave_up = True
                    await self.close(CLOSE_TRY_AGAIN)
                    return
                except Exception:
                    self.closed = True
                    return

    async def close(self, code: int) -> None:
        self.closed = True
        self.outbox.clear()
        if self.websocket.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.websocket.close(code), 1.0)


@dataclass(eq=False)
class Room:
    workshop_id: int
    connections: set[Connection] = field(default_factory=set)
    rendered_seq: int = -1
    dirty: bool = False


StateLoader = Callable[[int], WorkshopState]
SeqReader = Callable[[list[int]], dict[int, int]]


class Hub:
    def __init__(
        self,
        *,
        views: dict[Role, AudienceViews],
        load_state: StateLoader,
        latest_seqs: SeqReader,
        coalesce_seconds: float,
        resync_seconds: float,
    ) -> None:
        self.views = views
        self._load_state = load_state
        self._latest_seqs = latest_seqs
        self.coalesce_seconds = coalesce_seconds
        # A process that missed a notice (Redis down, a race) catches up within this long.
        self.resync_seconds = resync_seconds
        self.rooms: dict[int, Room] = {}
        self.slow_closed = 0  # sockets closed because they could not keep up (for /healthz)
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._flush_loop(), name="hub-flush"),
            asyncio.create_task(self._safety_loop(), name="hub-safety"),
        ]

    async def stop(self, close_code: int = CLOSE_SERVICE_RESTART) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for room in list(self.rooms.values()):
            for connection in list(room.connections):
                await connection.close(close_code)

    @property
    def connection_count(self) -> int:
        return sum(len(r.connections) for r in self.rooms.values())

    @property
    def pending_bytes(self) -> int:
        """Rendered text queued on sockets and not yet sent: bounded by design."""
        return sum(c.pending_bytes for r in self.rooms.values() for c in r.connections)

    # -- sockets -----------------------------------------------------------------------------

    async def attach(self, connection: Connection) -> None:
        """Register a socket and queue the whole current view for it."""
        room = self.rooms.setdefault(connection.workshop_id, Room(connection.workshop_id))
        room.connections.add(connection)
        state = await asyncio.to_thread(self._load_state, connection.workshop_id)
        if state.seq < room.rendered_seq:
            return  # while loading, a fan-out already queued a newer view for this socket
        views = self.views[connection.role]
        connection.push("shared", views.shared(state, connection.language, connection.base_url))
        if views.personal_key(state, connection.participant_id) is not None:
            connection.push(
                "personal", views.personal(state, connection.language, connection.participant_id)
            )
        if state.seq > room.rendered_seq:
            if room.connections == {connection}:
                room.rendered_seq = state.seq  # the only socket, and it has this very view
            else:
                self._mark(room)  # the others were rendered earlier; bring them up too

    def detach(self, connection: Connection) -> None:
        room = self.rooms.get(connection.workshop_id)
        if room is None:
            return
        room.connections.discard(connection)
        if not room.connections:
            del self.rooms[connection.workshop_id]

    # -- notices -----------------------------------------------------------------------------

    async def notice(self, workshop_id: int, seq: int) -> None:
        room = self.rooms.get(workshop_id)
        if room is not None and seq > room.rendered_seq:
            self._mark(room)

    async def resync(self) -> None:
        for room in self.rooms.values():
            self._mark(room)

    def _mark(self, room: Room) -> None:
        room.dirty = True
        self._wake.set()

    # -- fan-out -----------------------------------------------------------------------------

    async def _flush_loop(self) -> None:
        while True:
            await self._wake.wait()
            # Coalesce: votes arriving within the tick are rendered together.
            await asyncio.sleep(self.coalesce_seconds)
            self._wake.clear()
            for room in [r for r in self.rooms.values() if r.dirty]:
                room.dirty = False
                try:
                    state = await asyncio.to_thread(self._load_state, room.workshop_id)
                    self.fan_out(room, state)
                except Exception:
                    log.exception("workshop %s: could not refresh; trying again", room.workshop_id)
                    await asyncio.sleep(0.5)
                    self._mark(room)

    def fan_out(self, room: Room, state: WorkshopState) -> None:
        """Render each audience once and queue the same text on every socket of it."""
        room.rendered_seq = max(room.rendered_seq, state.seq)
        shared: dict[tuple[Role, str, str], str] = {}
        personal: dict[tuple[Role, str, Hashable], str] = {}
        for connection in list(room.connections):
            views = self.views[connection.role]
            audience = (connection.role, connection.language, connection.base_url)
            if audience not in shared:
                shared[audience] = views.shared(state, connection.language, connection.base_url)
            connection.push("shared", shared[audience])
            key = views.personal_key(state, connection.participant_id)
            if key is not None:
                memo = (connection.role, connection.language, key)
                if memo not in personal:
                    personal[memo] = views.personal(
                        state, connection.language, connection.participant_id
                    )
                connection.push("personal", personal[memo])

    async def _safety_loop(self) -> None:
        while True:
            await asyncio.sleep(self.resync_seconds)
            if not self.rooms:
                continue
            try:
                latest = await asyncio.to_thread(self._latest_seqs, list(self.rooms))
            except Exception:
                log.exception("could not read the latest seqs")
                continue
            for workshop_id, seq in latest.items():
                await self.notice(workshop_id, seq)

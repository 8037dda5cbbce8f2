"""The connection hub: which sockets watch which workshop, and fan-out to them.

A notice marks a workshop dirty. On a short coalescing tick the hub brings the workshop up to
the newest seq from the log and renders each audience's regions once (role x language); every
socket of that audience gets the same prepared frame bytes (realtime/wire.py). Personal regions
(my dots) are rendered per distinct personal key, and only for sockets whose key changed.

A socket is sent only the regions whose content changed since what it shows
(realtime/regions.py): a vote while results are hidden sends an idle phone nothing at all, and
the frame of the changed regions is made once per distinct "what it showed" and shared.

Each socket is a ``Connection`` (realtime/connection.py): how it sends, queues, and is given up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Hashable, Mapping

from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Role
from piiri.metrics import Metrics
from piiri.web.rendering import Renderer
from piiri.web.surfaces import AudienceViews
from realtime.connection import CLOSE_POLICY, CLOSE_SERVICE_RESTART, Connection
from realtime.regions import Rendering
from realtime.wire import Prepared

log = logging.getLogger(__name__)

# The longest coalescing tick, however long a fan-out took.
MAX_TICK = 0.25

# What _notice.html is given to take a refusal down: no message, no command id. ``error`` keeps
# the status region empty too (a refusal emptied it already, so nothing is announced there).
CLEARED_NOTICE: Mapping[str, object] = {"message": "", "error": True, "cid": None}

# How long a rendering may be handed to sockets that (re)connect: below a countdown's second.
CACHE_SECONDS = 0.5


class Room:
    """The sockets of one workshop in this process, and its latest renderings for newcomers."""

    __slots__ = (
        "cache_seq",
        "cache_time",
        "committed_at",
        "connections",
        "dirty",
        "personal",
        "rendered_seq",
        "shared",
        "wanted",
        "workshop_id",
    )

    def __init__(self, workshop_id: int) -> None:
        self.workshop_id = workshop_id
        self.connections: set[Connection] = set()
        self.rendered_seq = -1
        self.dirty = False
        # The newest seq noticed since the last fan-out, when only notices marked the room:
        # a state this process holds at that seq or later needs no read of the log. None: read
        # it (a resync, a newcomer, a retry).
        self.wanted: int | None = None
        # When the oldest change this process committed and has not yet fanned out was
        # committed (time.perf_counter()); None when none waits.
        self.committed_at: float | None = None
        # Renderings at cache_seq, by audience and by personal key: a socket that (re)connects
        # at that seq gets the same prepared bytes instead of a rendering of its own.
        self.cache_seq = -1
        self.cache_time = 0.0
        self.shared: dict[Hashable, Rendering] = {}
        self.personal: dict[Hashable, Rendering] = {}

    def renderings(self, seq: int) -> tuple[dict[Hashable, Rendering], dict[Hashable, Rendering]]:
        """The caches for ``seq``; emptied when the room moved on to another seq, and after
        CACHE_SECONDS: countdowns are rendered as the seconds left at rendering time, so a phone
        that reconnects a minute later must not get a minute-old starting point."""
        now = time.monotonic()
        if seq != self.cache_seq or now - self.cache_time >= CACHE_SECONDS:
            self.cache_seq = seq
            self.cache_time = now
            self.shared = {}
            self.personal = {}
        return self.shared, self.personal


def kept_out(state: WorkshopState, participant_id: int | None) -> bool:
    """Whether the participant has been removed (or is waiting to be let in)."""
    person = state.people.get(participant_id) if participant_id is not None else None
    return person is not None and (person.removed or person.waiting)


StateLoader = Callable[[int], WorkshopState]
CachedState = Callable[[int], WorkshopState | None]
SeqReader = Callable[[list[int]], dict[int, int]]
LinkReader = Callable[[list[str]], set[str]]


class Hub:
    def __init__(
        self,
        *,
        views: dict[Role, AudienceViews],
        renderer: Renderer,
        load_state: StateLoader,
        cached_state: CachedState | None = None,
        latest_seqs: SeqReader,
        live_links: LinkReader,
        coalesce_seconds: float,
        resync_seconds: float,
        metrics: Metrics | None = None,
    ) -> None:
        self.views = views
        self.renderer = renderer
        self._cleared_notices: dict[str, Prepared] = {}  # by language
        self._load_state = load_state
        self._cached_state = cached_state
        self._latest_seqs = latest_seqs
        self._live_links = live_links
        self.coalesce_seconds = coalesce_seconds
        # A process that missed a notice (Redis down, a race) catches up within this long.
        self.resync_seconds = resync_seconds
        self.rooms: dict[int, Room] = {}
        self.metrics = metrics or Metrics()
        # Plain counts, read when /metrics is scraped (realtime/delivery.py): the fan-out touches
        # every socket on every tick, and a labelled counter there would cost microseconds each.
        self.slow_closed = 0  # sockets closed because they could not keep up (for /healthz)
        self.sockets: dict[Role, int] = {}  # open sockets by role
        self.renderings: dict[str, int] = {"shared": 0, "personal": 0}  # regions rendered
        self.bytes_sent = 0  # frame bytes handed to sockets by fan-outs (written or queued)
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._fan_out_seconds = 0.0
        self._fan_out_ended = 0.0  # when the last flush ended (time.perf_counter())
        self._closing: set[asyncio.Task[None]] = set()

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
        room = self.rooms.get(connection.workshop_id)
        if room is None:
            room = self.rooms[connection.workshop_id] = Room(connection.workshop_id)
        room.connections.add(connection)
        self.sockets[connection.role] = self.sockets.get(connection.role, 0) + 1
        state = await asyncio.to_thread(self._load_state, connection.workshop_id)
        if state.seq < room.rendered_seq or state.seq <= connection.seq_sent:
            return  # while loading, a fan-out already queued this view or a newer one
        if state.seq < room.cache_seq:
            self._send_view(connection, state, {}, {})
        else:
            self._send_view(connection, state, *room.renderings(state.seq))
        if state.seq > room.rendered_seq:
            if room.connections == {connection}:
                room.rendered_seq = state.seq  # the only socket, and it has this very view
            else:
                self._mark(room)  # the others were rendered earlier; bring them up too

    async def keep_sockets_within(self, connection: Connection, limit: int) -> int:
        """Close the oldest sockets of ``connection``'s participant beyond ``limit`` (one
        cookie opening a thousand sockets keeps ``limit``; a phone that reconnects before its
        old socket timed out keeps the new one); how many were closed."""
        room = self.rooms.get(connection.workshop_id)
        if room is None or connection.participant_id is None:
            return 0
        mine = sorted(
            (c for c in room.connections if c.participant_id == connection.participant_id),
            key=lambda c: c.opened,
        )
        surplus = mine[: max(0, len(mine) - limit)]
        for old in surplus:
            room.connections.discard(old)
            await old.close(CLOSE_POLICY)
        return len(surplus)

    async def close_revoked(self, workshop_id: int | None = None) -> int:
        """Close the sockets (of one workshop, or all) that came in through a secret link that
        has been revoked since; how many. A database read only when such sockets exist."""
        rooms = [self.rooms.get(workshop_id)] if workshop_id is not None else self.rooms.values()
        through_links = [c for r in rooms if r for c in r.connections if c.secret is not None]
        if not through_links:
            return 0
        tokens = sorted({c.secret for c in through_links if c.secret is not None})
        live = await asyncio.to_thread(self._live_links, tokens)
        revoked = [c for c in through_links if c.secret not in live]
        for connection in revoked:
            await connection.close(CLOSE_POLICY)
        return len(revoked)

    def detach(self, connection: Connection) -> None:
        room = self.rooms.get(connection.workshop_id)
        if room is None or connection not in room.connections:
            return
        room.connections.discard(connection)
        self.sockets[connection.role] -= 1
        if not room.connections:
            del self.rooms[connection.workshop_id]

    # -- notices -----------------------------------------------------------------------------

    async def notice(self, workshop_id: int, seq: int, committed_at: float | None = None) -> None:
        """``seq`` is in the log; ``committed_at`` when this process committed it."""
        room = self.rooms.get(workshop_id)
        if room is not None and seq > room.rendered_seq:
            if committed_at is not None and room.committed_at is None:
                room.committed_at = committed_at
            self._mark(room, seq)

    async def resync(self) -> None:
        for room in self.rooms.values():
            self._mark(room)

    def _mark(self, room: Room, seq: int | None = None) -> None:
        """Bring ``room`` up to date on the next tick: to the log's newest seq, or (``seq``,
        a notice) to at least ``seq``."""
        if seq is None:
            room.wanted = None
        elif not room.dirty:
            room.wanted = seq
        elif room.wanted is not None:
            room.wanted = max(room.wanted, seq)
        room.dirty = True
        self._wake.set()

    def _state_for(self, room: Room, wanted: int | None) -> WorkshopState | None:
        """The state this process already holds, when it is as new as the notices asked."""
        if wanted is None or self._cached_state is None:
            return None
        state = self._cached_state(room.workshop_id)
        return state if state is not None and state.seq >= wanted else None

    # -- fan-out -----------------------------------------------------------------------------

    async def _flush_loop(self) -> None:
        while True:
            await self._wake.wait()
            # Coalesce: votes arriving within the tick are rendered together. The tick is at
            # least as long as the last fan-out took, so that however large the rooms, fan-out
            # uses at most about half of the loop and commands are still taken in between; the
            # time the loop has been idle since then counts (a switch after a quiet minute
            # need not wait for the last fan-out's length again).
            idle = time.perf_counter() - self._fan_out_ended
            rest = min(self._fan_out_seconds, MAX_TICK) - idle
            await asyncio.sleep(max(self.coalesce_seconds, rest))
            self._wake.clear()
            busy = 0.0  # seconds the loop spent rendering and writing, not waiting for the log
            for room in [r for r in self.rooms.values() if r.dirty]:
                room.dirty = False
                wanted, room.wanted = room.wanted, None
                try:
                    state = self._state_for(room, wanted)
                    if state is None:
                        state = await asyncio.to_thread(self._load_state, room.workshop_id)
                    started = time.perf_counter()
                    self.fan_out(room, state)
                    busy += time.perf_counter() - started
                except LookupError:
                    # The workshop was deleted: its sockets have nothing left to follow.
                    for connection in list(room.connections):
                        await connection.close(CLOSE_POLICY)
                except Exception:
                    log.exception("workshop %s: could not refresh; trying again", room.workshop_id)
                    await asyncio.sleep(0.5)
                    self._mark(room)
            self._fan_out_seconds = busy
            self._fan_out_ended = time.perf_counter()

    def fan_out(self, room: Room, state: WorkshopState) -> None:
        """Render each audience once and send the same bytes to every socket of it.

        Phones first: a console or a room screen of a large room can take a long rendering
        (every breakout group with its members), which the thousands of phones need not wait
        for; they are a handful of sockets and come right after."""
        room.rendered_seq = max(room.rendered_seq, state.seq)
        shared, personal = room.renderings(state.seq)
        phones = [c for c in room.connections if c.role == "participant"]
        others = [c for c in room.connections if c.role != "participant"]
        for connection in phones + others:
            if kept_out(state, connection.participant_id):
                # Removed or refused: the socket closes (here and, from the same log, in every
                # process) and the phone's page sends them to the join page, which says why.
                room.connections.discard(connection)
                closing = asyncio.create_task(connection.close(CLOSE_POLICY))
                self._closing.add(closing)
                closing.add_done_callback(self._closing.discard)
                continue
            if connection.seq_sent >= state.seq:
                # It has this whole view already (it attached meanwhile): a second copy would
                # only reorder its outbox behind the personal regions.
                continue
            self._send_view(connection, state, shared, personal)
        if room.committed_at is not None:
            self.metrics.fanout_seconds.observe(time.perf_counter() - room.committed_at)
            room.committed_at = None

    def _send_view(
        self,
        connection: Connection,
        state: WorkshopState,
        shared: dict[Hashable, Rendering],
        personal: dict[Hashable, Rendering],
    ) -> None:
        """Push the regions whose content changed: the shared ones, and the personal ones when
        the personal key changed and what they show with it."""
        connection.seq_sent = max(connection.seq_sent, state.seq)
        views = self.views[connection.role]
        audience = (connection.role, connection.language, connection.base_url)
        rendering = shared.get(audience)
        if rendering is None:
            text = views.shared(state, connection.language, connection.base_url)
            rendering = shared[audience] = Rendering(text)
            self.renderings["shared"] += 1
        # A frame still queued for the group is replaced by the next one: that one must then
        # carry every region, not only those changed since the queued one.
        frame = rendering.since(None if connection.queued("shared") else connection.shown)
        connection.shown = rendering.shown
        frames: list[tuple[str, Prepared]] = [] if frame is None else [("shared", frame)]
        key = views.personal_key(state, connection.participant_id)
        if key is not None and key != connection.personal_key:
            memo = (connection.role, connection.language, key)
            rendering = personal.get(memo)
            if rendering is None:
                text = views.personal(state, connection.language, connection.participant_id)
                rendering = personal[memo] = Rendering(text)
                self.renderings["personal"] += 1
            queued = connection.queued("personal")
            frame = rendering.since(None if queued else connection.personal_shown)
            connection.personal_shown = rendering.shown
            if frame is not None:
                frames.append(("personal", frame))
            connection.personal_key = key
            if (
                connection.refusal_shown
                and connection.role == "participant"
                and state.seq > connection.refused_at
                # A notice still queued is the answer to a command, with the id the phone waits
                # for: it is never replaced by a cleared one (the next change may clear it).
                and not connection.queued("notice")
            ):
                # What the phone can do has changed (another activity, input unlocked): a
                # refusal still on its screen was about the view before, so it goes.
                frames.append(("notice", self.cleared_notice(connection.language)))
                connection.refusal_shown = False
        if frames:
            # One write for the shared and the personal regions: one system call, not two.
            connection.push_all(frames)
            self.bytes_sent += sum(frame.size for _, frame in frames)

    def cleared_notice(self, language: str) -> Prepared:
        """The notice that takes a refusal down: _notice.html, rendered once per language."""
        prepared = self._cleared_notices.get(language)
        if prepared is None:
            text = self.renderer.render(language, "_notice.html", CLEARED_NOTICE)
            prepared = self._cleared_notices[language] = Prepared(text)
        return prepared

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
            try:
                # A link revoked through another process closes this one's sockets from here.
                await self.close_revoked()
            except Exception:
                log.exception("could not check the secret links")

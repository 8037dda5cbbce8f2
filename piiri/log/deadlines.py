"""The server's deadline watch: it tells a running activity when its deadline has passed.

Every process checks the workshops its sockets watch once a second. Several processes may see
the same deadline; the service's seq lock and the activities' "nothing left to do" answer
(``on_deadline`` returns [] once acted) make the second call store nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from piiri.activities import activity_kind
from piiri.domain.commands import ReachDeadline
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor
from piiri.log.service import WorkshopService

log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
# The deadline task acts for the workshop, as a facilitator would; the log's actor column says
# "facilitator:None" for its events.
DEADLINE_ACTOR = Actor("facilitator")


def due(state: WorkshopState, now: datetime) -> bool:
    """Whether the running activity's deadline has passed."""
    info = state.current
    if info is None:
        return False
    deadline = activity_kind(info.kind).deadline(state.activity_state(info.id))
    return deadline is not None and deadline <= now


class DeadlineWatch:
    def __init__(self, service: WorkshopService, held: Callable[[], list[int]]) -> None:
        self.service = service
        self.held = held
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="deadlines")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def check(self, now: datetime | None = None) -> int:
        """Act on every passed deadline of the held workshops; how many commands stored."""
        now = now or datetime.now(UTC)
        stored = 0
        for workshop_id in self.held():
            state = self.service.store.cached(workshop_id)
            if state is None or not due(state, now):
                continue
            outcome = await self.service.run(workshop_id, DEADLINE_ACTOR, ReachDeadline(), now=now)
            stored += 1 if outcome.events else 0
        return stored

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                await self.check()
            except Exception:
                log.exception("could not act on a deadline; trying again")

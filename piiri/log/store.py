"""Each process's cache of the workshops it serves, always at a known seq.

The cache is brought up to date from the log, never from a notice's contents: a notice only says
that the log has grown. States are immutable, so a reader never sees one half-updated.

It holds at most ``capacity`` workshops, the least recently used going first: a long-running
process serves thousands of workshops over months, but only the ones running now need to be at
hand. A workshop that was let go is folded from its log again when it is next asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlmodel import Session, col, select

from piiri.db.models import Event, Workshop
from piiri.domain.state import WorkshopState
from piiri.settings import DEFAULT_WORKSHOP_CACHE_SIZE


class UnknownWorkshop(LookupError):
    pass


class WorkshopStore:
    def __init__(self, capacity: int = DEFAULT_WORKSHOP_CACHE_SIZE) -> None:
        if capacity < 1:
            raise ValueError("a workshop store holds at least one workshop")
        self.capacity = capacity
        self._states: OrderedDict[int, WorkshopState] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._states)

    def cached(self, workshop_id: int) -> WorkshopState | None:
        with self._lock:
            state = self._states.get(workshop_id)
            if state is not None:
                self._states.move_to_end(workshop_id)
            return state

    def load(self, session: Session, workshop_id: int) -> WorkshopState:
        """The workshop at the latest committed seq that ``session`` can see.

        Raises UnknownWorkshop when there is no such workshop.
        """
        state = self.cached(workshop_id)
        if state is None:
            workshop = session.get(Workshop, workshop_id)
            if workshop is None:
                raise UnknownWorkshop(workshop_id)
            state = WorkshopState.empty(workshop)
        rows = session.exec(
            select(Event)
            .where(Event.workshop_id == workshop_id, col(Event.seq) > state.seq)
            .order_by(col(Event.seq))
        ).all()
        for row in rows:
            state = state.apply(row)
        self.offer(state)
        return state

    def offer(self, state: WorkshopState) -> None:
        """Keep ``state`` if it is newer than the cached one."""
        with self._lock:
            cached = self._states.get(state.id)
            if cached is None or state.seq > cached.seq:
                self._states[state.id] = state
            self._states.move_to_end(state.id)
            while len(self._states) > self.capacity:
                self._states.popitem(last=False)

    def forget(self, workshop_id: int) -> None:
        with self._lock:
            self._states.pop(workshop_id, None)

"""Each process's cache of the workshops it serves, always at a known seq.

The cache is brought up to date from the log, never from a notice's contents: a notice only says
that the log has grown. States are immutable, so a reader never sees one half-updated.

It holds at most ``capacity`` workshops, the least recently used going first: a long-running
process serves thousands of workshops over months, but only the ones running now need to be at
hand. A workshop that was let go is folded from its log again when it is next asked for.

This is the edge between the database and the pure fold: rows become ``LogEntry`` values here
(``log_entry``) and the workshop row becomes the state before its first event
(``state_before_log``); nothing in piiri/domain/ sees a row.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from sqlmodel import Session, col, select

from piiri.activities.text import clean_characters
from piiri.db.models import Event, Workshop
from piiri.domain.events import LogEntry
from piiri.domain.state import WorkshopState
from piiri.settings import DEFAULT_WORKSHOP_CACHE_SIZE


class UnknownWorkshop(LookupError):
    pass


def log_entry(row: Event) -> LogEntry:
    """The plain value the fold reads for one stored event."""
    return LogEntry(
        seq=row.seq,
        activity_id=row.activity_id,
        type=row.type,
        data=row.data,
        actor=row.actor,
        at=row.created_at,
    )


def state_before_log(workshop: Workshop) -> WorkshopState:
    """The workshop before its first event: what its row says of it."""
    assert workshop.id is not None
    return WorkshopState(
        id=workshop.id,
        title=clean_characters(workshop.title),
        language=workshop.language,
        code=workshop.code,
    )


def fold(state: WorkshopState, rows: Iterable[Event]) -> WorkshopState:
    """``state`` after the stored events ``rows``, in seq order. Raises ValueError (from
    WorkshopState.apply) for a gap or an event this version cannot read."""
    for row in rows:
        state = state.apply(log_entry(row))
    return state


def erases(rows: Iterable[Event]) -> bool:
    """Whether these new events include an erasure (which rewrote older events' text)."""
    return any(row.type == "ParticipantErased" and row.activity_id is None for row in rows)


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
            state = state_before_log(workshop)
        rows = session.exec(
            select(Event)
            .where(Event.workshop_id == workshop_id, col(Event.seq) > state.seq)
            .order_by(col(Event.seq))
        ).all()
        if state.seq and erases(rows):
            # An erasure overwrote text in events this state was folded from: fold afresh.
            self.forget(workshop_id)
            return self.load(session, workshop_id)
        state = fold(state, rows)
        self.offer(state)
        return state

    def offer(self, state: WorkshopState, *, replace: bool = False) -> None:
        """Keep ``state`` if it is newer than the cached one (or, ``replace``, at least as new:
        the same seq folded afresh after an erasure)."""
        with self._lock:
            cached = self._states.get(state.id)
            if cached is None or state.seq > cached.seq or (replace and state.seq >= cached.seq):
                self._states[state.id] = state
            self._states.move_to_end(state.id)
            while len(self._states) > self.capacity:
                self._states.popitem(last=False)

    def forget(self, workshop_id: int) -> None:
        with self._lock:
            self._states.pop(workshop_id, None)

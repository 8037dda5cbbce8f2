"""A decision's events seen before they are stored."""

from __future__ import annotations

from collections.abc import Iterable

from piiri.domain.events import LogEvent
from piiri.domain.state import WorkshopState


def preview(state: WorkshopState, events: Iterable[LogEvent]) -> WorkshopState:
    """The state once ``events`` are appended (used to let activities see the new roster).

    Folds the events themselves: a preview needs no log entry and no database."""
    for event in events:
        state = state.evolve(event)
    return state

"""A decision's events seen before they are stored, and the text cleaning every workshop command
shares."""

from __future__ import annotations

from collections.abc import Iterable

from piiri.domain.events import LogEvent
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, DomainError


def clean_text(value: object, *, limit: int, required: str | None = None) -> str:
    """Collapse whitespace; raise DomainError when empty (if ``required``) or too long."""
    text = " ".join(str(value or "").split())
    if required is not None and not text:
        raise DomainError(required)
    if len(text) > limit:
        raise DomainError(N_("This can be at most {limit} characters long."), limit=limit)
    return text


def preview(state: WorkshopState, events: Iterable[LogEvent]) -> WorkshopState:
    """The state once ``events`` are appended (used to let activities see the new roster).

    Folds the events themselves: a preview needs no log entry and no database."""
    for event in events:
        state = state.evolve(event)
    return state

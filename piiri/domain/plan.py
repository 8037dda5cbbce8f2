"""An event the workshop service is about to append, before it has a seq; and the text
cleaning every workshop command shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piiri.db.models import Event
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, DomainError


@dataclass
class Planned:
    activity_id: int | None
    type: str
    data: dict[str, Any]


def clean_text(value: object, *, limit: int, required: str | None = None) -> str:
    """Collapse whitespace; raise DomainError when empty (if ``required``) or too long."""
    text = " ".join(str(value or "").split())
    if required is not None and not text:
        raise DomainError(required)
    if len(text) > limit:
        raise DomainError(N_("This can be at most {limit} characters long."), limit=limit)
    return text


def preview(state: WorkshopState, planned: list[Planned]) -> WorkshopState:
    """The state after ``planned`` (used to let activities see the new roster)."""
    for p in planned:
        row = Event(
            workshop_id=state.id,
            seq=state.seq + 1,
            activity_id=p.activity_id,
            type=p.type,
            data=p.data,
        )
        state = state.apply(row)
    return state

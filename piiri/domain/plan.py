"""An event the workshop service is about to append, before it has a seq."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piiri.db.models import Event
from piiri.domain.state import WorkshopState


@dataclass
class Planned:
    activity_id: int | None
    type: str
    data: dict[str, Any]


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

"""A workshop as the views see it: folded from the event log, always at a known seq.

Log entries without an activity are workshop events (people joining, the agenda, which activity
runs); the others belong to an activity and are folded by that activity's ``evolve``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from piiri.activities import activity_kind
from piiri.activities.base import Person
from piiri.models import Event, Workshop

PARTICIPANT_JOINED = "ParticipantJoined"
ACTIVITY_ADDED = "ActivityAdded"
ACTIVITY_STARTED = "ActivityStarted"
ACTIVITY_STOPPED = "ActivityStopped"
WORKSHOP_CLOSED = "WorkshopClosed"
WORKSHOP_REOPENED = "WorkshopReopened"


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    kind: str
    title: str
    position: int
    config: Mapping[str, Any]


@dataclass(frozen=True)
class WorkshopState:
    id: int
    title: str
    language: str
    code: str
    screen_token: str
    seq: int = 0
    current_activity_id: int | None = None
    closed: bool = False
    activities: tuple[ActivityInfo, ...] = ()
    people: Mapping[int, Person] = field(default_factory=dict)
    activity_states: Mapping[int, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, workshop: Workshop) -> WorkshopState:
        assert workshop.id is not None
        return cls(
            id=workshop.id,
            title=workshop.title,
            language=workshop.language,
            code=workshop.code,
            screen_token=workshop.screen_token,
        )

    @property
    def current(self) -> ActivityInfo | None:
        return self.activity(self.current_activity_id)

    def activity(self, activity_id: int | None) -> ActivityInfo | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def activity_state(self, activity_id: int) -> Any:
        return self.activity_states[activity_id]

    @property
    def in_room(self) -> int:
        return sum(1 for p in self.people.values() if p.in_room)

    @property
    def remote(self) -> int:
        return sum(1 for p in self.people.values() if not p.in_room)

    def apply(self, event: Event) -> WorkshopState:
        """The state after one log entry. Entries must arrive in seq order, without gaps."""
        if event.seq != self.seq + 1:
            raise ValueError(f"workshop {self.id}: expected seq {self.seq + 1}, got {event.seq}")
        state = replace(self, seq=event.seq)
        data = event.data
        if event.activity_id is not None:
            info = state.activity(event.activity_id)
            if info is None:
                raise ValueError(f"event {event.seq} for unknown activity {event.activity_id}")
            kind = activity_kind(info.kind)
            states = dict(state.activity_states)
            states[info.id] = kind.evolve(states[info.id], kind.decode_event(event.type, data))
            return replace(state, activity_states=states)
        if event.type == PARTICIPANT_JOINED:
            people = dict(state.people)
            people[data["id"]] = Person(
                id=data["id"],
                name=data["name"],
                in_room=data["in_room"],
                by_proxy=data["by_proxy"],
            )
            return replace(state, people=people)
        if event.type == ACTIVITY_ADDED:
            info = ActivityInfo(
                id=data["id"],
                kind=data["kind"],
                title=data["title"],
                position=data["position"],
                config=data["config"],
            )
            states = dict(state.activity_states)
            states[info.id] = activity_kind(info.kind).initial(info.config)
            activities = tuple(sorted((*state.activities, info), key=lambda a: a.position))
            return replace(state, activities=activities, activity_states=states)
        if event.type == ACTIVITY_STARTED:
            return replace(state, current_activity_id=data["id"])
        if event.type == ACTIVITY_STOPPED:
            return replace(state, current_activity_id=None)
        if event.type == WORKSHOP_CLOSED:
            return replace(state, closed=True)
        if event.type == WORKSHOP_REOPENED:
            return replace(state, closed=False)
        raise ValueError(f"unknown workshop event {event.type}")

"""A workshop as the views see it: folded from the event log, always at a known seq.

Log entries without an activity are workshop events (people joining and leaving, the agenda,
which activity runs, the shared timer and controls); the others belong to an activity and are
folded by that activity's ``evolve``. Times in events are ISO-8601 UTC strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from piiri.activities import activity_kind
from piiri.db.models import Event, Workshop
from piiri.domain.vocabulary import Person

PARTICIPANT_JOINED = "ParticipantJoined"
PARTICIPANT_LEFT = "ParticipantLeft"
PARTICIPANT_RETURNED = "ParticipantReturned"
ACTIVITY_ADDED = "ActivityAdded"
ACTIVITY_EDITED = "ActivityEdited"
ACTIVITY_REMOVED = "ActivityRemoved"
ACTIVITY_RESTORED = "ActivityRestored"
AGENDA_REORDERED = "AgendaReordered"
ACTIVITY_STARTED = "ActivityStarted"
ACTIVITY_STOPPED = "ActivityStopped"
WORKSHOP_CLOSED = "WorkshopClosed"
WORKSHOP_REOPENED = "WorkshopReopened"
TIMER_STARTED = "TimerStarted"
TIMER_PAUSED = "TimerPaused"
TIMER_EXTENDED = "TimerExtended"
TIMER_RESET = "TimerReset"
INPUT_LOCKED = "InputLocked"
INPUT_UNLOCKED = "InputUnlocked"
RESULTS_HIDDEN = "ResultsHiddenFromAll"
RESULTS_SHOWN = "ResultsShownToAll"
MESSAGE_PINNED = "MessagePinned"
MESSAGE_UNPINNED = "MessageUnpinned"


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    kind: str
    title: str
    position: int
    config: Mapping[str, Any]
    # Removed from the agenda, but kept (with what was captured) for the report.
    removed: bool = False
    # How many activity events the log holds for it: anything above 0 is captured input.
    inputs: int = 0


@dataclass(frozen=True)
class Timer:
    """The one shared timer. Running: ``ends_at`` is set; paused: ``remaining`` is set."""

    ends_at: str | None = None
    remaining: int | None = None
    total: int = 0

    @property
    def running(self) -> bool:
        return self.ends_at is not None

    @property
    def paused(self) -> bool:
        return self.ends_at is None and self.remaining is not None

    @property
    def idle(self) -> bool:
        return self.ends_at is None and self.remaining is None

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds left (0 when time is up); None when no timer is set."""
        if self.ends_at is not None:
            left = (datetime.fromisoformat(self.ends_at) - now).total_seconds()
            return max(0, round(left))
        return self.remaining


@dataclass(frozen=True)
class WorkshopState:
    id: int
    title: str
    language: str
    code: str
    seq: int = 0
    current_activity_id: int | None = None
    closed: bool = False
    activities: tuple[ActivityInfo, ...] = ()
    people: Mapping[int, Person] = field(default_factory=dict)
    # The seq of the last entry that changed ``people``: what the console's people list shows
    # depends on it alone, so a fan-out re-renders that list only when it moved.
    people_seq: int = 0
    activity_states: Mapping[int, Any] = field(default_factory=dict)
    timer: Timer = Timer()
    input_locked: bool = False
    results_hidden: bool = False
    pinned: str = ""

    @classmethod
    def empty(cls, workshop: Workshop) -> WorkshopState:
        assert workshop.id is not None
        return cls(
            id=workshop.id,
            title=workshop.title,
            language=workshop.language,
            code=workshop.code,
        )

    @property
    def current(self) -> ActivityInfo | None:
        return self.activity(self.current_activity_id)

    @property
    def agenda(self) -> tuple[ActivityInfo, ...]:
        """The activities on the agenda, in order (removed ones are not)."""
        return tuple(a for a in self.activities if not a.removed)

    @property
    def removed(self) -> tuple[ActivityInfo, ...]:
        return tuple(a for a in self.activities if a.removed)

    def activity(self, activity_id: int | None) -> ActivityInfo | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def activity_state(self, activity_id: int) -> Any:
        return self.activity_states[activity_id]

    @property
    def present_people(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people.values() if p.present)

    @property
    def by_proxy(self) -> tuple[Person, ...]:
        """People without a phone, whom the facilitator votes for."""
        return tuple(p for p in self.people.values() if p.by_proxy)

    @property
    def in_room(self) -> int:
        return sum(1 for p in self.present_people if p.in_room)

    @property
    def remote(self) -> int:
        return sum(1 for p in self.present_people if not p.in_room)

    def apply(self, event: Event) -> WorkshopState:
        """The state after one log entry. Entries must arrive in seq order, without gaps."""
        if event.seq != self.seq + 1:
            raise ValueError(f"workshop {self.id}: expected seq {self.seq + 1}, got {event.seq}")
        state = replace(self, seq=event.seq)
        if event.activity_id is not None:
            return state._apply_activity_event(event)
        return state._apply_workshop_event(event.type, event.data)

    def _apply_activity_event(self, event: Event) -> WorkshopState:
        info = self.activity(event.activity_id)
        if info is None:
            raise ValueError(f"event {event.seq} for unknown activity {event.activity_id}")
        kind = activity_kind(info.kind)
        states = dict(self.activity_states)
        states[info.id] = kind.evolve(states[info.id], kind.decode_event(event.type, event.data))
        counted = replace(info, inputs=info.inputs + 1)
        return replace(self, activity_states=states, activities=self._with(counted))

    def _with(self, info: ActivityInfo) -> tuple[ActivityInfo, ...]:
        return tuple(info if a.id == info.id else a for a in self.activities)

    def _with_person(self, person_id: int, present: bool) -> WorkshopState:
        people = dict(self.people)
        people[person_id] = replace(people[person_id], present=present)
        return replace(self, people=people, people_seq=self.seq)

    def _apply_workshop_event(self, type_name: str, data: Mapping[str, Any]) -> WorkshopState:
        match type_name:
            case "ParticipantJoined":
                people = dict(self.people)
                people[data["id"]] = Person(
                    id=data["id"],
                    name=data["name"],
                    in_room=data["in_room"],
                    by_proxy=data["by_proxy"],
                )
                return replace(self, people=people, people_seq=self.seq)
            case "ParticipantLeft":
                return self._with_person(data["id"], False)
            case "ParticipantReturned":
                return self._with_person(data["id"], True)
            case "ActivityAdded":
                info = ActivityInfo(
                    id=data["id"],
                    kind=data["kind"],
                    title=data["title"],
                    position=data["position"],
                    config=data["config"],
                )
                states = dict(self.activity_states)
                states[info.id] = activity_kind(info.kind).initial(info.config)
                activities = tuple(sorted((*self.activities, info), key=lambda a: a.position))
                return replace(self, activities=activities, activity_states=states)
            case "ActivityEdited":
                before = self.activity(data["id"])
                assert before is not None
                states = dict(self.activity_states)
                if data["config"] != before.config:
                    states[before.id] = activity_kind(before.kind).initial(data["config"])
                edited = replace(before, title=data["title"], config=data["config"])
                return replace(self, activities=self._with(edited), activity_states=states)
            case "ActivityRemoved" | "ActivityRestored":
                listed = self.activity(data["id"])
                assert listed is not None
                changed = replace(listed, removed=type_name == ACTIVITY_REMOVED)
                return replace(self, activities=self._with(changed))
            case "AgendaReordered":
                position = {activity_id: i for i, activity_id in enumerate(data["order"])}
                moved = [
                    replace(a, position=position.get(a.id, a.position)) for a in self.activities
                ]
                return replace(self, activities=tuple(sorted(moved, key=lambda a: a.position)))
            case "ActivityStarted":
                return replace(self, current_activity_id=data["id"])
            case "ActivityStopped":
                return replace(self, current_activity_id=None)
            case "WorkshopClosed":
                return replace(self, closed=True)
            case "WorkshopReopened":
                return replace(self, closed=False)
            case "TimerStarted" | "TimerExtended":
                timer = Timer(
                    ends_at=data["ends_at"], remaining=data["remaining"], total=data["total"]
                )
                return replace(self, timer=timer)
            case "TimerPaused":
                timer = Timer(remaining=data["remaining"], total=self.timer.total)
                return replace(self, timer=timer)
            case "TimerReset":
                return replace(self, timer=Timer())
            case "InputLocked" | "InputUnlocked":
                return replace(self, input_locked=type_name == INPUT_LOCKED)
            case "ResultsHiddenFromAll" | "ResultsShownToAll":
                return replace(self, results_hidden=type_name == RESULTS_HIDDEN)
            case "MessagePinned":
                return replace(self, pinned=data["text"])
            case "MessageUnpinned":
                return replace(self, pinned="")
        raise ValueError(f"unknown workshop event {type_name}")

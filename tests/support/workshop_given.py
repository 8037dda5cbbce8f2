"""Given log entries, when a command, then events: the workshop's own rules as pure decisions,
for the tests of the workshop's commands (tests/test_workshop_rules.py and others).

No database: the state is folded from typed events and from plain log entries as the store
folds them, and the one id only the database gives (a new person's or activity's) is a value.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from piiri.domain.commands import WorkshopCommand
from piiri.domain.events import ActivityAdded, LogEntry, LogEvent, ParticipantJoined, encode
from piiri.domain.rules import WorkshopRules, new_record
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)
AINO, BERTTA = 1, 2
VOTE, CIRCLE, THIRD = 10, 11, 12
# The ids the database would give the next new person and the next new activity.
NEW_PERSON, NEW_ACTIVITY = 100, 200
DOTS: dict[str, Any] = {
    "options": [{"id": "o1", "label": "A"}, {"id": "o2", "label": "B"}],
    "dots_per_person": None,
    "max_per_option": None,
}
TURNS = {"seconds_per_speaker": 60, "ordering": "join", "auto_advance": False}


def workshop() -> WorkshopState:
    return WorkshopState(id=1, title="W", language="en", code="123456")


def joined(person_id: int, in_room: bool = True) -> ParticipantJoined:
    return ParticipantJoined(person_id, f"P{person_id}", in_room=in_room, by_proxy=False)


def added(activity_id: int, kind: str, config: dict[str, Any], position: int) -> ActivityAdded:
    return ActivityAdded(activity_id, kind, f"A{activity_id}", position, config)


def stored(activity_id: int, type_name: str, data: dict[str, Any]) -> LogEntry:
    """An activity's event as its log entry holds it (``given`` gives it its seq)."""
    return LogEntry(0, activity_id, type_name, data)


AGENDA = (
    joined(AINO),
    joined(BERTTA, in_room=False),
    added(VOTE, "dot_vote", DOTS, 0),
    added(CIRCLE, "round_robin", TURNS, 1),
    added(THIRD, "round_robin", TURNS, 2),
)


def given(*history: LogEvent | LogEntry) -> WorkshopState:
    """The workshop after ``history``: decided events are folded as a preview folds them, log
    entries as the store folds them, each at the next seq."""
    state = workshop()
    for item in history:
        if isinstance(item, LogEntry):
            state = state.apply(LogEntry(state.seq + 1, item.activity_id, item.type, item.data))
        else:
            state = state.evolve(item)
    return state


def when(
    state: WorkshopState, command: WorkshopCommand, *, seconds: int = 0, actor: Actor = FACILITATOR
) -> list[LogEvent]:
    record = new_record(command)
    ids = {None: None, "participant": NEW_PERSON, "activity": NEW_ACTIVITY}
    rules = WorkshopRules(
        now=T0 + timedelta(seconds=seconds), token="00c0ffee", record_id=ids[record]
    )
    return rules.decide(state, actor, command).events


def types(events: list[LogEvent]) -> list[str]:
    return [encode(event)[1] for event in events]


def data(event: LogEvent) -> dict[str, Any]:
    """The event's data as its log entry stores it."""
    return encode(event)[2]

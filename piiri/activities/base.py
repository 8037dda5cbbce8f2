"""The contract every activity follows: a pure state machine, nothing else.

An activity module defines frozen dataclasses for its state, commands (imperative: ``CastDot``)
and events (past tense: ``DotCast``), and one ``ActivityKind`` subclass that the registry lists.
The workshop service calls it like this::

    state = kind.initial(config)
    for event in stored_events: state = kind.evolve(state, event)
    command = kind.parse_command(name, values, actor)      # may raise DomainError
    events = kind.decide(state, command, context)           # may raise DomainError
    # ... the service appends ``events`` to the log, then announces them ...

Nothing here does I/O or reads a clock or a random source: time and fresh ids arrive in
``Context``. tests/test_activity_purity.py reads the imports of this package and fails otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

Role = Literal["facilitator", "participant", "screen"]


def N_(message: str) -> str:
    """Mark a message for translation; it is translated at the edge, in the reader's language."""
    return message


class DomainError(Exception):
    """An illegal command. ``message`` is a translatable msgid, ``params`` fill its {fields}."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Actor:
    """Who sends a command: the role, and for a participant which one."""

    role: Role
    participant_id: int | None = None
    facilitator_id: int | None = None

    @property
    def label(self) -> str:
        if self.role == "participant":
            return f"participant:{self.participant_id}"
        if self.role == "facilitator":
            return f"facilitator:{self.facilitator_id}"
        return self.role


@dataclass(frozen=True)
class Person:
    """What an activity may know about a participant of the workshop."""

    id: int
    name: str
    in_room: bool
    by_proxy: bool
    present: bool = True


@dataclass(frozen=True)
class Context:
    """Everything from outside that a decision may depend on."""

    now: datetime
    new_id: str
    people: Mapping[int, Person]
    is_current: bool


S = TypeVar("S")
C = TypeVar("C")
E = TypeVar("E")


class ActivityKind(Generic[S, C, E]):
    """One activity kind. Subclasses set the class attributes and implement the methods."""

    kind: ClassVar[str]
    label: ClassVar[str]
    events: ClassVar[tuple[type[Any], ...]]
    # Commands a participant may send for themself; the facilitator may send every command.
    participant_commands: ClassVar[frozenset[str]] = frozenset()

    def default_config(self) -> dict[str, Any]:
        raise NotImplementedError

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a configuration from a form. Raises DomainError; returns JSON-ready data."""
        raise NotImplementedError

    def initial(self, config: Mapping[str, Any]) -> S:
        raise NotImplementedError

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> C:
        """Turn a message from a socket into a command. Raises DomainError on bad input."""
        raise NotImplementedError

    def decide(self, state: S, command: C, context: Context) -> list[E]:
        """The events a legal command produces. Raises DomainError on an illegal one."""
        raise NotImplementedError

    def evolve(self, state: S, event: E) -> S:
        """The state after an event. Never raises for an event that decide produced."""
        raise NotImplementedError

    def personal_key(self, state: S, participant_id: int) -> Hashable:
        """Everything a person's own view of this activity depends on.

        People with equal keys share one rendering; the default renders each person apart.
        """
        return (participant_id, id(state))

    def on_people_changed(self, state: S, context: Context) -> list[E]:
        """Events the activity records when someone joins or leaves; context.people is the new
        roster (Person.present tells who is here). Default: none."""
        return []

    def deadline(self, state: S) -> datetime | None:
        """When the activity wants on_deadline called (e.g. roles swap); None: never."""
        return None

    def on_deadline(self, state: S, context: Context) -> list[E]:
        """Events once context.now has reached deadline(state). May be called more than once or
        late; must return [] when there is nothing (left) to do."""
        return []

    def results(self, state: S, people: Mapping[int, Person]) -> dict[str, Any]:
        """What the report and the downloads carry, JSON-ready."""
        raise NotImplementedError

    def encode_event(self, event: E) -> tuple[str, dict[str, Any]]:
        return type(event).__name__, dataclasses.asdict(event)  # type: ignore[call-overload]

    def decode_event(self, type_name: str, data: Mapping[str, Any]) -> E:
        for cls in self.events:
            if cls.__name__ == type_name:
                event: E = cls(**data)
                return event
        raise KeyError(f"{self.kind} has no event {type_name}")

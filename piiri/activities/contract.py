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
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from piiri.domain.vocabulary import Actor, Context, Person

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
    # The fields of this kind's events that hold what a person wrote: erasing a participant
    # overwrites them in the stored events that person sent (piiri/db/erasure.py).
    text_fields: ClassVar[frozenset[str]] = frozenset({"text"})

    def default_config(self) -> dict[str, Any]:
        raise NotImplementedError

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        """A stored configuration as the strings its form fields show (config_form.html).

        The default shows None as empty, a list one item per line and anything else as str().
        """
        form: dict[str, str] = {}
        for name, value in config.items():
            if value is None or value is False:
                form[name] = ""
            elif value is True:
                form[name] = "on"
            elif isinstance(value, list):
                form[name] = "\n".join(str(item) for item in value)
            else:
                form[name] = str(value)
        return form

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

    def withdraw(self, state: S, participant_id: int, context: Context) -> list[E]:
        """Events that take back what ``participant_id`` put in, when the facilitator removes
        them "with their input" (their dots, their notes). Default: none, the input stays."""
        return []

    def deadline(self, state: S) -> datetime | None:
        """When the activity wants on_deadline called (e.g. roles swap); None: never."""
        return None

    def on_deadline(self, state: S, context: Context) -> list[E]:
        """Events once context.now has reached deadline(state). May be called more than once or
        late; must return [] when there is nothing (left) to do."""
        return []

    def on_stopped(self, state: S, context: Context) -> list[E]:
        """Events the activity records when the facilitator leaves it (stops it or moves to
        another one); it may be started again later and must resume from its state. Default:
        none."""
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

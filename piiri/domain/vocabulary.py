"""The shared vocabulary of Piiri's domain: roles, actors, people, the context of a decision,
and the named error an illegal command raises with a translatable message.

Pure: nothing here does I/O or reads a clock (tests/test_activity_purity.py checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

# The room screen and an expert (through their secret links) only watch; they send nothing.
Role = Literal["facilitator", "participant", "screen", "expert"]


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
    # Asked to join a workshop where the facilitator admits people; not present until admitted.
    waiting: bool = False
    # Removed (or refused) by the facilitator: kept out until the facilitator lets them back.
    removed: bool = False


@dataclass(frozen=True)
class Context:
    """Everything from outside that a decision may depend on."""

    now: datetime
    new_id: str
    people: Mapping[int, Person]
    is_current: bool

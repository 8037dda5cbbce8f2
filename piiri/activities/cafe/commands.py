"""The café's commands and how a socket message becomes one (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.cafe.model import MAX_NOTE_LENGTH
from piiri.activities.form_values import minutes, whole_number
from piiri.activities.text import multiline
from piiri.domain.vocabulary import N_, Actor, DomainError


@dataclass(frozen=True)
class SetHost:
    table_id: str
    participant_id: int | None  # None: the table has no host


@dataclass(frozen=True)
class SetPair:
    first: int
    second: int
    rule: str  # "together", "apart" or "" (neither)


@dataclass(frozen=True)
class SetStepFree:
    participant_id: int | None  # the facilitator's choice, or the person's own phone
    needed: bool
    by_facilitator: bool = False


@dataclass(frozen=True)
class MovePerson:
    """The facilitator's override: the person (and whoever is kept together with them) to
    another table in the current round."""

    participant_id: int
    group_id: str


@dataclass(frozen=True)
class StartRound:
    seed: str = ""  # empty: from the command's fresh id


@dataclass(frozen=True)
class AddNote:
    author: int | None
    text: str
    for_person: int | None = None
    group_id: str = ""  # the facilitator's: which group
    by_facilitator: bool = False


@dataclass(frozen=True)
class RemoveNote:
    author: int | None
    note_id: str
    by_facilitator: bool = False


@dataclass(frozen=True)
class Extend:
    minutes: int


@dataclass(frozen=True)
class ShowHarvest:
    pass


Command = (
    SetHost
    | SetPair
    | SetStepFree
    | MovePerson
    | StartRound
    | AddNote
    | RemoveNote
    | Extend
    | ShowHarvest
)


def clean_note(text: object) -> str:
    """The note as stored. Raises DomainError when empty or too long."""
    return multiline(text, empty=N_("A note needs some text."), limit=MAX_NOTE_LENGTH)


def _someone(value: object, message: str) -> int | None:
    return None if not str(value or "").strip() else whole_number(value, message, low=1)


def parse_cafe_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    if actor.role == "screen":
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    facilitator = actor.role == "facilitator"
    for_person = _someone(values.get("for"), N_("Choose the person you are writing for."))
    match name:
        case "set_host":
            who = _someone(values.get("host"), N_("Choose the table's host."))
            return SetHost(str(values.get("table") or ""), who)
        case "set_pair":
            message = N_("Choose the two people.")
            first = whole_number(values.get("first"), message, low=1)
            second = whole_number(values.get("second"), message, low=1)
            return SetPair(first, second, str(values.get("rule") or ""))
        case "set_step_free":
            needed = str(values.get("needed") or "") == "1"
            if not facilitator:
                return SetStepFree(actor.participant_id, needed)
            who = whole_number(values.get("person"), N_("Choose the person."), low=1)
            return SetStepFree(who, needed, by_facilitator=True)
        case "move_person":
            if not facilitator:
                raise DomainError(N_("Only the facilitator moves people between tables."))
            who = whole_number(values.get("person"), N_("Choose the person to move."), low=1)
            return MovePerson(who, str(values.get("table") or ""))
        case "start_round":
            return StartRound(seed=str(values.get("seed") or ""))
        case "add_note":
            return AddNote(
                actor.participant_id,
                str(values.get("text") or ""),
                for_person,
                str(values.get("group") or ""),
                facilitator,
            )
        case "remove_note":
            return RemoveNote(actor.participant_id, str(values.get("note") or ""), facilitator)
        case "extend":
            return Extend(minutes(values.get("minutes"), default=2))
        case "show_harvest":
            return ShowHarvest()
    raise DomainError(N_("That action is not available here."))

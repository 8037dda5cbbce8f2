"""The round-robin's commands and how a socket message becomes one (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.form_values import whole_number
from piiri.domain.vocabulary import N_, Actor, DomainError

# -- commands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartRound:
    first: int | None = None


@dataclass(frozen=True)
class NextSpeaker:
    by: int | None = None  # the speaker saying they are done; None: the facilitator


@dataclass(frozen=True)
class Pass:
    by: int | None = None


@dataclass(frozen=True)
class Skip:
    pass


@dataclass(frozen=True)
class EndRound:
    pass


@dataclass(frozen=True)
class RaiseHand:
    person_id: int
    by_facilitator: bool = False


@dataclass(frozen=True)
class LowerHand:
    person_id: int


@dataclass(frozen=True)
class RemoveFromQueue:
    person_id: int


@dataclass(frozen=True)
class MoveInQueue:
    person_id: int
    offset: int


@dataclass(frozen=True)
class NoteTurn:
    text: str
    by: int | None = None  # the speaker; None: the facilitator
    turn: int | None = None  # the facilitator may name a turn; default the newest


Command = (
    StartRound
    | NextSpeaker
    | Pass
    | Skip
    | EndRound
    | RaiseHand
    | LowerHand
    | RemoveFromQueue
    | MoveInQueue
    | NoteTurn
)


def _person(values: Mapping[str, Any]) -> int:
    return whole_number(values.get("person", ""), N_("Choose a person."))


def parse_round_robin_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    me = actor.participant_id if actor.role == "participant" else None
    if actor.role == "participant" and me is None:
        raise DomainError(N_("Only the facilitator can do that."))
    facilitator = actor.role == "facilitator"
    match name:
        case "start_round":
            first = values.get("first")
            return StartRound(_person({"person": first}) if first else None)
        case "next_speaker" | "done":
            return NextSpeaker(by=me)
        case "pass_turn":
            return Pass(by=me)
        case "skip_speaker":
            return Skip()
        case "end_round":
            return EndRound()
        case "raise_hand" | "add_to_queue":
            return RaiseHand(_person(values) if facilitator else me or 0, facilitator)
        case "lower_hand":
            return LowerHand(_person(values) if facilitator else me or 0)
        case "remove_from_queue":
            return RemoveFromQueue(_person(values))
        case "move_in_queue":
            direction = values.get("direction")
            if direction not in ("up", "down"):
                raise DomainError(N_("That message was not understood."))
            return MoveInQueue(_person(values), -1 if direction == "up" else 1)
        case "note_turn":
            text = values.get("note")
            turn: int | None = None
            if facilitator and str(values.get("turn", "")).strip():
                turn = whole_number(values.get("turn"), N_("That message was not understood."))
            return NoteTurn("" if text is None else str(text), by=me, turn=turn)
    raise DomainError(N_("That action is not available here."))

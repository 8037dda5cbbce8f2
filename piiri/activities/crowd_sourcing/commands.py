"""25/10's commands and how a socket message becomes one (the rules are in kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.crowd_sourcing.model import HIGH, LOW, MAX_ROUNDS
from piiri.activities.form_values import whole_number
from piiri.domain.vocabulary import N_, Actor, DomainError


@dataclass(frozen=True)
class Write:
    author: int
    text: str
    proxy: bool


@dataclass(frozen=True)
class Score:
    reader: int
    round: int  # the round the phone showed: a score meant for a round that is over is refused
    score: int
    proxy: bool


@dataclass(frozen=True)
class StartScoring:
    pass


@dataclass(frozen=True)
class NextRound:
    pass


@dataclass(frozen=True)
class FinishScoring:
    pass


@dataclass(frozen=True)
class RevealNext:
    pass


@dataclass(frozen=True)
class RevealAll:
    pass


Command = Write | Score | StartScoring | NextRound | FinishScoring | RevealNext | RevealAll

FACILITATOR_COMMANDS: dict[str, Command] = {
    "start_scoring": StartScoring(),
    "next_round": NextRound(),
    "finish_scoring": FinishScoring(),
    "reveal_next": RevealNext(),
    "reveal_all": RevealAll(),
}


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


def parse_crowd_sourcing_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    if actor.role not in ("participant", "facilitator"):
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    if name in ("write", "score"):
        if actor.role == "facilitator":
            unnamed = (
                N_("Choose the person you are writing for.")
                if name == "write"
                else N_("Choose the person you are scoring for.")
            )
            who, proxy = whole_number(values.get("for"), unnamed), True
        elif actor.participant_id is not None:
            who, proxy = actor.participant_id, False
        else:
            raise DomainError(N_("That action is not available here."))
        if name == "write":
            return Write(who, _text(values, "text"), proxy)
        score = whole_number(
            values.get("score"), N_("Choose a score from 1 to 5."), low=LOW, high=HIGH
        )
        round_number = whole_number(
            values.get("round"), N_("That round is not running."), low=1, high=MAX_ROUNDS
        )
        return Score(who, round_number, score, proxy)
    if actor.role != "facilitator":
        raise DomainError(N_("Only the facilitator can do that."))
    if name in FACILITATOR_COMMANDS:
        return FACILITATOR_COMMANDS[name]
    raise DomainError(N_("That action is not available here."))

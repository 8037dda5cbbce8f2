"""Hearing questions: the commands and how a socket message becomes one (rules in kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.form_values import whole_number
from piiri.domain.vocabulary import N_, Actor, DomainError


@dataclass(frozen=True)
class Ask:
    author: int | None  # None: the facilitator asks for the room
    text: str
    expert: str
    anonymous: bool
    proxy: bool


@dataclass(frozen=True)
class Withdraw:
    """The asker takes their own question back."""

    author: int
    question_id: str


@dataclass(frozen=True)
class Upvote:
    participant_id: int
    question_id: str
    proxy: bool


@dataclass(frozen=True)
class TakeBackVote:
    participant_id: int
    question_id: str
    proxy: bool


@dataclass(frozen=True)
class Moderate:
    """approve, queue, unqueue, show, answer: one step along the question's way."""

    action: str
    question_id: str
    text: str = ""  # approve: the question as edited, if the facilitator changed it


@dataclass(frozen=True)
class Edit:
    question_id: str
    text: str


@dataclass(frozen=True)
class Dismiss:
    question_id: str
    reason: str


@dataclass(frozen=True)
class Merge:
    question_id: str
    into: str


@dataclass(frozen=True)
class Move:
    question_id: str
    step: int  # -1 up, +1 down


@dataclass(frozen=True)
class SortQueue:
    sort: str


@dataclass(frozen=True)
class ClearScreen:
    pass


@dataclass(frozen=True)
class WriteAnswer:
    question_id: str
    text: str


Command = (
    Ask
    | Withdraw
    | Upvote
    | TakeBackVote
    | Moderate
    | Edit
    | Dismiss
    | Merge
    | Move
    | SortQueue
    | ClearScreen
    | WriteAnswer
)

MODERATION = ("approve", "queue", "unqueue", "show", "answer")
NOT_AVAILABLE = N_("That action is not available here.")


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


def _voter(values: Mapping[str, Any], actor: Actor) -> tuple[int, bool]:
    """Who votes: the participant themself, or a person without a phone the facilitator names."""
    if actor.role == "participant" and actor.participant_id is not None:
        return actor.participant_id, False
    if actor.role == "facilitator":
        who = whole_number(values.get("for", ""), N_("Choose the person you are voting for."))
        return who, True
    raise DomainError(N_("The room screen only shows; it cannot change anything."))


def _question(values: Mapping[str, Any], name: str = "question") -> str:
    """A question named by its id, or by its number as the console's forms type it ("#12")."""
    value = _text(values, name).strip().lstrip("#").strip()
    if not value:
        raise DomainError(N_("Choose a question."))
    return value


def parse_questions_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    if actor.role not in ("participant", "facilitator"):
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    match name:
        case "ask":
            author, proxy = actor.participant_id, False
            if actor.role == "facilitator" and _text(values, "for"):
                author = whole_number(
                    values.get("for"), N_("Choose the person you are asking for.")
                )
                proxy = True
            return Ask(
                author=author,
                text=_text(values, "text"),
                expert=_text(values, "expert"),
                anonymous=bool(values.get("anonymous")),
                proxy=proxy,
            )
        case "withdraw_question":
            if actor.participant_id is None:
                raise DomainError(N_("Only the person who asked can withdraw a question."))
            return Withdraw(actor.participant_id, _question(values))
        case "upvote" | "take_back_vote":
            who, proxy = _voter(values, actor)
            cls = Upvote if name == "upvote" else TakeBackVote
            return cls(who, _question(values), proxy)
    if actor.role != "facilitator":
        raise DomainError(N_("Only the facilitator can do that."))
    if name == "step":
        # The console's lists send one field per button, "<step>:<question id>": one form per
        # list instead of one per question keeps a console of 1,000 questions small.
        step, _, question = _text(values, "step").partition(":")
        if step not in (*MODERATION, "move_up", "move_down"):
            raise DomainError(NOT_AVAILABLE)
        name, values = step, {"question": question}
    match name:
        case "approve" | "queue" | "unqueue" | "show" | "answer":
            return Moderate(name, _question(values), _text(values, "text"))
        case "edit":
            return Edit(_question(values), _text(values, "text"))
        case "dismiss":
            return Dismiss(_question(values), _text(values, "reason"))
        case "merge":
            return Merge(_question(values), _question(values, "into"))
        case "move_up" | "move_down":
            return Move(_question(values), -1 if name == "move_up" else 1)
        case "sort_queue":
            return SortQueue(_text(values, "sort"))
        case "clear_screen":
            return ClearScreen()
        case "write_answer":
            return WriteAnswer(_question(values), _text(values, "text"))
    raise DomainError(NOT_AVAILABLE)

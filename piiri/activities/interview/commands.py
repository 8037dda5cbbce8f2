"""The interview's commands and how a socket message becomes one (see interview.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.form_values import minutes, whole_number
from piiri.activities.interview.model import MAX_CAPTURE_LENGTH
from piiri.activities.text import multiline
from piiri.domain.vocabulary import N_, Actor, DomainError

# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormPairs:
    seed: str = ""
    pairing: str = ""


@dataclass(frozen=True)
class MovePerson:
    participant_id: int
    pair_id: str


@dataclass(frozen=True)
class ShowQuestion:
    actor: int | None  # None: the facilitator
    pair_id: str
    delta: int


@dataclass(frozen=True)
class CaptureText:
    actor: int | None
    pair_id: str
    kind: str
    text: str
    proxy: bool = False


@dataclass(frozen=True)
class RemoveCapture:
    actor: int | None
    capture_id: str


@dataclass(frozen=True)
class SwapRoles:
    actor: int | None
    pair_id: str  # empty (facilitator): every pair


@dataclass(frozen=True)
class StartSwapTimer:
    minutes: int


@dataclass(frozen=True)
class StopSwapTimer:
    pass


@dataclass(frozen=True)
class StartHarvest:
    pass


@dataclass(frozen=True)
class ResumeInterviews:
    pass


@dataclass(frozen=True)
class AddTheme:
    name: str


@dataclass(frozen=True)
class ThemeCapture:
    capture_id: str
    theme_id: str  # empty: no theme


@dataclass(frozen=True)
class ShowOnBoard:
    shown: bool


Command = (
    FormPairs
    | MovePerson
    | ShowQuestion
    | CaptureText
    | RemoveCapture
    | SwapRoles
    | StartSwapTimer
    | StopSwapTimer
    | StartHarvest
    | ResumeInterviews
    | AddTheme
    | ThemeCapture
    | ShowOnBoard
)


def clean_capture(text: object) -> str:
    """The text as stored. Raises DomainError when empty or too long."""
    return multiline(text, empty=N_("Write what you want to keep first."), limit=MAX_CAPTURE_LENGTH)


def parse_interview_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    if actor.role == "screen":
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    me = actor.participant_id
    pair = str(values.get("pair") or "")
    match name:
        case "form_pairs":
            return FormPairs(str(values.get("seed") or ""), str(values.get("pairing") or ""))
        case "move_person":
            who = whole_number(values.get("for"), N_("Choose the person to move."))
            return MovePerson(who, pair)
        case "next_question" | "previous_question":
            return ShowQuestion(me, pair, 1 if name == "next_question" else -1)
        case "capture":
            proxy = actor.role == "facilitator" and bool(str(values.get("for") or ""))
            text = values.get("text")
            kind = str(values.get("kind") or "highlight")
            return CaptureText(me, pair, kind, "" if text is None else str(text), proxy)
        case "remove_capture":
            return RemoveCapture(me, str(values.get("capture") or ""))
        case "swap_roles":
            return SwapRoles(me, pair)
        case "start_timer":
            return StartSwapTimer(minutes(values.get("minutes"), default=0))
        case "stop_timer":
            return StopSwapTimer()
        case "harvest":
            return StartHarvest()
        case "resume":
            return ResumeInterviews()
        case "add_theme":
            return AddTheme(str(values.get("name") or ""))
        case "theme_capture":
            return ThemeCapture(str(values.get("capture") or ""), str(values.get("theme") or ""))
        case "show_board" | "hide_board":
            return ShowOnBoard(name == "show_board")
    raise DomainError(N_("That action is not available here."))

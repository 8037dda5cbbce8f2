"""The breakout activity's commands and how a socket message becomes one (see breakout.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.breakout.model import MAX_NOTE_LENGTH
from piiri.activities.form_values import minutes, whole_number
from piiri.activities.text import multiline
from piiri.domain.vocabulary import N_, Actor, DomainError

# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormGroups:
    seed: str = ""
    mixing: str = ""  # empty: as configured


@dataclass(frozen=True)
class PickGroup:
    participant_id: int
    group_id: str


@dataclass(frozen=True)
class MovePerson:
    participant_id: int
    group_id: str


@dataclass(frozen=True)
class AddNote:
    author: int | None
    text: str
    group_id: str = ""
    by_facilitator: bool = False
    proxy: bool = False


@dataclass(frozen=True)
class EditNote:
    author: int | None
    note_id: str
    text: str
    base: int  # the revision the person started editing from
    by_facilitator: bool = False


@dataclass(frozen=True)
class RemoveNote:
    author: int | None
    note_id: str
    by_facilitator: bool = False


@dataclass(frozen=True)
class StartTimer:
    minutes: int = 0  # 0: as configured


@dataclass(frozen=True)
class Extend:
    group_id: str  # empty: every group
    minutes: int


@dataclass(frozen=True)
class Broadcast:
    text: str


@dataclass(frozen=True)
class ClearMessage:
    pass


@dataclass(frozen=True)
class Recall:
    pass


@dataclass(frozen=True)
class Reopen:
    pass


Command = (
    FormGroups
    | PickGroup
    | MovePerson
    | AddNote
    | EditNote
    | RemoveNote
    | StartTimer
    | Extend
    | Broadcast
    | ClearMessage
    | Recall
    | Reopen
)


def clean_note(text: object) -> str:
    """The text as stored. Raises DomainError when empty or too long."""
    return multiline(text, empty=N_("A note needs some text."), limit=MAX_NOTE_LENGTH)


def _person(actor: Actor, values: Mapping[str, Any]) -> int:
    if actor.participant_id is not None:
        return actor.participant_id
    return whole_number(values.get("for"), N_("Choose the person to move."))


def parse_breakout_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    facilitator = actor.role == "facilitator"
    if actor.role == "screen":
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    author = actor.participant_id
    proxy = False
    if facilitator and str(values.get("for") or ""):
        author = whole_number(values.get("for"), N_("Choose the person you are writing for."))
        proxy = True
    group = str(values.get("group") or "")
    if name in ("add_note", "edit_note") and values.get("text") is None:
        values = {**values, "text": ""}
    match name:
        case "pick_group":
            return PickGroup(participant_id=_person(actor, values), group_id=group)
        case "move_person":
            return MovePerson(
                participant_id=whole_number(values.get("for"), N_("Choose the person to move.")),
                group_id=group,
            )
        case "add_note":
            return AddNote(author, str(values["text"]), group, facilitator, proxy)
        case "edit_note":
            base = whole_number(values.get("base") or "0", N_("That message was not understood."))
            return EditNote(
                author, str(values.get("note", "")), str(values["text"]), base, facilitator
            )
        case "remove_note":
            return RemoveNote(author, str(values.get("note", "")), facilitator)
        case "form_groups":
            mixing = str(values.get("mixing") or "")
            return FormGroups(seed=str(values.get("seed") or ""), mixing=mixing)
        case "start_timer":
            return StartTimer(minutes=minutes(values.get("minutes"), default=0))
        case "extend":
            return Extend(group_id=group, minutes=minutes(values.get("minutes"), default=2))
        case "broadcast":
            return Broadcast(text=str(values.get("text") or ""))
        case "clear_message":
            return ClearMessage()
        case "recall":
            return Recall()
        case "reopen":
            return Reopen()
    raise DomainError(N_("That action is not available here."))

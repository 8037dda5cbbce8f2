"""The idea wall's commands and how a socket message becomes one (rules in kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piiri.activities.form_values import whole_number
from piiri.domain.vocabulary import N_, Actor, DomainError


@dataclass(frozen=True)
class Post:
    author: int | None
    text: str
    proxy: bool


@dataclass(frozen=True)
class Like:
    participant_id: int
    idea_id: str
    proxy: bool
    like: bool  # False: take the like back


@dataclass(frozen=True)
class Moderate:
    idea_id: str
    show: bool  # True: approve (or show again); False: hide


@dataclass(frozen=True)
class AddTheme:
    name: str


@dataclass(frozen=True)
class RenameTheme:
    theme_id: str
    name: str


@dataclass(frozen=True)
class RemoveTheme:
    theme_id: str


@dataclass(frozen=True)
class Group:
    idea_id: str
    theme_id: str


@dataclass(frozen=True)
class ShowView:
    view: str


Command = Post | Like | Moderate | AddTheme | RenameTheme | RemoveTheme | Group | ShowView


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


def _idea(values: Mapping[str, Any]) -> str:
    value = _text(values, "idea").strip().lstrip("#").strip()
    if not value:
        raise DomainError(N_("Choose an idea."))
    return value


def parse_idea_wall_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command a socket message asks for. Raises DomainError on bad input."""
    if actor.role not in ("participant", "facilitator"):
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    proxied = actor.role == "facilitator" and bool(_text(values, "for"))
    who = actor.participant_id
    if proxied:
        who = whole_number(values.get("for"), N_("Choose the person you are writing for."))
    match name:
        case "post":
            return Post(who, _text(values, "text"), proxied)
        case "like" | "unlike":
            if who is None:
                raise DomainError(N_("Choose the person you are voting for."))
            return Like(who, _idea(values), proxied, like=name == "like")
    if actor.role != "facilitator":
        raise DomainError(N_("Only the facilitator can do that."))
    match name:
        case "step":
            # The console's lists send "<step>:<idea id>" from one form per list.
            step, _, idea = _text(values, "step").partition(":")
            if step not in ("approve", "hide"):
                raise DomainError(N_("That action is not available here."))
            return Moderate(idea, show=step == "approve")
        case "approve" | "hide":
            return Moderate(_idea(values), show=name == "approve")
        case "add_theme":
            return AddTheme(_text(values, "name"))
        case "rename_theme":
            return RenameTheme(_text(values, "theme"), _text(values, "name"))
        case "remove_theme":
            return RemoveTheme(_text(values, "theme"))
        case "group":
            return Group(_idea(values), _text(values, "theme"))
        case "show_view":
            return ShowView(_text(values, "view"))
    raise DomainError(N_("That action is not available here."))

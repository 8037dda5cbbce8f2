"""The breakout activity's state, events and configuration (see kind.py)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from piiri.activities.call_links import call_link
from piiri.activities.form_values import minutes, optional_number
from piiri.activities.grouping import MemberLeft, MemberReturned, Membership
from piiri.activities.local_text import LocalText
from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, DomainError

MAX_NOTE_LENGTH = 500
MAX_NOTES = 200
MAX_PROMPTS = 12
MAX_PROMPT_LENGTH = 300
MAX_GROUPS = 40
MAX_MESSAGE_LENGTH = 200
MIXING_CHOICES = ("random", "mix", "separate", "pick")
# Shown (translated) when the facilitator gave no prompt of their own.
DEFAULT_PROMPT = N_("What would make the biggest difference here? Agree on your three best ideas.")

Stage = Literal["setup", "working", "recalled"]


# -- state -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    author: int | None  # None: the facilitator typed it for the group
    revision: int = 1
    proxy: bool = False
    removed: bool = False


@dataclass(frozen=True)
class Group:
    """What a group has; who is in it is the breakout's ``membership``."""

    id: str
    number: int
    prompts: tuple[LocalText, ...]  # empty: the default prompt, in each reader's language
    notes: tuple[Note, ...] = ()
    ends_at: str | None = None

    @property
    def live_notes(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if not n.removed)


@dataclass(frozen=True)
class Breakout:
    prompts: tuple[LocalText, ...]
    mixing: str = "mix"
    group_count: int | None = None
    group_size: int | None = 4
    prompt_per_group: bool = False
    minutes: int = 15
    stage: Stage = "setup"
    groups: tuple[Group, ...] = ()
    membership: Membership = field(default_factory=Membership)
    message: str = ""
    message_number: int = 0
    # The groups' video calls, in group order (group 1 first): remote members join theirs.
    call_links: tuple[str, ...] = ()

    def call_of(self, group: Group) -> str | None:
        """The video-call address of ``group``, if the facilitator gave it one."""
        index = group.number - 1
        return self.call_links[index] if 0 <= index < len(self.call_links) else None

    @functools.cached_property
    def _by_id(self) -> dict[str, Group]:
        # Looked up for every phone of a fan-out: built once per state (it never changes).
        return {g.id: g for g in self.groups}

    def group(self, group_id: str) -> Group | None:
        return self._by_id.get(group_id)

    def group_of(self, participant_id: int) -> Group | None:
        return self.group(self.membership.group_of(participant_id) or "")

    def members(self, group: Group) -> tuple[int, ...]:
        """The group's members, those who have left too (they are in ``absent``)."""
        return self.membership.members(group.id)

    @property
    def absent(self) -> frozenset[int]:
        return self.membership.absent

    @property
    def group_numbers(self) -> dict[int, int]:
        """Each grouped participant's group number."""
        return {m: g.number for g in self.groups for m in self.members(g)}

    def find_note(self, note_id: str) -> tuple[Group, Note] | None:
        for group in self.groups:
            for note in group.notes:
                if note.id == note_id:
                    return group, note
        return None

    @property
    def note_total(self) -> int:
        return sum(len(g.notes) for g in self.groups)

    @property
    def ungrouped_possible(self) -> bool:
        return self.mixing == "pick"

    def present_members(self, group: Group) -> tuple[int, ...]:
        return self.membership.present(group.id)


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupsFormed:
    groups: list[dict[str, Any]]  # {id, number, prompts, members}
    mixing: str


@dataclass(frozen=True)
class MemberMoved:
    """Placed in a group: moved by the facilitator, picked, or a latecomer placed."""

    participant_id: int
    group_id: str


@dataclass(frozen=True)
class NoteAdded:
    group_id: str
    note_id: str
    text: str
    author: int | None
    proxy: bool = False


@dataclass(frozen=True)
class NoteEdited:
    group_id: str
    note_id: str
    text: str
    author: int | None
    revision: int


@dataclass(frozen=True)
class NoteRemoved:
    group_id: str
    note_id: str
    author: int | None


@dataclass(frozen=True)
class GroupTimeSet:
    group_id: str
    ends_at: str  # ISO-8601, UTC


@dataclass(frozen=True)
class MessageBroadcast:
    text: str
    at: str


@dataclass(frozen=True)
class MessageCleared:
    pass


@dataclass(frozen=True)
class GroupsRecalled:
    at: str


@dataclass(frozen=True)
class GroupsReopened:
    pass


Event = (
    GroupsFormed
    | MemberMoved
    | MemberLeft
    | MemberReturned
    | NoteAdded
    | NoteEdited
    | NoteRemoved
    | GroupTimeSet
    | MessageBroadcast
    | MessageCleared
    | GroupsRecalled
    | GroupsReopened
)


# -- configuration -----------------------------------------------------------------------------


def parse_breakout_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the add/edit form. Raises DomainError; returns JSON-ready data, the prompts
    as ``LocalText`` in its JSON form."""
    prompts = lines(values.get("prompts", ""))
    if len(prompts) > MAX_PROMPTS:
        raise DomainError(N_("A breakout can have at most {limit} prompts."), limit=MAX_PROMPTS)
    if any(len(p) > MAX_PROMPT_LENGTH for p in prompts):
        raise DomainError(
            N_("A prompt can be at most {limit} characters long."), limit=MAX_PROMPT_LENGTH
        )
    mixing = str(values.get("mixing") or "mix")
    if mixing not in MIXING_CHOICES:
        raise DomainError(N_("That way of forming groups is not available."))
    count = optional_number(
        values.get("group_count"),
        low=1,
        high=MAX_GROUPS,
        message=N_("The number of groups must be a whole number from {low} to {high}."),
    )
    size = optional_number(
        values.get("group_size"),
        low=2,
        high=50,
        message=N_("The group size must be a whole number from {low} to {high}."),
    )
    if count is None and size is None:
        size = 4
    calls = lines(values.get("call_links", ""))
    if len(calls) > MAX_GROUPS:
        raise DomainError(
            N_("Give at most {limit} call addresses, one per group."), limit=MAX_GROUPS
        )
    return {
        "prompts": [LocalText(p).to_json() for p in prompts],
        "mixing": mixing,
        "group_count": count,
        "group_size": None if count is not None else size,
        "prompt_per_group": str(values.get("prompt_per_group") or "") in ("1", "true", "on"),
        "minutes": minutes(values.get("minutes"), default=15),
        "call_links": [call_link(c) for c in calls],
    }

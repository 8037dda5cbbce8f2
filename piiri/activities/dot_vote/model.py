"""The dot-vote's state, commands and events (frozen dataclasses) and how an option's text is
checked; the rules are in kind.py."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from piiri.activities.local_text import LocalText
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, DomainError

MAX_OPTION_LENGTH = 200
MAX_OPTIONS = 60
MAX_DOTS = 50


# -- state -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalText


@dataclass(frozen=True)
class DotVote:
    options: tuple[Option, ...]
    dots_per_person: int | None = None
    max_per_option: int | None = None
    locked: bool = False
    revealed: bool = False
    # participant id -> option id -> dots. Never mutated: evolve builds new mappings.
    dots: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    proxy_dots: int = 0

    @property
    def budget(self) -> int:
        if self.dots_per_person is not None:
            return self.dots_per_person
        return max(1, math.ceil(len(self.options) / 3))

    @property
    def cap(self) -> int:
        return self.budget if self.max_per_option is None else min(self.max_per_option, self.budget)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def used_by(self, participant_id: int) -> int:
        return sum(self.dots.get(participant_id, {}).values())

    def mine(self, participant_id: int) -> Mapping[str, int]:
        return self.dots.get(participant_id, {})

    def totals(self) -> dict[str, int]:
        totals = {o.id: 0 for o in self.options}
        for per_option in self.dots.values():
            for option_id, count in per_option.items():
                totals[option_id] = totals.get(option_id, 0) + count
        return totals

    @property
    def dots_cast(self) -> int:
        return sum(sum(p.values()) for p in self.dots.values())

    @property
    def voters(self) -> int:
        return sum(1 for p in self.dots.values() if sum(p.values()) > 0)

    def ranking(self) -> list[RankedOption]:
        """Options by dots, most first. Ties share a rank (1, 2, 2, 4) and are marked."""
        totals = self.totals()
        ordered = sorted(self.options, key=lambda o: (-totals[o.id], self.options.index(o)))
        counts = [totals[o.id] for o in ordered]
        top = max(counts, default=0)
        return [
            RankedOption(
                option=o,
                dots=totals[o.id],
                rank=1 + sum(1 for c in counts if c > totals[o.id]),
                tied=counts.count(totals[o.id]) > 1,
                share=(totals[o.id] / top) if top else 0.0,
            )
            for o in ordered
        ]


@dataclass(frozen=True)
class RankedOption:
    option: Option
    dots: int
    rank: int
    tied: bool
    share: float  # of the leading option's dots, for the bar length


# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastDot:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class RemoveDot:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class AddOption:
    label: str


@dataclass(frozen=True)
class Lock:
    pass


@dataclass(frozen=True)
class Unlock:
    pass


@dataclass(frozen=True)
class Reveal:
    pass


@dataclass(frozen=True)
class Hide:
    pass


Command = CastDot | RemoveDot | AddOption | Lock | Unlock | Reveal | Hide


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DotCast:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class DotRemoved:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class OptionAdded:
    option_id: str
    label: LocalText


@dataclass(frozen=True)
class VotingLocked:
    pass


@dataclass(frozen=True)
class VotingUnlocked:
    pass


@dataclass(frozen=True)
class ResultsRevealed:
    pass


@dataclass(frozen=True)
class ResultsHidden:
    pass


Event = (
    DotCast
    | DotRemoved
    | OptionAdded
    | VotingLocked
    | VotingUnlocked
    | ResultsRevealed
    | ResultsHidden
)


# -- validation --------------------------------------------------------------------------------


def clean_option_label(label: object, existing: tuple[Option, ...] = ()) -> str:
    """The label as stored. Raises DomainError when it is empty, too long or a duplicate."""
    text = one_line(
        label,
        limit=MAX_OPTION_LENGTH,
        required=N_("An option needs some text."),
        too_long=N_("An option can be at most {limit} characters long."),
    )
    if any(o.label.text.casefold() == text.casefold() for o in existing):
        raise DomainError(N_("“{label}” is already an option."), label=text)
    return text

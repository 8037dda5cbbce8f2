"""Gradients of agreement (Sam Kaner's eight levels): the state, commands and events; the rules
are in kind.py. A proposal has versions; an edit makes a new version, and every stance belongs
to the version it was taken on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from piiri.activities.local_text import LocalText

MAX_PROPOSAL_LENGTH = 1000
MAX_REASON_LENGTH = 300
MAX_VERSIONS = 20
LEVELS = tuple(range(1, 9))
# From this level on a reason is required (when the facilitator has not made reasons optional),
# and from MINORITY on the reasons are the minority's statements the screen shows.
SERIOUS = 7
MINORITY = 5


@dataclass(frozen=True)
class Stance:
    level: int
    reason: str
    proxy: bool


@dataclass(frozen=True)
class Gradients:
    versions: tuple[str, ...]  # the proposal's texts, first version first
    reasons_required: bool = True
    hidden_until_shown: bool = True
    revealed: bool = False
    # version number (1, 2, ...) -> participant id -> their stance on that version
    stances: Mapping[int, Mapping[int, Stance]] = field(default_factory=dict)
    # The first version as the facilitator wrote it, with its other languages (the later
    # versions are edits made while it runs, in one language).
    first: LocalText | None = None

    @property
    def version(self) -> int:
        return len(self.versions)

    @property
    def text(self) -> str:
        return self.versions[-1]

    @property
    def local_text(self) -> LocalText:
        """The current version, in each reader's language where it was given in it."""
        if self.version == 1 and self.first is not None:
            return self.first
        return LocalText(self.text)

    def on(self, version: int) -> Mapping[int, Stance]:
        return self.stances.get(version, {})

    def mine(self, participant_id: int) -> Stance | None:
        return self.on(self.version).get(participant_id)

    def distribution(self, version: int) -> list[int]:
        """How many people chose each level 1..8 on ``version``."""
        counts = [0] * len(LEVELS)
        for stance in self.on(version).values():
            counts[stance.level - 1] += 1
        return counts

    def reasons(self, version: int, lowest: int = MINORITY) -> list[Stance]:
        """The reasons given at ``lowest`` and above, by level; nobody's name."""
        found = [s for s in self.on(version).values() if s.level >= lowest and s.reason]
        return sorted(found, key=lambda s: s.level)

    @property
    def shown(self) -> bool:
        return self.revealed or not self.hidden_until_shown


# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TakeStance:
    participant_id: int
    level: int
    reason: str
    proxy: bool


@dataclass(frozen=True)
class WithdrawStance:
    participant_id: int
    proxy: bool


@dataclass(frozen=True)
class NewVersion:
    text: str


@dataclass(frozen=True)
class ShowResults:
    show: bool


Command = TakeStance | WithdrawStance | NewVersion | ShowResults


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceTaken:
    version: int
    participant_id: int
    level: int
    reason: str
    proxy: bool


@dataclass(frozen=True)
class StanceWithdrawn:
    version: int
    participant_id: int


@dataclass(frozen=True)
class VersionAdded:
    text: str


@dataclass(frozen=True)
class GradientsShown:
    pass


@dataclass(frozen=True)
class GradientsHidden:
    pass


Event = StanceTaken | StanceWithdrawn | VersionAdded | GradientsShown | GradientsHidden
EVENTS: tuple[type[Event], ...] = (
    StanceTaken,
    StanceWithdrawn,
    VersionAdded,
    GradientsShown,
    GradientsHidden,
)

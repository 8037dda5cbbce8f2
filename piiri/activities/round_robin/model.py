"""The round-robin's state and events (frozen dataclasses); the commands are in commands.py,
the rules in kind.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from piiri.domain.vocabulary import Person

# -- state -----------------------------------------------------------------------------------


# Turn outcomes in which the person did not speak: their seconds are not speaking time.
SILENT_OUTCOMES = frozenset({"passed", "skipped"})


@dataclass(frozen=True)
class Turn:
    person_id: int
    round: int
    started_at: str  # ISO-8601 UTC
    seconds: int | None = None  # None while the person is speaking
    outcome: str = "speaking"
    note: str = ""


@dataclass(frozen=True)
class RoundRobin:
    seconds_per_speaker: int | None
    ordering: str
    auto_advance: bool
    round: int = 0
    open: bool = False  # a round is going on
    first: int | None = None  # who started the latest round
    order: tuple[int, ...] = ()  # the latest round's order as it started
    current: int | None = None
    queue: tuple[int, ...] = ()  # waiting, in order; the speaker is not in it
    hands: frozenset[int] = frozenset()  # queued because they raised a hand
    passed: frozenset[int] = frozenset()  # passed once in this round
    turns: tuple[Turn, ...] = ()

    @property
    def waiting_or_speaking(self) -> frozenset[int]:
        """Who is in the queue or speaking: a set, so a console of hundreds tests it at once."""
        return frozenset(self.queue) | ({self.current} if self.current is not None else set())

    @property
    def next(self) -> int | None:
        return self.queue[0] if self.queue else None

    @property
    def current_turn(self) -> Turn | None:
        if self.current is None:
            return None
        return self.turns[-1]

    def had_turn(self, person_id: int) -> bool:
        return any(t.person_id == person_id and t.round == self.round for t in self.turns)

    def turn_ends_at(self) -> datetime | None:
        turn = self.current_turn
        if turn is None or self.seconds_per_speaker is None:
            return None
        return datetime.fromisoformat(turn.started_at) + timedelta(seconds=self.seconds_per_speaker)

    def seconds_left(self, now: datetime) -> int | None:
        """The speaker's own countdown (0 when their time is up); None without a limit."""
        ends = self.turn_ends_at()
        if ends is None:
            return None
        return max(0, round((ends - now).total_seconds()))

    def latest_turn_of(self, person_id: int) -> int | None:
        """Index of the person's newest turn, if any."""
        for index in range(len(self.turns) - 1, -1, -1):
            if self.turns[index].person_id == person_id:
                return index
        return None

    def speaking_seconds(self, people: Mapping[int, Person]) -> dict[str, int]:
        """Seconds spoken in the room and remotely. A turn passed or skipped is no speaking
        time, however long the person took to pass."""
        totals = {"in_room": 0, "remote": 0}
        for turn in self.turns:
            person = people.get(turn.person_id)
            if turn.outcome in SILENT_OUTCOMES:
                continue
            if turn.seconds and person is not None:
                totals["in_room" if person.in_room else "remote"] += turn.seconds
        return totals


# -- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundStarted:
    round: int
    order: list[int]


@dataclass(frozen=True)
class TurnStarted:
    person_id: int
    at: str


@dataclass(frozen=True)
class TurnEnded:
    person_id: int
    seconds: int
    outcome: str


@dataclass(frozen=True)
class PersonQueued:
    person_id: int
    front: bool = False
    hand: bool = False


@dataclass(frozen=True)
class PersonUnqueued:
    person_id: int


@dataclass(frozen=True)
class QueueMoved:
    person_id: int
    to: int


@dataclass(frozen=True)
class TurnNoted:
    turn: int
    note: str


@dataclass(frozen=True)
class RoundFinished:
    round: int


Event = (
    RoundStarted
    | TurnStarted
    | TurnEnded
    | PersonQueued
    | PersonUnqueued
    | QueueMoved
    | TurnNoted
    | RoundFinished
)

"""25/10 crowd sourcing: the state and events (frozen dataclasses); the rules are in kind.py.

Writing: each person writes one bold idea (and may rewrite it) until the scoring starts. Then
rounds: each round deals every present person a card (another person's idea, dealing.py), and
each scores their card once, 1 to 5. Then the top ten is revealed, counted down from the tenth.
An idea is named by its author's participant id: one idea per person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from piiri.activities.local_text import LocalText

MAX_IDEA_LENGTH = 200
MAX_PROMPT_LENGTH = 200
MAX_ROUNDS = 10
DEFAULT_ROUNDS = 5
LOW, HIGH = 1, 5
ROUND_SECONDS_LOW, ROUND_SECONDS_HIGH = 10, 600
# The top ten of 25/10: what the screen counts down.
TOP = 10

WRITING, SCORING, SCORED = "writing", "scoring", "scored"


@dataclass(frozen=True)
class Idea:
    author: int
    number: int
    text: str
    proxy: bool


@dataclass(frozen=True)
class Card:
    round: int
    reader: int
    idea: int  # its author's id
    score: int | None = None
    proxy: bool = False  # scored by the facilitator for a person without a phone


@dataclass(frozen=True)
class Ranked:
    idea: Idea
    total: int
    count: int
    rank: int
    tied: bool

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0


@dataclass(frozen=True)
class CrowdSourcing:
    prompt: LocalText = field(default_factory=lambda: LocalText(""))
    rounds: int = DEFAULT_ROUNDS
    round_seconds: int | None = None
    stage: str = WRITING
    ideas: Mapping[int, Idea] = field(default_factory=dict)
    numbers_used: int = 0
    seed: str = ""
    round: int = 0  # the round being scored, or the last one; 0 before the scoring
    ends_at: str | None = None  # the round's timer
    # (round, reader) -> the card; every card ever dealt, scored or not.
    cards: Mapping[tuple[int, int], Card] = field(default_factory=dict)
    revealed: int = 0  # how many of the top ideas are shown, counted from the last
    withdrawn: int = 0  # people whose idea and scores were taken back

    # -- writing ---------------------------------------------------------------------------

    def idea_of(self, participant_id: int) -> Idea | None:
        return self.ideas.get(participant_id)

    def by_number(self) -> list[Idea]:
        return sorted(self.ideas.values(), key=lambda i: i.number)

    # -- scoring ---------------------------------------------------------------------------

    def card(self, participant_id: int, round_number: int | None = None) -> Card | None:
        return self.cards.get((round_number or self.round, participant_id))

    def round_cards(self, round_number: int | None = None) -> list[Card]:
        number = round_number or self.round
        return [c for (r, _), c in self.cards.items() if r == number]

    def seen_by(self, participant_id: int) -> frozenset[int]:
        return frozenset(c.idea for c in self.cards.values() if c.reader == participant_id)

    def scores_for(self, author: int) -> list[int]:
        return [c.score for c in self.cards.values() if c.idea == author and c.score is not None]

    def score_counts(self) -> dict[int, int]:
        counts = dict.fromkeys(self.ideas, 0)
        for c in self.cards.values():
            if c.score is not None and c.idea in counts:
                counts[c.idea] += 1
        return counts

    def card_counts(self) -> dict[int, int]:
        counts = dict.fromkeys(self.ideas, 0)
        for c in self.cards.values():
            if c.idea in counts:
                counts[c.idea] += 1
        return counts

    @property
    def scores_given(self) -> int:
        return sum(1 for c in self.cards.values() if c.score is not None)

    def progress(self) -> list[tuple[int, int, int]]:
        """Per round so far: (round, cards scored, cards dealt)."""
        return [
            (
                number,
                sum(1 for c in self.round_cards(number) if c.score is not None),
                len(self.round_cards(number)),
            )
            for number in range(1, self.round + 1)
        ]

    @property
    def most_rounds(self) -> int:
        """The rounds in which everyone who wrote an idea can still be given a new one."""
        return max(0, len(self.ideas) - 1)

    @property
    def is_last_round(self) -> bool:
        return self.round >= self.rounds

    # -- the results -----------------------------------------------------------------------

    def ranking(self) -> list[Ranked]:
        """Every idea by its total, highest first; ties (the same total) share a rank and are
        listed by the idea's number."""
        totals = {a: 0 for a in self.ideas}
        counts = dict.fromkeys(self.ideas, 0)
        for c in self.cards.values():
            if c.score is not None and c.idea in totals:
                totals[c.idea] += c.score
                counts[c.idea] += 1
        ordered = sorted(self.ideas.values(), key=lambda i: (-totals[i.author], i.number))
        values = [totals[i.author] for i in ordered]
        return [
            Ranked(
                idea=i,
                total=totals[i.author],
                count=counts[i.author],
                rank=1 + sum(1 for v in values if v > totals[i.author]),
                tied=values.count(totals[i.author]) > 1,
            )
            for i in ordered
        ]

    def top(self) -> list[Ranked]:
        return self.ranking()[:TOP]

    @property
    def top_size(self) -> int:
        return min(TOP, len(self.ideas))

    def shown(self) -> list[Ranked]:
        """The revealed part of the top, in the order of the countdown (the tenth first)."""
        top = self.top()
        return list(reversed(top[len(top) - min(self.revealed, len(top)) :]))

    @property
    def fully_revealed(self) -> bool:
        return self.stage == SCORED and self.revealed >= self.top_size > 0


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaWritten:
    author: int
    number: int
    text: str
    proxy: bool


@dataclass(frozen=True)
class ScoringStarted:
    seed: str


@dataclass(frozen=True)
class RoundStarted:
    number: int
    ends_at: str | None
    cards: list[list[int]]  # [reader, author of the idea]


@dataclass(frozen=True)
class CardsDealt:
    """Cards for people who arrived while the round ran."""

    round: int
    cards: list[list[int]]


@dataclass(frozen=True)
class IdeaScored:
    round: int
    reader: int
    idea: int
    score: int
    proxy: bool


@dataclass(frozen=True)
class ScoringFinished:
    pass


@dataclass(frozen=True)
class TopRevealed:
    count: int  # how many of the top are shown now


@dataclass(frozen=True)
class InputWithdrawn:
    """A removed person's idea (with every score it had) and the scores they gave."""

    participant_id: int


Event = (
    IdeaWritten
    | ScoringStarted
    | RoundStarted
    | CardsDealt
    | IdeaScored
    | ScoringFinished
    | TopRevealed
    | InputWithdrawn
)
EVENTS: tuple[type[Event], ...] = (
    IdeaWritten,
    ScoringStarted,
    RoundStarted,
    CardsDealt,
    IdeaScored,
    ScoringFinished,
    TopRevealed,
    InputWithdrawn,
)

"""The interview's state, events, guide and configuration (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from piiri.activities.form_values import minutes
from piiri.activities.grouping import MemberLeft, MemberReturned, Membership
from piiri.activities.local_text import LocalText
from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, DomainError

MAX_CAPTURE_LENGTH = 500
MAX_CAPTURES = 400
MAX_THEMES = 30
MAX_THEME_LENGTH = 80
MAX_PHASES = 8
MAX_QUESTIONS = 40
MAX_QUESTION_LENGTH = 300
CAPTURE_KINDS = ("highlight", "quote")

# The 4-D guide, used when the facilitator writes no guide of their own: for a residents'
# evening, not a workplace. Views show it in each reader's language through the catalogue.
DEFAULT_GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("Discover"),
        (
            N_(
                "Tell me about a time when you felt most at home and involved in this "
                "neighbourhood. What happened?"
            ),
            N_("What do you value most about this place and the people who live here?"),
        ),
    ),
    (
        N_("Dream"),
        (
            N_(
                "Imagine it is three years from now and everything has gone as well as it "
                "could. What do you see?"
            ),
            N_("What is the one wish you would make for our future?"),
        ),
    ),
    (
        N_("Design"),
        (
            N_("What would have to be true in how we work together for that dream to come about?"),
            N_("Which of today's strengths could we build on?"),
        ),
    ),
    (
        N_("Destiny"),
        (
            N_("What small step could you take next week?"),
            N_("Who else should be part of this, and how do we invite them?"),
        ),
    ),
)

Stage = Literal["setup", "interviewing", "harvest"]


# -- state -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    name: LocalText  # empty: the questions before the guide's first "# Phase" line
    questions: tuple[LocalText, ...]


@dataclass(frozen=True)
class Step:
    """One question of the guide, as the interviewer's phone walks through them."""

    index: int
    phase: Phase
    phase_number: int
    question_number: int
    question: LocalText


@dataclass(frozen=True)
class Pair:
    """Where a pair is in the guide; who is in it is the interview's ``membership``."""

    id: str
    number: int
    turn: int = 0  # how many times roles swapped
    step: int = 0


@dataclass(frozen=True)
class Roles:
    interviewer: int | None
    interviewee: int | None
    listeners: tuple[int, ...]
    alone: bool  # fewer than two present: the partner has left


@dataclass(frozen=True)
class Capture:
    id: str
    pair_id: str
    by: int | None
    about: int | None
    step: int
    kind: str
    text: str
    proxy: bool = False
    theme_id: str = ""
    removed: bool = False


@dataclass(frozen=True)
class Theme:
    id: str
    name: LocalText


@dataclass(frozen=True)
class Interview:
    phases: tuple[Phase, ...]
    default_guide: bool = True
    pairing: str = "unlikely"
    minutes_per_role: int = 10
    stage: Stage = "setup"
    pairs: tuple[Pair, ...] = ()
    membership: Membership = field(default_factory=Membership)
    captures: tuple[Capture, ...] = ()
    themes: tuple[Theme, ...] = ()
    board: bool = False
    swap_at: str | None = None
    swaps: int = 0

    @property
    def steps(self) -> tuple[Step, ...]:
        flat = [
            (phase, number, q_number, question)
            for number, phase in enumerate(self.phases, start=1)
            for q_number, question in enumerate(phase.questions, start=1)
        ]
        return tuple(Step(i, *parts) for i, parts in enumerate(flat))

    def step(self, index: int) -> Step:
        steps = self.steps
        return steps[max(0, min(index, len(steps) - 1))]

    def pair(self, pair_id: str) -> Pair | None:
        return next((p for p in self.pairs if p.id == pair_id), None)

    def pair_of(self, participant_id: int) -> Pair | None:
        return self.pair(self.membership.group_of(participant_id) or "")

    def members(self, pair: Pair) -> tuple[int, ...]:
        """The pair's members (a trio's three), those who have left too (they are in ``absent``)."""
        return self.membership.members(pair.id)

    @property
    def absent(self) -> frozenset[int]:
        return self.membership.absent

    @property
    def pair_numbers(self) -> dict[int, int]:
        """Each paired participant's pair number."""
        return {m: p.number for p in self.pairs for m in self.members(p)}

    @property
    def pair_number_by_id(self) -> dict[str, int]:
        """Each pair's number by its id: a view with a capture of every pair looks each up
        here once instead of searching the pairs for each (2,000 people: 4.4 s -> ms)."""
        return {p.id: p.number for p in self.pairs}

    def roles(self, pair: Pair) -> Roles:
        """Roles are held by present members only; the turn rotates them."""
        here = list(self.membership.present(pair.id))
        if len(here) < 2:
            return Roles(here[0] if here else None, None, (), True)
        first = pair.turn % len(here)
        order = here[first:] + here[:first]
        return Roles(order[0], order[1], tuple(order[2:]), False)

    def capture(self, capture_id: str) -> Capture | None:
        return next((c for c in self.captures if c.id == capture_id), None)

    @property
    def live_captures(self) -> tuple[Capture, ...]:
        return tuple(c for c in self.captures if not c.removed)

    def captures_of(self, pair_id: str) -> tuple[Capture, ...]:
        return tuple(c for c in self.live_captures if c.pair_id == pair_id)

    def themed(self, theme_id: str) -> tuple[Capture, ...]:
        return tuple(c for c in self.live_captures if c.theme_id == theme_id)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def max_pair_size(self) -> int:
        return max((len(self.members(p)) for p in self.pairs), default=2)


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairsFormed:
    pairs: list[dict[str, Any]]  # {id, number, members}
    pairing: str


@dataclass(frozen=True)
class PersonPaired:
    """Put into a pair: moved by the facilitator, or a latecomer placed."""

    participant_id: int
    pair_id: str


@dataclass(frozen=True)
class QuestionShown:
    pair_id: str
    step: int


@dataclass(frozen=True)
class Captured:
    capture_id: str
    pair_id: str
    by: int | None
    about: int | None
    step: int
    kind: str
    text: str
    proxy: bool = False


@dataclass(frozen=True)
class CaptureRemoved:
    capture_id: str


@dataclass(frozen=True)
class RolesSwapped:
    pair_ids: list[str]
    everyone: bool  # the facilitator or the timer swapped every pair
    next_swap_at: str | None = None


@dataclass(frozen=True)
class SwapTimerSet:
    swap_at: str | None


@dataclass(frozen=True)
class HarvestStarted:
    pass


@dataclass(frozen=True)
class InterviewsResumed:
    pass


@dataclass(frozen=True)
class ThemeAdded:
    theme_id: str
    name: LocalText


@dataclass(frozen=True)
class CaptureThemed:
    capture_id: str
    theme_id: str


@dataclass(frozen=True)
class BoardShown:
    shown: bool


Event = (
    PairsFormed
    | PersonPaired
    | MemberLeft
    | MemberReturned
    | QuestionShown
    | Captured
    | CaptureRemoved
    | RolesSwapped
    | SwapTimerSet
    | HarvestStarted
    | InterviewsResumed
    | ThemeAdded
    | CaptureThemed
    | BoardShown
)

# The languages the default guide is written in (piiri/activities/interview/guide.py).
GUIDE_LANGUAGES = ("en", "fi", "sv")


# -- configuration -----------------------------------------------------------------------------


def parse_guide(text: str) -> list[dict[str, Any]]:
    """A guide written as lines: ``# Phase`` starts a phase, other lines are its questions.

    Raises DomainError. An empty text is the default 4-D guide (returned as []). Names and
    questions are ``LocalText``, in their JSON form.
    """
    phases: list[dict[str, Any]] = []
    for line in lines(text):
        if line.startswith("#"):
            name = line.lstrip("#").strip()
            if not name:
                raise DomainError(N_("A phase needs a name after the #."))
            phases.append({"name": name[:MAX_THEME_LENGTH], "questions": []})
            continue
        if len(line) > MAX_QUESTION_LENGTH:
            raise DomainError(
                N_("A question can be at most {limit} characters long."),
                limit=MAX_QUESTION_LENGTH,
            )
        if not phases:
            phases.append({"name": "", "questions": []})
        phases[-1]["questions"].append(line)
    if any(not p["questions"] for p in phases):
        raise DomainError(N_("Every phase needs at least one question under it."))
    if len(phases) > MAX_PHASES:
        raise DomainError(N_("A guide can have at most {limit} phases."), limit=MAX_PHASES)
    if sum(len(p["questions"]) for p in phases) > MAX_QUESTIONS:
        raise DomainError(N_("A guide can have at most {limit} questions."), limit=MAX_QUESTIONS)
    return [
        {
            "name": LocalText(p["name"]).to_json(),
            "questions": [LocalText(q).to_json() for q in p["questions"]],
        }
        for p in phases
    ]


def parse_interview_config(values: Mapping[str, Any]) -> dict[str, Any]:
    pairing = str(values.get("pairing") or "unlikely")
    if pairing not in ("random", "unlikely"):
        raise DomainError(N_("That way of forming pairs is not available."))
    per_role = minutes(values.get("minutes_per_role"), default=10)
    config: dict[str, Any] = {
        "guide": parse_guide(str(values.get("guide") or "")),
        "pairing": pairing,
        "minutes_per_role": per_role,
    }
    # The workshop's language, for the default guide's texts in the downloads; activities
    # added before it was stored have none (and their downloads stay as they were).
    language = str(values.get("language") or "")
    if language in GUIDE_LANGUAGES:
        config["language"] = language
    return config

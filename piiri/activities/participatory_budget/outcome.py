"""An outcome, and the account of how it came about: what the room screen reveals and the report
lists, and what someone recomputing a published result compares against.

Amounts that Equal Shares derives (a supporter's share of a cost, a voter's budget) are exact
fractions of a currency unit; costs, budgets and support are whole numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class TieBreak(StrEnum):
    """What settled a tie: the lower cost, the higher support, or the lot."""

    COST = "cost"
    SUPPORT = "support"
    LOT = "lot"


@dataclass(frozen=True)
class Tie:
    """Projects that a rule ranked equal at ``step`` (a round of Equal Shares, a place in
    greedy's order), best first as the tie-break put them, and what settled it."""

    step: int
    projects: tuple[str, ...]
    settled_by: TieBreak


@dataclass(frozen=True)
class Share:
    """``voters`` supporters each paid ``amount`` towards a project."""

    amount: Fraction
    voters: int


@dataclass(frozen=True)
class Round:
    """One round of Equal Shares: ``project`` was funded; ``price`` is what one unit of support
    paid (for an approval ballot, what each supporter who could afford it paid), and ``shares``
    how the supporters split the cost, largest share first. Those who had less than the price
    left paid all they had."""

    number: int
    project: str
    cost: int
    price: Fraction
    shares: tuple[Share, ...]

    @property
    def supporters(self) -> int:
        return sum(share.voters for share in self.shares)


class Decision(StrEnum):
    """What greedy did with a project in its turn."""

    SELECTED = "selected"
    DOES_NOT_FIT = "does not fit"
    BELOW_THRESHOLD = "below threshold"
    AFTER_STOP = "after stop"
    ALREADY_SELECTED = "already selected"


@dataclass(frozen=True)
class Step:
    """Greedy's turn for one project, in order: its support, the decision, and the budget left
    after it."""

    project: str
    support: int
    cost: int
    decision: Decision
    left: int


class Stop(StrEnum):
    """Why add-one completion stopped raising the voters' budget."""

    OVER_BUDGET = "over budget"  # the next budget's outcome would cost more than the budget
    EXHAUSTIVE = "exhaustive"  # nothing left fits (only when the rule asks to stop so)
    UNCHANGING = "unchanging"  # no higher budget changes the outcome
    EVERYTHING = "everything"  # every project with support fits in the budget: all are funded


@dataclass(frozen=True)
class Completion:
    """How add-one completion went: each voter's budget at the start (budget / voters) and at the
    end, how many full runs of Equal Shares it took, how many whole-unit budgets it skipped
    because they could not change the outcome, and why it stopped."""

    start: Fraction
    voter_budget: Fraction
    runs: int
    skipped: int
    stop: Stop


@dataclass(frozen=True)
class Outcome:
    """The projects ``rule`` selected from an election, in the order it selected them, with its
    account: ``support`` per project (every project, in the election's order), greedy's
    ``steps``, Equal Shares' ``rounds`` (those of the final run, after completion), the
    ``completion``, the ``ties`` met and the ``lot`` drawn from ``seed`` that settles the last ones.
    """

    rule: str
    budget: int
    selected: tuple[str, ...]
    spent: int
    support: tuple[tuple[str, int], ...]
    seed: int
    lot: tuple[str, ...]
    ties: tuple[Tie, ...] = ()
    rounds: tuple[Round, ...] = ()
    steps: tuple[Step, ...] = ()
    completion: Completion | None = None

    @property
    def left(self) -> int:
        return self.budget - self.spent

    def is_selected(self, project_id: str) -> bool:
        return project_id in self.selected

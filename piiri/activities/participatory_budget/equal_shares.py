"""The Method of Equal Shares with cost utilities, in exact arithmetic (equalshares.net).

Each voter starts with an equal share of the money. Round by round, the project that its
supporters can pay for at the lowest price per unit of utility is funded, its cost split between
them as equally as their remaining money allows: those with too little left pay all they have, the
others pay the same price per unit of support. A voter's utility for a project is its cost times
the support the ballot gives it (cost utilities), so for approval ballots the price is simply what
each supporter pays. It stops when no project's supporters can pay for it. Ties: lower cost, then
more support, then the lot (candidates.py).

Three things make a run cheap enough to repeat for add-one completion (completion.py):

- Voters with identical ballots are one group (their budgets never differ), and voters whose
  budgets are equal share one budget class; a project's price is computed from the few classes
  among its supporters, not from each voter.
- A project's price can only rise from round to round (budgets only shrink), so a price from an
  earlier round is a lower bound: the candidates wait in a heap ordered by their last price, and
  only those that could still win are priced again (equalshares.net's "general trick").
- Budgets are integers over one shared denominator (budget_classes.py): no fraction arithmetic
  in the loops over voters.

Each run also says how far the voters' budget can rise before the run could go differently:
every budget is an affine function of the starting budget b (each class's budget is b minus the
prices it paid, which are themselves affine in b while no comparison flips), so every comparison
the run makes holds on an interval of b. ``Run.stable_until`` is the end of the smallest one:
below it every run selects the same projects in the same order.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from piiri.activities.participatory_budget.budget_classes import BudgetClasses, Price
from piiri.activities.participatory_budget.candidates import Candidate, Field, settled_by
from piiri.activities.participatory_budget.election import Election
from piiri.activities.participatory_budget.outcome import Round, Tie
from piiri.activities.participatory_budget.support import ballot_support

ZERO = Fraction(0)

# Per project: (support, groups giving it that support), ...
Supporters = tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Prepared:
    """An election made ready for many runs: identical ballots grouped (``weights`` voters per
    group), each project's supporting groups, and ``voters``, the number of ballots (empty ones
    too: each voter gets a share of the money whatever they chose)."""

    field: Field
    voters: int
    weights: tuple[int, ...]
    supporters: tuple[Supporters, ...]


def prepare(election: Election, field: Field) -> Prepared:
    """Group ``election``'s ballots for Equal Shares; ``field`` gives the projects' order, costs
    and tie-break (candidates.field_of). Raises DomainError for ballots Piiri cannot score."""
    index = {p.id: i for i, p in enumerate(election.projects)}
    groups: dict[tuple[tuple[int, int], ...], int] = {}
    weights: list[int] = []
    count = len(election.projects)
    for ballot in election.ballots:
        support = ballot_support(ballot, election.rules, count)
        key = tuple(sorted((index[p], s) for p, s in support if s > 0))
        if not key:
            continue
        group = groups.setdefault(key, len(weights))
        if group == len(weights):
            weights.append(0)
        weights[group] += 1
    by_project: list[dict[int, list[int]]] = [{} for _ in election.projects]
    for ballot_key, ballot_group in groups.items():
        for project, given in ballot_key:
            by_project[project].setdefault(given, []).append(ballot_group)
    supporters = tuple(tuple((s, tuple(g)) for s, g in sorted(d.items())) for d in by_project)
    return Prepared(field, len(election.ballots), tuple(weights), supporters)


@dataclass(frozen=True)
class Run:
    """One run of Equal Shares with ``voter_budget`` per voter: the projects funded (indices into
    the election's projects, in order), its rounds and ties, and ``stable_until``: every voter
    budget from ``voter_budget`` up to (not including) it gives the same run; None when no higher
    budget changes it."""

    voter_budget: Fraction
    selected: tuple[int, ...]
    rounds: tuple[Round, ...]
    ties: tuple[Tie, ...]
    stable_until: Fraction | None


def equal_shares(prepared: Prepared, voter_budget: Fraction) -> Run:
    """Run the Method of Equal Shares giving each voter ``voter_budget``."""
    return _Count(prepared, voter_budget).run()


class _Count:
    """One run: the budget classes, and the candidates waiting in a heap by their last price."""

    def __init__(self, prepared: Prepared, voter_budget: Fraction) -> None:
        self.candidates: Sequence[Candidate] = prepared.field.candidates
        self.classes = BudgetClasses(prepared, voter_budget)
        # rho, the price per unit of utility (price / cost), as value and slope in b
        self.rho: dict[int, tuple[Fraction, Fraction]] = {}
        self.prices: dict[int, Price] = {}
        self.heap: list[tuple[Fraction, tuple[int, int, int], int, int]] = []

    def run(self) -> Run:
        candidates, heap, rho = self.candidates, self.heap, self.rho
        for project, candidate in enumerate(candidates):
            if candidate.support > 0:
                # Everyone paying alike is the lowest price there can be: a bound for any b.
                bound = ZERO if candidate.cost == 0 else Fraction(1, candidate.support)
                rho[project] = (bound, ZERO)
                heap.append((bound, candidate.tie_key, project, -1))
        heapq.heapify(heap)
        selected: list[int] = []
        rounds: list[Round] = []
        ties: list[Tie] = []
        while True:
            number = len(selected)
            self._settle(number)
            if not heap:
                break
            winner = heap[0][2]
            tied = self._ties(number)
            if len(tied) > 1:
                ids = tuple(candidates[p].id for p in tied)
                ties.append(Tie(number + 1, ids, settled_by([candidates[p] for p in tied])))
            best, best_slope = rho[winner]
            if self.classes.tracking:
                for _value, _key, other, _stamp in heap:
                    if other != winner:
                        value, slope = rho[other]
                        self.classes.holds(value - best, slope - best_slope)
            heapq.heappop(heap)
            rounds.append(self.classes.fund(winner, self.prices[winner], number + 1))
            selected.append(winner)
        classes = self.classes
        return Run(classes.b, tuple(selected), tuple(rounds), tuple(ties), classes.stable_until)

    def _reprice(self, project: int, number: int) -> None:
        """Price ``project`` afresh and put it back in the heap, unless nobody can pay for it."""
        price = self.classes.price(project)
        if price is None:
            del self.rho[project]
            return
        self.prices[project] = price
        self.rho[project] = price.rho
        key = self.candidates[project].tie_key
        heapq.heappush(self.heap, (self.rho[project][0], key, project, number))

    def _settle(self, number: int) -> None:
        """Reprice from the top until the top of the heap has this round's price: it wins."""
        heap = self.heap
        while heap and heap[0][3] != number:
            self._reprice(heapq.heappop(heap)[2], number)

    def _ties(self, number: int) -> list[int]:
        """The projects whose price this round equals the winner's, winner first."""
        heap = self.heap
        best = heap[0][0]
        # Entries equal to the top form a subtree at the root of the heap.
        equal, stack = [], [0]
        while stack:
            at = stack.pop()
            equal.append(heap[at])
            stack.extend(
                c for c in (2 * at + 1, 2 * at + 2) if c < len(heap) and heap[c][0] == best
            )
        stale = [e for e in equal if e[3] != number]
        if stale:
            heap[:] = [e for e in heap if e not in stale]
            heapq.heapify(heap)
            for entry in stale:
                self._reprice(entry[2], number)
            equal = [e for e in heap if e[0] == best]
        return [e[2] for e in sorted(equal)]

"""The Method of Equal Shares with cost utilities, in exact arithmetic (equalshares.net).

Each voter starts with an equal share of the money. Round by round, the project that its
supporters can pay for at the lowest price per unit of utility is funded, its cost split between
them as equally as their remaining money allows: those with too little left pay all they have, the
others pay the same price per unit of support. A voter's utility for a project is its cost times
the support the ballot gives it (cost utilities), so for approval ballots the price is simply what
each supporter pays. It stops when no project's supporters can pay for it. Ties: lower cost, then
more support, then the lot (candidates.py).

Two things make a run cheap enough to repeat for add-one completion (completion.py):

- Voters with identical ballots are one group (their budgets never differ), and voters whose
  budgets are equal share one budget class; a project's price is computed from the few classes
  among its supporters, not from each voter.
- A project's price can only rise from round to round (budgets only shrink), so a price from an
  earlier round is a lower bound: the candidates wait in a heap ordered by their last price, and
  only those that could still win are priced again (equalshares.net's "general trick").

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

from piiri.activities.participatory_budget.candidates import Candidate, Field, settled_by
from piiri.activities.participatory_budget.election import Election
from piiri.activities.participatory_budget.outcome import Round, Share, Tie
from piiri.activities.participatory_budget.support import ballot_support

ZERO = Fraction(0)
ONE = Fraction(1)
EMPTY = -1  # the budget class of voters with nothing left, whatever b is

# Per project: (support, groups giving it that support), ...
Supporters = tuple[tuple[int, tuple[int, ...]], ...]
# A project's price per unit of support: its value and slope in b, and the (class, support)
# pairs whose voters pay all they have.
Price = tuple[Fraction, Fraction, frozenset[tuple[int, int]]]


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
    for key, group in groups.items():
        for project, support in key:
            by_project[project].setdefault(support, []).append(group)
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
    """The state of one run. Budget classes hold a budget's value at b and its slope in b."""

    def __init__(self, prepared: Prepared, voter_budget: Fraction) -> None:
        self.prepared = prepared
        self.candidates: Sequence[Candidate] = prepared.field.candidates
        self.b = voter_budget
        self.value: list[Fraction] = [voter_budget]
        self.slope: list[Fraction] = [ONE]
        self.group_class = [0] * len(prepared.weights)
        self.horizon: Fraction | None = None  # how far above b every comparison still holds

    def holds(self, value: Fraction, slope: Fraction) -> None:
        """Note a comparison that holds at b (``value`` >= 0) and changes with b by ``slope``."""
        if slope < 0:
            limit = value / -slope
            if self.horizon is None or limit < self.horizon:
                self.horizon = limit

    def price(self, project: int) -> Price | None:
        """The project's price now, or None when its supporters cannot pay for it."""
        cost = self.candidates[project].cost
        value, slope, weights, group_class = (
            self.value,
            self.slope,
            self.prepared.weights,
            self.group_class,
        )
        entries: list[tuple[Fraction, int, int, int]] = []
        money, money_slope, total = ZERO, ZERO, 0
        for support, groups in self.prepared.supporters[project]:
            voters: dict[int, int] = {}
            for group in groups:
                budget_class = group_class[group]
                if budget_class != EMPTY:
                    voters[budget_class] = voters.get(budget_class, 0) + weights[group]
            for budget_class, n in voters.items():
                have = value[budget_class]
                entries.append((have / support, budget_class, support, n))
                money += n * have
                money_slope += n * slope[budget_class]
                total += n * support
        if money < cost:
            self.holds(cost - money, -money_slope)
            return None
        self.holds(money - cost, money_slope)
        if cost == 0:
            return ZERO, ZERO, frozenset()
        entries.sort(key=lambda entry: entry[0])
        rest, rest_slope = Fraction(cost), ZERO
        capped: set[tuple[int, int]] = set()
        for _ratio, budget_class, support, n in entries:
            if rest * support <= value[budget_class] * total:
                break
            capped.add((budget_class, support))
            rest -= n * value[budget_class]
            rest_slope -= n * slope[budget_class]
            total -= n * support
        price, price_slope = rest / total, rest_slope / total
        for _ratio, budget_class, support, _n in entries:
            gap = value[budget_class] - price * support
            gap_slope = slope[budget_class] - price_slope * support
            if (budget_class, support) in capped:
                self.holds(-gap, -gap_slope)
            else:
                self.holds(gap, gap_slope)
        return price, price_slope, frozenset(capped)

    def run(self) -> Run:
        candidates = self.candidates
        # rho, the price per unit of utility (price / cost), as value and slope in b
        rho: dict[int, tuple[Fraction, Fraction]] = {}
        heap: list[tuple[Fraction, tuple[int, int, int], int, int]] = []
        for project, candidate in enumerate(candidates):
            if candidate.support > 0:
                # Everyone paying alike is the lowest price there can be: a bound for any b.
                bound = ZERO if candidate.cost == 0 else Fraction(1, candidate.support)
                rho[project] = (bound, ZERO)
                heap.append((bound, candidate.tie_key, project, -1))
        heapq.heapify(heap)
        prices: dict[int, Price] = {}
        selected: list[int] = []
        rounds: list[Round] = []
        ties: list[Tie] = []
        while True:
            number = len(selected)
            self._settle(heap, rho, prices, number)
            if not heap:
                break
            winner = heap[0][2]
            tied = self._ties(heap, rho, prices, number)
            if len(tied) > 1:
                ids = tuple(candidates[p].id for p in tied)
                ties.append(Tie(number + 1, ids, settled_by([candidates[p] for p in tied])))
            best, best_slope = rho[winner]
            for _value, _key, other, _stamp in heap:
                if other != winner:
                    value, slope = rho[other]
                    self.holds(value - best, slope - best_slope)
            heapq.heappop(heap)
            rounds.append(self._fund(winner, prices[winner], number + 1))
            selected.append(winner)
        stable_until = None if self.horizon is None else self.b + self.horizon
        return Run(self.b, tuple(selected), tuple(rounds), tuple(ties), stable_until)

    def _reprice(
        self,
        project: int,
        heap: list[tuple[Fraction, tuple[int, int, int], int, int]],
        rho: dict[int, tuple[Fraction, Fraction]],
        prices: dict[int, Price],
        number: int,
    ) -> None:
        """Price ``project`` afresh and put it back in the heap, unless nobody can pay for it."""
        price = self.price(project)
        if price is None:
            del rho[project]
            return
        prices[project] = price
        cost = self.candidates[project].cost
        rho[project] = (ZERO, ZERO) if cost == 0 else (price[0] / cost, price[1] / cost)
        heapq.heappush(heap, (rho[project][0], self.candidates[project].tie_key, project, number))

    def _settle(
        self,
        heap: list[tuple[Fraction, tuple[int, int, int], int, int]],
        rho: dict[int, tuple[Fraction, Fraction]],
        prices: dict[int, Price],
        number: int,
    ) -> None:
        """Reprice from the top until the top of the heap has this round's price: it wins."""
        while heap and heap[0][3] != number:
            project = heapq.heappop(heap)[2]
            self._reprice(project, heap, rho, prices, number)

    def _ties(
        self,
        heap: list[tuple[Fraction, tuple[int, int, int], int, int]],
        rho: dict[int, tuple[Fraction, Fraction]],
        prices: dict[int, Price],
        number: int,
    ) -> list[int]:
        """The projects whose price this round equals the winner's, winner first."""
        best = heap[0][0]
        stale = [e for e in heap[1:] if e[0] == best and e[3] != number]
        if stale:
            heap[:] = [e for e in heap if not (e[0] == best and e[3] != number)]
            heapq.heapify(heap)
            for entry in stale:
                self._reprice(entry[2], heap, rho, prices, number)
        return [e[2] for e in sorted(e for e in heap if e[0] == best)]

    def _fund(self, project: int, price: Price, number: int) -> Round:
        """Fund ``project``: its supporters pay, and their budget classes move."""
        price_value, price_slope, capped = price
        candidate = self.candidates[project]
        value, slope, weights, group_class = (
            self.value,
            self.slope,
            self.prepared.weights,
            self.group_class,
        )
        moved: dict[tuple[int, int], tuple[int, Fraction]] = {}
        paid: dict[Fraction, int] = {}
        for support, groups in self.prepared.supporters[project]:
            for group in groups:
                budget_class = group_class[group]
                key = (budget_class, support)
                if key not in moved:
                    moved[key] = self._move(key, price_value, price_slope, capped, candidate.cost)
                group_class[group], amount = moved[key]
                paid[amount] = paid.get(amount, 0) + weights[group]
        shares = tuple(Share(amount, n) for amount, n in sorted(paid.items(), reverse=True))
        return Round(number, candidate.id, candidate.cost, price_value, shares)

    def _move(
        self,
        key: tuple[int, int],
        price: Fraction,
        price_slope: Fraction,
        capped: frozenset[tuple[int, int]],
        cost: int,
    ) -> tuple[int, Fraction]:
        """The budget class that voters of class ``key[0]`` giving support ``key[1]`` move to, and
        what each of them pays."""
        budget_class, support = key
        if budget_class == EMPTY:
            return EMPTY, ZERO
        if cost == 0:
            return budget_class, ZERO
        if key in capped:
            return EMPTY, self.value[budget_class]
        amount = price * support
        left = self.value[budget_class] - amount
        left_slope = self.slope[budget_class] - price_slope * support
        if left == 0 and left_slope == 0:
            return EMPTY, amount
        self.value.append(left)
        self.slope.append(left_slope)
        return len(self.value) - 1, amount

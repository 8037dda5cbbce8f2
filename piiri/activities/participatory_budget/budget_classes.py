"""Voters' money during one run of Equal Shares, kept as classes of voters with equal budgets.

Voters with identical ballots form a group (equal_shares.Prepared); groups whose budgets are equal
share a budget class, and a project's price is computed from the few classes among its
supporters. Budgets are exact: every class's budget is an integer numerator over one shared
denominator, rescaled when a price brings a new one, so the hot loops add and compare integers
rather than fractions. Fractions appear only in what the run reports.

Each budget is also an affine function of the voters' starting budget b: the class's budget has
a slope in b. Every comparison a run makes is recorded with how fast its sides move as b rises
(``holds``); the smallest distance at which one could flip is how far b can rise with the run
coming out the same (``stable_until``). Tracking stops once that distance is below what anyone
asks about (the next whole unit of budget): add-one completion only needs to know whether it may
skip whole units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from piiri.activities.participatory_budget.outcome import Round, Share

if TYPE_CHECKING:
    from piiri.activities.participatory_budget.equal_shares import Prepared

EMPTY = -1  # the class of voters with nothing left, whatever b is


@dataclass(frozen=True)
class Price:
    """A project's price per unit of support: ``rest / (denominator * total)``, where ``rest``
    is the cost (over ``denominator``) less what the ``capped`` (class, support) pairs pay,
    all their money, and ``total`` the support of those who pay the price in full. ``rest_slope``
    is how ``rest`` moves with b."""

    rest: int
    rest_slope: int
    total: int
    denominator: int
    capped: frozenset[tuple[int, int]]
    cost: int

    @property
    def value(self) -> Fraction:
        return Fraction(self.rest, self.denominator * self.total) if self.total else Fraction(0)

    @property
    def rho(self) -> tuple[Fraction, Fraction]:
        """Price per unit of utility (price / cost) and its slope in b; 0 for a free project."""
        if self.cost == 0:
            return Fraction(0), Fraction(0)
        scale = self.denominator * self.total * self.cost
        return Fraction(self.rest, scale), Fraction(self.rest_slope, scale)


class BudgetClasses:
    """The budgets of one run starting from ``voter_budget`` each. Not shared between runs."""

    def __init__(self, prepared: Prepared, voter_budget: Fraction) -> None:
        self.prepared = prepared
        self.b = voter_budget
        self.denominator = voter_budget.denominator
        self.value = [voter_budget.numerator]
        self.slope = [voter_budget.denominator]  # slope 1, over the denominator
        self.group_class = [0] * len(prepared.weights)
        # How far above b every comparison holds, as a fraction (None: as far as you like).
        self.horizon: tuple[int, int] | None = None
        # Past this distance nobody asks (see the module docstring).
        wanted = math.floor(voter_budget) + 1 - voter_budget
        self.wanted = (wanted.numerator, wanted.denominator)
        self.tracking = True

    @property
    def stable_until(self) -> Fraction | None:
        """Every starting budget from b up to (not including) this gives the same run; None: every
        higher one does. When tracking stopped early, b itself (nothing promised beyond b)."""
        if not self.tracking:
            return self.b
        if self.horizon is None:
            return None
        return self.b + Fraction(*self.horizon)

    def holds(self, gap: int | Fraction, gap_slope: int | Fraction) -> None:
        """Note a comparison that holds at b (``gap`` >= 0) while ``gap`` moves by ``gap_slope``
        per unit of b; both may be scaled by the same positive number."""
        if gap_slope >= 0 or not self.tracking:
            return
        gap, drop = Fraction(gap), Fraction(-gap_slope)
        numerator, denominator = gap.numerator * drop.denominator, gap.denominator * drop.numerator
        if self.horizon is None or numerator * self.horizon[1] < self.horizon[0] * denominator:
            self.horizon = (numerator, denominator)
            if numerator * self.wanted[1] <= self.wanted[0] * denominator:
                self.tracking = False

    def price(self, project: int) -> Price | None:
        """The project's price now, or None when its supporters cannot pay for it."""
        cost = self.prepared.field.candidates[project].cost
        value, slope, weights, group_class = (
            self.value,
            self.slope,
            self.prepared.weights,
            self.group_class,
        )
        supporters = self.prepared.supporters[project]
        # Orders value / support exactly in integers: value * (scale // support).
        scale = math.lcm(*(support for support, _ in supporters)) if supporters else 1
        entries: list[tuple[int, int, int, int]] = []
        money = money_slope = total = 0
        for support, groups in supporters:
            voters: dict[int, int] = {}
            for group in groups:
                budget_class = group_class[group]
                if budget_class != EMPTY:
                    voters[budget_class] = voters.get(budget_class, 0) + weights[group]
            for budget_class, n in voters.items():
                entries.append((value[budget_class] * (scale // support), budget_class, support, n))
                money += n * value[budget_class]
                money_slope += n * slope[budget_class]
                total += n * support
        need = cost * self.denominator
        if money < need:
            self.holds(need - money, -money_slope)
            return None
        self.holds(money - need, money_slope)
        if cost == 0:
            return Price(0, 0, total, self.denominator, frozenset(), 0)
        entries.sort()
        rest, rest_slope = need, 0
        capped: set[tuple[int, int]] = set()
        for _ratio, budget_class, support, n in entries:
            if rest * support <= value[budget_class] * total:
                break
            capped.add((budget_class, support))
            rest -= n * value[budget_class]
            rest_slope -= n * slope[budget_class]
            total -= n * support
        if self.tracking:
            for _ratio, budget_class, support, _n in entries:
                # value - price * support, over denominator * total
                gap = value[budget_class] * total - rest * support
                gap_slope = slope[budget_class] * total - rest_slope * support
                if (budget_class, support) in capped:
                    self.holds(-gap, -gap_slope)
                else:
                    self.holds(gap, gap_slope)
        return Price(rest, rest_slope, total, self.denominator, frozenset(capped), cost)

    def fund(self, project: int, price: Price, number: int) -> Round:
        """Fund ``project`` at ``price`` (priced this round): supporters pay and change class."""
        candidate = self.prepared.field.candidates[project]
        rescale = price.total if candidate.cost else 1
        if rescale != 1:
            # The price brings the denominator * total: every budget moves onto it.
            self.value = [v * rescale for v in self.value]
            self.slope = [s * rescale for s in self.slope]
            self.denominator *= rescale
        moved: dict[tuple[int, int], int] = {}
        paid: dict[tuple[int, int], int] = {}
        weights, group_class = self.prepared.weights, self.group_class
        for support, groups in self.prepared.supporters[project]:
            for group in groups:
                key = (group_class[group], support)
                target = moved.get(key)
                if target is None:
                    target = moved[key] = self._move(key, price)
                group_class[group] = target
                paid[key] = paid.get(key, 0) + weights[group]
        # What each paid, as numerators over the (new) denominator: integers to add and sort.
        by_amount: dict[int, int] = {}
        for (budget_class, support), voters in paid.items():
            if budget_class == EMPTY or candidate.cost == 0:
                amount = 0
            elif (budget_class, support) in price.capped:
                amount = self.value[budget_class]
            else:
                amount = price.rest * support
            by_amount[amount] = by_amount.get(amount, 0) + voters
        denominator = self.denominator
        self._reduce()
        shares = tuple(
            Share(Fraction(amount, denominator), voters)
            for amount, voters in sorted(by_amount.items(), reverse=True)
        )
        return Round(number, candidate.id, candidate.cost, price.value, shares)

    def _move(self, key: tuple[int, int], price: Price) -> int:
        """The class that voters of class ``key[0]`` giving support ``key[1]`` move to once they
        have paid (budgets already over the new denominator)."""
        budget_class, support = key
        if budget_class == EMPTY or price.cost == 0:
            return budget_class
        if key in price.capped:
            return EMPTY
        left = self.value[budget_class] - price.rest * support
        left_slope = self.slope[budget_class] - price.rest_slope * support
        if left == 0 and left_slope == 0:
            return EMPTY
        self.value.append(left)
        self.slope.append(left_slope)
        return len(self.value) - 1

    def _reduce(self) -> None:
        """Divide every numerator and the denominator by what they share, to keep them short."""
        common = math.gcd(self.denominator, *self.value, *self.slope)
        if common > 1:
            self.denominator //= common
            self.value = [v // common for v in self.value]
            self.slope = [s // common for s in self.slope]

"""Add-one completion of Equal Shares: raise each voter's budget while the outcome still fits.

Equal Shares with the budget split equally (budget / voters each) often spends only part of the
money. Add-one completion ("equalshares/add1", as Pabulib and pabulib-checker compute it) runs it
again with each voter's budget raised to the next whole unit, then one unit more, and so on, and
keeps the last outcome that costs no more than the real budget: it stops at the first raise whose
outcome would cost more. Two options change where it stops, each with its own rule name:

- ``exhaustive`` (equalshares.net's variant): stop as soon as the outcome is exhaustive, that is,
  no project left out would fit in the money left;
- a greedy fill afterwards (rules.py) spends what is left on the most supported projects that fit.

When all the projects anyone supported fit in the budget together, no raise can ever cost too
much: add-one would raise for ever, towards the outcome that funds them all, so it goes there.

Every raise is one full run; a run says up to which voter budget it would come out the same
(equal_shares.Run.stable_until), so the budgets in between are skipped: they cannot change the
outcome. ``skip=False`` runs every one of them (the tests check both agree).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from fractions import Fraction

from piiri.activities.participatory_budget.equal_shares import Prepared, Run, equal_shares
from piiri.activities.participatory_budget.outcome import Completion, Stop


def add_one(
    prepared: Prepared, budget: int, *, exhaustive: bool = False, skip: bool = True
) -> tuple[Run, Completion]:
    """The final run of add-one completion and how it went (see the module docstring)."""
    costs = [c.cost for c in prepared.field.candidates]
    supported = [p for p, c in enumerate(prepared.field.candidates) if c.support > 0]
    everything = sum(costs[p] for p in supported)
    start = Fraction(budget, max(prepared.voters, 1))
    current = equal_shares(prepared, start)
    runs, skipped = 1, 0
    while True:
        if exhaustive and _exhaustive(current.selected, costs, budget):
            stop = Stop.EXHAUSTIVE
            break
        stable_until = current.stable_until
        if stable_until is None:
            stop = Stop.UNCHANGING
            break
        if everything <= budget:
            # No raise can cost more than the budget, so add-one raises for ever: the outcome is
            # what it tends to, every project with support. A voter budget of their total cost
            # lets any supporter pay for all of them alone, so that run funds them all, in the
            # order (and at the prices) the raised budgets tend to: an earlier run that already
            # funds them all may have funded them in another order.
            stop = Stop.EVERYTHING
            if current.voter_budget < everything:
                current = equal_shares(
                    prepared, Fraction(max(math.floor(current.voter_budget) + 1, everything))
                )
                runs += 1
            break
        following = math.floor(current.voter_budget) + 1
        raise_to = max(following, math.ceil(stable_until)) if skip else following
        trial = equal_shares(prepared, Fraction(raise_to))
        runs += 1
        if sum(costs[p] for p in trial.selected) > budget:
            stop = Stop.OVER_BUDGET
            # Every budget below raise_to gives the current outcome; the last whole one is where
            # add-one stops, and its run (same projects, its own prices) is the account.
            last = Fraction(raise_to - 1)
            if last > current.voter_budget:
                current = equal_shares(prepared, last)
                runs += 1
            skipped += max(0, raise_to - 1 - following)
            break
        skipped += raise_to - following
        current = trial
    return current, Completion(start, current.voter_budget, runs, skipped, stop)


def _exhaustive(selected: Collection[int], costs: list[int], budget: int) -> bool:
    left = budget - sum(costs[p] for p in selected)
    return all(cost > left for p, cost in enumerate(costs) if p not in selected)

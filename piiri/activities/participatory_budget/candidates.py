"""The projects as the rules see them, and the one tie-break every rule uses.

Ties: the lower cost first, then the higher support, then the lot (lot.py) drawn from the seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from piiri.activities.participatory_budget.election import Election
from piiri.activities.participatory_budget.lot import lot_order
from piiri.activities.participatory_budget.outcome import TieBreak
from piiri.activities.participatory_budget.support import support_totals


@dataclass(frozen=True)
class Candidate:
    """A project with its cost, its total support and its place in the lot (0 wins)."""

    id: str
    cost: int
    support: int
    lot: int

    @property
    def tie_key(self) -> tuple[int, int, int]:
        """Sorts the winner of a tie first."""
        return (self.cost, -self.support, self.lot)


@dataclass(frozen=True)
class Field:
    """Every project of an election as a Candidate (in the election's order), and the lot."""

    candidates: tuple[Candidate, ...]
    lot: tuple[str, ...]

    def support(self) -> tuple[tuple[str, int], ...]:
        return tuple((c.id, c.support) for c in self.candidates)


def field_of(election: Election, seed: int) -> Field:
    totals = support_totals(election)
    lot = lot_order(seed, totals)
    place = {project_id: i for i, project_id in enumerate(lot)}
    return Field(
        tuple(Candidate(p.id, p.cost, totals[p.id], place[p.id]) for p in election.projects), lot
    )


def settled_by(tied: Sequence[Candidate]) -> TieBreak:
    """What put ``tied`` (projects a rule ranked equal, in tie-break order) in their order: the
    last criterion any neighbouring pair needed."""
    needed = TieBreak.COST
    for first, second in pairwise(tied):
        if first.cost == second.cost:
            if first.support != second.support:
                needed = TieBreak.LOT if needed is TieBreak.LOT else TieBreak.SUPPORT
            else:
                return TieBreak.LOT
    return needed

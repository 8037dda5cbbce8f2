"""What a ballot may contain: the four ballot types and their constraints.

Piiri offers four ballot types; Pabulib knows three ``vote_type`` values, and the fourth is an
approval ballot with a cost limit:

==========  ==========  ==========================================================
ballot      vote_type   constraints (Pabulib META keys)
==========  ==========  ==========================================================
approval    approval    choose at least ``min_length`` and at most ``max_length``
knapsack    approval    the chosen projects cost at most ``max_sum_cost`` (the budget),
                        and optionally at least ``min_sum_cost``
cumulative  cumulative  spread ``max_sum_points``, at most ``max_points`` on one project
ranking     ordinal     rank up to ``max_length`` projects (scored by ``scoring_fn``)
==========  ==========  ==========================================================

A constraint that is ``None`` was not given; the format's default then applies (the ``least_``
and ``most_`` properties). Keeping "not given" apart from "given as the default" is what lets a
``.pb`` file be written back exactly as it was read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from piiri.domain.vocabulary import N_, DomainError


class VoteType(StrEnum):
    """Pabulib's ``vote_type`` values that Piiri reads and writes."""

    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    ORDINAL = "ordinal"


class BallotType(StrEnum):
    """The ballot a person fills in."""

    APPROVAL = "approval"
    KNAPSACK = "knapsack"
    CUMULATIVE = "cumulative"
    RANKING = "ranking"


# Ordinal ballots are scored with Borda unless the file names another function.
BORDA = "Borda"


@dataclass(frozen=True)
class BallotRules:
    """The ballot type and its constraints, in Pabulib's terms (see the module docstring)."""

    vote_type: VoteType
    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: int | None = None
    max_sum_cost: int | None = None
    min_points: int | None = None
    max_points: int | None = None
    min_sum_points: int | None = None
    max_sum_points: int | None = None
    scoring_fn: str | None = None

    # -- the four ballot types -----------------------------------------------------------------

    @classmethod
    def approval(cls, *, at_least: int = 1, at_most: int | None = None) -> BallotRules:
        """Choose at least ``at_least`` and at most ``at_most`` projects (None: any number)."""
        return cls(VoteType.APPROVAL, min_length=at_least, max_length=at_most)

    @classmethod
    def knapsack(cls, budget: int, *, least_share: Fraction = Fraction(0)) -> BallotRules:
        """Choose projects that together cost at most ``budget``, and at least ``least_share``
        of it (a share between 0 and 1; the least cost is rounded up to a whole unit)."""
        least = math.ceil(budget * least_share) if least_share > 0 else None
        return cls(VoteType.APPROVAL, min_sum_cost=least, max_sum_cost=budget)

    @classmethod
    def cumulative(cls, points: int, *, per_project: int | None = None) -> BallotRules:
        """Spread up to ``points`` points, at most ``per_project`` on one project."""
        return cls(VoteType.CUMULATIVE, max_sum_points=points, max_points=per_project)

    @classmethod
    def ranking(cls, up_to: int) -> BallotRules:
        """Rank up to ``up_to`` projects, best first; ranks are scored with Borda."""
        return cls(VoteType.ORDINAL, max_length=up_to)

    @property
    def ballot_type(self) -> BallotType:
        if self.vote_type is VoteType.CUMULATIVE:
            return BallotType.CUMULATIVE
        if self.vote_type is VoteType.ORDINAL:
            return BallotType.RANKING
        if self.max_sum_cost is not None or self.min_sum_cost is not None:
            return BallotType.KNAPSACK
        return BallotType.APPROVAL

    # -- the format's defaults -----------------------------------------------------------------

    @property
    def least_length(self) -> int:
        return 1 if self.min_length is None else self.min_length

    def most_length(self, projects: int) -> int:
        return projects if self.max_length is None else self.max_length

    @property
    def least_points(self) -> int:
        """The least points a listed project gets: a project with none is simply not listed."""
        return max(1, self.min_points or 0)

    @property
    def most_points(self) -> int | None:
        return self.max_sum_points if self.max_points is None else self.max_points

    @property
    def scoring(self) -> str:
        return self.scoring_fn or BORDA


def check_choice(
    rules: BallotRules,
    projects: Sequence[str],
    points: Sequence[int],
    costs: Mapping[str, int],
) -> None:
    """Check one person's ballot against ``rules``: ``projects`` in the ballot's order (best first
    for a ranking), ``points`` beside them for a cumulative ballot (empty otherwise), ``costs``
    the cost of every project on offer.

    Raises DomainError with a message the person can act on; returns None when the ballot is fine.
    """
    unknown = [p for p in projects if p not in costs]
    if unknown:
        raise DomainError(N_("There is no project {project} on this ballot."), project=unknown[0])
    if len(set(projects)) != len(projects):
        raise DomainError(N_("A project may appear only once on a ballot."))
    if rules.vote_type is VoteType.CUMULATIVE:
        _check_points(rules, projects, points)
        return
    if points:
        raise DomainError(N_("Only a cumulative ballot gives points."))
    if len(projects) < rules.least_length:
        raise DomainError(
            N_("Too few projects: the least you may choose is {count}."), count=rules.least_length
        )
    most = rules.most_length(len(costs))
    if len(projects) > most:
        raise DomainError(N_("Too many projects: the most you may choose is {count}."), count=most)
    total = sum(costs[p] for p in projects)
    if rules.max_sum_cost is not None and total > rules.max_sum_cost:
        raise DomainError(
            N_("The projects you chose cost {total}, more than the budget of {budget}."),
            total=total,
            budget=rules.max_sum_cost,
        )
    if rules.min_sum_cost is not None and total < rules.min_sum_cost:
        raise DomainError(
            N_("The projects you chose cost {total}; choose projects worth at least {least}."),
            total=total,
            least=rules.min_sum_cost,
        )


def _check_points(rules: BallotRules, projects: Sequence[str], points: Sequence[int]) -> None:
    if len(points) != len(projects):
        raise DomainError(N_("Give points to each project you chose."))
    least = rules.least_points
    if any(p < least for p in points):
        raise DomainError(N_("A project gets at least {count} points or none."), count=least)
    most = rules.most_points
    if most is not None and any(p > most for p in points):
        raise DomainError(N_("A project gets at most {count} points."), count=most)
    total = sum(points)
    if rules.max_sum_points is not None and total > rules.max_sum_points:
        raise DomainError(
            N_("You gave {total} points; the most you may give is {most}."),
            total=total,
            most=rules.max_sum_points,
        )
    if rules.min_sum_points is not None and total < rules.min_sum_points:
        raise DomainError(
            N_("You gave {total} points; give at least {least}."),
            total=total,
            least=rules.min_sum_points,
        )
    if len(projects) < (rules.min_length or 0):
        raise DomainError(
            N_("Too few projects: the least you may choose is {count}."), count=rules.min_length
        )
    if rules.max_length is not None and len(projects) > rules.max_length:
        raise DomainError(
            N_("Too many projects: the most you may choose is {count}."), count=rules.max_length
        )

"""What the café seating's search works on and what it gives back: the problem as numbers, the
measures of rules 2-4 for a seating, and the least sum of squared table sizes a room allows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """People (indices into the guests) who sit together, the tables they may sit at, and
    whether they stay at their one table (a host)."""

    members: tuple[int, ...]
    eligible: tuple[int, ...]
    fixed: bool = False


@dataclass(frozen=True)
class Problem:
    """What the search seats: tables' capacities and sides (remote or not, for balance)."""

    capacities: tuple[int, ...]
    sides: tuple[bool, ...]
    people: int
    units: tuple[Unit, ...]
    apart: frozenset[tuple[int, int]]  # pairs of unit indices, the smaller first
    rounds: int
    fresh_tables: bool = True  # rule 2: no traveller at a table twice


@dataclass(frozen=True)
class Result:
    rounds: tuple[tuple[tuple[int, ...], ...], ...]
    returns: int
    spread: int
    repeated_pairs: int
    steps: int


def least_squares(problem: Problem) -> int:
    """A lower bound of the sum of squared table sizes: each side's people added one by one
    to its emptiest table with room, as if everyone could sit anywhere on their side."""
    total = 0
    for side in set(problem.sides):
        people = sum(
            len(unit.members)
            for u, unit in enumerate(problem.units)
            if problem.sides[unit.eligible[0]] == side
        )
        loads = [0] * len(problem.capacities)
        open_tables = [t for t in range(len(problem.capacities)) if problem.sides[t] == side]
        for _ in range(people):
            roomy = [t for t in open_tables if loads[t] < problem.capacities[t]]
            if not roomy:
                break
            loads[min(roomy, key=lambda t: loads[t])] += 1
        total += sum(load * load for load in loads)
    return total * problem.rounds


def summary(problem: Problem, best: list[list[int]], steps: int) -> Result:
    """The seating ``best`` (each round's table per unit) with what is left of rules 2-4."""
    rounds: list[tuple[tuple[int, ...], ...]] = []
    meet: dict[tuple[int, int], int] = {}
    visits: dict[tuple[int, int], int] = {}
    spread = 0
    unit_of = {a: u for u, unit in enumerate(problem.units) for a in unit.members}
    for r in range(problem.rounds):
        ids: list[list[int]] = [[] for _ in range(len(problem.capacities))]
        for u, t in enumerate(best[r]):
            ids[t].extend(problem.units[u].members)
            if problem.fresh_tables and not problem.units[u].fixed:
                for a in problem.units[u].members:
                    visits[(a, t)] = visits.get((a, t), 0) + 1
        for members in ids:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if unit_of[a] != unit_of[b]:  # a unit's own people sit together
                        key = (min(a, b), max(a, b))
                        meet[key] = meet.get(key, 0) + 1
        for side in set(problem.sides):
            sizes = [
                len(ids[t]) for t in range(len(problem.capacities)) if problem.sides[t] == side
            ]
            spread = max(spread, max(sizes) - min(sizes))
        rounds.append(tuple(tuple(members) for members in ids))
    return Result(
        rounds=tuple(rounds),
        returns=sum(c - 1 for c in visits.values() if c > 1),
        spread=spread,
        repeated_pairs=sum(1 for c in meet.values() if c > 1),
        steps=steps,
    )

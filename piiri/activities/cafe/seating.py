"""Who sits at which café table in each round: the seating engine, pure and deterministic.

The caller gives the tables, the people with what they need, and the number of rounds; the
engine gives each round's tables. The rules, in order of precedence:

1. Always (a seating that breaks one is never returned; ``SeatingError`` says none was found):
   a table's capacity; "keep together" (a person and their assistant or interpreter share every
   table); step-free needs; in the room at room tables and remote at remote tables (unless
   ``mixed``); "keep apart"; a person without a phone at a table with a host, who records for
   them (when their side of the room has a hosted table at all); a host at their own table.
2. Hosts stay, travellers move: no traveller sits at a table twice.
3. Table sizes stay within one of each other (per side: room tables and remote tables).
4. As few repeated pairs (two people who met at a table before) as the search budget allows.

1 holds by construction: every seating the search ever holds keeps it. 2-4 are the search's
cost, compared in that order (seating_search.py). The search is a deterministic local search
driven by ``seed`` and bounded by ``budget`` steps, never by a clock: the same input gives the
same seating on every machine (no ``random`` here: tests/test_activity_purity.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from piiri.activities.cafe.seating_measures import Problem, Unit
from piiri.activities.cafe.seating_search import search
from piiri.domain.vocabulary import N_, DomainError

# Steps of local search per person and round, and at least MIN_STEPS (a small room is cheap).
# A step costs about 20 microseconds at tables of 6: the benchmark's 300 people at 60 tables
# over 3 rounds, whose hosts and people without a phone make some repeats unavoidable, spend
# their whole 27,000 steps in about half a second (docs/performance.md); the 16-people schedule
# without a repeated pair took at most 17,260 steps over 20 seeds (tests/test_cafe_seating.py).
STEPS_PER_SEAT = 30
MIN_STEPS = 25_000


class SeatingError(DomainError):
    """No seating keeps every rule that must always hold; the message says which one failed."""


@dataclass(frozen=True)
class Table:
    """One table. ``host`` stays at it every round; ``remote``: a call, joined by its link."""

    name: str
    capacity: int
    host: int | None = None
    language: str = ""
    step_free: bool = True
    remote: bool = False
    call_link: str = ""
    where: str = ""  # "by the window": what the phone says after the table's name


@dataclass(frozen=True)
class Guest:
    """One person to seat and what the rules need to know of them."""

    id: int
    in_room: bool = True
    has_phone: bool = True
    needs_step_free: bool = False


@dataclass(frozen=True)
class Seating:
    """Each round's tables: ``rounds[r][t]`` are the ids at table ``t`` in round ``r``, in id
    order; ``returns``, ``spread`` and ``repeated_pairs`` are what is left of rules 2-4."""

    rounds: tuple[tuple[tuple[int, ...], ...], ...]
    returns: int = 0
    spread: int = 0
    repeated_pairs: int = 0
    steps: int = 0
    table_of: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)

    def table(self, round_index: int, person: int) -> int | None:
        """The index of the person's table in that round, or None if they are not seated."""
        return self.table_of.get((round_index, person))


def generated_tables(count: int, capacity: int, *, remote: int = 0) -> tuple[Table, ...]:
    """``count`` room tables named 1, 2, ... and ``remote`` remote ones after them."""
    room = [Table(name=str(i + 1), capacity=capacity) for i in range(count)]
    calls = [Table(name=str(count + i + 1), capacity=capacity, remote=True) for i in range(remote)]
    return (*room, *calls)


def seat(
    tables: Sequence[Table],
    guests: Sequence[Guest],
    rounds: int,
    *,
    keep_together: Iterable[Iterable[int]] = (),
    keep_apart: Iterable[tuple[int, int]] = (),
    mixed: bool = False,
    fresh_tables: bool = True,
    seed: int = 1,
    budget: int | None = None,
) -> Seating:
    """Seat ``guests`` at ``tables`` for ``rounds`` rounds by the rules above.

    ``keep_together`` groups and ``keep_apart`` pairs may name people who are not among the
    guests (they are left out). ``fresh_tables`` False lets travellers come back to a table
    (rule 2 off). ``budget``: the most search steps (default: see STEPS_PER_SEAT). Raises
    SeatingError when the rules that must always hold cannot.

    Rule 2 comes before rule 4, and the two can clash: 16 travellers at 4 tables of 4 over 4
    rounds each sit at every table once, so two people's tables agree in at most one round only
    in a permutation code of length 4 and distance 3, which has at most 4 * 3 = 12 words; with
    16 people some pairs must meet twice. Without rule 2 that room has a schedule with no
    repeated pair (4 of the 5 parallel classes of the affine plane of order 4), which the
    search finds.
    """
    if not tables:
        raise SeatingError(N_("Add a table first."))
    if rounds < 1:
        raise SeatingError(N_("A café needs at least one round."))
    problem = _problem(tables, guests, rounds, keep_together, keep_apart, mixed)
    problem = replace(problem, fresh_tables=fresh_tables)
    steps = budget if budget is not None else max(MIN_STEPS, STEPS_PER_SEAT * len(guests) * rounds)
    result = search(problem, seed=seed, budget=steps)
    if result is None:
        raise SeatingError(
            N_("The tables cannot seat everyone by the rules: add seats, or ease a rule.")
        )
    table_of: dict[tuple[int, int], int] = {}
    seated: list[tuple[tuple[int, ...], ...]] = []
    for r, round_tables in enumerate(result.rounds):
        seated.append(tuple(tuple(sorted(guests[i].id for i in ids)) for ids in round_tables))
        for t, ids in enumerate(round_tables):
            for i in ids:
                table_of[(r, guests[i].id)] = t
    return Seating(
        rounds=tuple(seated),
        returns=result.returns,
        spread=result.spread,
        repeated_pairs=result.repeated_pairs,
        steps=result.steps,
        table_of=table_of,
    )


def _problem(
    tables: Sequence[Table],
    guests: Sequence[Guest],
    rounds: int,
    keep_together: Iterable[Iterable[int]],
    keep_apart: Iterable[tuple[int, int]],
    mixed: bool,
) -> Problem:
    by_id = {g.id: g for g in guests}
    if len(by_id) != len(guests):
        raise SeatingError(N_("Someone is listed twice."))
    index_of = {g.id: i for i, g in enumerate(guests)}
    hosts = {t.host: index for index, t in enumerate(tables) if t.host in by_id}
    hosted = set(hosts.values())
    # Units: people who always sit together, merged (a chain a-b, b-c is one unit a-b-c).
    parent = {g.id: g.id for g in guests}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in keep_together:
        members = [m for m in group if m in by_id]
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    members_of: dict[int, list[int]] = {}
    for g in guests:
        members_of.setdefault(root(g.id), []).append(g.id)
    units: list[Unit] = []
    unit_of: dict[int, int] = {}
    for members in sorted(members_of.values()):
        index = len(units)
        for m in members:
            unit_of[m] = index
        pinned = {hosts[m] for m in members if m in hosts}
        if len(pinned) > 1:
            raise SeatingError(N_("Two hosts of different tables are kept together."))
        if any(
            by_id[m].needs_step_free and not _step_free(tables[hosts[m]])
            for m in members
            if m in hosts
        ):
            raise SeatingError(N_("A host who needs a step-free table hosts a table with stairs."))
        # A host's own table is theirs whatever it is; whoever is kept with them must suit it.
        others = [by_id[m] for m in members if m not in hosts]
        eligible = _eligible(tables, others, mixed, hosted, bool(pinned))
        if pinned:
            eligible &= pinned
            if not eligible:
                raise SeatingError(N_("A host's table does not suit the person kept with them."))
        relaxed = [replace(m, needs_step_free=False) for m in others]
        if not eligible and _eligible(tables, relaxed, mixed, hosted, bool(pinned)):
            raise SeatingError(
                N_("Someone needs a step-free table, and every table that suits them has stairs.")
            )
        if not eligible:
            raise SeatingError(N_("Someone has no table that suits them: add a suitable table."))
        indices = tuple(index_of[m] for m in members)
        units.append(Unit(indices, tuple(sorted(eligible)), fixed=bool(pinned)))
    _step_free_seats(tables, guests, units)
    apart: set[tuple[int, int]] = set()
    for a, b in keep_apart:
        if a in unit_of and b in unit_of and a != b:
            ua, ub = unit_of[a], unit_of[b]
            if ua == ub:
                raise SeatingError(N_("Two people are both kept together and kept apart."))
            apart.add((min(ua, ub), max(ua, ub)))
    return Problem(
        capacities=tuple(max(0, t.capacity) for t in tables),
        sides=tuple(t.remote and not mixed for t in tables),
        people=len(guests),
        units=tuple(units),
        apart=frozenset(apart),
        rounds=rounds,
    )


def _eligible(
    tables: Sequence[Table],
    members: Sequence[Guest],
    mixed: bool,
    hosted: set[int],
    pinned: bool,
) -> set[int]:
    """The tables that suit every member of a unit by the rules that must always hold."""
    result = set(range(len(tables)))
    if any(m.needs_step_free for m in members):
        result = {t for t in result if _step_free(tables[t])}
    if not mixed:
        for side in {m.in_room for m in members}:
            result = {t for t in result if tables[t].remote != side}
    if not pinned and any(not m.has_phone for m in members):
        result = (result & hosted) or result
    return result


def _step_free(table: Table) -> bool:
    return table.step_free or table.remote


def _step_free_seats(tables: Sequence[Table], guests: Sequence[Guest], units: list[Unit]) -> None:
    """Raises SeatingError when more people need a step-free table than the step-free tables
    they may sit at seat (a clearer refusal than the search's "cannot seat everyone")."""
    needing = [u for u in units if any(guests[i].needs_step_free for i in u.members)]
    if not needing:
        return
    usable = {t for u in needing for t in u.eligible}
    if sum(len(u.members) for u in needing) > sum(tables[t].capacity for t in usable):
        raise SeatingError(
            N_("More people need a step-free table than the step-free tables seat: add seats.")
        )

"""The café seating's search: a greedy first seating, then a seeded local search (seating.py
states the rules; this module only sees numbers).

Units are people who always sit together (one person, or a person with their assistant); each
has the tables it may sit at, already filtered by the rules that must always hold (step-free,
in the room or remote, a host for those without a phone, a host's own table). Capacity and
"keep apart" are checked on every move, so every seating held here keeps all the hard rules.

The cost of a seating is three numbers compared in order: returns (a traveller at a table for
the second time), the sum of squared table sizes (least when sizes are within one of each
other), repeated pairs (two people at one table in more than one round). A step moves one unit
to another table or swaps two units of one round; a step that makes the cost no worse is kept
(so the search walks across plateaus), and now and then one that adds a repeated pair, to leave
a local minimum; the best seating seen is what is returned.
"""

from __future__ import annotations

from piiri.activities.cafe.prng import Xorshift
from piiri.activities.cafe.seating_measures import Problem, Result, least_squares, summary

# Weights that make the weighted sum compare like the three numbers in order: a step changes
# the sum of squares and the repeated pairs by far less than 2**20 for any room Piiri seats.
_RETURN = 1 << 42
_SQUARE = 1 << 21
# How often a step that adds repeated pairs (and nothing worse) is taken anyway, per 2**16.
_NOISE = 300


def search(problem: Problem, *, seed: int, budget: int) -> Result | None:
    """The best seating found within ``budget`` steps; None if the greedy start cannot seat
    everyone by the hard rules."""
    state = _State(problem, seed)
    for r in range(problem.rounds):
        if not state.place_round(r):
            return None
    return state.improve(budget)


class _State:
    def __init__(self, problem: Problem, seed: int) -> None:
        self.p = problem
        self.rng = Xorshift(seed)
        self.n = problem.people
        tables = len(problem.capacities)
        self.tables = tables
        self.size = [len(u.members) for u in problem.units]
        self.apart_of: list[list[int]] = [[] for _ in problem.units]
        for a, b in problem.apart:
            self.apart_of[a].append(b)
            self.apart_of[b].append(a)
        self.at: list[list[int]] = [[-1] * len(problem.units) for _ in range(problem.rounds)]
        self.seated: list[list[list[int]]] = [
            [[] for _ in range(tables)] for _ in range(problem.rounds)
        ]
        self.load = [[0] * tables for _ in range(problem.rounds)]
        self.meet = [0] * (self.n * self.n)
        self.visits = [0] * (self.n * tables)
        self.travels = [not u.fixed and problem.fresh_tables for u in problem.units]
        self.returns = 0
        self.squares = 0
        self.repeats = 0

    # -- the greedy start ------------------------------------------------------------------

    def place_round(self, r: int) -> bool:
        units = list(range(len(self.p.units)))
        ties = [self.rng.below(1 << 30) for _ in units]
        units.sort(
            key=lambda u: (
                not self.p.units[u].fixed,
                len(self.p.units[u].eligible),
                -self.size[u],
                ties[u],
            )
        )
        for u in units:
            options = [t for t in self.p.units[u].eligible if self.fits(r, u, t)]
            if not options and not self.make_room(r, u):
                return False
            options = options or [t for t in self.p.units[u].eligible if self.fits(r, u, t)]
            best = min(options, key=lambda t: (self.join_cost(r, u, t), t))
            self.put(r, u, best)
        return True

    def make_room(self, r: int, u: int) -> bool:
        """Move one seated unit elsewhere so that ``u`` fits somewhere; False if none can."""
        for t in self.p.units[u].eligible:
            for v in list(self.seated[r][t]):
                if self.p.units[v].fixed:
                    continue
                for t2 in self.p.units[v].eligible:
                    if t2 == t or not self.fits(r, v, t2):
                        continue
                    self.take(r, v)
                    if self.fits(r, u, t):
                        self.put(r, v, t2)
                        return True
                    self.put(r, v, t)
        return False

    def join_cost(self, r: int, u: int, t: int) -> int:
        return (
            self.return_change(u, -1, t) * _RETURN
            + ((self.load[r][t] + self.size[u]) ** 2 - self.load[r][t] ** 2) * _SQUARE
            + self.pair_change(r, u, -1, t, -1)
        )

    # -- the rules that always hold --------------------------------------------------------

    def fits(self, r: int, u: int, t: int, leaving: int = -1) -> bool:
        room = self.p.capacities[t] - self.load[r][t]
        if leaving >= 0:
            room += self.size[leaving]
        if room < self.size[u]:
            return False
        at = self.at[r]
        return not any(at[v] == t and v != leaving for v in self.apart_of[u])

    # -- bookkeeping -----------------------------------------------------------------------

    def put(self, r: int, u: int, t: int) -> None:
        self.squares += (self.load[r][t] + self.size[u]) ** 2 - self.load[r][t] ** 2
        self.repeats += self.pair_change(r, u, -1, t, -1)
        self.returns += self.return_change(u, -1, t)
        n, tables = self.n, self.tables
        for w in self.seated[r][t]:
            for a in self.p.units[u].members:
                for b in self.p.units[w].members:
                    self.meet[a * n + b] += 1
                    self.meet[b * n + a] += 1
        if self.travels[u]:
            for a in self.p.units[u].members:
                self.visits[a * tables + t] += 1
        self.seated[r][t].append(u)
        self.load[r][t] += self.size[u]
        self.at[r][u] = t

    def take(self, r: int, u: int) -> None:
        t = self.at[r][u]
        self.repeats += self.pair_change(r, u, t, -1, -1)
        self.returns += self.return_change(u, t, -1)
        self.seated[r][t].remove(u)
        self.load[r][t] -= self.size[u]
        self.at[r][u] = -1
        self.squares += self.load[r][t] ** 2 - (self.load[r][t] + self.size[u]) ** 2
        n, tables = self.n, self.tables
        for w in self.seated[r][t]:
            for a in self.p.units[u].members:
                for b in self.p.units[w].members:
                    self.meet[a * n + b] -= 1
                    self.meet[b * n + a] -= 1
        if self.travels[u]:
            for a in self.p.units[u].members:
                self.visits[a * tables + t] -= 1

    def pair_change(self, r: int, u: int, source: int, target: int, other: int) -> int:
        """How the repeated pairs change when ``u`` leaves ``source`` for ``target`` (either
        may be -1), ``other`` (a unit swapping places with it) left out of both."""
        n, meet, change = self.n, self.meet, 0
        members = self.p.units[u].members
        if source >= 0:
            for w in self.seated[r][source]:
                if w != u and w != other:
                    for b in self.p.units[w].members:
                        for a in members:
                            change -= meet[a * n + b] >= 2
        if target >= 0:
            for w in self.seated[r][target]:
                if w != other:
                    for b in self.p.units[w].members:
                        for a in members:
                            change += meet[a * n + b] >= 1
        return change

    def return_change(self, u: int, source: int, target: int) -> int:
        if not self.travels[u]:
            return 0
        tables, visits, change = self.tables, self.visits, 0
        for a in self.p.units[u].members:
            if source >= 0:
                change -= visits[a * tables + source] >= 2
            if target >= 0:
                change += visits[a * tables + target] >= 1
        return change

    # -- the local search ------------------------------------------------------------------

    def cost(self) -> int:
        return self.returns * _RETURN + self.squares * _SQUARE + self.repeats

    def improve(self, budget: int) -> Result:
        movable = [u for u, unit in enumerate(self.p.units) if not unit.fixed]
        best_cost, best = self.cost(), [list(row) for row in self.at]
        steps = 0
        floor = least_squares(self.p)
        while movable and steps < budget and (self.returns or self.repeats or self.squares > floor):
            if self.cost() < best_cost:
                best_cost, best = self.cost(), [list(row) for row in self.at]
            steps += 1
            r = self.rng.below(self.p.rounds)
            if self.rng.below(8) == 0:
                self.swap_tables(r)
                continue
            if self.p.fresh_tables and self.p.rounds > 1 and self.rng.below(3) == 0:
                self.swap_itineraries(r, movable[self.rng.below(len(movable))])
                continue
            u = self.pick(r, movable)
            eligible = self.p.units[u].eligible
            a, b = self.at[r][u], eligible[self.rng.below(len(eligible))]
            if a == b:
                continue
            seated_b = self.seated[r][b]
            v = seated_b[self.rng.below(len(seated_b))] if seated_b else -1
            if v >= 0 and (self.p.units[v].fixed or a not in self.p.units[v].eligible):
                v = -1
            if v < 0 or self.rng.below(4) == 0:
                if not self.fits(r, u, b):
                    continue
                delta = self.move_delta(r, u, a, b)
                if self.accept(delta):
                    self.take(r, u)
                    self.put(r, u, b)
            else:
                if not (self.fits(r, u, b, leaving=v) and self.fits(r, v, a, leaving=u)):
                    continue
                delta = self.swap_delta(r, u, a, v, b)
                if self.accept(delta):
                    self.take(r, u)
                    self.take(r, v)
                    self.put(r, u, b)
                    self.put(r, v, a)
        if self.cost() < best_cost:
            best = [list(row) for row in self.at]
        return summary(self.p, best, steps)

    def accept(self, delta: int) -> bool:
        if delta <= 0:
            return True
        if delta < _SQUARE:
            return self.rng.below(1 << 16) < _NOISE
        # One return more and nothing else worse: the way out of a seating where every
        # better pairing needs someone to sit at a table of theirs again for a while.
        return delta <= _RETURN and self.rng.below(1 << 16) < _NOISE // 4

    def pick(self, r: int, movable: list[int]) -> int:
        """A unit to move: half the time one that sits with someone it met before (where the
        cost is), else any movable one."""
        u = movable[self.rng.below(len(movable))]
        if not self.repeats or self.rng.below(2):
            return u
        n, meet = self.n, self.meet
        table = self.seated[r][self.at[r][u]]
        for w in table:
            if self.p.units[w].fixed:
                continue
            for x in table:
                if x != w and any(
                    meet[a * n + b] >= 2
                    for a in self.p.units[w].members
                    for b in self.p.units[x].members
                ):
                    return w
        return u

    def swap_itineraries(self, r: int, u: int) -> None:
        """``u`` and someone who sat at u's tables of two rounds the other way round change
        places in both rounds: nobody returns to a table who did not before, pairs change."""
        r2 = self.rng.below(self.p.rounds)
        a, b = self.at[r][u], self.at[r2][u]
        if r2 == r or a == b:
            return
        partners = [v for v in self.seated[r][b] if self.at[r2][v] == a]
        if not partners:
            return
        v = partners[self.rng.below(len(partners))]
        if self.p.units[v].fixed or self.size[u] != self.size[v]:
            return
        if any(at[w] in (a, b) for at in (self.at[r], self.at[r2]) for w in self.apart_of[u]):
            return  # keep apart: checked whole, simpler than per table
        if any(at[w] in (a, b) for at in (self.at[r], self.at[r2]) for w in self.apart_of[v]):
            return
        before = self.cost()
        self.exchange(r, u, v)
        self.exchange(r2, u, v)
        if not self.accept(self.cost() - before):
            self.exchange(r2, u, v)
            self.exchange(r, u, v)

    def exchange(self, r: int, u: int, v: int) -> None:
        a, b = self.at[r][u], self.at[r][v]
        self.take(r, u)
        self.take(r, v)
        self.put(r, u, b)
        self.put(r, v, a)

    def swap_tables(self, r: int) -> None:
        """Everyone at one table changes places with everyone at another, when all may sit at
        both and nobody stays put: the pairs stay, only where they sit (returns) changes."""
        a, b = self.rng.below(self.tables), self.rng.below(self.tables)
        here, there = list(self.seated[r][a]), list(self.seated[r][b])
        if a == b or self.load[r][a] > self.p.capacities[b]:
            return
        if self.load[r][b] > self.p.capacities[a]:
            return
        for u in here:
            if self.p.units[u].fixed or b not in self.p.units[u].eligible:
                return
        for u in there:
            if self.p.units[u].fixed or a not in self.p.units[u].eligible:
                return
        delta = sum(self.return_change(u, a, b) for u in here)
        delta += sum(self.return_change(u, b, a) for u in there)
        if not self.accept(delta * _RETURN):
            return
        for u in here + there:
            self.take(r, u)
        for u in here:
            self.put(r, u, b)
        for u in there:
            self.put(r, u, a)

    def move_delta(self, r: int, u: int, a: int, b: int) -> int:
        s, la, lb = self.size[u], self.load[r][a], self.load[r][b]
        squares = (la - s) ** 2 + (lb + s) ** 2 - la * la - lb * lb
        return (
            self.return_change(u, a, b) * _RETURN
            + squares * _SQUARE
            + self.pair_change(r, u, a, b, -1)
        )

    def swap_delta(self, r: int, u: int, a: int, v: int, b: int) -> int:
        su, sv, la, lb = self.size[u], self.size[v], self.load[r][a], self.load[r][b]
        squares = (la - su + sv) ** 2 + (lb - sv + su) ** 2 - la * la - lb * lb
        returns = self.return_change(u, a, b) + self.return_change(v, b, a)
        pairs = self.pair_change(r, u, a, b, v) + self.pair_change(r, v, b, a, u)
        return returns * _RETURN + squares * _SQUARE + pairs

"""Who scores which idea in a round of 25/10: the deal, decided without chance or a clock.

A deal gives each reader (a present person, with a phone or without) at most one card: another
person's idea. Two rules always hold: never the reader's own idea, never an idea the reader has
already been dealt. Within them the deal is fair to the ideas: ideas that have had the fewest
scores (then the fewest cards) are dealt first, so that every idea ends with about as many
scores as any other, and every reader who can still be given an idea gets one.

How. Everyone (readers and authors) sits on a circle whose order comes from the seed the
scoring started with (a fresh id from the Context), so the same seed deals the same way. Ideas
are placed one card at a time, the least-scored first, each into the hands of a reader by a
maximum bipartite matching (Kuhn's augmenting paths): an idea first tries the reader ``round``
seats before its author, then the seats before that. In a room where everyone wrote an idea and
nobody comes or goes, that is the cyclic derangement of the shuffled circle: in round k each
person reads the idea k seats on, so n people can score n - 1 different ideas, each idea once a
round. Placing the least-scored idea first and only ever growing the matching gives, among all
the largest deals, the one that favours the ideas that are behind (the sets of ideas that can be
dealt together form a matroid, where the greedy choice is the best one).

Pure: tests/test_activity_purity.py reads this module.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

from piiri.activities.grouping import seed_from

Deal = dict[int, int]  # reader -> the author of the idea they read
_Preferences = Callable[[int], list[int]]
_MayRead = Callable[[int, int], bool]


def circle(people: Iterable[int], seed: str) -> list[int]:
    """Everyone in the seed's order; a person added later finds their own seat in it."""
    return sorted(set(people), key=lambda pid: (seed_from(f"{seed}:{pid}"), pid))


def deal(
    *,
    readers: Collection[int],
    ideas: Collection[int],
    seen: Mapping[int, Collection[int]],
    scores: Mapping[int, int],
    cards: Mapping[int, int],
    seed: str,
    round_number: int,
) -> Deal:
    """One round's cards: reader -> idea (ideas are named by their authors' ids).

    ``seen``: the ideas each reader has been dealt before; ``scores`` and ``cards``: how many
    scores and cards each idea has had so far. A reader left out has no idea they may read.
    """
    ring = circle([*readers, *ideas], seed)
    seat = {pid: index for index, pid in enumerate(ring)}
    size = len(ring) or 1

    def may_read(reader: int, idea: int) -> bool:
        return reader != idea and idea not in seen.get(reader, ())

    preferences: dict[int, list[int]] = {}

    def preferred(idea: int) -> list[int]:
        found = preferences.get(idea)
        if found is None:
            start = seat[idea] - round_number
            found = sorted(readers, key=lambda r: (start - seat[r]) % size)
            preferences[idea] = found
        return found

    hands: Deal = {}
    able = sum(1 for r in readers if any(may_read(r, i) for i in ideas))
    extra = {i: 0 for i in ideas}

    def priority(idea: int) -> tuple[int, int, int]:
        # The least scored first; the round moves the seat that wins a tie.
        placed = extra[idea]
        return (
            scores.get(idea, 0) + placed,
            cards.get(idea, 0) + placed,
            (seat[idea] + round_number) % size,
        )

    queue = [(priority(i), i) for i in ideas]
    heapq.heapify(queue)
    while queue and len(hands) < able:
        _, idea = heapq.heappop(queue)
        if _place(idea, hands, preferred, may_read):
            extra[idea] += 1
            heapq.heappush(queue, (priority(idea), idea))
        # An idea that cannot be placed now never can in this round: the matching only grows.
    return hands


def _place(
    idea: int,
    hands: Deal,
    preferred: _Preferences,
    may_read: _MayRead,
) -> bool:
    """Kuhn's augmenting path, without recursion: give ``idea`` to a reader, moving readers'
    cards along a path to free one. True when placed; ``hands`` changes only then."""
    visited: set[int] = set()
    stack: list[tuple[int, Iterator[int]]] = [(idea, iter(preferred(idea)))]
    path: list[int] = []
    while stack:
        current, candidates = stack[-1]
        for reader in candidates:
            if reader in visited or not may_read(reader, current):
                continue
            visited.add(reader)
            path.append(reader)
            if reader not in hands:
                for (level_idea, _), level_reader in zip(stack, path, strict=True):
                    hands[level_reader] = level_idea
                return True
            held = hands[reader]
            stack.append((held, iter(preferred(held))))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def one_card(
    *,
    reader: int,
    ideas: Collection[int],
    seen: Collection[int],
    scores: Mapping[int, int],
    cards: Mapping[int, int],
    seed: str,
) -> int | None:
    """The idea for someone who arrives while a round runs: the least scored they may read."""
    ring = circle([reader, *ideas], seed)
    seat = {pid: index for index, pid in enumerate(ring)}
    open_ideas = [i for i in ideas if i != reader and i not in seen]
    if not open_ideas:
        return None
    return min(open_ideas, key=lambda i: (scores.get(i, 0), cards.get(i, 0), seat[i]))

"""The order in which people take turns in a round-robin: pure functions over people.

Randomness arrives as a seed (made from ``Context.new_id``), never drawn here, so a round's
order is recorded in its event and replays the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from piiri.domain.vocabulary import Person

ORDERINGS = ("alternating", "join", "remote_first", "shuffled")


def seed_of(token: str) -> int:
    """A number from a fresh id (hex from the service; any text works)."""
    try:
        return int(token, 16)
    except ValueError:
        return sum((i + 1) * ord(c) for i, c in enumerate(token))


def shuffled(ids: Sequence[int], seed: int) -> list[int]:
    """A Fisher-Yates shuffle driven by a small xorshift generator seeded with ``seed``."""
    order = list(ids)
    state = (seed & 0xFFFFFFFF) or 0x9E3779B9
    for i in range(len(order) - 1, 0, -1):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        j = state % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def _alternate(first: list[int], second: list[int]) -> list[int]:
    order: list[int] = []
    for i in range(max(len(first), len(second))):
        order.extend(group[i] for group in (first, second) if i < len(group))
    return order


def speaking_order(people: Iterable[Person], ordering: str, seed: int) -> list[int]:
    """Present people in ``ordering``; join order is id order (ids grow as people join)."""
    here = sorted((p for p in people if p.present), key=lambda p: p.id)
    room = [p.id for p in here if p.in_room]
    remote = [p.id for p in here if not p.in_room]
    if ordering == "shuffled":
        return shuffled([p.id for p in here], seed)
    if ordering == "alternating":
        return _alternate(room, remote)
    if ordering == "remote_first":
        return remote + room
    return [p.id for p in here]


def next_round_order(
    previous: Sequence[int], fresh: Sequence[int], previous_first: int
) -> list[int]:
    """A later round's order when no first speaker is chosen: the previous round's order (a
    shuffled round is not shuffled again) of the people here now, then newcomers as ``fresh``
    orders them, starting from whoever followed the previous round's first speaker: the next
    in line, never the person who just spoke last."""
    here = set(fresh)
    carried = [p for p in previous if p in here]
    order = carried + [p for p in fresh if p not in set(carried)]
    if not order:
        return order
    start = 0
    if previous_first in order:
        start = (order.index(previous_first) + 1) % len(order)
    elif previous_first in previous:
        # The previous first has gone: their successor in the previous order who is here.
        after = list(previous[previous.index(previous_first) + 1 :]) + list(previous)
        successor = next((p for p in after if p in here), None)
        if successor is not None:
            start = order.index(successor)
    return order[start:] + order[:start]


def rotated(order: list[int], first: int | None, previous_first: int | None) -> list[int]:
    """``order`` starting from ``first`` or, when not given, from whoever follows the previous
    round's first speaker, so that each round starts from a different person."""
    if not order:
        return order
    if first is not None and first in order:
        start = order.index(first)
    elif previous_first is not None and previous_first in order:
        start = (order.index(previous_first) + 1) % len(order)
    else:
        start = 0
    return order[start:] + order[:start]

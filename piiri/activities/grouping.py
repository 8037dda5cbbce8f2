"""Splitting people into groups and pairs, shared by the breakout and interview activities.

Pure and deterministic: the shuffle is driven by a seed that arrives as a value (from the
command, or derived from ``Context.new_id``), so deciding twice on the same input gives the
same groups and a test can name the seed. No ``random`` here (tests/test_activity_purity.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeVar

from piiri.domain.vocabulary import Person

T = TypeVar("T")

Mixing = Literal["random", "mix", "separate"]
MIXINGS: tuple[Mixing, ...] = ("random", "mix", "separate")

_MASK = (1 << 64) - 1


def seed_from(text: str) -> int:
    """A 64-bit seed from any text (a fresh id, or a number the facilitator's edge chose)."""
    value = 1469598103934665603
    for char in text:
        value = ((value ^ ord(char)) * 1099511628211) & _MASK
    return value or 1


def shuffled(items: Iterable[T], seed: int) -> list[T]:
    """Fisher-Yates with xorshift64*: the same seed gives the same order."""
    result = list(items)
    state = seed & _MASK or 1
    for i in range(len(result) - 1, 0, -1):
        state ^= state >> 12
        state ^= (state << 25) & _MASK
        state ^= state >> 27
        j = ((state * 2685821657736338717) & _MASK) % (i + 1)
        result[i], result[j] = result[j], result[i]
    return result


def present_people(people: Mapping[int, Person]) -> list[Person]:
    """Who takes part now, in join order: present people, phones and proxies alike."""
    return sorted((p for p in people.values() if p.present), key=lambda p: p.id)


def group_count(people: int, *, count: int | None, size: int | None) -> int:
    """How many groups: ``count`` as asked, or groups of at most ``size`` people."""
    if count is not None:
        return max(1, count)
    if size is not None and people:
        return max(1, math.ceil(people / size))
    return 1


def split(people: Sequence[Person], groups: int, mixing: Mixing, seed: int) -> list[list[int]]:
    """Participant ids in ``groups`` lists whose sizes differ by at most one (per kind).

    random: shuffled and dealt out. mix: in-room and remote people dealt out in turn so that
    each group gets its share of both. separate: in-room people in their own groups and remote
    people in theirs (groups shared out by head count, at least one each when both exist).
    """
    room = shuffled([p.id for p in people if p.in_room], seed)
    remote = shuffled([p.id for p in people if not p.in_room], seed + 1)
    result: list[list[int]] = [[] for _ in range(groups)]
    if mixing == "separate" and room and remote and groups >= 2:
        room_groups = min(groups - 1, max(1, round(groups * len(room) / len(people))))
        _deal(room, result[:room_groups])
        _deal(remote, result[room_groups:])
        return result
    ordered = shuffled([p.id for p in people], seed) if mixing == "random" else room + remote
    _deal(ordered, result)
    return result


def _deal(ids: list[int], groups: list[list[int]]) -> None:
    for index, participant_id in enumerate(ids):
        groups[index % len(groups)].append(participant_id)


def pairs(people: Sequence[Person], unlikely: bool, seed: int) -> list[list[int]]:
    """Pairs of participant ids; with an odd count the last pair is a trio.

    unlikely: in-room people are paired with remote people as far as both last.
    """
    if unlikely:
        room = shuffled([p.id for p in people if p.in_room], seed)
        remote = shuffled([p.id for p in people if not p.in_room], seed + 1)
        mixed = [[a, b] for a, b in zip(room, remote, strict=False)]
        rest = room[len(mixed) :] + remote[len(mixed) :]
        result = mixed + [rest[i : i + 2] for i in range(0, len(rest), 2)]
    else:
        ordered = shuffled([p.id for p in people], seed)
        result = [ordered[i : i + 2] for i in range(0, len(ordered), 2)]
    if len(result) >= 2 and len(result[-1]) == 1:
        result[-2].append(result.pop()[0])
    return result

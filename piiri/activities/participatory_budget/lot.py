"""The seeded lot: a deterministic draw that anyone can repeat from the seed.

The last tie-break of every rule is a lot. It is drawn once per election, before counting, as an
order of all projects (equalshares.net's advice: draw the order first, then run the rule with it,
so that completion never breaks one tie two ways). The draw is a pure function of the seed and the
project ids: SplitMix64 (Steele, Lea and Flood, 2014) over the seed and each id's UTF-8 bytes.
It needs no random module, and it comes out the same in any language that implements it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(value: int) -> int:
    """SplitMix64's finaliser: a 64-bit value scrambled into another."""
    value = (value + GAMMA) & MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & MASK
    return value ^ (value >> 31)


def draw(seed: int, name: str) -> int:
    """A 64-bit number drawn for ``name`` under ``seed``."""
    value = mix(seed & MASK)
    for byte in name.encode("utf-8"):
        value = mix(value ^ byte)
    return mix(value ^ len(name))


def lot_order(seed: int, ids: Iterable[str]) -> tuple[str, ...]:
    """``ids`` in the order the lot puts them: the first wins a tie the lot decides."""
    return tuple(sorted(ids, key=lambda name: (draw(seed, name), name)))


def shuffled(items: Sequence[T], seed: int) -> list[T]:
    """``items`` in an order drawn from ``seed`` (Fisher–Yates), the same every time: a phone
    shows the projects in the order of its person's seed."""
    result = list(items)
    for step, last in enumerate(range(len(result) - 1, 0, -1)):
        pick = mix((seed + step * GAMMA) & MASK) % (last + 1)
        result[last], result[pick] = result[pick], result[last]
    return result

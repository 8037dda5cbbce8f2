"""A seeded pseudo-random stream for the café's pure code (seating, who scores which idea)."""

from __future__ import annotations

_MASK = (1 << 64) - 1


class Xorshift:
    """xorshift64*: a small seeded generator, so the café needs no ``random`` (the same
    generator as grouping.shuffled, as a stream)."""

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK or 0x9E3779B97F4A7C15

    def below(self, n: int) -> int:
        """A number in range(n); n must be positive."""
        state = self.state
        state ^= state >> 12
        state ^= (state << 25) & _MASK
        state ^= state >> 27
        self.state = state
        return (((state * 2685821657736338717) & _MASK) >> 11) % n

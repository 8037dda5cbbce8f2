"""How many examples a property test tries: all of them in `make test`'s lanes (and CI's), a
quarter in `make quick` (which sets PIIRI_QUICK=1), the tier to run while working. A property
that breaks mostly shows within the quarter; the full count runs before anything lands."""

from __future__ import annotations

import os

QUICK = os.environ.get("PIIRI_QUICK") == "1"


def examples(full: int) -> int:
    """``full``, or in the quick tier a quarter of it (at least ten)."""
    return max(10, full // 4) if QUICK else full

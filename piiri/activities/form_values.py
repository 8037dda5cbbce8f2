"""Values from a socket message, checked the same way by every activity that takes them.

Each raises DomainError with a translatable message; nothing here does I/O.
"""

from __future__ import annotations

from piiri.domain.vocabulary import N_, DomainError

MINUTES_LOW, MINUTES_HIGH = 1, 120
# Ids (people, activities) and revisions from a message are at most the largest value of a
# PostgreSQL integer column: a larger number can name nothing, and must never reach a query.
MAX_ID = 2**31 - 1


def whole_number(value: object, message: str, *, low: int = 0, high: int = MAX_ID) -> int:
    """``value`` as an int from ``low`` to ``high``; DomainError(``message``) when it is not
    one or is outside that range. Through str(): a JSON true or 9.7 is refused, not read as
    1 or 9."""
    try:
        number = int(str(value))
    except ValueError:  # also a string of more digits than int() will read
        raise DomainError(message) from None
    if not low <= number <= high:
        raise DomainError(message)
    return number


def optional_number(value: object, *, low: int, high: int, message: str) -> int | None:
    """A whole number from ``low`` to ``high``, or None when the field is empty.
    ``message`` (with ``{low}`` and ``{high}``) when it is anything else."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise DomainError(message, low=low, high=high) from None
    if not low <= number <= high:
        raise DomainError(message, low=low, high=high)
    return number


def minutes(value: object, *, default: int) -> int:
    """Minutes from 1 to 120; ``default`` when the field is empty."""
    number = optional_number(
        value,
        low=MINUTES_LOW,
        high=MINUTES_HIGH,
        message=N_("Minutes must be a whole number from {low} to {high}."),
    )
    return default if number is None else number

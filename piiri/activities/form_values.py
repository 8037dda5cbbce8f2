"""Values from a socket message, checked the same way by every activity that takes them.

Each raises DomainError with a translatable message; nothing here does I/O.
"""

from __future__ import annotations

from piiri.domain.vocabulary import N_, DomainError

MINUTES_LOW, MINUTES_HIGH = 1, 120


def whole_number(value: object, message: str) -> int:
    """``value`` as an int; ``message`` when it is not one."""
    try:
        return int(str(value))
    except ValueError:
        raise DomainError(message) from None


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


def multiline_text(value: object, *, empty: str, limit: int) -> str:
    """Text as stored: spaces collapsed within each line, line breaks kept, ends trimmed.
    Raises DomainError(``empty``) when nothing is left, and when longer than ``limit``."""
    lines = (" ".join(line.split()) for line in str(value or "").splitlines())
    cleaned = "\n".join(lines).strip()
    if not cleaned:
        raise DomainError(empty)
    if len(cleaned) > limit:
        raise DomainError(N_("A note can be at most {limit} characters long."), limit=limit)
    return cleaned

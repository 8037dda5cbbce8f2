"""Values from a socket message, checked the same way by every activity that takes them.

Each raises DomainError with a translatable message; nothing here does I/O.
"""

from __future__ import annotations

from piiri.activities.base import N_, DomainError

MINUTES_LOW, MINUTES_HIGH = 1, 120


def whole_number(value: object, message: str) -> int:
    """``value`` as an int; ``message`` when it is not one."""
    try:
        return int(str(value))
    except ValueError:
        raise DomainError(message) from None


def minutes(value: object, *, default: int) -> int:
    """Minutes from 1 to 120; ``default`` when the field is empty."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default
    message = N_("Minutes must be a whole number from {low} to {high}.")
    try:
        number = int(text)
    except ValueError:
        raise DomainError(message, low=MINUTES_LOW, high=MINUTES_HIGH) from None
    if not MINUTES_LOW <= number <= MINUTES_HIGH:
        raise DomainError(message, low=MINUTES_LOW, high=MINUTES_HIGH)
    return number


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

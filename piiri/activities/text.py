"""Text as Piiri stores it: the one place that decides which characters may enter the log.

Every piece of text a person gives (a note, an option, a name, a title, a pinned message) goes
through ``clean_characters``, and the socket's decode step runs ``clean_json`` over a whole
message, so no entry path (socket, form, CLI, a future import) can store text that breaks a
view or an export. The fold runs ``clean_json`` over every stored event too, which heals logs
written by versions before this rule (docs/architecture.md, "Text that enters").

What is done to a character, and why:

- A lone surrogate (JSON's ``"\\udc00"``; ``surrogateescape`` from a command line) becomes
  U+FFFD, the replacement character. UTF-8 cannot encode it, so a response carrying it fails.
  HTTP forms already turn bad bytes into U+FFFD, so the socket and the forms agree, and the rest
  of what the person wrote is kept. A surrogate *pair* becomes the character it encodes.
- Control characters are removed: C0 (U+0000–U+001F) except tab and line feed, DEL, and C1
  (U+0080–U+009F). A carriage return first becomes a line feed, so Windows and old Mac line
  breaks stay line breaks. NUL cuts strings short in C libraries and PostgreSQL refuses it in
  text; the others show as nothing or as boxes and can break a CSV reader.
- The bidirectional embedding, override and isolate characters (U+202A–U+202E,
  U+2066–U+2069) are removed: one unclosed U+202E makes everything after it on a board display
  reversed. Right-to-left text needs none of them, and the marks U+200E, U+200F and U+061C
  (which only mark a direction, never reorder what follows) are kept.

Everything else (combining marks, astral-plane characters, right-to-left scripts) is kept as
written. Nothing here does I/O.
"""

from __future__ import annotations

import re
from typing import Any

from piiri.domain.vocabulary import N_, DomainError

REPLACEMENT = "\ufffd"

# Everything ``clean_characters`` changes. Text without any of these is returned as it is, so
# the common case costs one regex scan (the fold runs this over every stored event).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_characters(text: str) -> str:
    """``text`` with surrogates replaced and control and bidi override characters removed, as
    the module docstring says. Idempotent; the result always encodes as UTF-8."""
    if _UNWANTED.search(text) is None:
        return text
    if _SURROGATES.search(text) is not None:
        # UTF-16 with surrogatepass joins a valid pair into its character; decoding with
        # "replace" turns each one that is alone into U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _REMOVED.sub("", text)


def clean_json(value: Any) -> Any:
    """A JSON value (a decoded message, an event's data) with every string at any depth, keys
    included, passed through ``clean_characters``. Returns ``value`` itself when nothing had to
    change, so clean data costs no copy."""
    if isinstance(value, str):
        return clean_characters(value)
    if isinstance(value, dict):
        changed = False
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            new_key = clean_characters(key) if isinstance(key, str) else key
            new_item = clean_json(item)
            changed = changed or new_key is not key or new_item is not item
            cleaned[new_key] = new_item
        return cleaned if changed else value
    if isinstance(value, list):
        items = [clean_json(item) for item in value]
        return value if all(a is b for a, b in zip(value, items, strict=True)) else items
    return value


def one_line(
    value: object,
    *,
    limit: int,
    required: str | None = None,
    too_long: str = N_("This can be at most {limit} characters long."),
) -> str:
    """Text for one line (a name, a title, an option): cleaned, runs of whitespace (line breaks
    too) made one space, ends trimmed. None is no text.

    Raises DomainError(``required``) when nothing is left and ``required`` is given, and
    DomainError(``too_long``, limit=``limit``) when longer than ``limit`` characters."""
    text = " ".join(clean_characters("" if value is None else str(value)).split())
    if required is not None and not text:
        raise DomainError(required)
    if len(text) > limit:
        raise DomainError(too_long, limit=limit)
    return text


def lines(value: object) -> list[str]:
    """The non-empty lines of a text field (options, prompts, a guide), each cleaned as
    ``one_line`` cleans, without limits. A list (a form field sent more than once) is its items."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        text = clean_characters("" if item is None else str(item))
        found.extend(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)
    return found


def multiline(
    value: object,
    *,
    empty: str,
    limit: int,
    too_long: str = N_("A note can be at most {limit} characters long."),
) -> str:
    """Text that keeps its line breaks (a note): cleaned, spaces collapsed within each line,
    ends trimmed.

    Raises DomainError(``empty``) when nothing is left, and DomainError(``too_long``,
    limit=``limit``) when longer than ``limit`` characters."""
    text = clean_characters("" if value is None else str(value))
    cleaned = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    if not cleaned:
        raise DomainError(empty)
    if len(cleaned) > limit:
        raise DomainError(too_long, limit=limit)
    return cleaned

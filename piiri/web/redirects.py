"""Where a `next` parameter may send a person: only to a path on this site."""

from __future__ import annotations


def local_target(value: object, default: str) -> str:
    """``value`` if it is a path on this site, else ``default``.

    "//host" and "/\\host" are refused: browsers read both as another site.
    """
    text = str(value or "")
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return default
    return text

"""Text a hostile (or merely unlucky) person might send, and what stored text must never hold.

Shared by the in-process property tests (tests/test_text_cleaning.py) and the socket tests
(tests/test_hostile_text_live.py). See piiri/activities/text.py for the policy checked here.
"""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import strategies as st

# What no stored or rendered text may contain: surrogates (UTF-8 cannot encode them), C0 controls
# other than tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# One of each kind of trouble, and some that must survive untouched (RTL, combining, astral).
BAD_STRINGS = (
    "note\udc00x",  # the lone surrogate of the issue
    "\ud800",
    "\udfff\ud800 reversed pair",
    "\ud83d\ude00 a pair that is one emoji",
    "nul\x00byte",
    "\x1b[31mred\x1b[0m and a bell\x07",
    "\r\nline\rbreaks\r",
    "\x85\x9f\x7f C1 and DEL",
    "\u202eevil.exe\u202c",
    "\u2066isolated\u2069 \u2067rtl isolate\u2068 first strong",
    "\u202a\u202b\u202d",
    "עברית \u200f العربية \u200e mixed",
    "e\u0301\u0308\u0323 combining marks \u20dd",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏳️‍🌈 𠀀 astral",
    '=HYPERLINK("http://evil")',
    "<script>alert(1)</script> {{ 7*7 }}",
    "\ufeff\u2028\u2029\ufffd",
    "\udc00" * 300,
    "x" * 3000,
)

_PIECES = st.one_of(
    st.sampled_from("\x00\x01\x07\x0b\x0c\r\x1b\x1f\x7f\x85\x9f\u202a\u202b\u202c\u202d\u202e"),
    st.sampled_from("\u2066\u2067\u2068\u2069\u200e\u200f\u2028\u2029\ufeff\ufffd\n\t \r\n"),
    st.characters(categories=["Cs"]),  # lone surrogates: Hypothesis leaves them out by default
    st.characters(),  # anything else Unicode has
    st.characters(min_codepoint=0x10000),  # astral plane
    st.characters(categories=["Mn", "Me"]),  # combining marks
    st.characters(min_codepoint=0x0590, max_codepoint=0x08FF),  # Hebrew, Arabic, Syriac, ...
)
_SHORT = st.lists(_PIECES, max_size=40).map("".join)
_LONG = st.builds(
    lambda unit, times: unit * times,
    st.lists(_PIECES, min_size=1, max_size=6).map("".join),
    st.integers(min_value=100, max_value=1500),
)

HOSTILE_TEXT = st.one_of(_SHORT, _SHORT, _LONG, st.sampled_from(BAD_STRINGS))

_POOL = (
    [chr(c) for c in range(0x20)]
    + ["\x7f", "\x85", "\u202e", "\u2066", "\u2069", "\ud800", "\udc00", "\udfff"]
    + ["a", "ä", "ö", "å", " ", "\u0301", "ع", "ש", "😀", "𠀀", "\ufffd"]
)


def capped_random_strings(count: int, *, seed: int, length: int = 120) -> list[str]:
    """``count`` random strings of at most ``length`` characters from a hostile pool (for the
    socket tests, which cannot afford Hypothesis's example counts)."""
    chooser = random.Random(seed)
    return [
        "".join(chooser.choice(_POOL) for _ in range(chooser.randint(1, length)))
        for _ in range(count)
    ]


def bad_strings_in(value: Any, where: str = "") -> list[str]:
    """Where in a JSON value (keys too) a string cannot be encoded as UTF-8 or holds a forbidden
    character: an empty list when every string may be stored and shown."""
    if isinstance(value, str):
        return [f"{where}: {value[:60]!r}"] if FORBIDDEN.search(value) else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found += bad_strings_in(key, f"{where}<key>")
            found += bad_strings_in(item, f"{where}.{key}")
        return found
    if isinstance(value, list | tuple):
        return [
            bad for i, item in enumerate(value) for bad in bad_strings_in(item, f"{where}[{i}]")
        ]
    return []

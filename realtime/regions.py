"""What a socket already shows: a rendering split into its regions, each with a digest of what a
person sees in it, so that a fan-out sends a socket only the regions whose content changed.

A rendering (the phone's shared regions, a console's people region...) is a run of top-level
elements swapped out of band, each with a stable id. Two renderings of a region at different
seqs differ in ``data-seq`` even when nothing else changed (a vote while results are hidden),
and a running countdown differs in the seconds left at rendering time although the browser
counts down by itself from the first one (static/countdown.js; its ``data-key`` names the end).
The digest leaves both out: a region is sent when what it shows changed, never for its seq.

Nothing in the browser reads ``data-seq`` (static/piiri.js heals by reconnecting, and a
reconnect gets the whole view: a new socket shows nothing yet). The hub keeps each socket's
seq itself (``Connection.seq_sent``); a region that is sent carries the seq it was rendered at.

What a socket shows is a ``Shown``: a tuple of (region id, digest), the very object of the
rendering it was last brought up to, shared by every socket of that audience: a socket holds a
reference, not a copy. The frame that brings a socket from one ``Shown`` to a rendering is made
once per distinct ``Shown`` and shared by every socket that showed it.
"""

from __future__ import annotations

import hashlib
import re

from realtime.wire import Prepared

Shown = tuple[tuple[str, bytes], ...]

# Where a region starts: an element with an id that is swapped out of band.
_START = re.compile(r'<[a-z]+ id="([^"]+)"[^>]*\bhx-swap-oob="')
_SEQ = re.compile(r' data-seq="\d+"')
# A running countdown's seconds left, in its attributes and in the text it shows before the
# browser's first tick; its class ``is-up`` likewise (the browser sets it at zero).
_IS_UP = re.compile(r' is-up(?=")')
_REMAINING = re.compile(r'data-remaining="\d+"(?= data-running="true")')
_COUNTDOWN_VALUE = re.compile(r'<span class="countdown-value">[^<]*</span>')


def what_it_shows(text: str) -> str:
    """``text`` without what changes while nothing a person sees does."""
    text = _SEQ.sub("", text)
    if 'data-running="true"' in text:
        text = _IS_UP.sub("", text)
        text = _REMAINING.sub("", text)
        text = _COUNTDOWN_VALUE.sub("", text)
    return text


def digest(text: str) -> bytes:
    shown = what_it_shows(text).encode(errors="surrogatepass")
    return hashlib.blake2b(shown, digest_size=16).digest()


def split(text: str) -> list[tuple[str, str]]:
    """The regions of ``text`` as (id, text), in order; text before the first region (a
    template's comments, blank lines) belongs to none. No region at all: one, named ''."""
    starts = list(_START.finditer(text))
    if not starts:
        return [("", text)]
    ends = [s.start() for s in starts[1:]] + [len(text)]
    return [(s.group(1), text[s.start() : end]) for s, end in zip(starts, ends, strict=True)]


class Rendering:
    """One rendering of an audience's regions: the whole frame, and what it shows per region."""

    __slots__ = ("_since", "prepared", "regions", "shown")

    def __init__(self, text: str) -> None:
        self.prepared = Prepared(text)
        self.regions = [(rid, digest(part), part) for rid, part in split(text)]
        self.shown: Shown = tuple((rid, d) for rid, d, _ in self.regions)
        self._since: dict[Shown, Prepared | None] = {}

    def since(self, shown: Shown | None) -> Prepared | None:
        """The frame that brings a socket showing ``shown`` up to this rendering: the whole
        rendering for a socket that shows nothing yet, only the changed regions otherwise, and
        None when every region already shows what this one does."""
        if shown is None:
            return self.prepared
        if shown is self.shown:
            return None
        try:
            return self._since[shown]
        except KeyError:
            pass
        before = dict(shown)
        changed = [part for rid, d, part in self.regions if before.get(rid) != d]
        if not changed:
            frame = None
        elif len(changed) == len(self.regions):
            frame = self.prepared
        else:
            frame = Prepared("".join(changed))
        self._since[shown] = frame
        return frame

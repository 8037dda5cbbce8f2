"""What every surface shows of a workshop alike: the join link, its QR code, the running
activity and the time a countdown is measured from."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import segno
from markupsafe import Markup

from piiri.activities import activity_kind
from piiri.domain.state import WorkshopState


def join_url(base_url: str, code: str) -> str:
    return f"{base_url}/j/{code}"


@functools.lru_cache(maxsize=256)
def results_url(base_url: str, token: str) -> str:
    """The public results page's address (participant/results_page.py)."""
    return f"{base_url}/r/{token}"


def offered_results(base_url: str, state: WorkshopState) -> str:
    """The published results page's address, offered on the phones and the closed room
    screen; "" while none is published."""
    return results_url(base_url, state.results_token) if state.results_token else ""


def qr_svg(url: str) -> Markup:
    """The join link as an inline SVG QR code, drawn on the server (no script, no CDN)."""
    qr = segno.make(url, error="m")
    svg: str = qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)


@dataclass(frozen=True)
class Call:
    """The video call a remote person needs now: their group's, or the room's."""

    url: str
    group: bool


def call_for(state: WorkshopState, participant_id: int | None) -> Call | None:
    """The call a remote, present person joins now: their breakout group's while it works (if
    it has one), else the workshop's; None for people in the room and when there is none."""
    person = state.people.get(participant_id) if participant_id is not None else None
    if person is None or person.in_room or not person.present or state.closed:
        return None
    info = state.current
    if info is not None:
        own = activity_kind(info.kind).call_link(state.activity_state(info.id), person.id)
        if own:
            return Call(own, group=True)
    return Call(state.call_link, group=False) if state.call_link else None


def activity_context(state: WorkshopState, now: datetime | None = None) -> dict[str, Any]:
    """The running activity for the templates, and ``now``: countdowns are rendered as the
    seconds left at this moment, and the browser counts down from there."""
    now = now or datetime.now(UTC)
    info = state.current
    if info is None:
        return {"activity": None, "activity_state": None, "kind": None, "now": now}
    return {
        "now": now,
        "activity": info,
        "activity_state": state.activity_state(info.id),
        "kind": activity_kind(info.kind),
    }

"""How phones and room screens see a workshop: the regions the hub pushes to them."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Any

import segno
from markupsafe import Markup

from piiri.activities import activity_kind
from piiri.rendering import Renderer
from piiri.workshop_state import WorkshopState


def join_url(base_url: str, code: str) -> str:
    return f"{base_url}/j/{code}"


@functools.lru_cache(maxsize=256)
def qr_svg(url: str) -> Markup:
    """The join link as an inline SVG QR code, drawn on the server (no script, no CDN)."""
    qr = segno.make(url, error="m")
    svg: str = qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)


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


class PhoneViews:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        context = {"workshop": state, "oob": True, **activity_context(state)}
        return self.renderer.render(language, "_phone_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        info = state.current
        if participant_id is None:
            return None
        person = state.people.get(participant_id)
        present = person.present if person else False
        if info is None or state.closed or not present:
            return ("none", state.closed, present)
        kind = activity_kind(info.kind)
        return (
            info.id,
            state.input_locked,
            state.results_hidden,
            kind.personal_key(state.activity_state(info.id), participant_id),
        )

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        context = {"workshop": state, "me": participant_id, "oob": True, **activity_context(state)}
        return self.renderer.render(language, "_phone_personal.html", context)


class ScreenViews:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        url = join_url(base_url, state.code)
        context = {
            "workshop": state,
            "oob": True,
            "join_url": url,
            "qr": qr_svg(url),
            **activity_context(state),
        }
        return self.renderer.render(language, "_screen_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        return None

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        return ""

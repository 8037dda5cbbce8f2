"""How the facilitator's console sees a workshop: the regions the hub pushes to it."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from piiri.activities import REGISTRY
from piiri.domain.state import WorkshopState
from piiri.web.presenting import activity_context, join_url
from piiri.web.rendering import Renderer

# How many of the waiting and of the latest joined the console's people region lists.
CONSOLE_ROWS = 8


def people_summary(state: WorkshopState) -> dict[str, Any]:
    """What the console's people region shows: counts, a few waiting, the latest joined."""
    people = list(state.people.values())
    joined = [p for p in people if not p.waiting]
    return {
        "total": len(people),
        "present": len(state.present_people),
        "in_room": state.in_room,
        "remote": state.remote,
        "left": sum(1 for p in joined if not p.present and not p.removed),
        "removed": sum(1 for p in people if p.removed),
        "waiting_count": len(state.waiting),
        "waiting": state.waiting[:CONSOLE_ROWS],
        "latest": sorted(joined, key=lambda p: p.id, reverse=True)[:CONSOLE_ROWS],
        "policy": state.join_policy,
        "cap": state.join_cap,
    }


class ConsoleViews:
    """The console's shared regions, and its people list as the socket's own region.

    The people region changes only when someone joins, leaves or comes back. Sent as the
    socket's own region, keyed by ``people_seq``, it is rendered and sent once per change
    instead of once per vote; and it is a summary (counts, a few waiting, the latest joined:
    facilitator/people.py), so a change costs a few kilobytes with 5,000 people as with 5.
    """

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        context = {
            "workshop": state,
            "oob": True,
            "join_url": join_url(base_url, state.code),
            "kinds": REGISTRY,
            **activity_context(state),
        }
        return self.renderer.render(language, "_console_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        return ("people", state.people_seq)

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        context = {"workshop": state, "oob": True, "people": people_summary(state)}
        return self.renderer.render(language, "_console_people.html", context)

"""How the facilitator's console sees a workshop: the regions the hub pushes to it."""

from __future__ import annotations

from collections.abc import Hashable

from participant.views import activity_context, join_url
from piiri.activities import REGISTRY
from piiri.rendering import Renderer
from piiri.workshop_state import WorkshopState


class ConsoleViews:
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
        return None

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        return ""

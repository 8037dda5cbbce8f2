"""How the facilitator's console sees a workshop: the regions the hub pushes to it."""

from __future__ import annotations

from collections.abc import Hashable

from piiri.activities import REGISTRY
from piiri.domain.state import WorkshopState
from piiri.web.presenting import activity_context, join_url
from piiri.web.rendering import Renderer


class ConsoleViews:
    """The console's shared regions, and its people list as the socket's own region.

    The people list grows with the room (2,000 rows in a large one) and changes only when
    someone joins, leaves or comes back. Sent as the socket's own region, keyed by
    ``people_seq``, it is rendered and sent once per change instead of once per vote.
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
        context = {"workshop": state, "oob": True}
        return self.renderer.render(language, "_console_people.html", context)

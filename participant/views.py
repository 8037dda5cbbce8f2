"""How phones and room screens see a workshop: the regions the hub pushes to them."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from piiri.activities import activity_kind
from piiri.domain.state import WorkshopState
from piiri.web.presenting import (
    activity_context,
    call_for,
    join_url,
    offered_results,
    qr_svg,
)
from piiri.web.rendering import Renderer


class PhoneViews:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        context = {
            "workshop": state,
            "oob": True,
            "results_url": offered_results(base_url, state),
            **activity_context(state),
        }
        return self.renderer.render(language, "_phone_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        info = state.current
        if participant_id is None:
            return None
        person = state.people.get(participant_id)
        present = person.present if person else False
        call = call_for(state, participant_id)
        if info is None or state.closed or not present:
            return ("none", state.closed, present, call)
        kind = activity_kind(info.kind)
        return (
            call,
            info.id,
            state.input_locked,
            state.results_hidden,
            kind.personal_key(state.activity_state(info.id), participant_id),
        )

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        context = {
            "workshop": state,
            "me": participant_id,
            "oob": True,
            "call": call_for(state, participant_id),
            **activity_context(state),
        }
        return self.renderer.render(language, "_phone_personal.html", context)


def screen_context(state: WorkshopState, base_url: str) -> dict[str, Any]:
    """What the room screen's regions are rendered with (the page adds its token)."""
    url = join_url(base_url, state.code)
    results = offered_results(base_url, state)
    return {
        "workshop": state,
        "join_url": url,
        "qr": qr_svg(url),
        "results_url": results,
        "results_qr": qr_svg(results) if results and state.closed else "",
        **activity_context(state),
    }


class ScreenViews:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        # The facilitator's pair ("fi + sv") for every screen, whatever its own language.
        first, second = state.screen_pair(language)
        context = {**screen_context(state, base_url), "oob": True, "second_language": second}
        return self.renderer.render(first, "_screen_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        return None

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        return ""


class ExpertViews:
    """What an expert's link shows: the running activity's expert view, read-only, shared by
    every expert of the workshop (nothing personal)."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str:
        context = {"workshop": state, "oob": True, **activity_context(state)}
        return self.renderer.render(language, "_expert_regions.html", context)

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        return None

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str:
        return ""

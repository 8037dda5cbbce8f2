"""The room screen's join panel, decided like the other shared controls; given events, when a
command, then events (no fixtures)."""

from __future__ import annotations

import pytest

from piiri.domain.commands import PlaceJoinPanel
from piiri.domain.events import JoinPanelPlaced
from piiri.domain.permissions import authorise
from piiri.domain.vocabulary import Actor, DomainError
from tests.support.workshop_given import FACILITATOR, given, when


def test_the_join_panel_starts_large_and_moves_where_the_facilitator_puts_it() -> None:
    assert given().join_panel == "large"
    assert when(given(), PlaceJoinPanel("corner")) == [JoinPanelPlaced("corner")]
    cornered = given(JoinPanelPlaced("corner"))
    assert cornered.join_panel == "corner"
    assert when(cornered, PlaceJoinPanel("corner")) == []
    assert given(JoinPanelPlaced("corner"), JoinPanelPlaced("hidden")).join_panel == "hidden"


def test_a_placement_the_screen_does_not_have_is_refused() -> None:
    with pytest.raises(DomainError, match="large, corner or hidden"):
        when(given(), PlaceJoinPanel("ceiling"))


def test_only_the_facilitator_places_the_join_panel() -> None:
    message = {"command": "place_join_panel", "placement": "hidden"}
    assert authorise(FACILITATOR, 1, message) == PlaceJoinPanel("hidden")
    with pytest.raises(DomainError, match="Only the facilitator"):
        authorise(Actor("participant", participant_id=1), 1, message)
    with pytest.raises(DomainError, match="only shows"):
        authorise(Actor("screen"), 1, message)

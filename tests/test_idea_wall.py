"""The idea wall, decided and folded without I/O: every transition and refusal; one like per
person per idea; nobody's name on the wall, its views or its export."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities.idea_wall.kind import IdeaWallKind
from piiri.activities.idea_wall.model import IdeaWall
from piiri.domain.vocabulary import Actor, Context, DomainError, Person
from tests.support.kind_views import views, workshop

KIND = IdeaWallKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
PEOPLE: Mapping[int, Person] = {
    1: Person(1, "Aino", in_room=True, by_proxy=False),
    2: Person(2, "Bertta", in_room=False, by_proxy=False),
    3: Person(3, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=1)
AINO = Actor("participant", participant_id=1)
BERTTA = Actor("participant", participant_id=2)
ids = iter(range(1, 10_000))


def context(current: bool = True) -> Context:
    return Context(now=NOW, new_id=f"n{next(ids)}", people=PEOPLE, is_current=current)


def wall(**config: str) -> IdeaWall:
    return KIND.initial(KIND.parse_config({"prompt": "Evenings?", "themes": "Events", **config}))


def send(state: IdeaWall, actor: Actor, command: str, /, **values: Any) -> IdeaWall:
    for event in KIND.decide(state, KIND.parse_command(command, values, actor), context()):
        state = KIND.evolve(state, event)
    return state


def refused(state: IdeaWall, actor: Actor, command: str, message: str, /, **values: Any) -> None:
    with pytest.raises(DomainError) as error:
        KIND.decide(state, KIND.parse_command(command, values, actor), context())
    assert str(error.value) == message


def test_an_idea_goes_on_the_wall_at_once_or_after_the_facilitator_shows_it() -> None:
    state = send(wall(), AINO, "post", text="Board games")
    assert [i.status for i in state.ideas.values()] == ["shown"]
    moderated = send(wall(premoderated="on"), AINO, "post", text="Board games")
    assert [i.status for i in moderated.ideas.values()] == ["pending"] and moderated.shown == []
    refused(moderated, AINO, "like", "Only ideas on the wall can be liked.", idea="1")
    shown = send(moderated, FACILITATOR, "approve", idea="1")
    assert [i.status for i in shown.ideas.values()] == ["shown"]
    assert send(shown, FACILITATOR, "approve", idea="1") == shown
    hidden = send(shown, FACILITATOR, "step", step=f"hide:{next(iter(shown.ideas))}")
    assert hidden.shown == [] and [i.status for i in hidden.ideas.values()] == ["hidden"]
    refused(shown, AINO, "hide", "Only the facilitator can do that.", idea="1")


def test_posting_refuses_bad_input() -> None:
    state = wall()
    refused(state, AINO, "post", "An idea needs some text.", text=" ")
    refused(state, AINO, "post", "An idea can be at most 200 characters long.", text="x" * 201)
    refused(
        state,
        FACILITATOR,
        "post",
        "That person has a phone of their own; they take part from it themselves.",
        text="x",
        **{"for": "1"},
    )
    by_proxy = send(state, FACILITATOR, "post", text="A quiet room", **{"for": "3"})
    assert [(i.author, i.proxy) for i in by_proxy.ideas.values()] == [(3, True)]
    with pytest.raises(DomainError) as stopped:
        KIND.decide(state, KIND.parse_command("post", {"text": "x"}, AINO), context(False))
    assert str(stopped.value) == "This activity is not running right now."


def test_one_like_per_person_per_idea_and_it_can_be_taken_back() -> None:
    state = send(wall(), AINO, "post", text="Board games")
    state = send(state, BERTTA, "like", idea="1")
    refused(state, BERTTA, "like", "You already like this idea.", idea="1")
    state = send(state, FACILITATOR, "like", idea="1", **{"for": "3"})
    assert state.likes_for(next(iter(state.ideas))) == 2
    state = send(state, BERTTA, "unlike", idea="1")
    refused(state, BERTTA, "unlike", "You have not liked this idea.", idea="1")
    assert state.liked_by(2) == frozenset() and state.like_count == 1
    refused(state, BERTTA, "like", "That idea is not on this wall.", idea="9")


def test_the_facilitator_groups_ideas_into_themes_by_number_and_name() -> None:
    state = send(wall(), AINO, "post", text="Board games")
    state = send(state, FACILITATOR, "add_theme", name="Spaces")
    refused(state, FACILITATOR, "add_theme", "“spaces” is already a theme.", name="spaces")
    refused(state, FACILITATOR, "add_theme", "A theme needs a name.", name=" ")
    state = send(state, FACILITATOR, "group", idea="1", theme="t2")
    assert [
        (t.name.text if t else None, [i.text for i in ideas]) for t, ideas in state.columns()
    ] == [
        ("Events", []),
        ("Spaces", ["Board games"]),
    ]
    refused(state, FACILITATOR, "group", "That theme is not on this wall.", idea="1", theme="t9")
    back = send(state, FACILITATOR, "group", idea="1", theme="")
    assert back.columns()[-1][0] is None  # the ungrouped column


def test_the_screen_switches_to_the_top_ideas() -> None:
    state = wall()
    for text in ("One", "Two", "Three"):
        state = send(state, AINO, "post", text=text)
    state = send(state, BERTTA, "like", idea="3")
    assert next(i.text for i in state.top()) == "Three"
    state = send(state, FACILITATOR, "show_view", view="top")
    refused(state, FACILITATOR, "show_view", "Show the wall or the top ideas.", view="x")
    seen = views(workshop(KIND, {}, state), "en")
    assert "The top ideas" in seen["screen"] and "♥ 1" in seen["screen"]


def test_nobody_is_named_on_the_wall_or_in_its_export() -> None:
    state = send(wall(), BERTTA, "post", text="Board games")
    state = send(state, FACILITATOR, "post", text="A quiet room", **{"for": "3"})
    for html in views(workshop(KIND, {}, state), "en").values():
        assert "Bertta" not in html
    assert "Bertta" not in json.dumps(KIND.export(state, PEOPLE).data)
    assert "Pekka" not in json.dumps(KIND.export(state, PEOPLE).data)


def test_a_theme_is_renamed_and_refused_a_name_another_theme_has() -> None:
    state = send(wall(), FACILITATOR, "add_theme", name="Spaces")
    assert [(t.id, t.name.text) for t in state.themes] == [("t1", "Events"), ("t2", "Spaces")]
    state = send(state, FACILITATOR, "rename_theme", theme="t1", name="  Evening events ")
    assert [t.name.text for t in state.themes] == ["Evening events", "Spaces"]
    # Its own name in another case is no clash; another theme's name is.
    state = send(state, FACILITATOR, "rename_theme", theme="t2", name="SPACES")
    assert state.themes[1].name.text == "SPACES"
    refused(
        state,
        FACILITATOR,
        "rename_theme",
        "“Spaces” is already a theme.",
        theme="t1",
        name="Spaces",
    )
    refused(state, FACILITATOR, "rename_theme", "A theme needs a name.", theme="t1", name=" ")
    refused(
        state, FACILITATOR, "rename_theme", "That theme is not on this wall.", theme="t9", name="X"
    )
    refused(state, AINO, "rename_theme", "Only the facilitator can do that.", theme="t1", name="X")
    seen = views(workshop(KIND, {}, state), "en")
    assert 'value="Evening events"' in seen["console"]
    assert "Evening events" in seen["screen"] and "Evening events" in seen["report"]


def test_a_removed_themes_ideas_go_back_among_the_ungrouped() -> None:
    state = send(wall(), AINO, "post", text="Board games")
    state = send(state, AINO, "post", text="Film club")
    first, second = list(state.ideas)
    state = send(state, FACILITATOR, "group", idea="1", theme="t1")
    state = send(state, FACILITATOR, "remove_theme", theme="t1")
    assert state.themes == ()
    assert {i.theme for i in state.ideas.values()} == {""}
    assert [(t, [i.id for i in ideas]) for t, ideas in state.columns()] == [(None, [first, second])]
    refused(state, FACILITATOR, "remove_theme", "That theme is not on this wall.", theme="t1")
    refused(state, FACILITATOR, "group", "That theme is not on this wall.", idea="2", theme="t1")
    # A new theme gets a new id: nothing grouped under the removed one comes back with it.
    state = send(state, FACILITATOR, "add_theme", name="Events")
    assert [t.id for t in state.themes] == ["t2"]
    assert KIND.export(state, PEOPLE).data["themes"] == ["Events"]

"""The facilitator's console in a large room grows with the room, not with the room squared.

A breakout of 300 people in 60 groups used to offer a "move into this group" list of everyone
in every group: 18,000 options, several megabytes re-rendered on every note. The console now
has one move form. These tests count what the console offers; they never time it (the figures
are in docs/performance.md).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from facilitator.views import ConsoleViews
from piiri.activities.base import Person
from piiri.activities.breakout import BreakoutPrompts
from piiri.activities.breakout_model import Group
from piiri.activities.interview import AppreciativeInterview
from piiri.activities.interview_model import Pair
from piiri.rendering import Renderer
from piiri.workshop_state import ActivityInfo, WorkshopState

PEOPLE = 300


def workshop(kind: str, config: dict[str, Any], state: Any) -> WorkshopState:
    people = {
        i: Person(i, f"Person {i}", in_room=i % 2 == 0, by_proxy=i == 1)
        for i in range(1, PEOPLE + 1)
    }
    # One person has left: they are offered nowhere.
    people[PEOPLE] = replace(people[PEOPLE], present=False)
    info = ActivityInfo(id=1, kind=kind, title="Together", position=1, config=config)
    return WorkshopState(
        id=1,
        title="A large room",
        language="en",
        code="123456",
        screen_token="screen",
        people=people,
        activities=(info,),
        activity_states={1: state},
        current_activity_id=1,
    )


def members(size: int) -> list[tuple[int, ...]]:
    """The participants but the last, in runs of ``size``; the last is in none."""
    ids = list(range(1, PEOPLE))
    return [tuple(ids[k : k + size]) for k in range(0, len(ids), size)]


def breakout_room() -> tuple[WorkshopState, int]:
    kind = BreakoutPrompts()
    config = kind.parse_config({"prompts": "What works?"})
    groups = tuple(
        Group(id=f"g{n}", number=n, prompts=(), members=m)
        for n, m in enumerate(members(5), start=1)
    )
    state = replace(kind.initial(config), stage="working", groups=groups)
    return workshop("breakout", config, state), len(groups)


def interview_room() -> tuple[WorkshopState, int]:
    kind = AppreciativeInterview()
    config = kind.parse_config({})
    pairs = tuple(Pair(id=f"p{n}", number=n, members=m) for n, m in enumerate(members(2), start=1))
    state = replace(kind.initial(config), stage="interviewing", pairs=pairs)
    return workshop("interview", config, state), len(pairs)


def select(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no #{select_id}"
    return re.findall(r"<option [^>]*>([^<]*)</option>", found.group(1))


@pytest.mark.parametrize(
    ("room", "unit"),
    [(breakout_room, "Group"), (interview_room, "Pair")],
    ids=["breakout", "interview"],
)
def test_the_console_offers_each_present_person_once_whatever_the_number_of_groups(
    room: Any, unit: str
) -> None:
    state, count = room()
    html = ConsoleViews(Renderer()).shared(state, "en", "")

    who = select(html, "move-who")
    assert len(who) == PEOPLE - 1  # the one who left is not offered
    assert who[0] == f"Person 1 ({unit} 1)"
    assert who[-1] == f"Person {PEOPLE - 1} ({unit} {count})"
    into = select(html, "move-into")
    assert into == [f"{unit} {n}" for n in range(1, count + 1)]
    # Everything the console offers to choose from: the move form, and a few small lists.
    assert html.count("<option") < PEOPLE + count + 20, html.count("<option")


def test_someone_in_no_group_is_offered_as_such() -> None:
    state, _ = breakout_room()
    breakout = state.activity_state(1)
    lonely = replace(breakout, groups=breakout.groups[1:])  # group 1's people are in none now
    state = replace(state, activity_states={1: lonely})
    who = select(ConsoleViews(Renderer()).shared(state, "en", ""), "move-who")
    assert who[0] == "Person 1 (not in a group)"
    assert who[5] == "Person 6 (Group 2)"

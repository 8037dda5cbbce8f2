"""The facilitator's console in a large room grows with the room, not with the room squared.

A breakout of 300 people in 60 groups used to offer a "move into this group" list of everyone
in every group: 18,000 options, several megabytes re-rendered on every note. The console now
has one move form. These tests count what the console offers; they never time it (the figures
are in docs/performance.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from bench import consoles
from bench.consoles import workshop
from facilitator.views import ConsoleViews
from piiri.activities import REGISTRY
from piiri.activities.breakout.kind import BreakoutKind
from piiri.activities.breakout.model import Group
from piiri.activities.grouping import Membership
from piiri.activities.interview.kind import InterviewKind
from piiri.activities.interview.model import Pair
from piiri.domain.state import WorkshopState
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs

# The first person has no phone; the last has left. Groups of five, pairs, the last in none.
PEOPLE = 300
GROUPS = 60  # 299 people in fives
PAIRS = 150  # 299 people in twos


def runs(people: int, size: int) -> list[tuple[int, ...]]:
    """The participants but the last, in runs of ``size``."""
    ids = list(range(1, people))
    return [tuple(ids[k : k + size]) for k in range(0, len(ids), size)]


def breakout_room(people: int) -> WorkshopState:
    """Groups of five; the last participant is in none."""
    kind = BreakoutKind()
    config = kind.parse_config({"prompts": "What works?"})
    members = {f"g{n}": m for n, m in enumerate(runs(people, 5), start=1)}
    groups = tuple(Group(id=gid, number=n, prompts=()) for n, gid in enumerate(members, start=1))
    membership = Membership().formed(members.items())
    state = replace(kind.initial(config), stage="working", groups=groups, membership=membership)
    return workshop(people, "breakout", config, state)


def interview_room(people: int) -> WorkshopState:
    """Pairs; the last participant is in none."""
    kind = InterviewKind()
    config = kind.parse_config({})
    members = {f"p{n}": m for n, m in enumerate(runs(people, 2), start=1)}
    pairs = tuple(Pair(id=pid, number=n) for n, pid in enumerate(members, start=1))
    membership = Membership().formed(members.items())
    state = replace(kind.initial(config), stage="interviewing", pairs=pairs, membership=membership)
    return workshop(people, "interview", config, state)


def select(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no #{select_id}"
    return re.findall(r"<option [^>]*>([^<]*)</option>", found.group(1))


@pytest.mark.parametrize(
    ("room", "unit", "count"),
    [(breakout_room, "Group", GROUPS), (interview_room, "Pair", PAIRS)],
    ids=["breakout", "interview"],
)
def test_the_console_offers_each_present_person_once_whatever_the_number_of_groups(
    room: Any, unit: str, count: int
) -> None:
    state: WorkshopState = room(PEOPLE)
    html = ConsoleViews(Renderer(template_dirs=installed_template_dirs())).shared(state, "en", "")

    who = select(html, "move-who")
    assert len(who) == PEOPLE - 1  # the one who left is not offered
    assert who[0] == f"Person 1 ({unit} 1)"
    assert who[-1] == f"Person {PEOPLE - 1} ({unit} {count})"
    into = select(html, "move-into")
    assert into == [f"{unit} {n}" for n in range(1, count + 1)]
    # Everything the console offers to choose from: the move form, and a few small lists.
    assert html.count("<option") < PEOPLE + count + 20, html.count("<option")


def test_someone_in_no_group_is_offered_as_such() -> None:
    state = breakout_room(PEOPLE)
    breakout = state.activity_state(1)
    lonely = replace(breakout, groups=breakout.groups[1:])  # group 1's people are in none now
    state = replace(state, activity_states={1: lonely})
    who = select(
        ConsoleViews(Renderer(template_dirs=installed_template_dirs())).shared(state, "en", ""),
        "move-who",
    )
    assert who[0] == "Person 1 (not in a group)"
    assert who[5] == "Person 6 (Group 2)"


def test_the_console_benchmark_prints_every_kind_against_the_dot_vote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    consoles.main(["--participants", "30", "--seconds", "0"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("CONSOLES "), last
    figures = json.loads(last.removeprefix("CONSOLES "))
    assert figures["participants"] == 30
    assert set(figures) - {"participants"} == set(REGISTRY)
    assert figures["dot_vote"]["ratio"] == 1.0
    for kind in REGISTRY:
        assert figures[kind]["ms"] > 0 and figures[kind]["kib"] > 1, (kind, figures[kind])

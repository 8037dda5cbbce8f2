"""A café played through its kind as the service would (decide, then fold), for the café's
domain tests (tests/test_cafe.py, tests/test_cafe_needs.py, tests/test_cafe_seating.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from piiri.activities.cafe.commands import Command
from piiri.activities.cafe.kind import CafeKind
from piiri.activities.cafe.model import Cafe, Event
from piiri.domain.vocabulary import Actor, Context, Person

KIND = CafeKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)


def people(room: int, remote: int = 0, proxies: int = 0) -> dict[int, Person]:
    """``room`` people in the room, then ``remote`` remote ones, then ``proxies`` in the room
    without a phone; ids from 1 in that order."""
    found = {i: Person(i, f"P{i}", in_room=True, by_proxy=False) for i in range(1, room + 1)}
    for i in range(room + 1, room + remote + 1):
        found[i] = Person(i, f"R{i}", in_room=False, by_proxy=False)
    for i in range(room + remote + 1, room + remote + proxies + 1):
        found[i] = Person(i, f"X{i}", in_room=True, by_proxy=True)
    return found


def config(**values: str) -> dict[str, Any]:
    return KIND.parse_config(values)


class CafeSession:
    """A café in progress: commands decided and folded as the service would."""

    def __init__(self, cfg: Mapping[str, Any], roster: Mapping[int, Person]) -> None:
        self.state: Cafe = KIND.initial(cfg)
        self.roster = dict(roster)
        self.count = 0

    def context(self) -> Context:
        self.count += 1
        return Context(NOW, f"id{self.count}", self.roster, is_current=True)

    def run(self, command: Command) -> list[Event]:
        events = KIND.decide(self.state, command, self.context())
        self.fold(events)
        return events

    def send(self, name: str, actor: Actor, **values: str) -> list[Event]:
        return self.run(KIND.parse_command(name, values, actor))

    def fold(self, events: list[Event]) -> None:
        for event in events:
            self.state = KIND.evolve(self.state, event)

    def people_changed(self) -> list[Event]:
        events = KIND.on_people_changed(self.state, self.context())
        self.fold(events)
        return events

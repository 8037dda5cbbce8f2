"""A workshop with every activity, decided and folded in process as the service does it, and
every view and export of it rendered: the ground for the property tests of hostile text.

No database: ``WorkshopRules`` decides (people's and activities' ids from counters, as in
tests/test_workshop_rules.py), ``preview`` folds, and the hub's own view classes render.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from facilitator.views import ConsoleViews
from participant.views import PhoneViews, ScreenViews
from piiri.db.models import Workshop
from piiri.domain.commands import AddActivity, AddProxyPerson, Join, WorkshopCommand
from piiri.domain.events import LogEvent
from piiri.domain.permissions import authorise
from piiri.domain.plan import preview
from piiri.domain.results import results_document, results_rows
from piiri.domain.rules import WorkshopRules, new_record
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor
from piiri.log.store import state_before_log
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)
AINO, BERTTA, CELIA, DORA = 100, 101, 102, 103  # Dora has no phone: the facilitator is her proxy
VOTE, ROUND, GROUPS, PAIRS = 200, 201, 202, 203
KIND_OF = {VOTE: "dot_vote", ROUND: "round_robin", GROUPS: "breakout", PAIRS: "interview"}
ACTIVITY_OF = {kind: activity_id for activity_id, kind in KIND_OF.items()}
RENDERER = Renderer(template_dirs=installed_template_dirs())
CONSOLE, PHONE, SCREEN = ConsoleViews(RENDERER), PhoneViews(RENDERER), ScreenViews(RENDERER)
BASE_URL = "http://testserver"


def participant(person_id: int) -> Actor:
    return Actor("participant", participant_id=person_id)


@dataclass
class World:
    """A workshop state and the counters the database would give ids from."""

    state: WorkshopState
    people: Iterator[int]
    activities: Iterator[int]
    tokens: Iterator[int]

    def run(self, command: WorkshopCommand, actor: Actor = FACILITATOR) -> list[LogEvent]:
        """Decide ``command`` and fold its events; the events, as they would be stored.
        Raises DomainError (and changes nothing) for an illegal command."""
        record = new_record(command)
        record_id = {"participant": self.people, "activity": self.activities}
        rules = WorkshopRules(
            now=T0,
            token=f"{next(self.tokens):08x}",
            record_id=next(record_id[record]) if record else None,
        )
        decision = rules.decide(self.state, actor, command)
        self.state = preview(self.state, decision.events)
        return decision.events

    def send(self, actor: Actor, **values: Any) -> list[LogEvent]:
        """A socket message's values, authorised and run as the endpoint does, but without the
        endpoint's own cleaning: what is left to the domain must be safe on its own."""
        return self.run(authorise(actor, self.state.id, values), actor)


def empty_world() -> World:
    row = Workshop(id=1, title="W", language="en", code="123456", owner_id=1)
    return World(
        state_before_log(row), itertools.count(AINO), itertools.count(VOTE), itertools.count()
    )


@cache
def base_state() -> WorkshopState:
    """Three people with phones and one without, and one activity of every kind."""
    world = empty_world()
    world.run(Join("Aino", in_room=True))
    world.run(Join("Bertta", in_room=False))
    world.run(Join("Celia", in_room=True))
    world.run(AddProxyPerson("Dora"))
    world.run(AddActivity("dot_vote", "Vote", {"options": "Opening hours\nRepair café\nRoutes"}))
    world.run(AddActivity("round_robin", "Round", {"seconds_per_speaker": "60"}))
    world.run(AddActivity("breakout", "Groups", {"prompts": "What would you keep?"}))
    world.run(AddActivity("interview", "Pairs", {"minutes_per_role": "10"}))
    return world.state


@cache
def running_state(kind: str) -> WorkshopState:
    """The base workshop with ``kind`` running and ready for text: a turn taken (round-robin),
    groups formed with one note (breakout), pairs formed (interview)."""
    world = world_at(base_state())
    activity = ACTIVITY_OF[kind]
    world.send(FACILITATOR, command="start_activity", activity=str(activity))
    if kind == "round_robin":
        world.send(FACILITATOR, command="start_round", activity="current")
        speaker = world.state.activity_state(ROUND).current
        world.send(participant(speaker), command="done", activity="current")
    elif kind == "breakout":
        world.send(FACILITATOR, command="form_groups", activity="current")
        world.send(participant(AINO), command="add_note", activity="current", text="First")
    elif kind == "interview":
        world.send(FACILITATOR, command="form_pairs", activity="current")
    return world.state


def world_at(state: WorkshopState) -> World:
    """A world continuing from ``state`` (ids and tokens past any it holds)."""
    return World(
        state, itertools.count(AINO + 50), itertools.count(VOTE + 50), itertools.count(1000)
    )


def spoke(state: WorkshopState) -> int:
    """Someone who has had a turn in the round-robin (and so may note it)."""
    return int(state.activity_state(ROUND).turns[-1].person_id)


def first_note(state: WorkshopState) -> tuple[str, int]:
    """Aino's note in the breakout: its id and revision."""
    for group in state.activity_state(GROUPS).groups:
        for note in group.notes:
            return note.id, note.revision
    raise AssertionError("the breakout has no note")


def rendered(state: WorkshopState) -> dict[str, str]:
    """Everything people are shown of ``state``: every region for the console, every phone
    and the room screen, and both downloads as their bodies."""
    out: dict[str, str] = {
        "console": CONSOLE.shared(state, "en", BASE_URL),
        "console people": CONSOLE.personal(state, "en", None),
        "phone": PHONE.shared(state, "en", BASE_URL),
    }
    for person_id in state.people:
        out[f"phone {person_id}"] = PHONE.personal(state, "en", person_id)
    out["screen"] = SCREEN.shared(state, "en", BASE_URL)
    out["results.json"] = json.dumps(
        results_document(state, exported_at=T0), ensure_ascii=False, indent=2
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(results_rows(state))
    out["results.csv"] = buffer.getvalue()
    return out

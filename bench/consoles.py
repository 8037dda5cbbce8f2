"""``python -m bench.consoles``: what one rendering of the facilitator's console costs in a
large room, for each kind of activity, against the dot-vote's console in the same run.

The hub renders the console once per tick while an activity takes input, so a console that
grows faster than the room stalls every fan-out (docs/performance.md, "Consoles of large
rooms"). Rooms are built directly as state, with no server: this measures the templates alone.
Prints a table, then one line ``CONSOLES`` followed by a JSON object of every figure.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from facilitator.views import ConsoleViews
from piiri.activities.breakout.kind import BreakoutPrompts
from piiri.activities.breakout.model import Group
from piiri.activities.dot_vote.kind import DotVoting
from piiri.activities.grouping import Membership
from piiri.activities.interview.kind import AppreciativeInterview
from piiri.activities.interview.model import Pair
from piiri.activities.round_robin.kind import RoundRobinKind
from piiri.activities.round_robin.model import Turn
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Person
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs


def workshop(people: int, kind: str, config: dict[str, Any], state: Any) -> WorkshopState:
    """A room of ``people`` (the first without a phone, the last gone) running one activity."""
    everyone = {
        i: Person(i, f"Person {i}", in_room=i % 2 == 0, by_proxy=i == 1, present=i != people)
        for i in range(1, people + 1)
    }
    info = ActivityInfo(id=1, kind=kind, title="Together", position=1, config=config)
    return WorkshopState(
        id=1,
        title="A large room",
        language="en",
        code="123456",
        people=everyone,
        activities=(info,),
        activity_states={1: state},
        current_activity_id=1,
    )


def runs(people: int, size: int) -> list[tuple[int, ...]]:
    """The participants but the last, in runs of ``size``."""
    ids = list(range(1, people))
    return [tuple(ids[k : k + size]) for k in range(0, len(ids), size)]


def dot_vote_room(people: int) -> WorkshopState:
    kind = DotVoting()
    config = kind.parse_config({"question": "What first?", "options": "A\nB\nC\nD\nE"})
    return workshop(people, "dot_vote", config, kind.initial(config))


def breakout_room(people: int) -> WorkshopState:
    """Groups of five; the last participant is in none."""
    kind = BreakoutPrompts()
    config = kind.parse_config({"prompts": "What works?"})
    members = {f"g{n}": m for n, m in enumerate(runs(people, 5), start=1)}
    groups = tuple(Group(id=gid, number=n, prompts=()) for n, gid in enumerate(members, start=1))
    membership = Membership().formed(members.items())
    state = replace(kind.initial(config), stage="working", groups=groups, membership=membership)
    return workshop(people, "breakout", config, state)


def interview_room(people: int) -> WorkshopState:
    """Pairs; the last participant is in none."""
    kind = AppreciativeInterview()
    config = kind.parse_config({})
    members = {f"p{n}": m for n, m in enumerate(runs(people, 2), start=1)}
    pairs = tuple(Pair(id=pid, number=n) for n, pid in enumerate(members, start=1))
    membership = Membership().formed(members.items())
    state = replace(kind.initial(config), stage="interviewing", pairs=pairs, membership=membership)
    return workshop(people, "interview", config, state)


def round_robin_room(people: int) -> WorkshopState:
    """Everyone present but one waits in the queue."""
    kind = RoundRobinKind()
    config = kind.parse_config({})
    queue = tuple(range(1, people - 1))
    speaking = Turn(person_id=people - 1, round=1, started_at="2026-11-28T09:00:00+00:00")
    state = replace(
        kind.initial(config),
        round=1,
        open=True,
        current=people - 1,
        queue=queue,
        turns=(speaking,),
    )
    return workshop(people, "round_robin", config, state)


ROOMS: dict[str, Callable[[int], WorkshopState]] = {
    "dot_vote": dot_vote_room,
    "round_robin": round_robin_room,
    "breakout": breakout_room,
    "interview": interview_room,
}


def measure(state: WorkshopState, views: ConsoleViews, seconds: float) -> dict[str, float]:
    html = views.shared(state, "en", "")  # the first rendering compiles the templates
    count, started = 0, time.perf_counter()
    while count < 3 or time.perf_counter() - started < seconds:
        html = views.shared(state, "en", "")
        count += 1
    elapsed = time.perf_counter() - started
    return {"ms": round(elapsed / count * 1000, 2), "kib": round(len(html.encode()) / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.consoles", description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=2.0, help="of renderings per kind")
    args = parser.parse_args(argv)
    views = ConsoleViews(Renderer(template_dirs=installed_template_dirs()))
    figures = {
        kind: measure(room(args.participants), views, args.seconds) for kind, room in ROOMS.items()
    }
    base = figures["dot_vote"]["ms"]
    for figs in figures.values():
        figs["ratio"] = round(figs["ms"] / base, 2) if base else 0.0
    print(f"console of a room of {args.participants}; ratio: ms against the dot-vote's console")
    print(f"{'kind':<12} {'ms':>9} {'KiB':>9} {'ratio':>7}")
    for kind, figs in figures.items():
        print(f"{kind:<12} {figs['ms']:>9} {figs['kib']:>9} {figs['ratio']:>7}")
    print("CONSOLES " + json.dumps({"participants": args.participants, **figures}, sort_keys=True))


if __name__ == "__main__":
    main()

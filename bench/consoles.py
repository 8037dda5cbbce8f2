"""``python -m bench.consoles``: what one rendering of the facilitator's console costs in a
large room, for each registered kind of activity, against the first kind's console (the
dot-vote's) in the same run.

The hub renders the console once per tick while an activity takes input, so a console that
grows faster than the room stalls every fan-out (docs/performance.md, "Consoles of large
rooms"). Rooms are built directly as state, with no server: this measures the templates alone.
Each kind's room is its own ``sample`` run (piiri/activities/contract.py) with everyone in the
room taking part, so a new kind is measured by registering. Prints a table, then one line
``CONSOLES`` followed by a JSON object of every figure.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from facilitator.views import ConsoleViews
from piiri.activities import REGISTRY, RegisteredKind
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Person
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs


def workshop(people: int, kind: str, config: dict[str, Any], state: Any) -> WorkshopState:
    """A room of ``people`` (the first without a phone, the last gone) running one activity."""
    everyone = room(people)
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


def room(people: int) -> dict[int, Person]:
    """Half in the room, half remote; the first has no phone, the last has left."""
    return {
        i: Person(i, f"Person {i}", in_room=i % 2 == 0, by_proxy=i == 1, present=i != people)
        for i in range(1, people + 1)
    }


def sample_room(kind: RegisteredKind, people: int) -> WorkshopState:
    """The kind's sample run, folded, in a room of ``people``."""
    run = kind.sample(room(people))
    state = kind.initial(run.config)
    for event in run.events:
        state = kind.evolve(state, event)
    return workshop(people, kind.kind, dict(run.config), state)


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
        name: measure(sample_room(kind, args.participants), views, args.seconds)
        for name, kind in REGISTRY.items()
    }
    base = next(iter(figures.values()))["ms"]
    for figs in figures.values():
        figs["ratio"] = round(figs["ms"] / base, 2) if base else 0.0
    first = next(iter(figures))
    print(f"console of a room of {args.participants}; ratio: ms against the {first} console")
    print(f"{'kind':<12} {'ms':>9} {'KiB':>9} {'ratio':>7}")
    for kind, figs in figures.items():
        print(f"{kind:<12} {figs['ms']:>9} {figs['kib']:>9} {figs['ratio']:>7}")
    print("CONSOLES " + json.dumps({"participants": args.participants, **figures}, sort_keys=True))


if __name__ == "__main__":
    main()

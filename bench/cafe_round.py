"""``python -m bench.cafe_round``: from the facilitator's "seat everyone" to every phone's frame
that says where to go, for 300 phones at 60 tables, against a floor in the same run.

In process, without sockets: the café activity (its hosts set, 300 people of bench.cafe's room)
decides the round's start exactly as the service does (the seating engine plans every round),
the state is folded, and then the fan-out's work is done as the hub does it: the shared regions
of phone, screen and console rendered once, each phone's own region rendered once per distinct
personal key (piiri/activities/cafe/model.py ``view_key``: phones at one table share one) and
every phone's frame prepared (realtime/wire.py). The floor is the same frames prepared from
the same bytes with no rules and no rendering: what a bare broadcast server does per phone.
What this leaves out is the socket write and the network, which the fan-out benchmark
(``python -m bench``) measures for the dot-vote against its own floor of real sockets.
Target: every phone's frame ready within a second of the command, in CPU seconds of the one
process (as bench.cafe judges: the machine may be shared; the wall time is printed beside).
Prints a table, then one ``BENCH_CAFE_ROUND {json}`` line.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from typing import Any

from bench.cafe import SEED
from facilitator.views import ConsoleViews
from participant.views import PhoneViews, ScreenViews
from piiri.activities import REGISTRY
from piiri.activities.cafe.commands import SetHost, StartRound
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Context, Person
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs
from realtime.wire import Prepared

TARGET_SECONDS = 1.0
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def roster(people: int) -> dict[int, Person]:
    """bench.cafe's room: one in ten remote, one in twenty without a phone."""
    return {
        i: Person(i, f"Person {i}", in_room=i % 10 != 0, by_proxy=i % 20 == 7)
        for i in range(1, people + 1)
    }


def cafe_state(people: int, tables: int) -> tuple[WorkshopState, dict[str, Any]]:
    """A workshop of ``people`` whose café (``tables``: one in ten remote, every tenth room
    table hosted) has its hosts set and waits for its first round."""
    kind = REGISTRY["cafe"]
    everyone = roster(people)
    remote = max(1, tables // 10)
    seats = -(-people // tables) + 1
    config = kind.parse_config(
        {
            "table_count": str(tables - remote),
            "seats": str(seats),
            "call_links": "\n".join(f"https://call.example/{n}" for n in range(remote)),
            "rounds": "What works?\nWhat should change?\nWhat do we do first?",
        }
    )
    state = kind.initial(config)
    hosts = iter(p.id for p in everyone.values() if p.in_room and not p.by_proxy)
    for table in state.tables[: tables - remote : 10]:
        context = Context(NOW, "host", everyone, is_current=True)
        for event in kind.decide(state, SetHost(table.id, next(hosts)), context):
            state = kind.evolve(state, event)
    return _workshop(everyone, config, state), config


def _workshop(people: dict[int, Person], config: dict[str, Any], state: Any) -> WorkshopState:
    info = ActivityInfo(id=1, kind="cafe", title="Café", position=1, config=config)
    return WorkshopState(
        id=1,
        title="A large café",
        language="en",
        code="123456",
        people=people,
        activities=(info,),
        activity_states={1: state},
        current_activity_id=1,
    )


def run(people: int, tables: int) -> dict[str, Any]:
    workshop, config = cafe_state(people, tables)
    kind = REGISTRY["cafe"]
    renderer = Renderer(template_dirs=installed_template_dirs())
    phones, screens, consoles = PhoneViews(renderer), ScreenViews(renderer), ConsoleViews(renderer)
    # Compile the templates before the clock starts, as a running server has.
    phones.shared(workshop, "en", "")
    phones.personal(workshop, "en", 1)

    started, cpu_started = time.perf_counter(), time.process_time()
    activity = workshop.activity_state(1)
    context = Context(NOW, "round-1", workshop.people, is_current=True)
    for event in kind.decide(activity, StartRound(seed=str(SEED)), context):
        activity = kind.evolve(activity, event)
    cpu_decided = time.process_time()
    after = _workshop(dict(workshop.people), config, activity)
    shared = [
        Prepared(phones.shared(after, "en", "")),
        Prepared(screens.shared(after, "en", "")),
        Prepared(consoles.shared(after, "en", "")),
    ]
    for prepared in shared:
        _ = prepared.frame
    rendered: dict[Any, Prepared] = {}
    frames: list[bytes] = []
    for person in after.people.values():
        if person.by_proxy:
            continue
        key = phones.personal_key(after, person.id)
        if key not in rendered:
            rendered[key] = Prepared(phones.personal(after, "en", person.id))
        frames.append(rendered[key].frame)
    done, cpu_done = time.perf_counter(), time.process_time()

    # The floor: the same bytes, a frame prepared for each phone, nothing decided or rendered.
    texts = [p.text for p in rendered.values()]
    floor_start = time.process_time()
    floor_frames = [Prepared(texts[i % len(texts)]).frame for i in range(len(frames))]
    floor = time.process_time() - floor_start
    assert len(floor_frames) == len(frames)
    total = cpu_done - cpu_started
    return {
        "people": people,
        "tables": tables,
        "phones": len(frames),
        "distinct_phone_renderings": len(rendered),
        "decide_cpu_seconds": round(cpu_decided - cpu_started, 4),
        "render_cpu_seconds": round(cpu_done - cpu_decided, 4),
        "total_cpu_seconds": round(total, 4),
        "total_wall_seconds": round(done - started, 4),
        "floor_cpu_seconds": round(floor, 5),
        "phone_bytes": sum(len(f) for f in frames),
        "within_target": total < TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--tables", type=int, default=60)
    args = parser.parse_args(argv)
    result = run(args.people, args.tables)
    print(f"café round start: {args.people} phones at {args.tables} tables (in process)")
    print(
        f"  cpu: decide {result['decide_cpu_seconds']:.3f} s   "
        f"render {result['render_cpu_seconds']:.3f} s   total {result['total_cpu_seconds']:.3f} s"
        f"   floor {result['floor_cpu_seconds']:.4f} s   target < {TARGET_SECONDS:.1f} s"
        f"   (wall {result['total_wall_seconds']:.3f} s)"
    )
    print(
        f"  {result['phones']} phones, {result['distinct_phone_renderings']} renderings, "
        f"{result['phone_bytes']} bytes of phone frames"
    )
    print("BENCH_CAFE_ROUND " + json.dumps(result))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

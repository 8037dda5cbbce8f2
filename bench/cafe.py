"""``python -m bench.cafe``: how long the café's seating takes for a large café workshop.

300 people (one in ten remote, one in twenty without a phone, one in twenty-five needing a
step-free table, five pairs kept together, five kept apart) at 60 tables (54 in the room, one
in three step-free, 6 remote calls; every tenth hosted) over 3 rounds, seed 2026: the pure
engine (piiri/activities/cafe/seating.py) as the activity calls it. Target: under a second.
Prints a table, then one ``BENCH_CAFE {json}`` line.
"""

from __future__ import annotations

import argparse
import json
import time

from piiri.activities.cafe.seating import Guest, Seating, Table, seat

SEED = 2026
TARGET_SECONDS = 1.0


def room(people: int, tables: int) -> tuple[list[Table], list[Guest]]:
    """The benchmark's room (see the module docstring)."""
    remote_tables = max(1, tables // 10)
    guests = [
        Guest(i, in_room=i % 10 != 0, has_phone=i % 20 != 7, needs_step_free=i % 25 == 3)
        for i in range(people)
    ]
    hosts = iter(g.id for g in guests if g.in_room and g.has_phone and not g.needs_step_free)
    seats = -(-people // tables) + 1
    made = [
        Table(str(t + 1), seats, host=next(hosts) if t % 10 == 0 else None, step_free=t % 3 == 0)
        for t in range(tables - remote_tables)
    ]
    made += [
        Table(str(len(made) + t + 1), seats, remote=True, call_link=f"https://call.example/{t}")
        for t in range(remote_tables)
    ]
    return made, guests


def run(people: int, tables: int, rounds: int) -> tuple[float, float, Seating]:
    """Wall-clock and CPU seconds of one seating, and the seating."""
    made, guests = room(people, tables)
    in_room = [g.id for g in guests if g.in_room and g.has_phone and not g.needs_step_free]
    pairs = min(5, len(in_room) // 4)
    half = len(in_room) // 2
    wall, cpu = time.perf_counter(), time.process_time()
    seating = seat(
        made,
        guests,
        rounds,
        keep_together=[(in_room[-1 - 2 * i], in_room[-2 - 2 * i]) for i in range(pairs)],
        keep_apart=[(in_room[i], in_room[half + i]) for i in range(pairs)],
        seed=SEED,
    )
    return time.perf_counter() - wall, time.process_time() - cpu, seating


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    wall, cpu, seating = run(args.people, args.tables, args.rounds)
    print(f"café seating: {args.people} people, {args.tables} tables, {args.rounds} rounds")
    print(f"  wall {wall:.3f} s   cpu {cpu:.3f} s   target < {TARGET_SECONDS:.1f} s")
    print(
        f"  returns {seating.returns}   spread {seating.spread}   "
        f"repeated pairs {seating.repeated_pairs}   steps {seating.steps}"
    )
    result = {
        "people": args.people,
        "tables": args.tables,
        "rounds": args.rounds,
        "wall_seconds": round(wall, 4),
        "cpu_seconds": round(cpu, 4),
        "returns": seating.returns,
        "spread": seating.spread,
        "repeated_pairs": seating.repeated_pairs,
        "steps": seating.steps,
        "within_target": cpu < TARGET_SECONDS,
    }
    print("BENCH_CAFE " + json.dumps(result))
    return 0 if cpu < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

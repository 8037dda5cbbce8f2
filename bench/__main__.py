"""``python -m bench``: run the fan-out benchmark and print a table, then one ``BENCH {json}`` line.

A small run (the default, what `make bench` does) takes a few minutes; ``--full`` runs the
sizes of the targets: 2,000 phones in one room on one process, 5,000 in 50 rooms on two
processes with Redis, the one-room run with 1% of phones that stop reading; switching
activities, forming breakout groups of five and a hidden-results vote with 2,000 phones; and
10,000 phones in 100 rooms on two processes (``--rooms10k-participants`` to run it smaller).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.rooms import Scenario
from bench.run import figures, run_scenario
from bench.servers import raise_file_limit

SCENARIOS = (
    "one-room",
    "rooms",
    "slow",
    "switch",
    "breakout-start",
    "idle-bytes",
    "rooms-10k",
)
EVENT_SCENARIOS = ("switch", "breakout-start", "idle-bytes")
EVENT_COLUMNS = (
    ("participants", "phones"),
    ("switches", "times"),
    ("p50_ms", "p50 ms"),
    ("p99_ms", "p99 ms"),
    ("floor_p50_ms", "floor p50"),
    ("floor_p99_ms", "floor p99"),
    ("p99_vs_floor", "p99/floor"),
    ("phone_p99_ms", "phone p99"),
    ("cpu_s_per_switch", "cpu s/switch"),
    ("floor_cpu_s_per_switch", "floor cpu"),
    ("bytes_per_idle_phone_per_vote", "B/idle/vote"),
    ("floor_bytes_per_idle_phone_per_vote", "floor B/idle/vote"),
    ("console_frames", "console frames"),
    ("screen_frames", "screen frames"),
    ("rss_kib_per_participant", "KiB/phone"),
    ("floor_rss_kib_per_participant", "floor KiB/phone"),
)
COLUMNS = (
    ("participants", "phones"),
    ("processes", "procs"),
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("p99_ms", "p99 ms"),
    ("max_ms", "max ms"),
    ("updates_per_s", "upd/s"),
    ("floor_updates_per_s", "floor upd/s"),
    ("throughput_ratio", "ratio"),
    ("frames_per_s", "frames/s"),
    ("floor_frames_per_s", "floor frames/s"),
    ("cpu_s_per_1k_updates", "cpu s/1k"),
    ("bytes_per_update", "B/upd"),
    ("rss_kib_per_participant", "KiB/phone"),
)


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    full = args.full
    one = args.participants or (2000 if full else 100)
    many = args.participants or (5000 if full else 200)
    rooms = args.rooms or (50 if full else 10)
    common = {
        "rate": args.rate,
        "duration": args.duration or (20.0 if full else 4.0),
        "burst_rate": args.burst_rate,
        "burst_duration": args.burst_duration or (10.0 if full else 3.0),
        "workers": args.workers,
    }
    switches = args.switches or (20 if full else 4)
    big = args.rooms10k_participants or args.participants or (10000 if full else 200)
    big_rooms = args.rooms10k_rooms or args.rooms or (100 if full else 10)
    chosen = {
        "one-room": Scenario("one-room", one, **common),
        "rooms": Scenario("rooms", many, rooms=rooms, processes=2, **common),
        "slow": Scenario("slow", one, slow_fraction=0.01, **common),
        "switch": Scenario("switch", one, kind="switch", switches=switches, **common),
        "breakout-start": Scenario(
            "breakout-start", one, kind="breakout", switches=max(2, switches // 2), **common
        ),
        "idle-bytes": Scenario("idle-bytes", one, kind="idle", voters=5 if full else 2, **common),
        "rooms-10k": Scenario("rooms-10k", big, rooms=big_rooms, processes=2, **common),
    }
    names = SCENARIOS if args.scenario == "all" else (args.scenario,)
    return [chosen[name] for name in names]


def table(
    results: dict[str, dict[str, Any]], columns: tuple[tuple[str, str], ...] = COLUMNS
) -> str:
    header = ["scenario", *(title for _, title in columns)]
    rows = [
        [name, *(str(figs.get(key, "")) for key, _ in columns)] for name, figs in results.items()
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scenario", choices=(*SCENARIOS, "all"), default="all")
    parser.add_argument("--full", action="store_true", help="the sizes of the targets")
    parser.add_argument("--participants", type=int, default=0, help="phones (all rooms)")
    parser.add_argument("--rooms", type=int, default=0, help="rooms in the 'rooms' scenario")
    parser.add_argument("--rate", type=float, default=20.0, help="votes per second")
    parser.add_argument("--duration", type=float, default=0.0, help="seconds of votes")
    parser.add_argument(
        "--burst-rate",
        type=float,
        default=200.0,
        help="votes per second offered in the throughput phase",
    )
    parser.add_argument("--burst-duration", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=2, help="load-generator processes")
    parser.add_argument("--switches", type=int, default=0, help="switches measured")
    parser.add_argument("--rooms10k-participants", type=int, default=0, help="rooms-10k's phones")
    parser.add_argument("--rooms10k-rooms", type=int, default=0, help="rooms-10k's rooms")
    parser.add_argument("--workdir", type=Path, default=None, help="keep logs and databases here")
    args = parser.parse_args(argv)
    raise_file_limit()

    def say(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="piiri-bench-") as tmp:
        root = args.workdir or Path(tmp)
        for scenario in scenarios(args):
            raw = run_scenario(scenario, root / scenario.name, say, args.full)
            results[scenario.name] = figures(scenario, raw)
    if "slow" in results and "one-room" in results:
        base = results["one-room"]["p99_ms"]
        slow = results["slow"]["p99_ms"]
        if base and not math.isnan(base):
            results["slow"]["p99_vs_one_room"] = round(slow / base, 2)
    print(f"machine: {machine()}")
    votes = {k: v for k, v in results.items() if k not in EVENT_SCENARIOS}
    events = {k: v for k, v in results.items() if k in EVENT_SCENARIOS}
    if votes:
        print(table(votes))
    if events:
        print(table(events, EVENT_COLUMNS))
    print("BENCH " + json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

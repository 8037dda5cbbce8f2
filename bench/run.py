"""One benchmark scenario, end to end: Piiri under load, then the floor under the same load."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.events import event_figures, measure
from bench.rooms import SECOND, Scenario, client_specs, create_rooms, split
from bench.servers import STARTUP_TIMEOUT, FloorServer, cpu_seconds, rss_kib
from bench.workers import Workers
from tests.support.processes import PiiriProcess, Process, migrate
from tests.support.redis_servers import RedisServer

SECRET_KEY = "bench-secret-key-shared-by-every-process-of-the-run"
RSS_STEPS = 4
SETTLE = 0.5  # seconds after connecting a step before reading RSS
DRAIN = 1.0  # seconds after the last vote is confirmed for the last phones to hear of it

Say = Callable[[str], None]


# -- measuring ---------------------------------------------------------------------------------


class Measured:
    """The processes whose CPU and memory are the server's."""

    def __init__(self, processes: Sequence[Process]) -> None:
        self.pids = [p.pid for p in processes]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def rss(self) -> int:
        return sum(rss_kib(pid) for pid in self.pids)


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope of RSS (KiB) over connections."""
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    if len(set(xs)) < 2:
        return 0.0
    return statistics.linear_regression(xs, ys).slope


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def connect_in_steps(
    workers: Workers, parts: list[list[dict[str, Any]]], measured: Measured
) -> list[tuple[int, int]]:
    """Connect the phones in RSS_STEPS steps; (connected phones, server RSS KiB) at each."""
    phones = [[s["index"] for s in part if s["role"] == "participant"] for part in parts]
    # Enough for the allocator to settle after a few thousand sockets; a small run is quick.
    settle = SETTLE if sum(len(p) for p in phones) > 200 else SETTLE / 5
    time.sleep(settle)
    points = [(0, measured.rss())]
    connected = 0
    for step in range(1, RSS_STEPS + 1):
        chunk = [
            ids[len(ids) * (step - 1) // RSS_STEPS : len(ids) * step // RSS_STEPS] for ids in phones
        ]
        workers.call("connect", per_worker=[{"indexes": c} for c in chunk])
        connected += sum(len(c) for c in chunk)
        time.sleep(settle)
        points.append((connected, measured.rss()))
    return points


def vote_phase(
    workers: Workers, measured: Measured, rate: float, duration: float
) -> dict[str, Any]:
    """Votes at ``rate`` for ``duration``; latencies to the last reading client, throughput."""
    cpu_before = measured.cpu()
    rss_before = measured.rss()
    start_at = time.monotonic() + 0.3
    results = workers.call("vote", rate=rate / len(workers), duration=duration, start_at=start_at)
    time.sleep(DRAIN)
    cpu_after = measured.cpu()
    measured_until = time.monotonic()
    votes = [v for r in results for v in r["votes"]]
    targets = [(v["room"], v["seq"]) for v in votes if v["seq"] is not None]
    arrivals = workers.call("arrivals", targets=targets)
    latencies: list[float] = []
    # Send to the voter's own region showing it: the server's part, before the fan-out's spread.
    confirms = [(v["confirmed"] - v["sent"]) * 1000 for v in votes if v["confirmed"] is not None]
    lost = sum(1 for v in votes if v["seq"] is None)
    confirmed = [v for v in votes if v["seq"] is not None]
    for i, vote in enumerate(confirmed):
        times = [a["arrivals"][i] for a in arrivals]
        if any(missing for _, missing in times):
            lost += 1
            continue
        last = max(t for t, _ in times if t is not None)
        latencies.append((last - vote["sent"]) * 1000)
    window = workers.call("counts", start=start_at, end=start_at + duration)
    spent = workers.call("counts", start=start_at, end=measured_until)
    updates_in_window = sum(c["updates"] for c in window)
    board_frames = sum(c["board_frames"] for c in window)
    updates_spent = sum(c["updates"] for c in spent)
    frames = sum(c["frames"] for c in spent)
    size = sum(c["bytes"] for c in spent)
    return {
        "votes": len(votes),
        "lost": lost,
        "latencies": latencies,
        "confirms": confirms,
        "updates_per_s": updates_in_window / duration,
        "frames_per_s": board_frames / duration,
        "cpu_s_per_1k_updates": (cpu_after - cpu_before) / max(1, updates_spent) * 1000,
        "bytes_per_frame": size / max(1, frames),
        "bytes_per_update": size / max(1, updates_spent),
        "rss_growth_kib": measured.rss() - rss_before,
        "closed": sum(c["closed"] for c in spent),
        "slow_closed": sum(c["slow_closed"] for c in spent),
        "sample": next((c["sample"] for c in spent if c["sample"]), ""),
    }


def drive(
    say: Say,
    label: str,
    scenario: Scenario,
    workers: Workers,
    parts: list[list[dict[str, Any]]],
    measured: Measured,
    start: Callable[[], None],
    second: int | None = None,
    full: bool = False,
) -> dict[str, Any]:
    """Set up (``start`` opens facilitators and screens), connect, then the scenario's phases:
    both vote phases, or a switch, breakout or idle phase (bench/events.py)."""
    workers.call("setup", per_worker=[{"specs": p} for p in parts])
    start()
    points = connect_in_steps(workers, parts, measured)
    say(f"{label}: {points[-1][0]} phones connected, RSS {points[0][1]} -> {points[-1][1]} KiB")
    result: dict[str, Any] = {"points": points}
    if scenario.kind == "vote":
        steady = vote_phase(workers, measured, scenario.rate, scenario.duration)
        say(f"{label}: {steady['votes']} votes at {scenario.rate}/s, {steady['lost']} lost")
        burst = vote_phase(workers, measured, scenario.burst_rate, scenario.burst_duration)
        say(f"{label}: throughput {burst['updates_per_s']:.0f} updates/s")
        result.update(steady=steady, burst=burst)
    else:
        facilitator = next(s["index"] for s in parts[0] if s["role"] == "facilitator")
        phase = measure(
            scenario.kind,
            workers,
            measured.cpu,
            facilitator,
            second,
            scenario.switches,
            full,
            scenario.rate,
            scenario.duration,
            scenario.voters,
        )
        say(f"{label}: {scenario.kind}: {phase}"[:300])
        result["phase"] = phase
    result["samples"] = workers.call("samples")[0]
    workers.call("close")
    return result


# The benchmark's thousands of phones all join from 127.0.0.1, and its voters send in bursts:
# the limits sized for a city hall (docs/security.md) would refuse most of them. Raised here, for
# the benchmark's own servers only; what is measured is fan-out, not the door.
BENCH_LIMITS = {
    "RATE_JOINS": "1000000/minute",
    "RATE_UNKNOWN_CODES": "1000000/minute",
    "RATE_COMMANDS": "100000/second",
    "PARTICIPANT_CAP": "1000000",
}


def run_scenario(scenario: Scenario, workdir: Path, say: Say, full: bool = False) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'piiri.db'}",
        "SECRET_KEY": SECRET_KEY,
        # Development: the clients speak plain HTTP, and production's cookies are Secure. The
        # templates are not reloaded, as in production.
        "PIIRI_ENV": "development",
        "RELOAD_TEMPLATES": "false",
        "DEFAULT_LANGUAGE": "en",
        "PUBLIC_URL": "",
        "ALLOWED_ORIGINS": "",
        "REDIS_URL": "",
        **BENCH_LIMITS,
    }
    started: list[Process] = []
    workers = Workers(scenario.workers)
    try:
        if scenario.processes > 1:
            redis = RedisServer(workdir)
            redis.start()
            started.append(redis)
            env["REDIS_URL"] = redis.url
        migrate(env)
        servers = []
        for n in range(scenario.processes):
            server = PiiriProcess(env, workdir / f"piiri-{n}.log")
            started.append(server)
            server.start(STARTUP_TIMEOUT)
            servers.append(server)
        cookie, rooms = create_rooms(servers[0], env, scenario.rooms, SECOND.get(scenario.kind))
        specs = client_specs(scenario, rooms, [s.base_url for s in servers], cookie)
        parts = split(specs, len(workers))
        by_code = {r.code: r for r in rooms}

        def start_activities() -> None:
            others = [s["index"] for s in parts[0] if s["role"] != "participant"]
            workers.pipes[0].send(("connect", {"indexes": others}))
            status, result = workers.pipes[0].recv()
            if status == "error":
                raise RuntimeError(result)
            for spec in parts[0]:
                if spec["role"] == "facilitator":
                    room = by_code[spec["room"]]
                    values = {"command": "start_activity", "activity": str(room.activity_id)}
                    workers.pipes[0].send(("send", {"index": spec["index"], "values": values}))
                    status, notice = workers.pipes[0].recv()
                    if status == "error" or "notice-error" in notice:
                        raise RuntimeError(f"could not start the dot-vote: {notice}")
                    if scenario.kind != "vote":
                        continue
                    # The results shown: every vote changes what every phone shows.
                    values = {"command": "reveal", "activity": str(room.activity_id)}
                    workers.pipes[0].send(("send", {"index": spec["index"], "values": values}))
                    status, notice = workers.pipes[0].recv()
                    if status == "error" or "notice-error" in notice:
                        raise RuntimeError(f"could not reveal the results: {notice}")

        say(
            f"{scenario.name}: {scenario.participants} phones in {scenario.rooms} room(s) on "
            f"{scenario.processes} process(es)"
        )
        second = rooms[0].second_id
        piiri = drive(
            say,
            "piiri",
            scenario,
            workers,
            parts,
            Measured(servers),
            start_activities,
            second,
            full,
        )
        for server in servers:
            server.stop()
        board = workdir / "board.html"
        samples = piiri["samples"]
        if scenario.kind == "vote":
            board.write_text(piiri["steady"]["sample"] or piiri["burst"]["sample"])
        else:
            board.write_text(samples["board"])
        extra = []
        for name in ("switch", "personal"):
            if samples[name]:
                (workdir / f"{name}.html").write_text(samples[name])
                extra += [f"--{name}", str(workdir / f"{name}.html")]
        floor = FloorServer(workdir, board, extra=extra)
        started.append(floor)
        floor.start(STARTUP_TIMEOUT)
        floor_specs = [
            {**s, "base_url": floor.base_url, "path": f"/ws/{s['role']}/{s['room']}", "cookie": "-"}
            for s in specs
        ]
        floor_parts = split(floor_specs, len(workers))

        def connect_floor_others() -> None:
            others = [s["index"] for s in floor_parts[0] if s["role"] != "participant"]
            workers.pipes[0].send(("connect", {"indexes": others}))
            workers.pipes[0].recv()

        floor_run = drive(
            say,
            "floor",
            scenario,
            workers,
            floor_parts,
            Measured([floor]),
            connect_floor_others,
            second,
            full,
        )
        slow_clients = sum(1 for spec in specs if spec.get("slow"))
        return {"piiri": piiri, "floor": floor_run, "slow_clients": slow_clients}
    finally:
        workers.close()
        for process in reversed(started):
            process.stop()


def figures(scenario: Scenario, result: dict[str, Any]) -> dict[str, Any]:
    piiri, floor = result["piiri"], result["floor"]
    if scenario.kind != "vote":
        return {
            "participants": piiri["points"][-1][0],
            "rooms": scenario.rooms,
            "processes": scenario.processes,
            **event_figures(scenario.kind, piiri, floor),
            "rss_kib_per_participant": round(slope(piiri["points"]), 1),
            "floor_rss_kib_per_participant": round(slope(floor["points"]), 1),
        }
    latencies = piiri["steady"]["latencies"]
    floor_latencies = floor["steady"]["latencies"]
    updates = piiri["burst"]["updates_per_s"]
    floor_updates = floor["burst"]["updates_per_s"]
    phones = piiri["points"][-1][0]
    return {
        "participants": phones,
        "rooms": scenario.rooms,
        "processes": scenario.processes,
        "votes_per_s": scenario.rate,
        "votes": piiri["steady"]["votes"],
        "lost": piiri["steady"]["lost"],
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "floor_p99_ms": round(percentile(floor_latencies, 99), 1),
        "voter_p50_ms": round(percentile(piiri["steady"]["confirms"], 50), 1),
        "voter_p99_ms": round(percentile(piiri["steady"]["confirms"], 99), 1),
        "updates_per_s": round(updates),
        "floor_updates_per_s": round(floor_updates),
        "throughput_ratio": round(updates / floor_updates, 2) if floor_updates else None,
        "cpu_s_per_1k_updates": round(piiri["steady"]["cpu_s_per_1k_updates"], 3),
        "floor_cpu_s_per_1k_updates": round(floor["steady"]["cpu_s_per_1k_updates"], 3),
        "bytes_per_update": round(piiri["steady"]["bytes_per_update"]),
        "bytes_per_frame": round(piiri["steady"]["bytes_per_frame"]),
        "frames_per_s": round(piiri["burst"]["frames_per_s"]),
        "floor_frames_per_s": round(floor["burst"]["frames_per_s"]),
        # Frames, not updates: Piiri sends one coalesced frame per tick, the floor one per vote.
        "frame_ratio": round(piiri["burst"]["frames_per_s"] / floor["burst"]["frames_per_s"], 2)
        if floor["burst"]["frames_per_s"]
        else None,
        "rss_kib_per_participant": round(slope(piiri["points"]), 1),
        "floor_rss_kib_per_participant": round(slope(floor["points"]), 1),
        "rss_growth_under_load_kib": piiri["steady"]["rss_growth_kib"]
        + piiri["burst"]["rss_growth_kib"],
        "slow_clients": result["slow_clients"],
        "slow_closed": piiri["burst"]["slow_closed"],
    }

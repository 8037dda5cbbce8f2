"""The phases of the switch, breakout-start and idle-bytes scenarios (bench/run.py runs them
against Piiri and then the floor, with the same clients).

- ``switch``: the facilitator presses next, then previous, and so on; each time, the delay from
  sending it until the last phone shows the other activity and has its own region for it.
- ``breakout``: the facilitator forms groups of five (again and again: re-forming shuffles);
  each time, the delay until the last phone shows its group.
- ``idle``: a few phones vote while the results are hidden; the bytes every other phone
  receives per vote (the target is none), and the board frames the console and screen get.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench.workers import Workers

# Seconds between two switches: the last phone has long had the one before.
GAP_SMALL = 0.6
GAP_FULL = 1.5


def timed_send(workers: Workers, index: int, values: dict[str, str]) -> float:
    """Send a command from client ``index`` (on worker 0); when it was sent."""
    workers.pipes[0].send(("timed_send", {"index": index, "values": values}))
    status, sent = workers.pipes[0].recv()
    if status == "error":
        raise RuntimeError(sent)
    return float(sent)


def switch_phase(
    workers: Workers,
    cpu: Callable[[], float],
    facilitator: int,
    commands: list[dict[str, str]],
    what: str,
    gap: float,
) -> dict[str, Any]:
    """Send ``commands`` one by one, ``gap`` seconds apart; per command the delay (ms) to the
    last phone, and every phone's delay."""
    before = cpu()
    moments = []
    for values in commands:
        moments.append(timed_send(workers, facilitator, values))
        time.sleep(gap)
    spent = cpu() - before
    delays = workers.call("shown_after", moments=moments, what=what)
    lasts: list[float] = []
    every: list[float] = []
    lost = 0
    for n in range(len(moments)):
        phones = [d for worker in delays for d in worker[n]]
        if not phones or any(d is None for d in phones):
            lost += 1
            continue
        known = [d * 1000 for d in phones if d is not None]
        lasts.append(max(known))
        every.extend(known)
    return {"lasts": lasts, "every": every, "lost": lost, "cpu_s": spent, "count": len(moments)}


def switch_commands(count: int) -> list[dict[str, str]]:
    """Next, previous, next...: the phones go from the first activity to the second and back."""
    return [
        {"command": "next_activity" if n % 2 == 0 else "previous_activity"} for n in range(count)
    ]


def idle_phase(
    workers: Workers, cpu: Callable[[], float], rate: float, duration: float, voters: int
) -> dict[str, Any]:
    """``voters`` phones (per worker) vote at ``rate`` for ``duration`` with the results hidden:
    the bytes every phone that did not vote received, per vote."""
    before = workers.call("received")
    spent = cpu()
    start_at = time.monotonic() + 0.3
    results = workers.call(
        "vote", rate=rate / len(workers), duration=duration, start_at=start_at, only=voters
    )
    time.sleep(1.0)  # the last fan-out reaches everyone
    spent = cpu() - spent
    after = workers.call("received")
    votes = [v for r in results for v in r["votes"]]
    voted = {v["index"] for v in votes}
    idle = [
        after_bytes - b["phones"][index]
        for b, a in zip(before, after, strict=True)
        for index, after_bytes in a["phones"].items()
        if index not in voted
    ]
    pairs = list(zip(before, after, strict=True))
    boards = {
        role: sum(a["boards"].get(role, 0) - b["boards"].get(role, 0) for b, a in pairs)
        for role in ("facilitator", "screen")
    }
    return {
        "votes": len(votes),
        "idle_phones": len(idle),
        "idle_bytes": sum(idle),
        "bytes_per_idle_phone_per_vote": sum(idle) / max(1, len(idle)) / max(1, len(votes)),
        "console_frames": boards["facilitator"],
        "screen_frames": boards["screen"],
        "cpu_s": spent,
    }


def measure(
    kind: str,
    workers: Workers,
    cpu: Callable[[], float],
    facilitator: int,
    second: int | None,
    count: int,
    full: bool,
    rate: float,
    duration: float,
    voters: int,
) -> dict[str, Any]:
    """The phase of a ``kind`` of scenario, once everyone is connected."""
    gap = GAP_FULL if full else GAP_SMALL
    # Not measured: the first rendering of a kind's templates in a process compiles them
    # (a one-off of 0.1 to 0.3 s); what is measured is the switch a room makes again and again.
    if kind == "switch":
        for values in switch_commands(2):
            timed_send(workers, facilitator, values)
            time.sleep(gap)
        return switch_phase(workers, cpu, facilitator, switch_commands(count), "switch", gap)
    if kind == "breakout":
        # To the breakout first (a switch), then form groups once, neither measured.
        form = {"command": "form_groups", "activity": str(second)}
        for values in ({"command": "next_activity"}, form):
            timed_send(workers, facilitator, values)
            time.sleep(2 * gap)
        # Forming 400 groups takes longer than a switch: twice the gap, so that one forming
        # has reached every phone before the next is sent.
        return switch_phase(workers, cpu, facilitator, [form] * count, "groups", 2 * gap)
    if kind == "idle":
        return idle_phase(workers, cpu, rate, duration, voters)
    raise ValueError(f"no such kind of scenario: {kind}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b and b == b and a == a else None


def event_figures(kind: str, piiri: dict[str, Any], floor: dict[str, Any]) -> dict[str, Any]:
    """The figures of a switch, breakout or idle run, Piiri's beside the floor's."""
    ours, theirs = piiri["phase"], floor["phase"]
    if kind == "idle":
        mine = ours["bytes_per_idle_phone_per_vote"]
        return {
            "votes": ours["votes"],
            "idle_phones": ours["idle_phones"],
            "bytes_per_idle_phone_per_vote": round(mine, 1),
            "floor_bytes_per_idle_phone_per_vote": round(
                theirs["bytes_per_idle_phone_per_vote"], 1
            ),
            "console_frames": ours["console_frames"],
            "screen_frames": ours["screen_frames"],
            "cpu_s_per_vote": round(ours["cpu_s"] / max(1, ours["votes"]), 4),
        }
    p99 = percentile(ours["lasts"], 99)
    floor_p99 = percentile(theirs["lasts"], 99)
    return {
        "switches": ours["count"],
        "lost": ours["lost"],
        "floor_lost": theirs["lost"],
        "p50_ms": round(percentile(ours["lasts"], 50), 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(max(ours["lasts"], default=float("nan")), 1),
        "floor_p50_ms": round(percentile(theirs["lasts"], 50), 1),
        "floor_p99_ms": round(floor_p99, 1),
        "p99_vs_floor": ratio(p99, floor_p99),
        "phone_p99_ms": round(percentile(ours["every"], 99), 1),
        "cpu_s_per_switch": round(ours["cpu_s"] / max(1, ours["count"]), 3),
        "floor_cpu_s_per_switch": round(theirs["cpu_s"] / max(1, theirs["count"]), 3),
    }

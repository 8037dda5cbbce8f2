"""A small run of the fan-out benchmark, so that `make bench` keeps working.

It starts what the real benchmark starts (uvicorn processes, a private redis-server, the floor
server, load-generator processes) with a handful of phones. Figures are checked for being
there and sane, never for being fast: the machine running the tests is not a quiet one.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from tests.support.processes import ROOT

FIGURES = (
    "participants",
    "processes",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
    "updates_per_s",
    "floor_updates_per_s",
    "throughput_ratio",
    "cpu_s_per_1k_updates",
    "bytes_per_update",
    "rss_kib_per_participant",
)

# Twenty phones (two rooms in the 'rooms' scenario), a second of votes per phase.
SMALL_RUN = (
    "--participants", "20", "--rooms", "2",
    "--rate", "10", "--duration", "1",
    "--burst-rate", "40", "--burst-duration", "1",
)  # fmt: skip


@pytest.mark.multiprocess
def test_a_small_benchmark_run_prints_every_figure_of_every_scenario() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", *SMALL_RUN],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("BENCH "), lines[-1]
    figures = json.loads(lines[-1].removeprefix("BENCH "))
    assert set(figures) == {
        "one-room",
        "rooms",
        "slow",
        "switch",
        "breakout-start",
        "idle-bytes",
        "rooms-10k",
    }
    # The table comes before the BENCH line, one row per scenario.
    table = "\n".join(lines[:-1])
    for name in figures:
        assert f"\n{name} " in f"\n{table}", table
    events = {name: figures.pop(name) for name in ("switch", "breakout-start", "idle-bytes")}
    for name, figs in figures.items():
        missing = [key for key in FIGURES if key not in figs]
        assert not missing, f"{name} lacks {missing}"
        assert figs["participants"] == 20, (name, figs)
        assert figs["votes"] > 0 and figs["lost"] == 0, (name, figs)
        for key in ("p50_ms", "p99_ms", "max_ms", "updates_per_s", "floor_updates_per_s"):
            assert isinstance(figs[key], int | float) and not math.isnan(figs[key]), (name, key)
            assert figs[key] > 0, (name, key, figs[key])
        assert figs["p50_ms"] <= figs["p95_ms"] <= figs["p99_ms"] <= figs["max_ms"], figs
        assert figs["bytes_per_update"] > 100, figs  # the board fragment, not an empty frame
    assert figures["one-room"]["processes"] == 1
    assert figures["rooms"]["processes"] == 2
    assert figures["rooms"]["rooms"] == 2
    assert figures["slow"]["slow_clients"] >= 1
    assert figures["rooms-10k"]["processes"] == 2
    # Switches and group formings: every one reached every phone, Piiri's and the floor's.
    for name in ("switch", "breakout-start"):
        figs = events[name]
        assert figs["participants"] == 20 and figs["switches"] >= 2, (name, figs)
        assert figs["lost"] == 0 and figs["floor_lost"] == 0, (name, figs)
        for key in ("p50_ms", "p99_ms", "floor_p99_ms", "rss_kib_per_participant"):
            assert isinstance(figs[key], int | float) and figs[key] > 0, (name, key, figs)
        assert figs["p50_ms"] <= figs["p99_ms"] <= figs["max_ms"], (name, figs)
    # Votes with the results hidden: the idle phones got nothing, the console and screen did;
    # the floor, which broadcasts every vote, sent each idle phone the board every time.
    idle = events["idle-bytes"]
    assert idle["votes"] > 0 and idle["idle_phones"] > 0, idle
    assert idle["bytes_per_idle_phone_per_vote"] == 0, idle
    assert idle["floor_bytes_per_idle_phone_per_vote"] > 100, idle
    assert idle["console_frames"] > 0 and idle["screen_frames"] > 0, idle

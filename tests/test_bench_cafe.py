"""A small run of the café seating benchmark, so that `make bench` keeps working (the figures of
the full-size run are in docs/performance.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.processes import ROOT


def test_a_small_run_prints_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.cafe", "--people", "40", "--tables", "8"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH_CAFE "), last
    figures = json.loads(last.removeprefix("BENCH_CAFE "))
    assert figures["people"] == 40 and figures["spread"] <= 1
    # One hosted room table here: the people without a phone must sit at it every round, a
    # rule above "no return", so returns are expected and only have to be counted.
    assert figures["returns"] >= 0
    assert figures["within_target"] is True


def test_a_small_round_start_run_prints_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.cafe_round", "--people", "40", "--tables", "8"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH_CAFE_ROUND "), last
    figures = json.loads(last.removeprefix("BENCH_CAFE_ROUND "))
    # Everyone with a phone gets a frame; phones at one table share one rendering.
    assert figures["phones"] == 38 and 0 < figures["distinct_phone_renderings"] < 38
    assert figures["phone_bytes"] > 0 and figures["floor_cpu_seconds"] >= 0
    assert figures["within_target"] is True


@pytest.mark.multiprocess
def test_a_small_run_over_sockets_tells_every_phone_where_to_go() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.cafe_live", "--people", "30", "--tables", "9"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert last.startswith("BENCH_CAFE_LIVE "), result.stdout + result.stderr
    figures = json.loads(last.removeprefix("BENCH_CAFE_LIVE "))
    # Timings are printed, not asserted (a shared machine); every phone was told, on both.
    assert figures["piiri"]["told"] == 30 and figures["floor"]["told"] == 30
    assert figures["piiri"]["hosts"] == 1 and figures["frame_bytes"] > 0

"""A small run of the participatory-budgeting benchmark, so that `make bench` keeps working.

Figures are checked for being there and sane, never for being fast (the figures of the full-size
run are in docs/performance.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.pb import generated_election
from tests.support.processes import ROOT


def test_a_small_run_prints_every_figure() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.pb",
            "--voters",
            "200",
            "--projects",
            "12",
            "--budget",
            "300000",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH_PB "), last
    figures = json.loads(last.removeprefix("BENCH_PB "))
    assert figures["voters"] == 200
    assert 0 < figures["equal_shares_spent"] <= figures["budget"]
    assert 0 < figures["greedy_spent"] <= figures["budget"]
    assert figures["add1_runs"] >= 2
    assert figures["add1_stop"] in {"over budget", "unchanging"}
    assert figures["voter_budget_end"] >= figures["voter_budget_start"]


def test_the_generated_election_is_the_same_every_time() -> None:
    first = generated_election(voters=200, projects=10, budget=100_000)
    again = generated_election(voters=200, projects=10, budget=100_000)
    assert first == again
    assert len(first.ballots) == 200
    assert all(1 <= len(b.projects) <= 8 for b in first.ballots)
    assert all(10_000 <= p.cost <= 100_000 for p in first.projects)

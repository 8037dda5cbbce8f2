"""`make test` leaves no test out: every collected test is in a pass of it, and each tier runs
where the plan says (tests/support/tiers.py): domain tests once, database tests on SQLite and on
PostgreSQL, browser and multi-process tests once, on PostgreSQL.

The passes are read from what `make -n test` would run, so the check follows the Makefile.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import ROOT
from tests.support.tiers import REPORT_ENV, TIER_MARKERS, collected_tiers

REAL_PARTS = {"browser", "multiprocess"}


@dataclass(frozen=True)
class Pass:
    """One pytest run of `make test`: its ``-m`` expression and its database."""

    expression: str
    postgres: bool

    def selects(self, markers: list[str]) -> bool:
        """Whether ``-m expression`` selects a test with ``markers`` (pytest's grammar for
        these expressions, names joined by and, or, not and parentheses, is Python's)."""
        assert re.fullmatch(r"[\w\s()]+", self.expression), self.expression
        names: defaultdict[str, bool] = defaultdict(bool, dict.fromkeys(markers, True))
        return bool(eval(self.expression, {"__builtins__": {}}, names))


def make_test_passes() -> list[Pass]:
    """The pytest runs in `make -n test` (make prints them without running them)."""
    # Not the flags of a `make test` this may be running under (its jobserver, its -j and -O).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    passes = []
    for line in dry_run.stdout.splitlines():
        words = shlex.split(line)
        if "pytest" not in words:
            continue
        options = words[words.index("pytest") + 1 :]
        assert "-m" in options, f"a pass of `make test` without -m: {line}"
        expression = options[options.index("-m") + 1]
        passes.append(Pass(expression, any(w.startswith("PIIRI_TEST_POSTGRES=") for w in words)))
    return passes


def every_test(config: pytest.Config, tmp_path: Path) -> dict[str, list[str]]:
    """Every test of the suite with its tier markers: this session's collection when it was the
    whole suite, else a fresh `pytest --collect-only`."""
    if config.args_source is pytest.Config.ArgsSource.TESTPATHS and not config.getoption(
        "lf", False
    ):
        return config.stash[collected_tiers]
    report = tmp_path / "tiers.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, REPORT_ENV: str(report)},
        capture_output=True,
        timeout=120,
        check=True,
    )
    tiers: dict[str, list[str]] = json.loads(report.read_text(encoding="utf-8"))
    return tiers


def test_every_test_runs_in_make_test_once_per_database_its_tier_needs(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    passes = make_test_passes()
    assert {p.postgres for p in passes} == {False, True}, passes
    tests = every_test(request.config, tmp_path)
    assert len(tests) > 400, "the suite was not collected"
    assert {m for markers in tests.values() for m in markers} == set(TIER_MARKERS)

    wrong = []
    for test, markers in tests.items():
        runs = [p for p in passes if p.selects(markers)]
        if REAL_PARTS & set(markers):
            expected = [True]  # once, on PostgreSQL
        elif "db" in markers:
            expected = [False, True]  # on SQLite and on PostgreSQL
        else:
            expected = [False]  # a domain test: once
        if sorted(p.postgres for p in runs) != expected:
            wrong.append(f"{test} {markers}: runs in {runs}")
    assert not wrong, "\n".join(wrong)


def test_the_check_would_see_a_test_left_out() -> None:
    quick = Pass("not browser and not multiprocess", postgres=False)
    real_parts = Pass("browser or multiprocess", postgres=True)

    assert quick.selects([]) and quick.selects(["db"])
    assert not quick.selects(["browser"]) and not quick.selects(["db", "multiprocess"])
    assert real_parts.selects(["multiprocess"]) and not real_parts.selects(["db"])

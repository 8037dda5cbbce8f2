"""`piiri pb results FILE.pb`, run as a real process the way a resident recomputing a published
outcome runs it: no database, no settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.rules import compute
from tests.support.pb_elections import FILES, published, text_of
from tests.support.processes import piiri_pb

pytestmark = pytest.mark.multiprocess  # each test runs `piiri pb results`, a process of its own


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_results_print_the_published_selection(path: Path) -> None:
    result = piiri_pb(str(path))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    selected = json.loads(lines[0])
    assert set(selected) == published(read_pb(text_of(path)))
    # The same code as the activity, in the order it selected them.
    assert selected == list(compute(read_pb(text_of(path))).selected)


def test_results_with_another_rule() -> None:
    path = next(p for p in FILES if p.stem == "Netherlands_Assen_2024")

    greedy = piiri_pb(str(path), "--rule", "greedy")
    plain = piiri_pb(str(path), "--rule", "equalshares", "--seed", "7")

    election = read_pb(text_of(path))
    assert json.loads(greedy.stdout) == list(compute(election, "greedy").selected)
    assert json.loads(plain.stdout) == list(compute(election, "equalshares", seed=7).selected)
    assert json.loads(greedy.stdout) != json.loads(plain.stdout)


def test_a_malformed_file_is_named_by_line_and_field_in_the_chosen_language(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.pb"
    path.write_text(
        "META\nkey;value\nbudget;1000\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\n1;-50\nVOTES\nvoter_id;vote\n1;1\n",
        encoding="utf-8",
    )

    english = piiri_pb(str(path))
    finnish = piiri_pb(str(path), "--language", "fi")

    assert english.returncode == 1
    assert english.stdout == ""
    assert english.stderr.strip() == (
        f"piiri: {path}: Line 7: cost must be a whole number of zero or more, not “-50”."
    )
    assert finnish.returncode == 1
    assert "Rivi 7" in finnish.stderr and "cost" in finnish.stderr


def test_a_missing_file_and_an_unknown_rule(tmp_path: Path) -> None:
    missing = piiri_pb(str(tmp_path / "nowhere.pb"))
    assert missing.returncode == 2
    assert "nowhere.pb" in missing.stderr

    unknown = piiri_pb(str(FILES[0]), "--rule", "lottery")
    assert unknown.returncode == 2  # argparse names the rules it knows
    assert "equalshares/add1" in unknown.stderr

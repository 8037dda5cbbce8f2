"""Real Pabulib elections (tests/data/pabulib/README.md) and pabulib-checker's verdict on a text."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from piiri.activities.participatory_budget.election import Election

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"
FILES = sorted(DATA.glob("*.pb"))


def text_of(path: Path) -> str:
    """A .pb file's text, its line ends as they are in the file."""
    # newline="" keeps the files' CRLF line ends, which writing must give back.
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def published(election: Election) -> set[str]:
    """The ids of the projects the file says were selected."""
    return {p.id for p in election.projects if p.extra_value("selected") == "1"}


def checker_results(text: str) -> dict[str, object]:
    """pabulib-checker's errors and warnings for one .pb text (skips the test without it)."""
    checker_module = pytest.importorskip("pabulib.checker")
    with contextlib.redirect_stdout(io.StringIO()):
        results = checker_module.Checker().process_files([text])
    [file_results] = [v for k, v in results.items() if k not in ("metadata", "summary")]
    found: dict[str, object] = file_results["results"]
    return found

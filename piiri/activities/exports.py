"""What a kind's results look like outside Piiri: JSON-ready data and named tables.

The core (piiri/domain/results.py) turns every activity's ``Export`` into the JSON download
(``data``) and the CSV download (``tables``, one section per table name, each row led by the
activity's title and kind), and a report renders the kind's ``report.html`` from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A cell as a spreadsheet shows it; a kind writes yes/no, empty and formatted numbers itself.
Cell = str | int


@dataclass(frozen=True)
class Table:
    """Rows under headers. ``name`` is stable and machine-readable ("ranking", "turns"): the
    CSV puts the rows of every activity of the same kind with the same table name together."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"table {self.name}: a row of {len(row)} under {self.headers}")


@dataclass(frozen=True)
class Voices:
    """Who was heard in an activity, person by person (ids of the workshop's people): seconds
    spoken and contributions made (turns taken, notes written, quotes captured). The report's
    balance of voices sums these by channel, in the room against remote. A vote is no voice."""

    speaking_seconds: Mapping[int, int]
    contributions: Mapping[int, int]


NO_VOICES = Voices({}, {})


@dataclass(frozen=True)
class ExportFile:
    """A file of the activity's own format (a participatory budget's Pabulib ``.pb``), offered
    for download by its ``name``: letters, digits, dots, dashes and underscores."""

    name: str
    media_type: str
    text: str


@dataclass(frozen=True)
class Export:
    """An activity's results: ``data`` for the JSON download (JSON-ready: str, int, float,
    bool, None, lists and dicts of them), ``tables`` for the CSV download and spreadsheets,
    ``files`` for downloads in a format of the kind's own (most kinds have none)."""

    data: Mapping[str, Any]
    tables: tuple[Table, ...]
    files: tuple[ExportFile, ...] = ()

    def file(self, name: str) -> ExportFile | None:
        return next((f for f in self.files if f.name == name), None)

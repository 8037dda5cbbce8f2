"""The workshop's results as data: what the JSON and CSV downloads carry.

Every activity's kind exports its own results (piiri/activities/exports.py); nothing here knows
a kind. The JSON holds each activity's ``data``. The CSV holds every kind's tables: one section
per table (a kind and a table name, e.g. the dot-vote's ``ranking``), in the order the agenda
first reaches that kind, sections apart by an empty row; a table without rows is left out.
Each section's header is ``activity``, ``kind`` and the table's own headers; each row is led by
its activity's title and kind, so the rows of every activity of one kind share one section.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piiri.activities import activity_kind
from piiri.activities.exports import Cell, Export, Table
from piiri.domain.state import ActivityInfo, WorkshopState


def exports(state: WorkshopState) -> list[tuple[ActivityInfo, Export]]:
    """Every activity (removed ones too) with its kind's export, in agenda order."""
    return [
        (info, activity_kind(info.kind).export(state.activity_state(info.id), state.people))
        for info in state.activities
    ]


def results_document(state: WorkshopState, *, exported_at: datetime) -> dict[str, Any]:
    return {
        "workshop": {
            "title": state.title,
            "code": state.code,
            "language": state.language,
            "seq": state.seq,
            "exported_at": exported_at.isoformat(),
        },
        "participants": {
            "in_room": state.in_room,
            "remote": state.remote,
            "without_phone": sum(1 for p in state.present_people if p.by_proxy),
            "left": sum(1 for p in state.people.values() if not p.present),
        },
        "activities": [
            {
                "id": info.id,
                "kind": info.kind,
                "title": info.title,
                "running": info.id == state.current_activity_id,
                "removed": info.removed,
                "results": dict(export.data),
            }
            for info, export in exports(state)
        ],
    }


def _cell(value: Cell) -> Cell:
    # A participant's text that starts like a formula must not run in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def results_rows(state: WorkshopState) -> list[list[Cell]]:
    """The CSV: every kind's tables, one section each (see the module's docstring)."""
    sections: dict[tuple[str, str], list[list[Cell]]] = {}
    for info, export in exports(state):
        for table in export.tables:
            section = sections.setdefault((info.kind, table.name), [_header(table)])
            if section[0] != _header(table):
                raise ValueError(f"{info.kind}: table {table.name} changed its headers")
            section.extend([_cell(v) for v in (info.title, info.kind, *row)] for row in table.rows)
    rows: list[list[Cell]] = []
    for section in sections.values():
        if len(section) == 1:
            continue  # a table without rows yet (no turns taken, no notes written)
        if rows:
            rows.append([])
        rows.extend(section)
    return rows


def _header(table: Table) -> list[Cell]:
    return ["activity", "kind", *table.headers]

"""The workshop's results as data: what the JSON and CSV downloads carry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piiri.activities import activity_kind
from piiri.domain.state import WorkshopState


def results_document(state: WorkshopState) -> dict[str, Any]:
    return {
        "workshop": {
            "title": state.title,
            "code": state.code,
            "language": state.language,
            "seq": state.seq,
            "exported_at": datetime.now(UTC).isoformat(),
        },
        "participants": {
            "in_room": state.in_room,
            "remote": state.remote,
            "without_phone": sum(1 for p in state.present_people if p.by_proxy),
            "left": sum(
                1 for p in state.people.values() if not (p.present or p.removed or p.waiting)
            ),
            # Taken out by the facilitator (or refused at the door), and how many of their
            # inputs (dots, notes) were withdrawn with them.
            "removed": sum(1 for p in state.people.values() if p.removed),
            "inputs_withdrawn": state.withdrawn,
        },
        "activities": [
            {
                "id": info.id,
                "kind": info.kind,
                "title": info.title,
                "running": info.id == state.current_activity_id,
                "removed": info.removed,
                "results": activity_kind(info.kind).results(
                    state.activity_state(info.id), state.people
                ),
            }
            for info in state.activities
        ],
    }


def _cell(value: str | int) -> str | int:
    # A participant's text that starts like a formula must not run in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def results_rows(state: WorkshopState) -> list[list[str | int]]:
    """One row per option of every activity that ranks options."""
    rows: list[list[str | int]] = [
        ["activity", "kind", "rank", "tied", "option", "dots", "dots_cast", "voters"]
    ]
    for entry in results_document(state)["activities"]:
        results = entry["results"]
        for ranked in results.get("ranking", []):
            rows.append(
                [
                    _cell(v)
                    for v in (
                        entry["title"],
                        entry["kind"],
                        ranked["rank"],
                        "yes" if ranked["tied"] else "no",
                        ranked["option"],
                        ranked["dots"],
                        results["dots_cast"],
                        results["voters"],
                    )
                ]
            )
    for table in (turn_rows(state), share_rows(state)):
        if len(table) > 1:
            rows.append([])
            rows.extend(table)
    return rows


def share_rows(state: WorkshopState) -> list[list[str | int]]:
    """The share of in-room and remote voices in every activity that records speaking time."""
    rows: list[list[str | int]] = [["activity", "kind", "where", "speaking_seconds", "share"]]
    for entry in results_document(state)["activities"]:
        results = entry["results"]
        for where, seconds in results.get("speaking_seconds", {}).items():
            share = f"{results['speaking_share'][where]:.3f}"
            rows.append([_cell(entry["title"]), entry["kind"], where, seconds, share])
    return rows


def turn_rows(state: WorkshopState) -> list[list[str | int]]:
    """One row per turn of every activity that records speaking turns (round-robin)."""
    rows: list[list[str | int]] = [
        ["activity", "kind", "round", "speaker", "where", "seconds", "outcome", "note"]
    ]
    for entry in results_document(state)["activities"]:
        for turn in entry["results"].get("turns", []):
            where = {True: "in_room", False: "remote", None: ""}[turn["in_room"]]
            values = (
                entry["title"],
                entry["kind"],
                turn["round"],
                turn["speaker"],
                where,
                "" if turn["seconds"] is None else turn["seconds"],
                turn["outcome"],
                turn["note"],
            )
            rows.append([_cell(v) for v in values])
    return rows

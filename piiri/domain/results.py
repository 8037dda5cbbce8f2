"""The workshop's results as data: what the JSON, CSV and XLSX downloads carry.

Every activity's kind exports its own results (piiri/activities/exports.py); nothing here knows
a kind. The JSON (``results_document``) follows the versioned schema in docs/export-schema.md:
the workshop, everyone who took part (so that the ids in activities' results resolve), and each
activity's ``data``. The tables (``results_tables``) are one per activity and table, led by the
participants' table: the XLSX has a sheet for each, the CSV zip a file for each. The older single
CSV (``results_rows``) stacks every kind's tables in sections, for whoever already reads it.

Times are stored in UTC and exported in the workshop's time zone, as ISO 8601 with the offset:
the caller passes the zone (the domain reads no zone database) and every value under a key that
ends in ``_at`` in a kind's data is converted, so a kind writes UTC and never needs the zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from piiri.activities import activity_kind
from piiri.activities.config_languages import form_in_languages
from piiri.activities.exports import Cell, Export, Table
from piiri.activities.local_text import LANGUAGE_MARK
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Person

# The JSON's name and version (docs/export-schema.md). Raise the version when a key changes
# meaning or goes away; adding a key keeps it.
SCHEMA = "piiri-results"
SCHEMA_VERSION = 2
# The ways a person takes part, as the report and every export name them.
CHANNELS = ("in_room", "remote", "by_proxy")
PARTICIPANT_HEADERS = ("id", "name", "channel", "present")


def exports(state: WorkshopState) -> list[tuple[ActivityInfo, Export]]:
    """Every activity (removed ones too) with its kind's export, in agenda order."""
    return [
        (info, activity_kind(info.kind).export(state.activity_state(info.id), state.people))
        for info in state.activities
    ]


def channel(person: Person) -> str:
    """How a person takes part: with their own phone in the room, remote, or by proxy."""
    if person.by_proxy:
        return "by_proxy"
    return "in_room" if person.in_room else "remote"


def channel_counts(people: Mapping[int, Person]) -> dict[str, int]:
    """Everyone who took part (those who left too), by channel: always shown, whatever its size."""
    counts = dict.fromkeys(CHANNELS, 0)
    for person in people.values():
        counts[channel(person)] += 1
    return counts


def local_time(moment: str | datetime, zone: tzinfo) -> str:
    """A stored UTC time (ISO 8601 string or aware datetime) as ISO 8601 in ``zone``."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(zone).isoformat()


def localise(data: Any, zone: tzinfo) -> Any:
    """``data`` with every ISO time under a key ending in ``_at`` moved into ``zone``."""
    if isinstance(data, Mapping):
        return {
            key: (
                _maybe_time(value, zone)
                if isinstance(key, str) and key.endswith("_at")
                else localise(value, zone)
            )
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [localise(item, zone) for item in data]
    return data


def _maybe_time(value: Any, zone: tzinfo) -> Any:
    if isinstance(value, str | datetime):
        try:
            return local_time(value, zone)
        except ValueError:
            return value  # not a time after all: exported as the kind wrote it
    return localise(value, zone)


@dataclass(frozen=True)
class Participants:
    """Who took part, as every export and the report count them."""

    by_channel: Mapping[str, int]
    total: int
    present: int
    left: int
    people: tuple[Person, ...]


def participants(state: WorkshopState) -> Participants:
    people = tuple(sorted(state.people.values(), key=lambda p: p.id))
    present = sum(1 for p in people if p.present)
    return Participants(
        by_channel=channel_counts(state.people),
        total=len(people),
        present=present,
        # Neither here nor taken out by the facilitator nor waiting to be let in.
        left=sum(1 for p in people if not (p.present or p.removed or p.waiting)),
        people=people,
    )


def results_document(
    state: WorkshopState,
    *,
    exported_at: datetime,
    zone: tzinfo = UTC,
    time_zone: str = "",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON download (docs/export-schema.md). ``zone`` is the workshop's time zone and
    ``time_zone`` its name; ``extra`` adds top-level sections (the plan, the balance of
    voices) that the caller computed from outside the log."""
    taking_part = participants(state)
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "workshop": {
            "title": state.title,
            "code": state.code,
            "language": state.language,
            # Every language it runs in, its own first; the title in the others.
            "languages": list(state.languages),
            "title_translations": dict(state.titles),
            "time_zone": time_zone or str(zone),
            "seq": state.seq,
            "exported_at": local_time(exported_at, zone),
        },
        # Here now, as schema 1 had it: in the room (people without a phone too), remote.
        "participants": {
            "in_room": state.in_room,
            "remote": state.remote,
            "without_phone": sum(1 for p in state.present_people if p.by_proxy),
            "left": taking_part.left,
            # Taken out by the facilitator (or refused at the door), and how many of their
            # inputs (dots, notes) were withdrawn with them.
            "removed": sum(1 for p in state.people.values() if p.removed),
            "inputs_withdrawn": state.withdrawn,
        },
        # Everyone who took part, each in one channel, however few.
        "participation": {
            "by_channel": dict(taking_part.by_channel),
            "total": taking_part.total,
            "present": taking_part.present,
            "left": taking_part.left,
        },
        # Who they are: every person id in the activities' results is one of these.
        "people": [
            {"id": p.id, "name": p.name, "channel": channel(p), "present": p.present}
            for p in taking_part.people
        ],
        "activities": [
            {
                "id": info.id,
                "kind": info.kind,
                "title": info.title,
                "position": position,
                "running": info.id == state.current_activity_id,
                "removed": info.removed,
                # What the facilitator wrote, in the workshop's other languages: the title
                # and each text field as its form shows it (the results are as written).
                "title_translations": dict(info.titles),
                "translations": entered_translations(info, state.languages[1:]),
                "results": localise(dict(export.data), zone),
            }
            for position, (info, export) in enumerate(exports(state), start=1)
        ],
    }
    document.update(extra or {})
    return document


def entered_translations(info: ActivityInfo, others: tuple[str, ...]) -> dict[str, Any]:
    """Language -> the kind's text fields (``local_fields``) given in it, as its form shows
    them; a language with nothing given in it is left out."""
    kind = activity_kind(info.kind)
    found: dict[str, Any] = {}
    for language in others:
        form = form_in_languages(kind, info.config, (language,))
        given = {
            field: form[f"{field}{LANGUAGE_MARK}{language}"]
            for field in sorted(kind.local_fields)
            if f"{field}{LANGUAGE_MARK}{language}" in form
        }
        if given:
            found[language] = given
    return found


def _cell(value: Cell) -> Cell:
    # A participant's text that starts like a formula must not run in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def safe_rows(table: Table) -> list[list[Cell]]:
    """The table's header and rows as a spreadsheet may open them (no formulas)."""
    return [list(table.headers), *([_cell(v) for v in row] for row in table.rows)]


@dataclass(frozen=True)
class NamedTable:
    """One table of the downloads: ``name`` is its file's (CSV zip) and sheet's (XLSX) name,
    unique in the workshop; ``title`` is the activity's title ("" for the participants)."""

    name: str
    title: str
    table: Table


def results_tables(state: WorkshopState) -> list[NamedTable]:
    """The participants' table, then every table of every activity in agenda order, each named
    ``<position>-<kind>-<table>`` (e.g. ``2-<kind>-ranking``), empty tables too: a reader
    then finds the same files for every workshop with the same agenda."""
    people = tuple(
        (p.id, p.name, channel(p), "yes" if p.present else "no")
        for p in sorted(state.people.values(), key=lambda p: p.id)
    )
    tables = [NamedTable("participants", "", Table("participants", PARTICIPANT_HEADERS, people))]
    for position, (info, export) in enumerate(exports(state), start=1):
        for table in export.tables:
            name = f"{position}-{info.kind}-{table.name}"
            tables.append(NamedTable(name, info.title, table))
    return tables


def results_rows(state: WorkshopState) -> list[list[Cell]]:
    """The single CSV: every kind's tables, one section each, in the order the agenda first
    reaches that kind, sections apart by an empty row; a table without rows is left out. Each
    section's header is ``activity``, ``kind`` and the table's own headers; each row is led by
    its activity's title and kind, so the rows of every activity of one kind share a section."""
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

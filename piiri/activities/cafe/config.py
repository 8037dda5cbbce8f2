"""The café's add form, checked: its template, tables, rounds and who records (see kind.py).

A table is one line, its fields apart by "|": the name, the seats, then in any order where it
is ("by the window"), its language (fi, sv, en), "stairs" when it is not step-free, "remote"
or a call's address for a remote table. Or Piiri makes N numbered tables of the same size, and
one remote table for each call address given. A round is one line: its question, then "| 15"
for its minutes (else the default). 1-2-4-All has its four stages (alone 1 min, pairs 2, fours
4, everyone 5); its lines give the stages' questions (the last one goes on) and minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.cafe.model import (
    CAFE,
    MAX_CAPACITY,
    MAX_NAME_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_ROUNDS,
    MAX_TABLES,
    MAX_WHERE_LENGTH,
    ONE_TWO_FOUR,
    RECORDERS,
    SEATINGS,
    STAGE_MINUTES,
    TEMPLATES,
    CafeTable,
    RoundPlan,
)
from piiri.activities.call_links import call_link
from piiri.activities.form_values import minutes, optional_number
from piiri.activities.local_text import LocalText
from piiri.activities.text import lines, one_line
from piiri.domain.vocabulary import N_, DomainError

LANGUAGE_CODES = ("fi", "sv", "en")
# The words that mark a table, in each language the form is read in; the form writes English.
STAIRS = frozenset({"stairs", "portaat", "trappor"})
REMOTE = frozenset({"remote", "etä", "distans"})


def parse_cafe_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the add/edit form. Raises DomainError; returns JSON-ready data."""
    template = str(values.get("template") or CAFE)
    if template not in TEMPLATES:
        raise DomainError(N_("Choose a café or 1-2-4-All."))
    recorder = str(values.get("recorder") or "host")
    if recorder not in RECORDERS:
        raise DomainError(N_("Choose who records a table's notes."))
    seating = str(values.get("seating") or "separate")
    if seating not in SEATINGS:
        raise DomainError(N_("Choose how in-room and remote people are seated."))
    default_minutes = minutes(values.get("minutes"), default=20)
    tables = [_table(line, n) for n, line in enumerate(lines(values.get("tables", "")), start=1)]
    count = optional_number(
        values.get("table_count"),
        low=1,
        high=MAX_TABLES,
        message=N_("The number of tables must be a whole number from {low} to {high}."),
    )
    seats = optional_number(
        values.get("seats"),
        low=1,
        high=MAX_CAPACITY,
        message=N_("Seats per table must be a whole number from {low} to {high}."),
    )
    calls = [call_link(c) for c in lines(values.get("call_links", ""))]
    if len(tables) + (count or 0) + len(calls) > MAX_TABLES:
        raise DomainError(N_("A café can have at most {limit} tables."), limit=MAX_TABLES)
    if template == CAFE and not tables and not count and not calls:
        raise DomainError(N_("Give the tables, one per line, or the number of tables to make."))
    return {
        "template": template,
        "tables": tables,
        "table_count": count,
        "seats": seats or 6,
        "call_links": calls,
        "rounds": _rounds(values.get("rounds", ""), template, default_minutes),
        "minutes": default_minutes,
        "recorder": recorder,
        "seating": seating,
    }


def _table(line: str, number: int) -> dict[str, Any]:
    parts = [p.strip() for p in line.split("|")]
    name = one_line(
        parts[0],
        limit=MAX_NAME_LENGTH,
        required=N_("A table needs a name: write its name, then | and its seats."),
        too_long=N_("A table's name can be at most {limit} characters long."),
    )
    if len(parts) < 2:
        raise DomainError(N_("Give table {number}'s seats after its name and |."), number=number)
    capacity = optional_number(
        parts[1],
        low=1,
        high=MAX_CAPACITY,
        message=N_("Seats per table must be a whole number from {low} to {high}."),
    )
    if capacity is None:
        raise DomainError(N_("Give table {number}'s seats after its name and |."), number=number)
    table: dict[str, Any] = {
        "name": name,
        "capacity": capacity,
        "where": "",
        "language": "",
        "step_free": True,
        "remote": False,
        "call_link": "",
    }
    for part in parts[2:]:
        word = part.casefold()
        if not part:
            continue
        if word.startswith(("http://", "https://")):
            table.update(remote=True, call_link=call_link(part))
        elif word in LANGUAGE_CODES:
            table["language"] = word
        elif word in STAIRS:
            table["step_free"] = False
        elif word in REMOTE:
            table["remote"] = True
        elif not table["where"]:
            table["where"] = one_line(
                part,
                limit=MAX_WHERE_LENGTH,
                too_long=N_("Where a table is can be at most {limit} characters long."),
            )
        else:
            raise DomainError(N_("Table {number} says where it is twice."), number=number)
    return table


def _rounds(value: object, template: str, default_minutes: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for line in lines(value):
        question, _, length = line.rpartition("|") if "|" in line else (line, "", "")
        question = one_line(
            question,
            limit=MAX_QUESTION_LENGTH,
            required=N_("A round needs its question."),
            too_long=N_("A question can be at most {limit} characters long."),
        )
        found.append({"question": LocalText(question).to_json(), "minutes": length.strip()})
    stages = len(STAGE_MINUTES) if template == ONE_TWO_FOUR else MAX_ROUNDS
    if len(found) > stages:
        raise DomainError(N_("Give at most {limit} rounds, one per line."), limit=stages)
    if not found:
        raise DomainError(N_("Give each round's question, one per line."))
    if template == ONE_TWO_FOUR:
        found += [{**found[-1], "minutes": ""} for _ in range(len(STAGE_MINUTES) - len(found))]
    for index, round_plan in enumerate(found):
        default = STAGE_MINUTES[index] if template == ONE_TWO_FOUR else default_minutes
        round_plan["minutes"] = minutes(round_plan["minutes"], default=default)
    return found


def config_lines(config: Mapping[str, Any]) -> dict[str, str]:
    """The stored tables and rounds as the lines the form shows (read back the same)."""
    tables = []
    for t in config.get("tables") or ():
        fields = [t["name"], str(t["capacity"]), t["where"], t["language"]]
        fields += ["" if t["step_free"] else "stairs"]
        fields += [t["call_link"] or ("remote" if t["remote"] else "")]
        tables.append(" | ".join(f for f in fields if f))
    rounds = [
        f"{LocalText.from_json(r['question']).text} | {r['minutes']}"
        for r in config.get("rounds") or ()
    ]
    return {
        "tables": "\n".join(tables),
        "rounds": "\n".join(rounds),
        "call_links": "\n".join(config.get("call_links") or ()),
    }


def cafe_tables(config: Mapping[str, Any]) -> tuple[CafeTable, ...]:
    """The tables the configuration gives: those written, then the ones to make, then one
    remote table for each call address; ids "t1", "t2", ... in that order."""
    made: list[CafeTable] = []
    for t in config.get("tables") or ():
        made.append(CafeTable(id=f"t{len(made) + 1}", **t))
    seats = int(config.get("seats") or 6)
    for _ in range(int(config.get("table_count") or 0)):
        made.append(CafeTable(id=f"t{len(made) + 1}", name=str(len(made) + 1), capacity=seats))
    for link in config.get("call_links") or ():
        number = len(made) + 1
        made.append(CafeTable(f"t{number}", str(number), seats, remote=True, call_link=link))
    return tuple(made)


def cafe_rounds(config: Mapping[str, Any]) -> tuple[RoundPlan, ...]:
    return tuple(
        RoundPlan(LocalText.from_json(r["question"]), int(r["minutes"]))
        for r in config.get("rounds") or ()
    )

"""Who sits where when a round starts: the café's schedule from the seating engine (planned
once, at the first round, for every round), 1-2-4-All's stages from grouping.py, and where
someone who comes in the middle of a round goes. Pure and seeded (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from piiri.activities import grouping
from piiri.activities.cafe.model import (
    APART,
    MIXED,
    SEPARATE,
    TOGETHER,
    Cafe,
    MemberSeated,
    SeatingPlanned,
)
from piiri.activities.cafe.seating import Guest, Table, seat
from piiri.activities.cafe.seats import free_seat
from piiri.domain.vocabulary import Person


def present_hosts(state: Cafe, people: Mapping[int, Person]) -> dict[str, int]:
    """The hosts who are here (a host who left leaves their table without one)."""
    return {t: p for t, p in state.hosts.items() if p in people and people[p].present}


def plan_cafe(state: Cafe, people: Mapping[int, Person], seed: int) -> SeatingPlanned:
    """Every round's tables for the people here now, by the seating engine's rules.

    Hosts stay, travellers move: a traveller never sits at a table twice when the café has
    hosts. Without hosts nobody carries a table's conversation to the next group, and the rule
    that counts is meeting new people, so travellers may come back to a table (rule 2 off):
    docs/architecture.md, "The café". Raises SeatingError (a DomainError) when the rules that
    must always hold cannot."""
    hosts = present_hosts(state, people)
    tables = [
        Table(
            name=t.name,
            capacity=t.capacity,
            host=hosts.get(t.id),
            language=t.language,
            step_free=t.step_free,
            remote=t.remote,
            call_link=t.call_link,
            where=t.where,
        )
        for t in state.tables
    ]
    guests = [
        Guest(
            p.id,
            in_room=p.in_room,
            has_phone=not p.by_proxy,
            needs_step_free=p.id in state.step_free,
        )
        for p in grouping.present_people(people)
    ]
    rules = state.pairs.items()
    seating = seat(
        tables,
        guests,
        len(state.rounds),
        keep_together=[pair for pair, rule in rules if rule == TOGETHER],
        keep_apart=[pair for pair, rule in rules if rule == APART],
        mixed=state.seating == MIXED,
        fresh_tables=bool(hosts),
        seed=seed,
    )
    return SeatingPlanned(
        rounds=[[list(ids) for ids in round_tables] for round_tables in seating.rounds],
        returns=seating.returns,
        repeated_pairs=seating.repeated_pairs,
    )


def cafe_groups(
    state: Cafe, plan: Sequence[Sequence[Sequence[int]]], index: int, people: Mapping[int, Person]
) -> list[list[Any]]:
    """Round ``index``'s tables from the plan: who is here of the planned people, then each
    person here who was not planned at a free seat that keeps the rules (seats.py)."""
    groups: list[list[Any]] = []
    for table, ids in zip(state.tables, plan[index], strict=True):
        groups.append([table.id, [i for i in ids if i in people and people[i].present]])
    planned = {i for ids in plan[index] for i in ids}
    hosts = present_hosts(state, people)
    for person in grouping.present_people(people):
        if person.id not in planned:
            target = free_seat(state, groups, person, hosts)
            if target is not None:
                target[1].append(person.id)
    return groups


def stage_groups(
    state: Cafe, index: int, people: Mapping[int, Person], seed: int
) -> list[list[Any]]:
    """1-2-4-All's stage ``index``: alone, pairs, fours (two pairs of the last stage), everyone.
    In the room and remote apart unless the café mixes them; people without a phone are with
    an in-room person who has one (grouping.py)."""
    here = grouping.present_people(people)
    apart = state.seating == SEPARATE
    sides = (
        [[p for p in here if p.in_room], [p for p in here if not p.in_room]] if apart else [here]
    )
    if index == 0:
        phones = sum(1 for p in here if not p.by_proxy)
        members = grouping.split(here, max(1, phones), "random", seed) if here else []
    elif index == 1:
        members = [pair for side in sides if side for pair in grouping.pairs(side, False, seed)]
    elif index == 2:
        members = _fours(state, sides, people)
    else:
        members = [[p.id for p in here]]
    return [[f"r{index + 1}g{n}", ids] for n, ids in enumerate(members, start=1) if ids]


def _fours(state: Cafe, sides: list[list[Person]], people: Mapping[int, Person]) -> list[list[int]]:
    """The last stage's pairs, two by two on each side (an odd pair out joins the last four);
    someone who was in no pair joins the smallest group on their side."""
    before = state.seated[1] if len(state.seated) > 1 else None
    result: list[list[int]] = []
    for side in sides:
        ids = {p.id for p in side}
        pairs = [
            [m for m in members if m in ids] for _, members in (before.groups if before else ())
        ]
        pairs = [p for p in pairs if p]
        fours = [pairs[i] + pairs[i + 1] for i in range(0, len(pairs) - 1, 2)]
        if len(pairs) % 2:
            if fours:
                fours[-1] += pairs[-1]
            else:
                fours.append(pairs[-1])
        placed = {m for four in fours for m in four}
        for person_id in sorted(ids - placed):
            if fours:
                min(fours, key=len).append(person_id)
            else:
                fours.append([person_id])
        result += fours
    return result


def latecomers(state: Cafe, people: Mapping[int, Person]) -> list[MemberSeated]:
    """Where each person here who sits nowhere this round goes (in a café: a free seat that
    keeps the rules, seats.py; nowhere when none does, and the console says so)."""
    if state.stage != "round":
        return []
    if not state.is_cafe:
        placed = state.now.latecomers(people, separate=state.seating == SEPARATE)
        return [MemberSeated(person, group) for person, group in placed]
    groups = [[gid, list(state.present(gid))] for gid in state.groups]
    away = {gid: state.members(gid) for gid in state.groups}
    hosts = present_hosts(state, people)
    seated: list[MemberSeated] = []
    for person in grouping.present_people(people):
        if state.now.group_of(person.id) is None:
            target = free_seat(state, groups, person, hosts, away)
            if target is not None:
                target[1].append(person.id)
                seated.append(MemberSeated(person.id, target[0]))
    return seated

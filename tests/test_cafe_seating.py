"""The café's seating engine (piiri/activities/cafe/seating.py): the rules that must always hold,
as properties over random rooms; rules 2-4 on rooms where the answer is known."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiri.activities.cafe.commands import StartRound
from piiri.activities.cafe.seating import (
    Guest,
    Seating,
    SeatingError,
    Table,
    generated_tables,
    seat,
)
from piiri.domain.vocabulary import DomainError, Person
from tests.support.cafe_session import FACILITATOR, CafeSession, config
from tests.support.examples import examples


@st.composite
def rooms(draw: st.DrawFn) -> dict[str, object]:
    guests = draw(
        st.lists(
            st.builds(
                Guest,
                id=st.just(0),
                in_room=st.booleans(),
                has_phone=st.sampled_from([True, True, True, False]),
                needs_step_free=st.sampled_from([False, False, False, True]),
            ),
            max_size=30,
        )
    )
    guests = [Guest(i + 1, g.in_room, g.has_phone, g.needs_step_free) for i, g in enumerate(guests)]
    ids = [g.id for g in guests]
    hosts = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) if ids else []
    tables = draw(
        st.lists(
            st.builds(
                Table,
                name=st.just(""),
                capacity=st.integers(1, 8),
                step_free=st.booleans(),
                remote=st.booleans(),
            ),
            min_size=1,
            max_size=10,
        )
    )
    tables = [
        Table(
            str(i + 1), t.capacity, hosts[i] if i < len(hosts) else None, "", t.step_free, t.remote
        )
        for i, t in enumerate(tables)
    ]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)) if ids else st.just((0, 0))
    return {
        "tables": tables,
        "guests": guests,
        "rounds": draw(st.integers(1, 4)),
        "keep_together": draw(st.lists(pair, max_size=3)),
        "keep_apart": draw(st.lists(pair, max_size=4)),
        "mixed": draw(st.booleans()),
        "seed": draw(st.integers(1, 2**32)),
    }


def unit_of(guests: list[Guest], together: list[tuple[int, int]]) -> dict[int, frozenset[int]]:
    units = {g.id: frozenset({g.id}) for g in guests}
    for a, b in together:
        if a != b:
            merged = units[a] | units[b]
            for m in merged:
                units[m] = merged
    return units


def check_hard_rules(room: dict[str, object], seating: Seating) -> None:
    tables: list[Table] = room["tables"]  # type: ignore[assignment]
    guests: list[Guest] = room["guests"]  # type: ignore[assignment]
    mixed = room["mixed"]
    units = unit_of(guests, room["keep_together"])  # type: ignore[arg-type]
    by_id = {g.id: g for g in guests}
    hosts = {t.host: i for i, t in enumerate(tables) if t.host is not None}
    assert len(seating.rounds) == room["rounds"]
    for r, round_tables in enumerate(seating.rounds):
        seated = [p for ids in round_tables for p in ids]
        assert sorted(seated) == sorted(by_id), "everyone seated once a round"
        for t, ids in enumerate(round_tables):
            table = tables[t]
            assert len(ids) <= table.capacity
            for p in ids:
                g = by_id[p]
                assert units[p] <= set(ids), "kept together"
                if g.needs_step_free:
                    assert table.step_free or table.remote, "step-free, hosts too"
                if p in hosts:
                    assert hosts[p] == t, "a host at their own table"
                    continue
                if not mixed:
                    assert table.remote == (not g.in_room)
                if not g.has_phone and len(units[p]) == 1:
                    suits = [
                        i
                        for i, other in enumerate(tables)
                        if i in hosts.values()
                        and (mixed or other.remote == (not g.in_room))
                        and (not g.needs_step_free or other.step_free or other.remote)
                    ]
                    if suits:
                        assert t in hosts.values(), "no phone: at a hosted table"
            for a, b in room["keep_apart"]:  # type: ignore[attr-defined]
                if a != b:
                    assert not (a in ids and b in ids), "kept apart"
            assert all(seating.table(r, p) == t for p in ids)


@settings(max_examples=examples(300), deadline=None)
@given(rooms())
def test_the_rules_that_must_hold_hold_in_every_seating_returned(room: dict[str, object]) -> None:
    try:
        seating = seat(**room, budget=2000)  # type: ignore[arg-type]
    except SeatingError as error:
        assert error.message
        return
    check_hard_rules(room, seating)


@settings(max_examples=examples(100), deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 8),
    st.integers(2, 6),
    st.integers(1, 3),
    st.integers(1, 2**32),
)
def test_a_room_with_seats_enough_is_always_seated(
    people: int, count: int, capacity: int, rounds: int, seed: int
) -> None:
    count = max(count, -(-people // capacity))
    tables = generated_tables(count, capacity)
    guests = [Guest(i) for i in range(people)]
    # Travellers may return: sizes within one of each other in every round.
    seating = seat(tables, guests, rounds, seed=seed, budget=3000, fresh_tables=False)
    for round_tables in seating.rounds:
        sizes = [len(ids) for ids in round_tables]
        assert max(sizes) - min(sizes) <= 1
    assert seating.spread <= 1
    # A table for each round at least: nobody returns (rule 2 before rule 3).
    if rounds <= count:
        assert seat(tables, guests, rounds, seed=seed, budget=3000).returns == 0


def test_too_few_seats_is_refused_with_a_message() -> None:
    with pytest.raises(SeatingError) as caught:
        seat(generated_tables(2, 3), [Guest(i) for i in range(7)], 2)
    assert "seat" in caught.value.message


def test_kept_together_and_apart_at_once_is_refused() -> None:
    with pytest.raises(SeatingError):
        seat(
            generated_tables(3, 4),
            [Guest(i) for i in range(6)],
            2,
            keep_together=[(1, 2)],
            keep_apart=[(2, 1)],
        )


def met(seating: Seating) -> Counter[tuple[int, int]]:
    pairs: Counter[tuple[int, int]] = Counter()
    for round_tables in seating.rounds:
        for ids in round_tables:
            pairs.update(combinations(sorted(ids), 2))
    return pairs


@pytest.mark.parametrize("seed", range(1, 9))
def test_sixteen_at_four_tables_over_four_rounds_meet_nobody_twice(seed: int) -> None:
    seating = seat(
        generated_tables(4, 4), [Guest(i) for i in range(16)], 4, fresh_tables=False, seed=seed
    )
    pairs = met(seating)
    assert max(pairs.values()) == 1
    assert len(pairs) == 4 * 4 * 6
    assert seating.repeated_pairs == 0


def test_with_fresh_tables_nobody_returns_and_the_repeats_are_counted_honestly() -> None:
    # No schedule has both here (seat's docstring): rule 2 wins, the repeats are what is left.
    seating = seat(generated_tables(4, 4), [Guest(i) for i in range(16)], 4, seed=1)
    assert seating.returns == 0
    for person in range(16):
        assert {seating.table(r, person) for r in range(4)} == {0, 1, 2, 3}
    assert seating.repeated_pairs == sum(1 for n in met(seating).values() if n > 1) > 0


def test_hosts_stay_and_travellers_never_return() -> None:
    tables = [Table(str(i + 1), 6, host=100 + i) for i in range(5)]
    guests = [Guest(i) for i in range(20)] + [Guest(100 + i) for i in range(5)]
    seating = seat(tables, guests, 3, seed=5)
    for r in range(3):
        for i in range(5):
            assert seating.table(r, 100 + i) == i
    for person in range(20):
        visited = [seating.table(r, person) for r in range(3)]
        assert len(set(visited)) == 3
    assert seating.returns == 0


def test_three_hundred_at_sixty_tables_over_three_rounds() -> None:
    seating = seat(generated_tables(60, 5), [Guest(i) for i in range(300)], 3, seed=3)
    assert (seating.returns, seating.spread, seating.repeated_pairs) == (0, 0, 0)


def test_the_same_seed_gives_the_same_seating_and_another_seed_another() -> None:
    guests = [Guest(i, in_room=i % 4 != 0) for i in range(40)]
    tables = generated_tables(8, 6, remote=3)
    first = seat(tables, guests, 3, seed=11)
    assert seat(tables, guests, 3, seed=11) == first
    assert seat(tables, guests, 3, seed=12) != first


@st.composite
def cafes_with_latecomers(draw: st.DrawFn) -> tuple[CafeSession, set[int]]:
    """A café of 1-6 tables (some with stairs, some remote) and up to 16 people, some needing
    a step-free table, some pairs kept together or apart, and some who come after the seating
    was planned (``late``)."""
    lines = [
        f"T{n} | {draw(st.integers(1, 4))}"
        + draw(st.sampled_from(["", " | stairs", " | stairs", " | remote"]))
        for n in range(draw(st.integers(1, 6)))
    ]
    count = draw(st.integers(2, 16))
    roster = {
        i: Person(i, f"P{i}", in_room=draw(st.booleans()), by_proxy=False)
        for i in range(1, count + 1)
    }
    mixed = draw(st.sampled_from(["separate", "mixed"]))
    cafe = CafeSession(config(tables="\n".join(lines), rounds="1?\n2?", seating=mixed), roster)
    ids = st.integers(1, count)
    for person in draw(st.sets(ids, max_size=count // 2)):
        cafe.send("set_step_free", FACILITATOR, person=str(person), needed="1")
    for first, second, rule in draw(
        st.lists(st.tuples(ids, ids, st.sampled_from(["together", "apart"])), max_size=4)
    ):
        if first != second:
            cafe.send("set_pair", FACILITATOR, first=str(first), second=str(second), rule=rule)
    late = draw(st.sets(ids, max_size=count // 2))
    for person in late:
        cafe.roster[person] = Person(person, f"P{person}", roster[person].in_room, False, False)
    return cafe, late


def check_cafe_round(cafe: CafeSession) -> None:
    state = cafe.state
    for gid in state.groups:
        table = state.table(gid)
        assert table is not None
        here = state.present(gid)
        assert len(here) <= table.capacity, "capacity"
        for person in here:
            assert state.suits(table, person), "step-free, latecomers too"
            assert not state.partners(person, "apart") & set(here), "kept apart"
            if state.seating == "separate":
                assert table.remote != cafe.roster[person].in_room


@settings(max_examples=examples(150), deadline=None)
@given(cafes_with_latecomers(), st.integers(1, 2**32))
def test_latecomers_seats_keep_step_free_needs_capacity_and_keep_apart(
    world: tuple[CafeSession, set[int]], seed: int
) -> None:
    cafe, late = world
    try:
        cafe.run(StartRound(seed=str(seed)))
    except DomainError as refused:
        assert refused.message
        return
    check_cafe_round(cafe)
    for person in sorted(late):
        cafe.roster[person] = Person(person, f"P{person}", cafe.roster[person].in_room, False)
        cafe.people_changed()
        check_cafe_round(cafe)
    # The next round: the plan for who was planned, a free seat by the rules for the rest.
    cafe.run(StartRound())
    check_cafe_round(cafe)

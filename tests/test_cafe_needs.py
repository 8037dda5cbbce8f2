"""The café's step-free needs, a latecomer's seat and the facilitator's move by hand
(piiri/activities/cafe/setup.py, seats.py): given a café, when a command or someone coming late,
then the events, what the console and the phone say, or a named refusal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator.views import ConsoleViews
from participant.views import PhoneViews
from piiri.activities.cafe.commands import MovePerson, StartRound
from piiri.activities.cafe.model import MemberSeated, StepFreeNeedSet
from piiri.domain.vocabulary import Actor, DomainError, Person
from tests.support.cafe_session import FACILITATOR, KIND, CafeSession, config, people
from tests.support.kind_views import RENDERER, workshop
from tests.support.live import text_of

STAIRS = "A | 4\nB | 4 | stairs\nC | 4 | stairs\nD | 4 | by the lift"


def stairs_cafe(roster: dict[int, Person], tables: str = STAIRS, rounds: int = 3) -> CafeSession:
    questions = "\n".join(f"Question {n}?" for n in range(1, rounds + 1))
    return CafeSession(config(tables=tables, rounds=questions), roster)


def away(cafe: CafeSession, *ids: int) -> None:
    for i in ids:
        cafe.roster[i] = replace(cafe.roster[i], present=False)


def back(cafe: CafeSession, *ids: int) -> None:
    for i in ids:
        cafe.roster[i] = replace(cafe.roster[i], present=True)


def console(cafe: CafeSession) -> str:
    state = replace(workshop(KIND, {}, cafe.state), people=cafe.roster)
    return text_of(ConsoleViews(RENDERER).shared(state, "en", "http://piiri.test"))


def phone(cafe: CafeSession, participant_id: int, language: str = "en") -> str:
    state = replace(workshop(KIND, {}, cafe.state), people=cafe.roster)
    return text_of(PhoneViews(RENDERER).personal(state, language, participant_id))


# -- step-free needs ---------------------------------------------------------------------------


def test_the_facilitator_or_the_person_marks_a_step_free_need_before_the_first_round() -> None:
    cafe = stairs_cafe(people(8))
    assert cafe.send("set_step_free", FACILITATOR, person="3", needed="1") == [
        StepFreeNeedSet(3, True)
    ]
    assert cafe.send("set_step_free", FACILITATOR, person="3", needed="1") == []
    # On the person's own phone: a toggle, pressed on and off.
    me = Actor("participant", 4)
    assert "I need a step-free table (no stairs)" in phone(cafe, 4)
    assert "Off: any table will do." in phone(cafe, 4)
    assert cafe.send("set_step_free", me, needed="1") == [StepFreeNeedSet(4, True)]
    assert "On: Piiri seats you only at tables without stairs." in phone(cafe, 4)
    assert cafe.send("set_step_free", me, needed="") == [StepFreeNeedSet(4, False)]
    assert cafe.send("set_step_free", me, needed="1")
    assert cafe.state.step_free == {3, 4}
    assert "Needs a step-free table: P3, P4" in console(cafe)
    assert "Tarvitsen esteettömän pöydän (ei portaita)" in phone(cafe, 4, "fi")
    with pytest.raises(DomainError, match="not in this workshop"):
        cafe.send("set_step_free", FACILITATOR, person="99", needed="1")
    cafe.run(StartRound())
    with pytest.raises(DomainError, match="before the first round"):
        cafe.send("set_step_free", me, needed="")
    assert cafe.state.step_free == {3, 4}


def test_one_two_four_all_has_no_tables_to_mark() -> None:
    cafe = CafeSession(config(template="1-2-4-all", rounds="How?"), people(4))
    with pytest.raises(DomainError, match="no tables"):
        cafe.send("set_step_free", Actor("participant", 1), needed="1")


def test_who_needs_a_step_free_table_never_sits_at_one_with_stairs_in_any_round() -> None:
    roster = people(14)
    cafe = stairs_cafe(roster)
    needing = (2, 5, 7, 11)
    for person in needing:
        cafe.send("set_step_free", FACILITATOR, person=str(person), needed="1")
    for _ in range(3):
        cafe.run(StartRound())
        for person in needing:
            assert cafe.state.group_of(person) in ("t1", "t4")
        assert sorted(m for g in cafe.state.groups for m in cafe.state.members(g)) == list(roster)


def test_more_people_needing_step_free_seats_than_there_are_is_refused_clearly() -> None:
    cafe = stairs_cafe(people(12), tables="A | 4\nB | 4 | stairs\nC | 4 | stairs")
    for person in range(1, 6):
        cafe.send("set_step_free", FACILITATOR, person=str(person), needed="1")
    with pytest.raises(DomainError, match="More people need a step-free table"):
        cafe.run(StartRound())
    assert cafe.state.round == -1


def test_a_host_of_a_table_with_stairs_cannot_need_a_step_free_one() -> None:
    cafe = stairs_cafe(people(8))
    cafe.send("set_host", FACILITATOR, table="t2", host="1")
    with pytest.raises(DomainError, match="hosts a table with stairs"):
        cafe.send("set_step_free", Actor("participant", 1), needed="1")
    cafe.send("set_step_free", FACILITATOR, person="2", needed="1")
    with pytest.raises(DomainError, match="this table has stairs"):
        cafe.send("set_host", FACILITATOR, table="t3", host="2")
    assert cafe.send("set_host", FACILITATOR, table="t4", host="2")


# -- a latecomer's seat ------------------------------------------------------------------------


def test_a_latecomer_who_needs_step_free_gets_such_a_seat_or_the_console_says_there_is_none() -> (
    None
):
    cafe = stairs_cafe(people(5), tables="A | 3\nB | 4 | stairs", rounds=2)
    for person in (1, 2, 4, 5):
        cafe.send("set_step_free", FACILITATOR, person=str(person), needed="1")
    away(cafe, 4, 5)
    cafe.run(StartRound())
    assert {cafe.state.group_of(1), cafe.state.group_of(2)} == {"t1"}
    back(cafe, 4)
    assert cafe.people_changed() == [MemberSeated(4, "t1")], "A's last seat, not B's free ones"
    back(cafe, 5)
    assert cafe.people_changed() == [], "no step-free seat: not at the table with stairs"
    said = console(cafe)
    assert "P5 needs a step-free table, and no step-free seat is free" in said
    assert "No step-free seat is free this round yet" in phone(cafe, 5)
    assert "Ingen trappfri plats" in phone(cafe, 5, "sv")
    assert cafe.state.members("t2") == (3,)
    with pytest.raises(DomainError, match="full"):
        cafe.run(MovePerson(5, "t1"))
    with pytest.raises(DomainError, match="stairs"):
        cafe.run(MovePerson(4, "t2"))
    # Round 2 from the plan: the latecomers were not planned; a step-free seat, or none.
    cafe.run(StartRound())
    assert (cafe.state.group_of(4), cafe.state.group_of(5)) == ("t1", None)
    assert "P5 needs a step-free table" in console(cafe)


def test_a_latecomer_is_kept_apart_and_goes_to_the_table_of_whom_they_are_kept_with() -> None:
    cafe = CafeSession(config(table_count="4", seats="3", rounds="1?\n2?"), people(10))
    cafe.send("set_pair", FACILITATOR, first="9", second="1", rule="apart")
    cafe.send("set_pair", FACILITATOR, first="10", second="2", rule="together")
    away(cafe, 9, 10)
    cafe.run(StartRound())
    back(cafe, 9, 10)
    events = cafe.people_changed()
    assert len(events) == 2 and all(isinstance(e, MemberSeated) for e in events)
    assert cafe.state.group_of(9) != cafe.state.group_of(1)
    assert cafe.state.group_of(10) == cafe.state.group_of(2)
    # The next round's seats for the unplanned latecomers keep the same rules.
    cafe.run(StartRound())
    assert cafe.state.group_of(9) not in (None, cafe.state.group_of(1))
    assert cafe.state.group_of(10) == cafe.state.group_of(2)


def test_a_latecomer_waits_rather_than_sit_with_whom_they_are_kept_apart_from() -> None:
    cafe = CafeSession(config(tables="A | 3\nB | 1", rounds="1?"), people(4))
    cafe.send("set_pair", FACILITATOR, first="4", second="1", rule="apart")
    cafe.send("set_pair", FACILITATOR, first="4", second="2", rule="apart")
    cafe.send("set_pair", FACILITATOR, first="1", second="2", rule="together")
    away(cafe, 4)
    cafe.run(StartRound())
    back(cafe, 4)
    assert cafe.people_changed() == [], "the only free seat is at 1 and 2's table"
    assert "P4: every table that suits them is full" in console(cafe)


# -- moving someone by hand --------------------------------------------------------------------


def test_the_facilitator_moves_someone_to_a_table_with_a_free_seat() -> None:
    cafe = CafeSession(config(tables="A | 3\nB | 3\nC | 3", rounds="1?\n2?"), people(6))
    cafe.run(StartRound())
    person = cafe.state.members("t1")[0]
    target = next(g for g in ("t2", "t3") if len(cafe.state.present(g)) < 3)
    assert cafe.send("move_person", FACILITATOR, person=str(person), table=target) == [
        MemberSeated(person, target)
    ]
    assert cafe.state.group_of(person) == target
    assert cafe.send("move_person", FACILITATOR, person=str(person), table=target) == []
    said = console(cafe)
    assert "Move" in said and "Move to the table" in said
    while len(cafe.state.present(target)) < 3:
        other = next(m for g in cafe.state.groups if g != target for m in cafe.state.present(g))
        cafe.run(MovePerson(other, target))
    mover = next(m for m in cafe.state.present("t1"))
    with pytest.raises(DomainError, match="That table is full"):
        cafe.send("move_person", FACILITATOR, person=str(mover), table=target)
    with pytest.raises(DomainError, match="not in this round"):
        cafe.send("move_person", FACILITATOR, person=str(mover), table="t9")
    with pytest.raises(DomainError, match="Only the facilitator"):
        cafe.send("move_person", Actor("participant", mover), person=str(mover), table="t2")


def test_a_move_by_hand_keeps_the_rules_that_always_hold() -> None:
    roster = people(9, 2)
    cafe = stairs_cafe(roster, tables="A | 4\nB | 4 | stairs\nC | 4\nR | 4 | remote", rounds=2)
    cafe.send("set_host", FACILITATOR, table="t3", host="9")
    cafe.send("set_step_free", FACILITATOR, person="1", needed="1")
    with pytest.raises(DomainError, match="while a round"):
        cafe.run(MovePerson(1, "t1"))
    cafe.run(StartRound())
    with pytest.raises(DomainError, match="this table has stairs"):
        cafe.run(MovePerson(1, "t2"))
    with pytest.raises(DomainError, match="host stays"):
        cafe.run(MovePerson(9, "t1"))
    with pytest.raises(DomainError, match="remote table"):
        cafe.run(MovePerson(10, "t1"))
    with pytest.raises(DomainError, match="not in this workshop"):
        cafe.run(MovePerson(99, "t1"))


def test_a_move_by_hand_keeps_apart_and_takes_whom_one_is_kept_with_along() -> None:
    cafe = CafeSession(config(table_count="3", seats="4", rounds="1?"), people(6))
    cafe.send("set_pair", FACILITATOR, first="1", second="2", rule="together")
    cafe.send("set_pair", FACILITATOR, first="3", second="4", rule="apart")
    cafe.run(StartRound())
    assert sorted(len(cafe.state.present(g)) for g in cafe.state.groups) == [2, 2, 2]
    with pytest.raises(DomainError, match="kept apart"):
        cafe.run(MovePerson(3, cafe.state.group_of(4) or ""))
    target = next(g for g in cafe.state.groups if g != cafe.state.group_of(1))
    events = cafe.run(MovePerson(1, target))
    assert events == [MemberSeated(1, target), MemberSeated(2, target)]
    assert len(cafe.state.present(target)) == 4

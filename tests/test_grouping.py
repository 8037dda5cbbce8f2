"""Who is in which group: one membership value for breakout groups and interview pairs alike.

Given a membership, when people come and go, then these events and this membership. The
member-left and member-returned events are defined once; logs written before that hold them
under the same names and keys, and still fold.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from piiri.activities.breakout.kind import BreakoutKind
from piiri.activities.breakout.model import GroupsFormed
from piiri.activities.contract import ActivityKind
from piiri.activities.grouping import MemberLeft, MemberReturned, Membership
from piiri.activities.interview.kind import InterviewKind
from piiri.activities.interview.model import PairsFormed
from piiri.domain.vocabulary import Person

AINO, BERTTA, CELIA, DANIEL, EERO, FANNI, GUNNAR = 1, 2, 3, 4, 5, 6, 7
PEOPLE = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
    DANIEL: Person(DANIEL, "Daniel", in_room=False, by_proxy=False),
    EERO: Person(EERO, "Eero", in_room=True, by_proxy=True),
}
TWO = Membership().formed([("g1", [AINO, BERTTA]), ("g2", [CELIA, DANIEL, EERO])])


def with_people(*people: Person) -> dict[int, Person]:
    return {**PEOPLE, **{p.id: p for p in people}}


def gone(participant_id: int) -> Person:
    return replace(PEOPLE[participant_id], present=False)


def test_members_are_listed_by_group_and_found_by_person() -> None:
    assert TWO.members("g2") == (CELIA, DANIEL, EERO)
    assert TWO.members("g9") == ()
    assert TWO.group_of(DANIEL) == "g2"
    assert TWO.group_of(FANNI) is None
    assert TWO.placed == {AINO, BERTTA, CELIA, DANIEL, EERO}


def test_a_move_takes_someone_out_of_their_group_and_last_into_the_other() -> None:
    moved = TWO.moved(AINO, "g2")
    assert moved.groups == (("g1", (BERTTA,)), ("g2", (CELIA, DANIEL, EERO, AINO)))
    assert moved.moved(FANNI, "g1").members("g1") == (BERTTA, FANNI)
    assert moved.moved(AINO, "g2") == moved


def test_someone_who_leaves_stays_listed_marked_absent_until_they_return() -> None:
    people = with_people(gone(BERTTA))
    assert TWO.roll_call(people) == [MemberLeft(BERTTA)]
    left = TWO.evolve(MemberLeft(BERTTA))
    assert left.members("g1") == (AINO, BERTTA)
    assert left.present("g1") == (AINO,)
    assert left.roll_call(people) == []
    assert left.roll_call(PEOPLE) == [MemberReturned(BERTTA)]
    assert left.evolve(MemberReturned(BERTTA)) == TWO


def test_someone_taken_off_the_roster_has_left_too() -> None:
    people = {k: v for k, v in PEOPLE.items() if k != CELIA}
    assert TWO.roll_call(people) == [MemberLeft(CELIA)]


def test_forming_new_groups_keeps_who_has_left() -> None:
    left = TWO.evolve(MemberLeft(AINO))
    again = left.formed([("g1", [AINO, CELIA]), ("g2", [BERTTA])])
    assert again.absent == {AINO}
    assert again.present("g1") == (CELIA,)


def test_a_latecomer_joins_the_group_with_fewest_present_people_and_ties_go_first() -> None:
    fanni = Person(FANNI, "Fanni", in_room=True, by_proxy=False)
    gunnar = Person(GUNNAR, "Gunnar", in_room=False, by_proxy=False)
    assert TWO.latecomers(with_people(fanni)) == [(FANNI, "g1")]
    # Fanni makes the groups even; Gunnar goes to the first.
    assert TWO.latecomers(with_people(fanni, gunnar)) == [(FANNI, "g1"), (GUNNAR, "g1")]
    # Two of g2 have left: it is the smaller group now, whatever the roll call has recorded.
    people = with_people(gone(CELIA), gone(DANIEL), fanni)
    assert TWO.latecomers(people) == [(FANNI, "g2")]
    assert Membership().latecomers(with_people(fanni)) == []
    assert TWO.latecomers(with_people(replace(fanni, present=False))) == []


def test_with_separate_groups_a_latecomer_joins_a_group_of_their_own_kind() -> None:
    room_and_remote = Membership().formed(
        [("g1", [AINO, CELIA, EERO]), ("g2", [BERTTA]), ("g3", [DANIEL])]
    )
    fanni = Person(FANNI, "Fanni", in_room=True, by_proxy=False)
    gunnar = Person(GUNNAR, "Gunnar", in_room=False, by_proxy=False)
    people = with_people(fanni, gunnar)
    assert room_and_remote.latecomers(people, separate=True) == [(FANNI, "g1"), (GUNNAR, "g2")]
    assert room_and_remote.latecomers(people) == [(FANNI, "g2"), (GUNNAR, "g3")]
    # Nobody in the room has a group: Fanni goes to any (the empty one); Gunnar to his kind's.
    remote_only = Membership().formed([("g1", [BERTTA, DANIEL]), ("g2", [])])
    people = {p.id: p for p in (PEOPLE[BERTTA], PEOPLE[DANIEL], fanni, gunnar)}
    assert remote_only.latecomers(people, separate=True) == [(FANNI, "g2"), (GUNNAR, "g1")]


FORMED: list[tuple[ActivityKind[Any, Any, Any], Any]] = [
    (
        BreakoutKind(),
        GroupsFormed(
            groups=[{"id": "g1", "number": 1, "prompts": [], "members": [AINO, BERTTA]}],
            mixing="mix",
        ),
    ),
    (
        InterviewKind(),
        PairsFormed([{"id": "p1", "number": 1, "members": [AINO, BERTTA]}], "unlikely"),
    ),
]


@pytest.mark.parametrize(("kind", "formed"), FORMED, ids=lambda v: getattr(v, "kind", ""))
def test_member_left_and_returned_as_logs_already_hold_them_still_fold(
    kind: ActivityKind[Any, Any, Any], formed: Any
) -> None:
    state = kind.evolve(kind.initial(kind.parse_config({})), formed)
    # Exactly as written before the events were defined once: the type name and a JSON object.
    stored_left = ("MemberLeft", json.loads('{"participant_id": 2}'))
    stored_returned = ("MemberReturned", json.loads('{"participant_id": 2}'))

    left = kind.evolve(state, kind.decode_event(*stored_left))
    assert left.absent == {BERTTA}
    assert left.membership.present(left.membership.groups[0][0]) == (AINO,)
    back = kind.evolve(left, kind.decode_event(*stored_returned))
    assert back.absent == frozenset()
    # And they are written the same way still.
    assert kind.encode_event(MemberLeft(BERTTA)) == stored_left
    assert kind.encode_event(MemberReturned(BERTTA)) == stored_returned

"""The café kind (piiri/activities/cafe/kind.py): given events, when a command, then events or a
named refusal. Tables and rounds from the form, hosts, the seating recorded when a round starts,
notes that stay with their table, 1-2-4-All's stages, the harvest into another activity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import combinations

import pytest

from piiri.activities import REGISTRY
from piiri.activities.cafe.commands import (
    AddNote,
    RemoveNote,
    ShowHarvest,
    StartRound,
)
from piiri.activities.cafe.model import (
    HarvestShown,
    HostSet,
    MemberSeated,
    NoteAdded,
    RoundStarted,
    SeatingPlanned,
)
from piiri.activities.grouping import MemberLeft
from piiri.domain.commands import HarvestActivity
from piiri.domain.events import ActivityAdded, AgendaReordered
from piiri.domain.rules import WorkshopRules
from piiri.domain.vocabulary import Actor, DomainError, Person
from tests.support.cafe_session import FACILITATOR, KIND, NOW, CafeSession, config, people
from tests.support.kind_views import ROSTER, views, workshop
from tests.support.live import text_of

Cafe_ = CafeSession


# -- configuration -----------------------------------------------------------------------------


def test_tables_are_read_from_their_lines_and_made_by_number() -> None:
    cfg = config(
        tables="Ikkuna | 5 | by the window | fi\nOvi | 4 | stairs | sv\n"
        "Etä | 6 | https://meet.jit.si/cafe",
        table_count="2",
        seats="3",
        call_links="https://meet.jit.si/extra",
        rounds="What works? | 15\nWhat next?",
        minutes="10",
    )
    tables = KIND.initial(cfg).tables
    assert [(t.id, t.name, t.capacity) for t in tables] == [
        ("t1", "Ikkuna", 5),
        ("t2", "Ovi", 4),
        ("t3", "Etä", 6),
        ("t4", "4", 3),
        ("t5", "5", 3),
        ("t6", "6", 3),
    ]
    assert (tables[0].where, tables[0].language, tables[0].step_free) == (
        "by the window",
        "fi",
        True,
    )
    assert (tables[1].step_free, tables[1].language) == (False, "sv")
    assert tables[2].remote and tables[2].call_link == "https://meet.jit.si/cafe"
    assert tables[5].remote and not tables[4].remote
    assert [r.minutes for r in KIND.initial(cfg).rounds] == [15, 10]
    assert KIND.parse_config(KIND.config_form(cfg)) == cfg


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"rounds": "Q"}, "Give the tables"),
        ({"tables": "Ikkuna", "rounds": "Q"}, "seats after its name"),
        ({"tables": "Ikkuna | lots", "rounds": "Q"}, "Seats per table"),
        ({"tables": "A | 4 | here | there", "rounds": "Q"}, "says where it is twice"),
        ({"tables": "A | 4 | https://", "rounds": "Q"}, "web link"),
        ({"table_count": "61", "rounds": "Q"}, "number of tables"),
        ({"table_count": "4"}, "question"),
        ({"table_count": "4", "rounds": "Q | 500"}, "Minutes"),
        ({"table_count": "4", "rounds": "Q", "recorder": "everyone"}, "records"),
        ({"template": "1-2-4-all", "rounds": "a\nb\nc\nd\ne"}, "at most 4 rounds"),
    ],
)
def test_a_bad_form_is_refused_with_a_message(values: dict[str, str], message: str) -> None:
    with pytest.raises(DomainError) as refused:
        KIND.parse_config(values)
    assert message in refused.value.message.format(**refused.value.params)


def test_one_two_four_all_has_its_four_stages_and_needs_no_tables() -> None:
    cfg = config(template="1-2-4-all", rounds="How could we welcome newcomers?")
    state = KIND.initial(cfg)
    assert [r.minutes for r in state.rounds] == [1, 2, 4, 5]
    assert {r.question.text for r in state.rounds} == {"How could we welcome newcomers?"}
    assert state.tables == ()
    assert KIND.parse_config(KIND.config_form(cfg)) == cfg


# -- hosts and seating -------------------------------------------------------------------------


def room_cafe(roster: Mapping[int, Person], **values: str) -> Cafe_:
    base = {"tables": "A | 4 | by the window\nB | 4\nC | 4\nD | 4 | https://meet.jit.si/d"}
    return Cafe_(config(**{**base, "rounds": "One?\nTwo?", **values}), roster)


def test_a_host_is_set_before_the_first_round_only_and_has_a_phone() -> None:
    cafe = room_cafe(people(6, 2, proxies=1))
    assert cafe.send("set_host", FACILITATOR, table="t1", host="1") == [HostSet("t1", 1)]
    assert cafe.send("set_host", FACILITATOR, table="t1", host="1") == []
    with pytest.raises(DomainError, match="phone"):
        cafe.send("set_host", FACILITATOR, table="t2", host="9")
    with pytest.raises(DomainError, match="remote"):
        cafe.send("set_host", FACILITATOR, table="t1", host="7")
    with pytest.raises(DomainError, match="not in this café"):
        cafe.send("set_host", FACILITATOR, table="t9", host="2")
    # The same person made host of another table leaves the first one without.
    cafe.send("set_host", FACILITATOR, table="t2", host="1")
    assert cafe.state.hosts == {"t2": 1}
    cafe.run(StartRound())
    with pytest.raises(DomainError, match="before the first round"):
        cafe.send("set_host", FACILITATOR, table="t1", host="2")


def test_the_first_round_plans_the_seating_and_records_it() -> None:
    roster = people(9, 3, proxies=2)
    cafe = room_cafe(roster)
    cafe.send("set_host", FACILITATOR, table="t1", host="1")
    events = cafe.run(StartRound(seed="42"))
    planned, started = events
    assert isinstance(planned, SeatingPlanned) and isinstance(started, RoundStarted)
    assert started.ends_at == "2026-03-02T18:20:00+00:00"
    seats = dict((gid, ids) for gid, ids in started.groups)
    assert sorted(i for ids in seats.values() for i in ids) == sorted(roster)
    assert set(seats["t4"]) == {10, 11, 12}, "remote people at the remote table"
    assert {13, 14} <= set(seats["t1"]), "no phone: at the hosted table"
    for r in range(2):
        assert 1 in planned.rounds[r][0], "the host stays"
    # Decided again on the same input: the same seating.
    again = room_cafe(roster)
    again.send("set_host", FACILITATOR, table="t1", host="1")
    assert again.run(StartRound(seed="42")) == events
    assert cafe.state.group_of(10) == "t4"
    assert KIND.call_link(cafe.state, 10) == "https://meet.jit.si/d"
    assert KIND.call_link(cafe.state, 2) is None


def test_a_table_refuses_more_people_than_its_seats() -> None:
    cafe = room_cafe(people(20))
    with pytest.raises(DomainError, match="cannot seat everyone"):
        cafe.run(StartRound())


def test_someone_who_comes_late_gets_a_free_seat_on_their_side_and_leaving_is_marked() -> None:
    roster = people(5, 1)
    cafe = room_cafe(roster)
    cafe.run(StartRound())
    cafe.roster[7] = Person(7, "Late", in_room=False, by_proxy=False)
    cafe.roster[1] = Person(1, "P1", in_room=True, by_proxy=False, present=False)
    events = cafe.people_changed()
    assert MemberLeft(1) in events
    assert MemberSeated(7, "t4") in events
    assert 1 not in cafe.state.present(cafe.state.now.group_of(1) or "")


# -- notes -------------------------------------------------------------------------------------


def hosted(roster: Mapping[int, Person], **values: str) -> Cafe_:
    cafe = room_cafe(roster, **values)
    cafe.send("set_host", FACILITATOR, table="t1", host="1")
    cafe.run(StartRound())
    return cafe


def test_the_host_records_and_the_others_at_the_table_may_not() -> None:
    cafe = hosted(people(8, 0, proxies=1))
    table = cafe.state.members("t1")
    other = next(m for m in table if m not in (1, 9))
    (added,) = cafe.send("add_note", Actor("participant", 1), text="Longer opening hours")
    assert isinstance(added, NoteAdded) and (added.group_id, added.round) == ("t1", 0)
    with pytest.raises(DomainError, match="host records"):
        cafe.send("add_note", Actor("participant", other), text="Me too")
    # At a table without a host, whoever sits there records.
    elsewhere = cafe.state.members("t2")[0]
    assert cafe.send("add_note", Actor("participant", elsewhere), text="Quiet rooms")


def test_anyone_at_the_table_records_when_the_cafe_says_so() -> None:
    cafe = hosted(people(8), recorder="anyone")
    other = next(m for m in cafe.state.members("t1") if m != 1)
    assert cafe.send("add_note", Actor("participant", other), text="Me too")


def test_a_host_records_for_people_without_a_phone_at_their_own_table_only() -> None:
    roster = people(8, 0, proxies=2)
    cafe = room_cafe(roster)
    cafe.send("set_host", FACILITATOR, table="t1", host="1")
    cafe.send("set_host", FACILITATOR, table="t2", host="2")
    cafe.run(StartRound())
    mine = [m for m in cafe.state.members("t1") if roster[m].by_proxy]
    theirs = [m for m in cafe.state.members("t2") if roster[m].by_proxy]
    assert mine and theirs, "each hosted table has someone without a phone"
    (note,) = cafe.send(
        "add_note", Actor("participant", 1), text="Large print", **{"for": str(mine[0])}
    )
    assert isinstance(note, NoteAdded) and note.for_person == mine[0]
    with pytest.raises(DomainError, match="own table only"):
        cafe.send("add_note", Actor("participant", 1), text="Hi", **{"for": str(theirs[0])})
    plain = next(m for m in cafe.state.members("t1") if not roster[m].by_proxy and m != 1)
    if plain:
        with pytest.raises(DomainError):
            cafe.send("add_note", Actor("participant", 1), text="Hi", **{"for": str(plain)})


def test_a_tables_notes_stay_with_it_for_the_next_rounds_group() -> None:
    cafe = hosted(people(12))
    cafe.send("add_note", Actor("participant", 1), text="Round one at A")
    cafe.send("add_note", FACILITATOR, text="Round one at B", group="t2")
    cafe.run(StartRound())
    assert cafe.state.round == 1
    assert [n.text for n in cafe.state.earlier("t1")] == ["Round one at A"]
    assert [n.text for n in cafe.state.earlier("t2")] == ["Round one at B"]
    # Whoever sits at B now (travellers from elsewhere) reads what B's last group said.
    newcomer = next(m for m in cafe.state.members("t2"))
    assert "Round one at B" in [
        n.text for n in cafe.state.earlier(cafe.state.group_of(newcomer) or "")
    ]
    with pytest.raises(DomainError, match="last round"):
        cafe.run(StartRound())


def test_a_note_is_removed_by_who_records_there_and_refused_to_others() -> None:
    cafe = hosted(people(8))
    (note,) = cafe.send("add_note", Actor("participant", 1), text="Oops")
    assert isinstance(note, NoteAdded)
    other = next(m for m in cafe.state.members("t1") if m != 1)
    with pytest.raises(DomainError):
        cafe.run(RemoveNote(other, note.note_id))
    cafe.run(RemoveNote(1, note.note_id))
    assert cafe.state.live_notes == ()
    with pytest.raises(DomainError, match="not here"):
        cafe.run(RemoveNote(1, note.note_id))


def test_notes_wait_for_a_round_and_stop_at_the_harvest() -> None:
    cafe = room_cafe(people(8))
    with pytest.raises(DomainError, match="while a round"):
        cafe.run(AddNote(None, "Early", None, "t1", True))
    with pytest.raises(DomainError, match="first round"):
        cafe.run(ShowHarvest())
    cafe.run(StartRound())
    assert isinstance(cafe.run(ShowHarvest())[0], HarvestShown)
    assert cafe.run(ShowHarvest()) == []
    with pytest.raises(DomainError, match="while a round"):
        cafe.run(AddNote(None, "Late", None, "t1", True))
    with pytest.raises(DomainError, match="harvest"):
        cafe.run(StartRound())


# -- 1-2-4-All ---------------------------------------------------------------------------------


def test_one_two_four_all_forms_each_stage_and_carries_the_ideas_on() -> None:
    roster = people(9, 4, proxies=1)
    cafe = Cafe_(config(template="1-2-4-all", rounds="How?"), roster)
    room = {i for i, p in roster.items() if p.in_room}

    cafe.run(StartRound(seed="7"))
    alone = [cafe.state.members(g) for g in cafe.state.groups]
    assert len(alone) == 13 and all(len(g) == 1 or 14 in g for g in alone)
    for group in alone:
        cafe.run(
            AddNote(
                None,
                f"idea of {sorted(group)}",
                None,
                cafe.state.now.group_of(group[0]) or "",
                True,
            )
        )

    cafe.run(StartRound(seed="7"))
    pairs = [cafe.state.members(g) for g in cafe.state.groups]
    assert all(set(p) <= room or not set(p) & room for p in pairs), "room and remote apart"
    assert sorted(len(p) for p in pairs if not set(p) & room) == [2, 2]
    for gid in cafe.state.groups:
        carried = {n.text for n in cafe.state.earlier(gid)}
        members = cafe.state.members(gid)
        assert any(str(m) in text for m in members for text in carried)
        cafe.send("add_note", Actor("participant", members[0]), text=f"pair note {gid}")

    cafe.run(StartRound(seed="7"))
    fours = [set(cafe.state.members(g)) for g in cafe.state.groups]
    for pair in pairs:
        assert any(set(pair) <= four for four in fours), "a four is made of whole pairs"
    assert all(four <= room or not four & room for four in fours)
    for gid in cafe.state.groups:
        assert len(cafe.state.earlier(gid)) >= 2, "both pairs' notes"
        cafe.run(AddNote(None, f"four note {gid}", None, gid, True))

    cafe.run(StartRound(seed="7"))
    assert [set(cafe.state.members(g)) for g in cafe.state.groups] == [set(roster)]
    everyone = {n.text for n in cafe.state.earlier(cafe.state.groups[0])}
    assert everyone == {f"four note r3g{n}" for n in range(1, len(fours) + 1)}


# -- the harvest -------------------------------------------------------------------------------


def harvested_cafe() -> Cafe_:
    cafe = hosted(people(8))
    for text in ("Longer hours", "Quiet rooms", "longer hours", "Coffee"):
        cafe.run(AddNote(None, text, None, "t1", True))
    cafe.run(ShowHarvest())
    return cafe


def test_the_harvest_gives_an_idea_wall_with_every_note_as_an_idea() -> None:
    cafe = harvested_cafe()
    offer = KIND.harvest(cafe.state, "idea_wall", "Kahvila")
    wall = REGISTRY["idea_wall"]
    state = wall.initial(wall.parse_config(offer.values))
    assert [i.text for i in state.ideas.values()] == ["Longer hours", "Quiet rooms", "Coffee"]
    assert state.prompt.text == "One?"


def test_the_harvest_gives_a_dot_vote_with_the_notes_as_options() -> None:
    offer = KIND.harvest(harvested_cafe().state, "dot_vote", "Kahvila")
    vote = REGISTRY["dot_vote"]
    options = vote.initial(vote.parse_config(offer.values)).options
    assert [o.label.text for o in options] == ["Longer hours", "Quiet rooms", "Coffee"]


def test_harvesting_adds_the_activity_to_the_agenda_right_after_the_cafe() -> None:
    cafe = harvested_cafe()
    state = workshop(KIND, {}, cafe.state)
    rules = WorkshopRules(now=NOW, token="t", record_id=77)
    decision = rules.decide(
        state, FACILITATOR, HarvestActivity(state.activities[0].id, "idea_wall")
    )
    added, order = decision.events
    assert isinstance(added, ActivityAdded) and added.kind == "idea_wall" and added.id == 77
    assert len(added.config["ideas"]) == 3
    assert isinstance(order, AgendaReordered) and order.order == (state.activities[0].id, 77)
    with pytest.raises(DomainError, match="cannot go there"):
        rules.decide(state, FACILITATOR, HarvestActivity(state.activities[0].id, "round_robin"))
    with pytest.raises(DomainError):
        rules.decide(
            state, Actor("participant", 1), HarvestActivity(state.activities[0].id, "dot_vote")
        )


def test_a_harvest_without_notes_is_refused() -> None:
    cafe = hosted(people(8))
    with pytest.raises(DomainError, match="no notes"):
        KIND.harvest(cafe.state, "idea_wall", "Kahvila")
    with pytest.raises(DomainError, match="two notes"):
        KIND.harvest(cafe.state, "dot_vote", "Kahvila")


# -- the contradiction of issue 17 -------------------------------------------------------------


def met(groups_by_round: list[list[tuple[int, ...]]]) -> Counter[tuple[int, int]]:
    pairs: Counter[tuple[int, int]] = Counter()
    for groups in groups_by_round:
        for ids in groups:
            pairs.update(combinations(sorted(ids), 2))
    return pairs


def test_sixteen_at_four_tables_over_four_rounds_without_hosts_meet_nobody_twice() -> None:
    cafe = Cafe_(config(table_count="4", seats="4", rounds="1?\n2?\n3?\n4?"), people(16))
    seen = []
    for _ in range(4):
        events = cafe.run(StartRound())
        started = events[-1]
        assert isinstance(started, RoundStarted)
        seen.append([tuple(ids) for _, ids in started.groups])
    assert all(len(ids) == 4 for groups in seen for ids in groups)
    pairs = met(seen)
    assert max(pairs.values()) == 1 and len(pairs) == 4 * 4 * 6
    assert cafe.state.plan_measures == (0, 0)


def test_with_hosts_travellers_never_return_to_a_table() -> None:
    roster = people(20)
    cafe = Cafe_(config(table_count="4", seats="6", rounds="1?\n2?\n3?"), roster)
    for n, host in enumerate((1, 2, 3, 4), start=1):
        cafe.send("set_host", FACILITATOR, table=f"t{n}", host=str(host))
    tables: dict[int, list[str]] = {}
    for _ in range(3):
        cafe.run(StartRound())
        for person in roster:
            tables.setdefault(person, []).append(cafe.state.group_of(person) or "")
    for host, table in zip((1, 2, 3, 4), ("t1", "t2", "t3", "t4"), strict=True):
        assert tables[host] == [table] * 3
    for person in range(5, 21):
        assert len(set(tables[person])) == 3, tables[person]


def test_one_two_four_alls_views_name_each_stage() -> None:
    roster = dict(ROSTER)
    cfg = config(template="1-2-4-all", rounds="How could we welcome newcomers?")
    cafe = Cafe_(cfg, roster)
    cafe.run(StartRound(seed="1"))
    seen = views(workshop(KIND, cfg, cafe.state), "en")
    assert "On your own" in text_of(seen["phone_personal 1"])
    assert "1: alone, each on your own" in text_of(seen["screen"])
    cafe.send("add_note", Actor("participant", 1), text="Welcome packs")
    cafe.run(StartRound(seed="1"))
    seen = views(workshop(KIND, cfg, cafe.state), "en")
    mine = text_of(seen["phone_personal 1"])
    assert "Pair " in mine and "Welcome packs" in mine
    assert "Ideas your group brings from the last stage" in mine
    assert "groups at work" in text_of(seen["console"])
    cafe.run(ShowHarvest())
    board = text_of(views(workshop(KIND, cfg, cafe.state), "en")["screen"])
    assert "Stage 1, group" in board and "Welcome packs" in board


def test_people_kept_together_share_every_table_and_kept_apart_never_do() -> None:
    roster = people(16)
    cafe = Cafe_(config(table_count="4", seats="5", rounds="1?\n2?\n3?"), roster)
    cafe.send("set_pair", FACILITATOR, first="3", second="4", rule="together")
    cafe.send("set_pair", FACILITATOR, first="6", second="5", rule="apart")
    cafe.send("set_pair", FACILITATOR, first="7", second="8", rule="apart")
    assert cafe.send("set_pair", FACILITATOR, first="8", second="7", rule="") != []
    assert cafe.state.pairs == {(3, 4): "together", (5, 6): "apart"}
    with pytest.raises(DomainError, match="two different people"):
        cafe.send("set_pair", FACILITATOR, first="3", second="3", rule="apart")
    for _ in range(3):
        cafe.run(StartRound())
        assert cafe.state.group_of(3) == cafe.state.group_of(4)
        assert cafe.state.group_of(5) != cafe.state.group_of(6)
    with pytest.raises(DomainError, match="before the first round"):
        cafe.send("set_pair", FACILITATOR, first="1", second="2", rule="apart")
    assert KIND.export(cafe.state, roster).data["kept_together"] == [[3, 4]]

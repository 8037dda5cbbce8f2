"""Breakout prompts as a pure state machine: given events, when a command, then events.

Commands are built with ``parse_command`` from the values a socket would carry, so the parsing
is tested along with the rules. Every event goes through JSON on its way into the state, as it
does through the log.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from piiri.activities import grouping
from piiri.activities.breakout.kind import BreakoutKind
from piiri.activities.breakout.model import (
    DEFAULT_PROMPT,
    MAX_NOTE_LENGTH,
    Breakout,
    Event,
    GroupsFormed,
    GroupsRecalled,
    GroupsReopened,
    GroupTimeSet,
    MemberMoved,
    MessageBroadcast,
    MessageCleared,
    NoteAdded,
    NoteEdited,
    NoteRemoved,
)
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

KIND = BreakoutKind()
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AINO, BERTTA, CELIA, DANIEL, EERO, FANNI = 1, 2, 3, 4, 5, 6
PEKKA = 9  # in the room without a phone
PEOPLE: dict[int, Person] = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
    DANIEL: Person(DANIEL, "Daniel", in_room=False, by_proxy=False),
    EERO: Person(EERO, "Eero", in_room=True, by_proxy=False),
    PEKKA: Person(PEKKA, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=7)


def for_(person: object, **more: str) -> dict[str, Any]:
    """The values of a command the facilitator sends for someone (``for`` is a keyword)."""
    return {"for": str(person), **more}


def phone(participant_id: int) -> Actor:
    return Actor("participant", participant_id=participant_id)


def config(**values: Any) -> dict[str, Any]:
    return KIND.parse_config({"prompts": "What works?\nWhat next?", **values})


def given(*events: Event, **values: Any) -> Breakout:
    state = KIND.initial(config(**values))
    for event in events:
        state = KIND.evolve(state, roundtrip(event))
    return state


def roundtrip(event: Event) -> Event:
    name, data = KIND.encode_event(event)
    return KIND.decode_event(name, json.loads(json.dumps(data)))


def ctx(people: Mapping[int, Person] = PEOPLE, new_id: str = "n1", now: datetime = NOW) -> Context:
    return Context(now=now, new_id=new_id, people=people, is_current=True)


def when(
    state: Breakout,
    name: str,
    actor: Actor = FACILITATOR,
    /,
    *,
    context: Context | None = None,
    **v: Any,
) -> list[Event]:
    return KIND.decide(state, KIND.parse_command(name, v, actor), context or ctx())


def refused(
    state: Breakout,
    name: str,
    actor: Actor = FACILITATOR,
    /,
    *,
    context: Context | None = None,
    **v: Any,
) -> str:
    with pytest.raises(DomainError) as raised:
        when(state, name, actor, context=context, **v)
    return raised.value.message


TWO_GROUPS = GroupsFormed(
    groups=[
        {"id": "g1", "number": 1, "prompts": ["What works?"], "members": [AINO, BERTTA, PEKKA]},
        {"id": "g2", "number": 2, "prompts": ["What works?"], "members": [CELIA, DANIEL, EERO]},
    ],
    mixing="mix",
)


def formed(*events: Event, **values: Any) -> Breakout:
    return given(TWO_GROUPS, *events, **values)


# -- forming groups ----------------------------------------------------------------------------


def test_groups_of_size_k_mix_room_and_remote_and_include_people_without_a_phone() -> None:
    (event,) = when(given(group_size="3"), "form_groups", seed="42")
    assert isinstance(event, GroupsFormed)
    groups = [g["members"] for g in event.groups]
    assert sorted(m for g in groups for m in g) == sorted(PEOPLE)
    assert len(groups) == 2
    for members in groups:
        assert {PEOPLE[m].in_room for m in members} == {True, False}
    assert event.groups[0]["prompts"] == ["What works?", "What next?"]


def test_the_same_seed_gives_the_same_groups_and_another_seed_may_not() -> None:
    state = given(group_count="3", mixing="random")
    first = when(state, "form_groups", seed="a")
    assert when(state, "form_groups", seed="a") == first
    variants = {
        json.dumps(dataclasses.asdict(when(state, "form_groups", seed=s)[0])) for s in "abcdefgh"
    }
    assert len(variants) > 1


def test_n_groups_separate_keeps_in_room_and_remote_apart() -> None:
    (event,) = when(given(group_count="2", mixing="separate"), "form_groups", seed="1")
    assert isinstance(event, GroupsFormed)
    for group in event.groups:
        assert len({PEOPLE[m].in_room for m in group["members"]}) == 1


def test_pick_mode_makes_empty_groups_that_people_choose() -> None:
    (event,) = when(given(group_count="3", mixing="pick"), "form_groups")
    assert isinstance(event, GroupsFormed)
    assert [g["members"] for g in event.groups] == [[], [], []]
    state = given(event, group_count="3", mixing="pick")
    assert when(state, "pick_group", phone(AINO), group="g2") == [MemberMoved(AINO, "g2")]
    assert (
        refused(state, "pick_group", phone(AINO), group="g9")
        == "That group is not in this activity."
    )


def test_picking_is_refused_when_the_facilitator_places_people() -> None:
    message = refused(formed(), "pick_group", phone(AINO), group="g2")
    assert message == "The facilitator places people in groups this time."


def test_one_prompt_per_group_deals_prompts_in_turn() -> None:
    (event,) = when(given(group_count="3", prompt_per_group="on"), "form_groups", seed="1")
    assert isinstance(event, GroupsFormed)
    assert [g["prompts"] for g in event.groups] == [
        ["What works?"],
        ["What next?"],
        ["What works?"],
    ]


def test_nobody_present_cannot_be_grouped_and_people_who_left_are_not_grouped() -> None:
    assert (
        refused(given(), "form_groups", context=ctx({})) == "Nobody is here yet to put in groups."
    )
    people = {**PEOPLE, AINO: replace(PEOPLE[AINO], present=False)}
    (event,) = when(given(), "form_groups", context=ctx(people), seed="1")
    assert isinstance(event, GroupsFormed)
    assert AINO not in [m for g in event.groups for m in g["members"]]


def test_groups_cannot_be_formed_again_once_they_have_notes() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO))
    assert refused(state, "form_groups") == "The groups already have notes; move people instead."


def test_the_facilitator_moves_a_person_and_a_group_can_end_up_empty() -> None:
    state = formed()
    for person in (CELIA, DANIEL, EERO):
        (event,) = when(state, "move_person", **for_(str(person), group="g1"))
        state = KIND.evolve(state, event)
    group = state.group("g2")
    assert group is not None and state.members(group) == ()
    assert when(state, "move_person", **for_(str(AINO), group="g1")) == []
    assert refused(state, "move_person", **for_("77", group="g1")) == (
        "That person is not in this workshop."
    )


# -- notes -------------------------------------------------------------------------------------


def test_a_member_adds_a_note_to_their_own_group() -> None:
    events = when(
        formed(), "add_note", phone(BERTTA), context=ctx(new_id="x1"), text="  More  light "
    )
    assert events == [NoteAdded("g1", "x1", "More light", BERTTA, False)]


def test_bad_notes_are_refused_with_a_clear_message() -> None:
    state = formed()
    assert refused(state, "add_note", phone(AINO), text="   ") == "A note needs some text."
    long = "x" * (MAX_NOTE_LENGTH + 1)
    assert refused(state, "add_note", phone(AINO), text=long) == (
        "A note can be at most {limit} characters long."
    )
    assert refused(state, "add_note", phone(AINO), text="hi", group="g2") == (
        "You can only change your own group's notes."
    )
    assert refused(given(), "add_note", phone(AINO), text="hi") == "You are not in a group yet."


def test_someone_outside_the_group_cannot_edit_or_remove_its_notes() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO))
    assert refused(state, "edit_note", phone(CELIA), note="n0", text="Mine", base="1") == (
        "You can only change your own group's notes."
    )
    assert refused(state, "remove_note", phone(CELIA), note="n0") == (
        "You can only change your own group's notes."
    )


def test_any_member_edits_a_note_and_its_revision_moves_on() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO))
    events = when(state, "edit_note", phone(BERTTA), note="n0", text="Better idea", base="1")
    assert events == [NoteEdited("g1", "n0", "Better idea", BERTTA, 2)]
    assert when(state, "edit_note", phone(BERTTA), note="n0", text="Idea", base="1") == []


def test_an_edit_on_a_version_changed_since_is_kept_as_a_new_note() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO), NoteEdited("g1", "n0", "Idea!", AINO, 2))
    events = when(
        state, "edit_note", phone(BERTTA), context=ctx(new_id="z"), note="n0", text="Mine", base="1"
    )
    assert events == [NoteAdded("g1", "z-1", "Mine", BERTTA, False)]
    after = KIND.evolve(state, events[0])
    assert [n.text for n in after.groups[0].live_notes] == ["Idea!", "Mine"]


def test_removing_hides_a_note_but_the_report_keeps_it() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO))
    (event,) = when(state, "remove_note", phone(BERTTA), note="n0")
    assert event == NoteRemoved("g1", "n0", BERTTA)
    state = KIND.evolve(state, event)
    assert state.groups[0].live_notes == ()
    assert when(state, "remove_note", phone(BERTTA), note="n0") == []
    report = KIND.export(state, PEOPLE).data
    assert report["groups"][0]["removed_notes"] == [{"id": "n0", "text": "Idea"}]
    assert (
        refused(state, "remove_note", phone(BERTTA), note="zz") == "That note is not here any more."
    )


def test_the_facilitator_writes_for_a_group_and_for_a_person_without_a_phone() -> None:
    state = formed()
    events = when(state, "add_note", context=ctx(new_id="f"), group="g2", text="Scribed")
    assert events == [NoteAdded("g2", "f", "Scribed", None, False)]
    events = when(state, "add_note", context=ctx(new_id="p"), text="Pekka's", **for_(str(PEKKA)))
    assert events == [NoteAdded("g1", "p", "Pekka's", PEKKA, True)]
    assert refused(state, "add_note", text="x", **for_(str(AINO))) == (
        "That person has a phone of their own; they write their own notes."
    )


# -- timer, messages, recall -------------------------------------------------------------------


def test_the_group_timer_starts_for_all_and_extends_one_group_or_all() -> None:
    state = formed(minutes="10")
    end = (NOW + timedelta(minutes=10)).isoformat()
    assert when(state, "start_timer") == [GroupTimeSet("g1", end), GroupTimeSet("g2", end)]
    state = KIND.evolve(state, GroupTimeSet("g1", end))
    later = (NOW + timedelta(minutes=13)).isoformat()
    assert when(state, "extend", group="g1", minutes="3") == [GroupTimeSet("g1", later)]
    two = (NOW + timedelta(minutes=2)).isoformat()
    assert when(state, "extend") == [
        GroupTimeSet("g1", (NOW + timedelta(minutes=12)).isoformat()),
        GroupTimeSet("g2", two),
    ]
    assert (
        refused(state, "extend", minutes="0")
        == "Minutes must be a whole number from {low} to {high}."
    )
    assert refused(given(), "start_timer") == "Form the groups first."


def test_a_message_is_broadcast_to_every_group_and_cleared() -> None:
    state = formed()
    (event,) = when(state, "broadcast", text=" Five  minutes left ")
    assert event == MessageBroadcast("Five minutes left", NOW.isoformat())
    state = KIND.evolve(state, event)
    assert state.message == "Five minutes left"
    assert refused(state, "broadcast", text=" ") == "Write the message to send to every group."
    assert when(state, "clear_message") == [MessageCleared()]


def test_recall_locks_notes_for_members_not_for_the_facilitator_and_reopen_undoes_it() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO))
    assert when(state, "recall") == [GroupsRecalled(NOW.isoformat())]
    state = KIND.evolve(state, GroupsRecalled(NOW.isoformat()))
    assert when(state, "recall") == []
    assert refused(state, "add_note", phone(AINO), text="late") == (
        "The groups have been recalled; notes can no longer change."
    )
    assert when(state, "edit_note", note="n0", text="Tidied", base="1") == [
        NoteEdited("g1", "n0", "Tidied", None, 2)
    ]
    assert when(state, "reopen") == [GroupsReopened()]


def test_participants_cannot_run_the_facilitators_commands_on_another_activity() -> None:
    state = formed()
    with pytest.raises(DomainError) as raised:
        KIND.decide(
            state, KIND.parse_command("recall", {}, FACILITATOR), replace(ctx(), is_current=False)
        )
    assert raised.value.message == "This activity is not running right now."
    assert "recall" not in KIND.participant_commands
    assert refused(state, "dance") == "That action is not available here."


# -- people coming and going -------------------------------------------------------------------


def test_a_latecomer_joins_the_smallest_group() -> None:
    state = formed(MemberMoved(PEKKA, "g2"))  # g1: Aino, Bertta; g2: Celia, Daniel, Eero, Pekka
    people = {**PEOPLE, FANNI: Person(FANNI, "Fanni", in_room=False, by_proxy=False)}
    assert KIND.on_people_changed(state, ctx(people)) == [MemberMoved(FANNI, "g1")]


def test_someone_who_leaves_stays_listed_as_absent_and_their_notes_stay() -> None:
    state = formed(NoteAdded("g1", "n0", "Aino's idea", AINO))
    people = {**PEOPLE, AINO: replace(PEOPLE[AINO], present=False)}
    assert KIND.on_people_changed(state, ctx(people)) == [MemberLeft(AINO)]
    state = KIND.evolve(state, MemberLeft(AINO))
    assert KIND.on_people_changed(state, ctx(people)) == []
    assert state.groups[0].live_notes[0].text == "Aino's idea"
    assert KIND.on_people_changed(state, ctx()) == [MemberReturned(AINO)]


def test_with_separate_groups_a_latecomer_joins_a_group_of_their_own_kind() -> None:
    separate = GroupsFormed(
        groups=[
            {"id": "g1", "number": 1, "prompts": [], "members": [AINO, CELIA, EERO, PEKKA]},
            {"id": "g2", "number": 2, "prompts": [], "members": [BERTTA, DANIEL]},
        ],
        mixing="separate",
    )
    state = given(separate)
    people = {**PEOPLE, FANNI: Person(FANNI, "Fanni", in_room=True, by_proxy=False)}
    assert KIND.on_people_changed(state, ctx(people)) == [MemberMoved(FANNI, "g1")]


def test_before_groups_are_formed_after_the_recall_or_when_people_pick_nobody_is_placed() -> None:
    people = {**PEOPLE, FANNI: Person(FANNI, "Fanni", in_room=True, by_proxy=False)}
    assert KIND.on_people_changed(given(), ctx(people)) == []
    picked = GroupsFormed(
        groups=[{"id": "g1", "number": 1, "prompts": [], "members": []}], mixing="pick"
    )
    assert KIND.on_people_changed(given(picked), ctx(people)) == []
    recalled = formed(GroupsRecalled(NOW.isoformat()))
    assert KIND.on_people_changed(recalled, ctx(people)) == []


def test_going_back_to_a_recalled_breakout_keeps_everything() -> None:
    state = formed(NoteAdded("g1", "n0", "Idea", AINO), GroupsRecalled(NOW.isoformat()))
    report = KIND.export(state, PEOPLE).data
    assert report["stage"] == "recalled"
    assert report["groups"][0]["notes"][0]["text"] == "Idea"
    assert [m["name"] for m in report["groups"][0]["members"]] == ["Aino", "Bertta", "Pekka"]
    json.dumps(report)


def test_personal_key_is_shared_by_a_group_and_changes_with_its_notes() -> None:
    state = formed()
    assert KIND.personal_key(state, AINO) == KIND.personal_key(state, BERTTA)
    assert KIND.personal_key(state, AINO) != KIND.personal_key(state, CELIA)
    after = KIND.evolve(state, NoteAdded("g1", "n0", "Idea", AINO))
    assert KIND.personal_key(after, AINO) != KIND.personal_key(state, AINO)
    assert KIND.personal_key(after, CELIA) == KIND.personal_key(state, CELIA)


def test_configuration_defaults_and_bad_values() -> None:
    defaults = KIND.parse_config(KIND.default_config())
    assert defaults["prompts"] == [] and defaults["group_size"] == 4
    assert KIND.initial(defaults).prompts == ()
    assert DEFAULT_PROMPT
    with pytest.raises(DomainError) as raised:
        KIND.parse_config({"group_count": "0"})
    assert raised.value.params == {"low": 1, "high": 40}
    with pytest.raises(DomainError):
        KIND.parse_config({"mixing": "alphabetical"})


def test_groups_split_sizes_differ_by_at_most_one() -> None:
    people = [Person(i, "", in_room=i % 3 == 0, by_proxy=False) for i in range(1, 12)]
    for mixing in grouping.MIXINGS:
        groups = grouping.split(people, 4, mixing, 7)
        if mixing != "separate":
            assert max(map(len, groups)) - min(map(len, groups)) <= 1
        assert sorted(m for g in groups for m in g) == list(range(1, 12))

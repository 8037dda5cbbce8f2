"""Every number a command accepts has a range: any value in any field of any command, as a
socket's JSON can carry it (huge integers, 1e308, Infinity, NaN, digits in other scripts,
true, a list), is either taken or refused with a translated message, and what is stored is
plain JSON. Nothing raises anything but a DomainError, so nothing answers "Something went wrong".
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiri.domain.events import encode
from piiri.domain.permissions import FACILITATOR_WORKSHOP_COMMANDS
from piiri.domain.vocabulary import Actor, DomainError
from piiri.web.i18n import gettext
from tests.support.text_world import AINO, FACILITATOR, participant, running_state, world_at

COMMANDS = {
    "dot_vote": "cast_dot remove_dot add_option lock unlock reveal hide",
    "round_robin": "start_round next_speaker done pass_turn skip_speaker end_round raise_hand "
    "add_to_queue lower_hand remove_from_queue move_in_queue note_turn",
    "breakout": "pick_group move_person add_note edit_note remove_note form_groups start_timer "
    "extend broadcast clear_message recall reopen",
    "interview": "form_pairs move_person next_question previous_question capture remove_capture "
    "swap_roles start_timer stop_timer harvest resume add_theme theme_capture show_board "
    "hide_board",
}
CASES = [(kind, name) for kind, names in COMMANDS.items() for name in names.split()] + [
    ("dot_vote", name) for name in FACILITATOR_WORKSHOP_COMMANDS
]
FIELDS = [
    "activity",
    "person",
    "seconds",
    "minutes",
    "for",
    "base",
    "turn",
    "first",
    "direction",
    "option",
    "group",
    "pair",
    "note",
    "capture",
    "theme",
    "kind",
    "mixing",
    "seed",
    "pairing",
    "label",
    "text",
    "name",
]

NUMBERS = st.one_of(
    st.sampled_from([1e308, -1e308, float("inf"), float("-inf"), float("nan"), 2**64, -(2**64)]),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),  # with inf and NaN: Python's json.loads reads Infinity and NaN
    st.sampled_from(
        ["1e308", "-1e308", "1e-308", "nan", "Infinity", "9" * 30, "9" * 5000, "-1", "0", "1"]
    ),
    st.sampled_from(["1.5", "1,5", " 7 ", "٣", "0x10", "1_000", "+2", "", "2147483648"]),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


# The fields each command reads a number from (every activity command also reads "activity").
NUMBER_FIELDS = {
    ("dot_vote", "start_activity"): "activity",
    ("dot_vote", "move_activity"): "activity",
    ("dot_vote", "duplicate_activity"): "activity",
    ("dot_vote", "remove_activity"): "activity",
    ("dot_vote", "remove_person"): "person",
    ("dot_vote", "return_person"): "person",
    ("dot_vote", "timer_start"): "minutes",
    ("dot_vote", "timer_extend"): "seconds",
    ("dot_vote", "cast_dot"): "for activity",
    ("dot_vote", "remove_dot"): "for",
    ("round_robin", "start_round"): "first",
    ("round_robin", "raise_hand"): "person",
    ("round_robin", "remove_from_queue"): "person",
    ("round_robin", "move_in_queue"): "person",
    ("round_robin", "note_turn"): "turn",
    ("breakout", "pick_group"): "for",
    ("breakout", "move_person"): "for",
    ("breakout", "add_note"): "for",
    ("breakout", "edit_note"): "base for",
    ("breakout", "start_timer"): "minutes",
    ("breakout", "extend"): "minutes",
    ("interview", "move_person"): "for",
    ("interview", "capture"): "for",
    ("interview", "start_timer"): "minutes",
}
FIELD_CASES = [(k, n, f) for (k, n), fields in NUMBER_FIELDS.items() for f in fields.split()]


def taken_or_refused(kind: str, values: dict[str, Any]) -> None:
    """Send ``values`` as the facilitator and as Aino: each is taken (and stores plain JSON)
    or refused with a DomainError; any other exception fails the test."""
    actors: list[Actor] = [FACILITATOR, participant(AINO)]
    for actor in actors:
        world = world_at(running_state(kind))
        try:
            events = world.send(actor, **values)
        except DomainError as error:
            assert error.message, values
            continue
        for planned in events:
            json.dumps(encode(planned)[2], allow_nan=False)  # plain JSON: no inf, no NaN


@pytest.mark.parametrize(("kind", "name", "field"), FIELD_CASES)
@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(value=NUMBERS)
def test_any_value_in_a_number_field_is_taken_or_refused_with_a_message(
    kind: str, name: str, field: str, value: Any
) -> None:
    taken_or_refused(kind, {"command": name, "activity": "current", field: value})


@pytest.mark.parametrize(("kind", "name"), CASES)
@settings(max_examples=8, deadline=None, derandomize=True, database=None)
@given(values=st.dictionaries(st.sampled_from(FIELDS), NUMBERS, max_size=4))
def test_any_value_in_any_field_of_any_command_is_taken_or_refused_with_a_message(
    kind: str, name: str, values: dict[str, Any]
) -> None:
    taken_or_refused(kind, {"command": name, "activity": "current", **values})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"minutes": 1e308}, "The timer can run for at most {minutes} minutes."),
        ({"minutes": "-1e308"}, "The timer can run for at most {minutes} minutes."),
        ({"minutes": "NaN"}, "Give the minutes as a number, for example 5."),
        ({"minutes": 241}, "The timer can run for at most {minutes} minutes."),
    ],
)
def test_the_shared_timer_refuses_minutes_beyond_its_longest_run(
    values: dict[str, Any], message: str
) -> None:
    world = world_at(running_state("dot_vote"))
    with pytest.raises(DomainError) as refused:
        world.send(FACILITATOR, command="timer_start", **values)
    assert refused.value.message == message
    assert gettext("fi", message, minutes=240) != message.format(minutes=240)
    world.send(FACILITATOR, command="timer_start", minutes="240")  # the longest run is taken


def test_ids_beyond_any_row_are_not_understood() -> None:
    world = world_at(running_state("dot_vote"))
    for values in (
        {"command": "start_activity", "activity": "9" * 30},
        {"command": "remove_person", "person": 2**31},
        {"command": "timer_extend", "seconds": 10**30},
    ):
        with pytest.raises(DomainError):
            world.send(FACILITATOR, **values)

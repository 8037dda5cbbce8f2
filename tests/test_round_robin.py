"""Round-robin as a pure state machine: given events, when a command is decided, then events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from piiri.activities.round_robin.commands import (
    Command,
    EndRound,
    LowerHand,
    MoveInQueue,
    NextSpeaker,
    NoteTurn,
    Pass,
    RaiseHand,
    RemoveFromQueue,
    Skip,
    StartRound,
)
from piiri.activities.round_robin.kind import RoundRobinKind
from piiri.activities.round_robin.model import (
    Event,
    PersonQueued,
    PersonUnqueued,
    QueueMoved,
    RoundFinished,
    RoundRobin,
    RoundStarted,
    TurnEnded,
    TurnNoted,
    TurnStarted,
)
from piiri.activities.round_robin.speaking_order import rotated, seed_of, shuffled, speaking_order
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

KIND = RoundRobinKind()
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AINO, BERTTA, CELIA, DANIEL, PEKKA = 1, 2, 3, 4, 5
PEOPLE: Mapping[int, Person] = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
    DANIEL: Person(DANIEL, "Daniel", in_room=False, by_proxy=False),
    PEKKA: Person(PEKKA, "Pekka", in_room=True, by_proxy=True),  # no phone
}
FACILITATOR = Actor("facilitator", facilitator_id=7)


def at(seconds: int) -> str:
    return (T0 + timedelta(seconds=seconds)).isoformat()


def given(*events: Event, **config: Any) -> RoundRobin:
    values = {"seconds_per_speaker": "60", "ordering": "join", **config}
    state = KIND.initial(KIND.parse_config(values))
    for event in events:
        state = KIND.evolve(state, event)
    return state


def when(
    state: RoundRobin,
    command: Command,
    *,
    seconds: int = 0,
    people: Mapping[int, Person] = PEOPLE,
    current: bool = True,
    new_id: str = "00c0ffee",
) -> list[Event]:
    context = Context(T0 + timedelta(seconds=seconds), new_id, people, current)
    return KIND.decide(state, command, context)


def left(person_id: int) -> dict[int, Person]:
    people = dict(PEOPLE)
    people[person_id] = replace(people[person_id], present=False)
    return people


ROUND_1 = (RoundStarted(1, [AINO, BERTTA, CELIA]), TurnStarted(AINO, at(0)))
FEW = {p: PEOPLE[p] for p in (AINO, BERTTA, CELIA)}


# -- configuration -----------------------------------------------------------------------------


def test_defaults_make_a_round_robin_without_typing_anything() -> None:
    config = KIND.parse_config(KIND.config_form(KIND.default_config()))
    assert config == {"seconds_per_speaker": 60, "ordering": "alternating", "auto_advance": False}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"seconds_per_speaker": "5"}, "Time per speaker must be"),
        ({"seconds_per_speaker": "a minute"}, "Time per speaker must be"),
        ({"ordering": "loudest first"}, "Choose one of the offered orderings."),
        ({"seconds_per_speaker": "", "auto_advance": "on"}, "To move on automatically"),
    ],
)
def test_a_bad_configuration_is_refused_with_a_message(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        KIND.parse_config(values)
    assert refused.value.message.startswith(message)


def test_no_time_limit_means_no_countdown() -> None:
    state = given(*ROUND_1, seconds_per_speaker="")
    assert state.seconds_left(T0) is None and KIND.deadline(state) is None


# -- orderings ---------------------------------------------------------------------------------


def test_orderings_of_present_people() -> None:
    people = list(PEOPLE.values())
    assert speaking_order(people, "join", 0) == [AINO, BERTTA, CELIA, DANIEL, PEKKA]
    assert speaking_order(people, "alternating", 0) == [AINO, BERTTA, CELIA, DANIEL, PEKKA]
    assert speaking_order(people, "remote_first", 0) == [BERTTA, DANIEL, AINO, CELIA, PEKKA]
    away = list(left(BERTTA).values())
    assert speaking_order(away, "join", 0) == [AINO, CELIA, DANIEL, PEKKA]


def test_alternating_interleaves_room_and_remote_until_one_side_runs_out() -> None:
    people = [
        Person(1, "", in_room=True, by_proxy=False),
        Person(2, "", in_room=True, by_proxy=False),
        Person(3, "", in_room=True, by_proxy=False),
        Person(4, "", in_room=False, by_proxy=False),
    ]
    assert speaking_order(people, "alternating", 0) == [1, 4, 2, 3]


def test_shuffled_is_a_permutation_fixed_by_the_seed() -> None:
    ids = list(range(1, 21))
    one = shuffled(ids, seed_of("00c0ffee"))
    assert sorted(one) == ids and one != ids
    assert shuffled(ids, seed_of("00c0ffee")) == one
    assert shuffled(ids, seed_of("12345678")) != one


def test_shuffled_round_records_its_order_in_the_event() -> None:
    events = when(given(ordering="shuffled"), StartRound(), new_id="12345678")
    started = events[0]
    assert isinstance(started, RoundStarted)
    assert sorted(started.order) == sorted(PEOPLE)
    assert started.order == rotated(shuffled(sorted(PEOPLE), seed_of("12345678")), None, None)


# -- rounds --------------------------------------------------------------------------------------


def test_starting_a_round_queues_everyone_present_and_gives_the_first_the_floor() -> None:
    assert when(given(), StartRound(), people=left(DANIEL)) == [
        RoundStarted(1, [AINO, BERTTA, CELIA, PEKKA]),
        TurnStarted(AINO, at(0)),
    ]


def test_each_new_round_starts_from_the_next_person() -> None:
    finished = given(*ROUND_1, RoundFinished(1))
    events = when(finished, StartRound(), people=FEW, seconds=300)
    assert events == [RoundStarted(2, [BERTTA, CELIA, AINO]), TurnStarted(BERTTA, at(300))]


def test_the_facilitator_can_pick_who_starts() -> None:
    events = when(given(), StartRound(first=CELIA), people=FEW)
    assert events[0] == RoundStarted(1, [CELIA, AINO, BERTTA])


def test_a_round_cannot_start_twice_or_with_nobody_or_while_not_running() -> None:
    with pytest.raises(DomainError, match="A round is going on"):
        when(given(*ROUND_1), StartRound())
    with pytest.raises(DomainError, match="Nobody is here"):
        when(given(), StartRound(), people={})
    with pytest.raises(DomainError, match="not running"):
        when(given(), StartRound(), current=False)
    with pytest.raises(DomainError, match="not here"):
        when(given(), StartRound(first=DANIEL), people=left(DANIEL))


def test_next_speaker_records_the_speaking_time() -> None:
    assert when(given(*ROUND_1), NextSpeaker(), seconds=42) == [
        TurnEnded(AINO, 42, "spoke"),
        TurnStarted(BERTTA, at(42)),
    ]


def test_the_speaker_can_say_they_are_done_but_nobody_else_can() -> None:
    assert when(given(*ROUND_1), NextSpeaker(by=AINO), seconds=5)[0] == TurnEnded(AINO, 5, "spoke")
    with pytest.raises(DomainError, match="not your turn"):
        when(given(*ROUND_1), NextSpeaker(by=BERTTA))


def test_the_last_turn_finishes_the_round() -> None:
    state = given(*ROUND_1, TurnEnded(AINO, 10, "spoke"), TurnStarted(BERTTA, at(10)))
    state = KIND.evolve(state, TurnEnded(BERTTA, 10, "spoke"))
    state = KIND.evolve(state, TurnStarted(CELIA, at(20)))
    assert when(state, NextSpeaker(), seconds=30) == [
        TurnEnded(CELIA, 10, "spoke"),
        RoundFinished(1),
    ]
    assert not KIND.evolve(state, RoundFinished(1)).open


def test_next_without_a_round_is_refused() -> None:
    with pytest.raises(DomainError, match="Start a round first"):
        when(given(), NextSpeaker())


def test_a_pass_comes_back_at_the_end_of_the_round_once() -> None:
    events = when(given(*ROUND_1), Pass(by=AINO), seconds=3)
    assert events == [TurnEnded(AINO, 3, "passed"), PersonQueued(AINO), TurnStarted(BERTTA, at(3))]
    state = given(*ROUND_1, *events)
    assert state.queue == (CELIA, AINO)
    # Aino passes again when her turn comes back: she is out of this round.
    state = given(
        *ROUND_1,
        *events,
        TurnEnded(BERTTA, 5, "spoke"),
        TurnStarted(CELIA, at(8)),
        TurnEnded(CELIA, 5, "spoke"),
        TurnStarted(AINO, at(13)),
    )
    assert when(state, Pass(by=AINO), seconds=14) == [
        TurnEnded(AINO, 1, "passed"),
        RoundFinished(1),
    ]


def test_the_facilitator_passes_for_someone_without_a_phone() -> None:
    state = given(RoundStarted(1, [PEKKA, AINO]), TurnStarted(PEKKA, at(0)))
    assert when(state, Pass(), seconds=2)[:2] == [
        TurnEnded(PEKKA, 2, "passed"),
        PersonQueued(PEKKA),
    ]


def test_skip_ends_the_turn_without_a_return() -> None:
    assert when(given(*ROUND_1), Skip(), seconds=1) == [
        TurnEnded(AINO, 1, "skipped"),
        TurnStarted(BERTTA, at(1)),
    ]
    with pytest.raises(DomainError, match="Nobody is speaking"):
        when(given(), Skip())


def test_end_round_keeps_the_time_of_the_speaker() -> None:
    assert when(given(*ROUND_1), EndRound(), seconds=9) == [
        TurnEnded(AINO, 9, "spoke"),
        RoundFinished(1),
    ]
    assert when(given(), EndRound()) == []


# -- the queue -----------------------------------------------------------------------------------


def test_anyone_can_raise_a_hand_to_be_added() -> None:
    state = given(*ROUND_1)
    assert when(state, RaiseHand(DANIEL)) == [PersonQueued(DANIEL, hand=True)]
    raised = KIND.evolve(state, PersonQueued(DANIEL, hand=True))
    assert raised.queue == (BERTTA, CELIA, DANIEL) and DANIEL in raised.hands
    with pytest.raises(DomainError, match="Already in the queue"):
        when(raised, RaiseHand(DANIEL))
    assert when(raised, LowerHand(DANIEL)) == [PersonUnqueued(DANIEL)]


def test_raising_a_hand_needs_a_round_and_presence() -> None:
    with pytest.raises(DomainError, match="No round is going on"):
        when(given(), RaiseHand(AINO))
    with pytest.raises(DomainError, match="not here"):
        when(given(*ROUND_1), RaiseHand(DANIEL), people=left(DANIEL))


def test_the_facilitator_adds_removes_and_moves_people() -> None:
    state = given(*ROUND_1)
    assert when(state, RaiseHand(PEKKA, by_facilitator=True)) == [PersonQueued(PEKKA)]
    assert when(state, RemoveFromQueue(CELIA)) == [PersonUnqueued(CELIA)]
    assert when(state, MoveInQueue(CELIA, -1)) == [QueueMoved(CELIA, 0)]
    assert KIND.evolve(state, QueueMoved(CELIA, 0)).queue == (CELIA, BERTTA)
    assert when(state, MoveInQueue(BERTTA, -1)) == []  # already first
    with pytest.raises(DomainError, match="Not in the queue"):
        when(state, RemoveFromQueue(DANIEL))


# -- notes -----------------------------------------------------------------------------------------


def test_the_speaker_notes_their_own_turn_and_the_facilitator_any() -> None:
    state = given(*ROUND_1)
    assert when(state, NoteTurn("  Longer   opening hours ", by=AINO)) == [
        TurnNoted(0, "Longer opening hours")
    ]
    with pytest.raises(DomainError, match="not had a turn"):
        when(state, NoteTurn("x", by=BERTTA))
    assert when(state, NoteTurn("Summary", turn=0), current=False) == [TurnNoted(0, "Summary")]
    with pytest.raises(DomainError, match="no such turn"):
        when(state, NoteTurn("x", turn=3))
    with pytest.raises(DomainError, match="at most 200"):
        when(state, NoteTurn("x" * 201))
    noted = KIND.evolve(state, TurnNoted(0, "Summary"))
    assert noted.turns[0].note == "Summary" and when(noted, NoteTurn("Summary")) == []


# -- edge cases ----------------------------------------------------------------------------------


def test_the_speaker_leaving_mid_turn_keeps_their_time_and_note_and_moves_on() -> None:
    state = given(*ROUND_1, TurnNoted(0, "Repair café"))
    context = Context(T0 + timedelta(seconds=25), "x", left(AINO), True)
    events = KIND.on_people_changed(state, context)
    assert events == [TurnEnded(AINO, 25, "left"), TurnStarted(BERTTA, at(25))]
    after = given(*ROUND_1, TurnNoted(0, "Repair café"), *events)
    assert after.turns[0].seconds == 25 and after.turns[0].note == "Repair café"
    results = KIND.export(after, left(AINO)).data
    assert results["turns"][0]["outcome"] == "left" and results["turns"][0]["note"] == "Repair café"


def test_someone_in_the_queue_leaving_is_taken_out() -> None:
    people = {**FEW, CELIA: replace(PEOPLE[CELIA], present=False)}
    context = Context(T0, "x", people, True)
    assert KIND.on_people_changed(given(*ROUND_1), context) == [PersonUnqueued(CELIA)]


def test_a_latecomer_joins_the_end_of_the_running_round() -> None:
    context = Context(T0, "x", {**FEW, DANIEL: PEOPLE[DANIEL]}, True)
    assert KIND.on_people_changed(given(*ROUND_1), context) == [PersonQueued(DANIEL)]
    # Without a round going on they are simply in the next one.
    assert KIND.on_people_changed(given(), context) == []


def test_someone_who_comes_back_after_their_turn_waits_for_the_next_round() -> None:
    state = given(*ROUND_1, TurnEnded(AINO, 5, "spoke"), TurnStarted(BERTTA, at(5)))
    context = Context(T0, "x", FEW, True)
    assert KIND.on_people_changed(state, context) == []


def test_leaving_the_activity_interrupts_the_turn_and_coming_back_resumes() -> None:
    state = given(*ROUND_1)
    stopped = KIND.on_stopped(state, Context(T0 + timedelta(seconds=12), "x", PEOPLE, True))
    assert stopped == [TurnEnded(AINO, 12, "interrupted"), PersonQueued(AINO, front=True)]
    paused = given(*ROUND_1, *stopped)
    assert paused.open and paused.current is None and paused.queue == (AINO, BERTTA, CELIA)
    assert when(paused, NextSpeaker(), seconds=600) == [TurnStarted(AINO, at(600))]
    assert KIND.on_stopped(paused, Context(T0, "x", PEOPLE, False)) == []


def test_people_who_left_while_the_round_robin_was_not_running_are_passed_over() -> None:
    paused = given(*ROUND_1, TurnEnded(AINO, 12, "interrupted"), PersonQueued(AINO, front=True))
    people = {**FEW, AINO: replace(PEOPLE[AINO], present=False)}
    assert when(paused, NextSpeaker(), seconds=60, people=people) == [
        PersonUnqueued(AINO),
        TurnStarted(BERTTA, at(60)),
    ]
    gone = {p: replace(person, present=False) for p, person in FEW.items()}
    assert when(paused, NextSpeaker(), people=gone) == [
        PersonUnqueued(AINO),
        PersonUnqueued(BERTTA),
        PersonUnqueued(CELIA),
        RoundFinished(1),
    ]


def test_a_finished_round_robin_can_be_gone_back_to_for_another_round() -> None:
    done = given(*ROUND_1, TurnEnded(AINO, 5, "spoke"), RoundFinished(1))
    assert done.turns[0].seconds == 5
    assert when(done, StartRound(), people=FEW)[0] == RoundStarted(2, [BERTTA, CELIA, AINO])


def test_auto_advance_moves_on_when_the_speakers_time_is_up() -> None:
    state = given(*ROUND_1, auto_advance="on")
    assert KIND.deadline(state) == T0 + timedelta(seconds=60)
    early = Context(T0 + timedelta(seconds=59), "x", PEOPLE, True)
    assert KIND.on_deadline(state, early) == []
    due = Context(T0 + timedelta(seconds=61), "x", PEOPLE, True)
    assert KIND.on_deadline(state, due) == [
        TurnEnded(AINO, 61, "spoke"),
        TurnStarted(BERTTA, at(61)),
    ]
    without = given(*ROUND_1)
    assert KIND.deadline(without) is None and KIND.on_deadline(without, due) == []


def test_the_report_shows_the_share_of_room_and_remote_voices() -> None:
    state = given(
        *ROUND_1,
        TurnEnded(AINO, 30, "spoke"),
        TurnStarted(BERTTA, at(30)),
        TurnEnded(BERTTA, 90, "spoke"),
        TurnStarted(CELIA, at(120)),
    )
    results = KIND.export(state, PEOPLE).data
    assert results["speaking_seconds"] == {"in_room": 30, "remote": 90}
    assert results["speaking_share"] == {"in_room": 0.25, "remote": 0.75}
    assert [t["speaker"] for t in results["turns"]] == ["Aino", "Bertta", "Celia"]
    assert results["turns"][2]["seconds"] is None


def test_commands_from_a_phone_are_parsed_for_that_person() -> None:
    me = Actor("participant", participant_id=BERTTA)
    assert KIND.parse_command("raise_hand", {"person": str(AINO)}, me) == RaiseHand(BERTTA)
    assert KIND.parse_command("done", {}, me) == NextSpeaker(by=BERTTA)
    assert KIND.parse_command("note_turn", {"note": "x", "turn": "0"}, me) == NoteTurn(
        "x", by=BERTTA
    )
    assert KIND.parse_command("add_to_queue", {"person": "4"}, FACILITATOR) == RaiseHand(4, True)
    with pytest.raises(DomainError, match="Choose a person"):
        KIND.parse_command("remove_from_queue", {"person": "someone"}, FACILITATOR)
    with pytest.raises(DomainError):
        KIND.parse_command("shout", {}, me)

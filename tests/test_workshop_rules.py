"""The workshop's own commands as pure decisions: given log entries, when a command, then events.

No database: the state is folded from typed events and from plain log entries as the store
folds them, and the one id only the database gives (a new person's or activity's) is a value.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from piiri.domain.commands import (
    ActivityCommand,
    AddActivity,
    AddProxyPerson,
    CloseWorkshop,
    DuplicateActivity,
    EditActivity,
    ExtendTimer,
    HideResults,
    Join,
    LeaveWorkshop,
    LockInput,
    MoveActivity,
    NextActivity,
    PauseTimer,
    PinMessage,
    PreviousActivity,
    ReachDeadline,
    RemoveActivity,
    ResetTimer,
    RestoreActivity,
    ReturnToWorkshop,
    ShowResults,
    StartActivity,
    StartTimer,
    StopActivity,
    UnlockInput,
    UnpinMessage,
    WorkshopCommand,
)
from piiri.domain.events import (
    ActivityEdited,
    ActivityRemoved,
    ActivityRestored,
    ActivityStarted,
    AgendaReordered,
    InputLocked,
    MessagePinned,
    MessageUnpinned,
    ParticipantJoined,
    ParticipantLeft,
    ParticipantReturned,
    TimerPaused,
    TimerReset,
    TimerStarted,
    WorkshopClosed,
    encode,
)
from piiri.domain.plan import preview
from piiri.domain.vocabulary import Actor, DomainError
from tests.support.workshop_given import (
    AGENDA,
    AINO,
    BERTTA,
    CIRCLE,
    DOTS,
    T0,
    THIRD,
    TURNS,
    VOTE,
    added,
    data,
    given,
    stored,
    types,
    when,
)


def started(activity_id: int) -> ActivityStarted:
    return ActivityStarted(activity_id)


# -- people ------------------------------------------------------------------------------------


def test_join_and_proxy_people() -> None:
    assert when(given(), Join("  Aino  ", True)) == [
        ParticipantJoined(id=100, name="Aino", in_room=True, by_proxy=False)
    ]
    assert data(when(given(), AddProxyPerson("Pekka"))[0])["by_proxy"] is True
    with pytest.raises(DomainError, match="Give the person's name"):
        when(given(), AddProxyPerson("  "))
    with pytest.raises(DomainError, match="closed"):
        when(given(WorkshopClosed()), Join("x", True))


def test_a_person_who_leaves_stays_in_the_workshop_as_not_present() -> None:
    state = given(*AGENDA)
    assert when(state, LeaveWorkshop(AINO)) == [ParticipantLeft(AINO)]
    gone = given(*AGENDA, ParticipantLeft(AINO))
    assert AINO in gone.people and not gone.people[AINO].present
    assert gone.in_room == 0 and gone.remote == 1
    assert when(gone, LeaveWorkshop(AINO)) == []
    assert when(gone, ReturnToWorkshop(AINO)) == [ParticipantReturned(AINO)]
    with pytest.raises(DomainError, match="not in this workshop"):
        when(state, LeaveWorkshop(99))


def test_the_running_activity_hears_who_joins_and_leaves() -> None:
    state = given(
        *AGENDA,
        started(CIRCLE),
        stored(CIRCLE, "RoundStarted", {"round": 1, "order": [AINO, BERTTA]}),
        stored(CIRCLE, "TurnStarted", {"person_id": AINO, "at": T0.isoformat()}),
    )
    events = when(state, LeaveWorkshop(AINO), seconds=20)
    assert types(events) == ["ParticipantLeft", "TurnEnded", "TurnStarted"]
    assert encode(events[1]) == (
        CIRCLE,
        "TurnEnded",
        {"person_id": AINO, "seconds": 20, "outcome": "left"},
    )
    late = when(state, Join("Celia", False))
    assert encode(late[1]) == (
        CIRCLE,
        "PersonQueued",
        {"person_id": 100, "front": False, "hand": False},
    )


def test_a_person_who_left_or_is_locked_out_cannot_give_input() -> None:
    state = given(*AGENDA, started(VOTE), ParticipantLeft(AINO))
    cast = ActivityCommand(None, "cast_dot", {"option": "o1"})
    with pytest.raises(DomainError, match="You have left"):
        when(state, cast, actor=Actor("participant", participant_id=AINO))
    locked = given(*AGENDA, started(VOTE), InputLocked())
    with pytest.raises(DomainError, match="paused input"):
        when(locked, cast, actor=Actor("participant", participant_id=AINO))
    assert types(
        when(given(*AGENDA, started(VOTE)), cast, actor=Actor("participant", participant_id=AINO))
    ) == ["DotCast"]


# -- the agenda --------------------------------------------------------------------------------


def test_add_activity_with_defaults() -> None:
    events = when(given(*AGENDA), AddActivity("round_robin", "Round", {}))
    assert data(events[0])["config"] == {
        "seconds_per_speaker": None,
        "ordering": "alternating",
        "auto_advance": False,
    }
    assert data(events[0])["position"] == 3
    with pytest.raises(DomainError, match="no such activity"):
        when(given(), AddActivity("karaoke", "x", {}))
    with pytest.raises(DomainError, match="needs a title"):
        when(given(), AddActivity("round_robin", " ", {}))


def test_move_up_and_down_and_nothing_past_the_ends() -> None:
    state = given(*AGENDA)
    assert when(state, MoveActivity(CIRCLE, -1)) == [AgendaReordered((CIRCLE, VOTE, THIRD))]
    moved = given(*AGENDA, *when(state, MoveActivity(CIRCLE, -1)))
    assert [a.id for a in moved.agenda] == [CIRCLE, VOTE, THIRD]
    assert when(state, MoveActivity(VOTE, -1)) == []
    assert when(state, MoveActivity(THIRD, 1)) == []


def test_duplicate_lands_right_after_the_original_with_its_configuration() -> None:
    events = when(given(*AGENDA), DuplicateActivity(VOTE))
    assert types(events) == ["ActivityAdded", "AgendaReordered"]
    assert data(events[0])["config"] == DOTS and data(events[0])["id"] == 200
    after = given(*AGENDA, *events)
    assert [a.id for a in after.agenda] == [VOTE, 200, CIRCLE, THIRD]


def test_editing_changes_the_title_always_and_the_rest_only_without_input() -> None:
    state = given(*AGENDA)
    values = {"options": "A\nB\nC"}
    assert types(when(state, EditActivity(VOTE, "New", values))) == ["ActivityEdited"]
    edited = given(*AGENDA, *when(state, EditActivity(VOTE, "New", values)))
    assert len(edited.activity_state(VOTE).options) == 3
    voted = given(
        *AGENDA,
        started(VOTE),
        stored(VOTE, "DotCast", {"participant_id": AINO, "option_id": "o1", "proxy": False}),
    )
    with pytest.raises(DomainError, match="already has input"):
        when(voted, EditActivity(VOTE, "A10", values))
    renamed = when(voted, EditActivity(VOTE, "Renamed", {"options": "A\nB"}))
    assert renamed == [ActivityEdited(VOTE, "Renamed", DOTS)]
    after = given(
        *AGENDA,
        started(VOTE),
        stored(VOTE, "DotCast", {"participant_id": AINO, "option_id": "o1", "proxy": False}),
        *renamed,
    )
    assert after.activity_state(VOTE).dots_cast == 1  # the dot is kept
    assert when(voted, EditActivity(VOTE, "A10", {"options": "A\nB"})) == []


def test_removing_keeps_what_was_captured_for_the_report_and_can_be_undone() -> None:
    state = given(
        *AGENDA,
        stored(VOTE, "DotCast", {"participant_id": AINO, "option_id": "o1", "proxy": False}),
    )
    assert when(state, RemoveActivity(VOTE)) == [ActivityRemoved(VOTE)]
    removed = given(
        *AGENDA,
        stored(VOTE, "DotCast", {"participant_id": AINO, "option_id": "o1", "proxy": False}),
        *when(state, RemoveActivity(VOTE)),
    )
    assert [a.id for a in removed.agenda] == [CIRCLE, THIRD]
    assert removed.activity_state(VOTE).dots_cast == 1
    with pytest.raises(DomainError, match="removed from the agenda"):
        when(removed, StartActivity(VOTE))
    assert when(removed, RestoreActivity(VOTE)) == [ActivityRestored(VOTE)]
    with pytest.raises(DomainError, match="Stop this activity"):
        when(given(*AGENDA, started(VOTE)), RemoveActivity(VOTE))


def test_next_and_previous_follow_the_agenda() -> None:
    state = given(*AGENDA)
    assert when(state, NextActivity()) == [started(VOTE)]
    assert when(given(*AGENDA, started(VOTE)), NextActivity()) == [started(CIRCLE)]
    assert when(given(*AGENDA, started(CIRCLE)), PreviousActivity()) == [started(VOTE)]
    with pytest.raises(DomainError, match="last activity"):
        when(given(*AGENDA, started(THIRD)), NextActivity())
    with pytest.raises(DomainError, match="first activity"):
        when(given(*AGENDA, started(VOTE)), PreviousActivity())
    with pytest.raises(DomainError, match="agenda is empty"):
        when(given(), NextActivity())


def test_leaving_an_activity_lets_it_record_what_it_must_and_going_back_resumes_it() -> None:
    speaking = given(
        *AGENDA,
        started(CIRCLE),
        stored(CIRCLE, "RoundStarted", {"round": 1, "order": [AINO, BERTTA]}),
        stored(CIRCLE, "TurnStarted", {"person_id": AINO, "at": T0.isoformat()}),
    )
    events = when(speaking, NextActivity(), seconds=30)
    assert types(events) == ["TurnEnded", "PersonQueued", "ActivityStarted"]
    assert types(when(speaking, StopActivity(), seconds=30)) == [
        "TurnEnded",
        "PersonQueued",
        "ActivityStopped",
    ]
    back = given(
        *AGENDA,
        started(CIRCLE),
        stored(CIRCLE, "RoundStarted", {"round": 1, "order": [AINO, BERTTA]}),
        stored(CIRCLE, "TurnStarted", {"person_id": AINO, "at": T0.isoformat()}),
        *events,
    )
    assert when(back, PreviousActivity()) == [started(CIRCLE)]
    resumed = given(
        *AGENDA,
        started(CIRCLE),
        stored(CIRCLE, "RoundStarted", {"round": 1, "order": [AINO, BERTTA]}),
        stored(CIRCLE, "TurnStarted", {"person_id": AINO, "at": T0.isoformat()}),
        *events,
        started(CIRCLE),
    )
    assert resumed.activity_state(CIRCLE).queue == (AINO, BERTTA)
    assert resumed.activity_state(CIRCLE).turns[0].seconds == 30
    assert when(resumed, StartActivity(CIRCLE)) == []


def test_a_deadline_is_acted_on_once() -> None:
    auto = TURNS | {"auto_advance": True}
    state = given(
        *AGENDA[:2],
        added(CIRCLE, "round_robin", auto, 0),
        started(CIRCLE),
        stored(CIRCLE, "RoundStarted", {"round": 1, "order": [AINO, BERTTA]}),
        stored(CIRCLE, "TurnStarted", {"person_id": AINO, "at": T0.isoformat()}),
    )
    assert when(state, ReachDeadline(), seconds=59) == []
    events = when(state, ReachDeadline(), seconds=61)
    assert types(events) == ["TurnEnded", "TurnStarted"]
    after = preview(state, events)
    assert when(after, ReachDeadline(), seconds=62) == []
    assert when(given(*AGENDA), ReachDeadline()) == []


# -- the timer ---------------------------------------------------------------------------------


def test_timer_start_pause_resume_extend_reset() -> None:
    state = given()
    start = when(state, StartTimer(300))
    assert start == [
        TimerStarted(ends_at=(T0 + timedelta(seconds=300)).isoformat(), remaining=None, total=300)
    ]
    running = given(*start)
    assert running.timer.seconds_left(T0 + timedelta(seconds=100)) == 200
    assert running.timer.seconds_left(T0 + timedelta(seconds=400)) == 0
    pause = when(running, PauseTimer(), seconds=100)
    assert pause == [TimerPaused(remaining=200)]
    paused = given(*start, *pause)
    assert paused.timer.paused and paused.timer.seconds_left(T0 + timedelta(hours=1)) == 200
    assert when(paused, PauseTimer()) == []
    assert data(when(paused, ExtendTimer(60))[0]) == {
        "ends_at": None,
        "remaining": 260,
        "total": 360,
    }
    resume = when(paused, StartTimer(None), seconds=1000)
    assert data(resume[0])["ends_at"] == (T0 + timedelta(seconds=1200)).isoformat()
    extended = when(running, ExtendTimer(60), seconds=10)
    assert data(extended[0])["ends_at"] == (T0 + timedelta(seconds=360)).isoformat()
    # Extending a timer that has run out gives the time from now.
    late = when(running, ExtendTimer(60), seconds=500)
    assert data(late[0])["ends_at"] == (T0 + timedelta(seconds=560)).isoformat()
    assert when(running, ResetTimer()) == [TimerReset()]
    assert given(*start, *when(running, ResetTimer())).timer.idle
    assert when(state, ResetTimer()) == []


def test_bad_timer_commands_are_refused() -> None:
    with pytest.raises(DomainError, match="more than zero"):
        when(given(), StartTimer(0))
    with pytest.raises(DomainError, match="at most 240 minutes"):
        when(given(), StartTimer(240 * 60 + 1))
    with pytest.raises(DomainError, match="Set the timer's minutes"):
        when(given(), StartTimer(None))
    with pytest.raises(DomainError, match="Start the timer first"):
        when(given(), ExtendTimer(60))


# -- shared controls ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "off", "on_type", "off_type", "flag"),
    [
        (LockInput(), UnlockInput(), "InputLocked", "InputUnlocked", "input_locked"),
        (
            HideResults(),
            ShowResults(),
            "ResultsHiddenFromAll",
            "ResultsShownToAll",
            "results_hidden",
        ),
        (CloseWorkshop(), None, "WorkshopClosed", None, "closed"),
    ],
)
def test_toggles_record_only_a_change(
    on: WorkshopCommand, off: WorkshopCommand | None, on_type: str, off_type: str | None, flag: str
) -> None:
    state = given()
    assert types(when(state, on)) == [on_type]
    flagged = given(*when(state, on))
    assert getattr(flagged, flag) is True
    assert when(flagged, on) == []
    if off is not None:
        assert types(when(flagged, off)) == [off_type]
        assert when(state, off) == []


def test_pinned_message() -> None:
    pin = when(given(), PinMessage("  Coffee   at 10  "))
    assert pin == [MessagePinned("Coffee at 10")]
    pinned = given(*pin)
    assert pinned.pinned == "Coffee at 10"
    assert when(pinned, PinMessage("Coffee at 10")) == []
    assert when(pinned, UnpinMessage()) == [MessageUnpinned()]
    assert when(given(), UnpinMessage()) == []
    with pytest.raises(DomainError, match="Type the message"):
        when(given(), PinMessage(" "))
    with pytest.raises(DomainError, match="at most 280"):
        when(given(), PinMessage("x" * 281))


def test_events_are_json_ready() -> None:
    state = given(*AGENDA)
    for command in (StartTimer(60), PinMessage("x"), DuplicateActivity(VOTE), NextActivity()):
        for event in when(state, command):
            assert json.loads(json.dumps(data(event))) == data(event)

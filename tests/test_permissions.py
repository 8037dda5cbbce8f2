"""Who may send what, decided in piiri/domain/permissions.py: at the socket, before the service,
and again as the rules decide, against the log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities import activity_kind
from piiri.domain.commands import (
    ActivityCommand,
    AddProxyPerson,
    CloseWorkshop,
    Join,
    LeaveWorkshop,
    MoveActivity,
    NextActivity,
    ReachDeadline,
    RemovePerson,
    ReturnToWorkshop,
    StartActivity,
    StartTimer,
    WorkshopCommand,
)
from piiri.domain.events import (
    ActivityAdded,
    ActivityStarted,
    InputLocked,
    ParticipantJoined,
    ParticipantLeft,
    WorkshopClosed,
    WorkshopEvent,
)
from piiri.domain.permissions import authorise, check_command, check_input
from piiri.domain.plan import preview
from piiri.domain.rules import WorkshopRules
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor, DomainError

WORKSHOP = 7
AINO, BERTTA, VOTE = 1, 2, 10
FACILITATOR = Actor("facilitator", facilitator_id=1)
AINO_PHONE = Actor("participant", participant_id=AINO)
SCREEN = Actor("screen")
DOTS: dict[str, Any] = {
    "options": [{"id": "o1", "label": "A"}, {"id": "o2", "label": "B"}],
    "dots_per_person": None,
    "max_per_option": None,
}
VOTING = (
    ParticipantJoined(AINO, "Aino", in_room=True, by_proxy=False),
    ParticipantJoined(BERTTA, "Bertta", in_room=False, by_proxy=False),
    ActivityAdded(VOTE, "dot_vote", "Q", 0, DOTS),
    ActivityStarted(VOTE),
)
DOT_VOTE = activity_kind("dot_vote")


def given(*events: WorkshopEvent) -> WorkshopState:
    start = WorkshopState(id=WORKSHOP, title="W", language="en", code="123456")
    return preview(start, events)


# -- at the socket -----------------------------------------------------------------------------


def test_a_message_becomes_the_command_it_names() -> None:
    remove = {"command": "remove_person", "person": "2"}
    move = {"command": "move_activity", "activity": "10", "direction": "up"}
    timer = {"command": "timer_start", "minutes": "1,5"}
    cast = {"command": "cast_dot", "activity": "current", "option": "o1"}

    assert authorise(FACILITATOR, WORKSHOP, remove) == RemovePerson(2, withdraw=False)
    assert authorise(FACILITATOR, WORKSHOP, move) == MoveActivity(VOTE, -1)
    assert authorise(FACILITATOR, WORKSHOP, timer) == StartTimer(90)
    assert authorise(AINO_PHONE, WORKSHOP, cast) == ActivityCommand(None, "cast_dot", cast)


@pytest.mark.parametrize(
    ("actor", "values", "refusal"),
    [
        (AINO_PHONE, {"command": "start_activity", "activity": "10"}, "Only the facilitator"),
        # The console's "remove_person" is the facilitator's even for oneself: a phone leaves
        # through its own form.
        (AINO_PHONE, {"command": "remove_person", "person": str(AINO)}, "Only the facilitator"),
        (SCREEN, {"command": "cast_dot", "option": "o1"}, "room screen only shows"),
        (FACILITATOR, {"command": "start_activity", "workshop": "8"}, "another workshop"),
        (FACILITATOR, {"command": ""}, "not understood"),
        (FACILITATOR, {"command": "remove_person", "person": "two"}, "not understood"),
        (FACILITATOR, {"command": "timer_extend", "seconds": "1.5"}, "not understood"),
        (FACILITATOR, {"command": "move_activity", "activity": "10"}, "not understood"),
        (AINO_PHONE, {"command": "cast_dot", "activity": "the first"}, "not understood"),
    ],
)
def test_a_message_the_role_may_not_send_or_that_is_malformed_is_refused(
    actor: Actor, values: dict[str, Any], refusal: str
) -> None:
    with pytest.raises(DomainError, match=refusal):
        authorise(actor, WORKSHOP, values)


# -- against the log, as the rules decide ---------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        StartTimer(60),
        NextActivity(),
        StartActivity(VOTE),
        AddProxyPerson("Pekka"),
        CloseWorkshop(),
        ReachDeadline(),
        LeaveWorkshop(BERTTA),
        ReturnToWorkshop(BERTTA),
    ],
)
def test_running_the_workshop_and_moving_others_is_the_facilitators(
    command: WorkshopCommand,
) -> None:
    check_command(FACILITATOR, command)
    with pytest.raises(DomainError, match="Only the facilitator"):
        check_command(AINO_PHONE, command)
    with pytest.raises(DomainError, match="room screen only shows"):
        check_command(SCREEN, command)


def test_anyone_but_the_screen_joins_and_a_participant_leaves_and_returns_as_themself() -> None:
    check_command(Actor("participant"), Join("Celia", True))
    check_command(AINO_PHONE, LeaveWorkshop(AINO))
    check_command(AINO_PHONE, ReturnToWorkshop(AINO))
    with pytest.raises(DomainError, match="room screen only shows"):
        check_command(SCREEN, Join("Screen", True))


def test_a_participant_sends_the_activitys_participant_commands_while_they_may_give_input() -> None:
    check_input(given(*VOTING), AINO_PHONE, DOT_VOTE, "cast_dot")
    check_input(given(*VOTING, InputLocked()), FACILITATOR, DOT_VOTE, "reveal")
    refusals = [
        (given(*VOTING), "reveal", "Only the facilitator"),
        (given(*VOTING, WorkshopClosed()), "cast_dot", "workshop has closed"),
        (given(*VOTING, ParticipantLeft(AINO)), "cast_dot", "You have left"),
        (given(*VOTING, InputLocked()), "cast_dot", "paused input"),
    ]
    for state, name, refusal in refusals:
        with pytest.raises(DomainError, match=refusal):
            check_input(state, AINO_PHONE, DOT_VOTE, name)
    with pytest.raises(DomainError, match="room screen only shows"):
        check_input(given(*VOTING), SCREEN, DOT_VOTE, "cast_dot")


def test_the_rules_ask_before_they_decide() -> None:
    rules = WorkshopRules(now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC), token="00c0ffee")
    with pytest.raises(DomainError, match="Only the facilitator"):
        rules.decide(given(*VOTING), AINO_PHONE, StartTimer(60))
    with pytest.raises(DomainError, match="Only the facilitator"):
        rules.decide(given(*VOTING), AINO_PHONE, ActivityCommand(VOTE, "reveal", {}))
    assert rules.decide(given(*VOTING), AINO_PHONE, LeaveWorkshop(AINO)).events == [
        ParticipantLeft(AINO)
    ]

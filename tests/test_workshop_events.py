"""The workshop's own events as the log stores them: the names and keys every earlier version
wrote, one encode/decode, and a preview that folds decided events the way the store folds the
log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities import activity_kind
from piiri.domain.events import (
    WORKSHOP_EVENTS,
    ActivityAdded,
    ActivityEdited,
    ActivityEvent,
    ActivityRemoved,
    ActivityRestored,
    ActivityStarted,
    ActivityStopped,
    AgendaReordered,
    CallLinkSet,
    InputLocked,
    InputUnlocked,
    JoinPanelPlaced,
    JoinRulesSet,
    LanguagesSet,
    LogEntry,
    LogEvent,
    MessagePinned,
    MessageUnpinned,
    ParticipantAdmitted,
    ParticipantErased,
    ParticipantJoined,
    ParticipantLeft,
    ParticipantRemoved,
    ParticipantReturned,
    ParticipantWaiting,
    ResultsHiddenFromAll,
    ResultsOffered,
    ResultsShownToAll,
    ScreenLanguagesSet,
    TimerExtended,
    TimerPaused,
    TimerReset,
    TimerStarted,
    WorkshopClosed,
    WorkshopEvent,
    WorkshopReopened,
    decode,
    encode,
)
from piiri.domain.plan import preview
from piiri.domain.state import WorkshopState

AINO, PEKKA, VOTE, CIRCLE = 1, 2, 10, 11
ENDS = datetime(2026, 3, 2, 9, 35, tzinfo=UTC).isoformat()
DOTS: dict[str, Any] = {
    "options": [{"id": "o1", "label": "A"}, {"id": "o2", "label": "B"}],
    "dots_per_person": None,
    "max_per_option": None,
}
TURNS = {"seconds_per_speaker": 60, "ordering": "join", "auto_advance": False}

# Every workshop event with the type and data the log has always stored it as. Written out by
# hand on purpose: a rename in piiri/domain/events.py must fail here, because stored logs
# (and tests/test_service.py's old log) still say these names.
STORED: list[tuple[WorkshopEvent, str, dict[str, Any]]] = [
    (
        ParticipantJoined(AINO, "Aino", in_room=True, by_proxy=False),
        "ParticipantJoined",
        {"id": AINO, "name": "Aino", "in_room": True, "by_proxy": False},
    ),
    (ParticipantLeft(AINO), "ParticipantLeft", {"id": AINO}),
    (ParticipantReturned(AINO), "ParticipantReturned", {"id": AINO}),
    (
        ParticipantWaiting(AINO, "Aino", in_room=False),
        "ParticipantWaiting",
        {"id": AINO, "name": "Aino", "in_room": False},
    ),
    (ParticipantAdmitted(AINO), "ParticipantAdmitted", {"id": AINO}),
    (ParticipantRemoved(AINO, 3), "ParticipantRemoved", {"id": AINO, "withdrawn": 3}),
    (ParticipantErased(AINO), "ParticipantErased", {"id": AINO}),
    (JoinRulesSet("admit", 40), "JoinRulesSet", {"policy": "admit", "cap": 40}),
    (
        ActivityAdded(VOTE, "dot_vote", "Q", 0, DOTS),
        "ActivityAdded",
        {"id": VOTE, "kind": "dot_vote", "title": "Q", "position": 0, "config": DOTS},
    ),
    (
        ActivityEdited(VOTE, "Q2", DOTS),
        "ActivityEdited",
        {"id": VOTE, "title": "Q2", "config": DOTS},
    ),
    (ActivityRemoved(VOTE), "ActivityRemoved", {"id": VOTE}),
    (ActivityRestored(VOTE), "ActivityRestored", {"id": VOTE}),
    (AgendaReordered((CIRCLE, VOTE)), "AgendaReordered", {"order": [CIRCLE, VOTE]}),
    (ActivityStarted(VOTE), "ActivityStarted", {"id": VOTE}),
    (ActivityStopped(), "ActivityStopped", {}),
    (WorkshopClosed(), "WorkshopClosed", {}),
    (WorkshopReopened(), "WorkshopReopened", {}),
    (
        TimerStarted(ENDS, None, 300),
        "TimerStarted",
        {"ends_at": ENDS, "remaining": None, "total": 300},
    ),
    (
        TimerExtended(None, 260, 360),
        "TimerExtended",
        {"ends_at": None, "remaining": 260, "total": 360},
    ),
    (TimerPaused(200), "TimerPaused", {"remaining": 200}),
    (TimerReset(), "TimerReset", {}),
    (InputLocked(), "InputLocked", {}),
    (InputUnlocked(), "InputUnlocked", {}),
    (ResultsHiddenFromAll(), "ResultsHiddenFromAll", {}),
    (ResultsShownToAll(), "ResultsShownToAll", {}),
    (MessagePinned("Coffee at 10"), "MessagePinned", {"text": "Coffee at 10"}),
    (MessageUnpinned(), "MessageUnpinned", {}),
    (JoinPanelPlaced("corner"), "JoinPanelPlaced", {"placement": "corner"}),
    (CallLinkSet("https://meet.jit.si/ilta"), "CallLinkSet", {"url": "https://meet.jit.si/ilta"}),
    (
        LanguagesSet(("sv",), {"sv": "Bibliotekets framtid"}),
        "LanguagesSet",
        {"others": ["sv"], "titles": {"sv": "Bibliotekets framtid"}},
    ),
    (ScreenLanguagesSet("fi+sv"), "ScreenLanguagesSet", {"languages": "fi+sv"}),
    (ResultsOffered("t0k3n"), "ResultsOffered", {"token": "t0k3n"}),
    # Fields added later are stored only when they hold something (see the plain forms above).
    (
        MessagePinned("Kahvi klo 10", {"sv": "Kaffe kl. 10"}),
        "MessagePinned",
        {"text": "Kahvi klo 10", "translations": {"sv": "Kaffe kl. 10"}},
    ),
]


def test_every_workshop_event_is_pinned_to_its_stored_form() -> None:
    assert {type(event) for event, _, _ in STORED} == set(WORKSHOP_EVENTS.values())


@pytest.mark.parametrize(("event", "type_name", "data"), STORED, ids=[t for _, t, _ in STORED])
def test_a_workshop_event_is_stored_as_it_always_was_and_read_back(
    event: WorkshopEvent, type_name: str, data: dict[str, Any]
) -> None:
    assert encode(event) == (None, type_name, data)
    from_the_log = json.loads(json.dumps(data))  # as a JSON column gives it back

    assert decode(type_name, from_the_log) == event


def test_an_unknown_workshop_event_is_named() -> None:
    with pytest.raises(ValueError, match="unknown workshop event ParticipantVanished"):
        decode("ParticipantVanished", {"id": AINO})


def test_an_activity_event_is_encoded_by_its_kind_under_its_activity() -> None:
    data = {"participant_id": AINO, "option_id": "o1", "proxy": False}
    cast = activity_kind("dot_vote").decode_event("DotCast", data)

    assert encode(ActivityEvent(VOTE, "dot_vote", cast)) == (VOTE, "DotCast", data)


def history() -> list[LogEvent]:
    cast = activity_kind("dot_vote").decode_event(
        "DotCast", {"participant_id": AINO, "option_id": "o1", "proxy": False}
    )
    return [
        ParticipantJoined(AINO, "Aino", in_room=True, by_proxy=False),
        ParticipantJoined(PEKKA, "Pekka", in_room=True, by_proxy=True),
        ActivityAdded(VOTE, "dot_vote", "Q", 0, DOTS),
        ActivityAdded(CIRCLE, "round_robin", "R", 1, TURNS),
        AgendaReordered((CIRCLE, VOTE)),
        ActivityStarted(VOTE),
        ActivityEvent(VOTE, "dot_vote", cast),
        TimerStarted(ENDS, None, 300),
        TimerPaused(200),
        MessagePinned("Coffee at 10"),
        ParticipantLeft(PEKKA),
        ActivityRemoved(CIRCLE),
    ]


def test_a_preview_folds_decided_events_as_the_store_folds_their_log_entries() -> None:
    start = WorkshopState(id=1, title="W", language="en", code="123456")
    previewed = preview(start, history())
    folded = start
    for seq, event in enumerate(history(), start=1):
        activity_id, type_name, data = encode(event)
        entry = LogEntry(seq, activity_id, type_name, json.loads(json.dumps(data)), "facilitator:1")
        folded = folded.apply(entry)

    assert previewed == folded
    assert previewed.seq == len(history())
    assert [a.id for a in previewed.agenda] == [VOTE]
    vote = previewed.activity(VOTE)
    assert vote is not None and vote.inputs == 1
    assert previewed.people[PEKKA].present is False
    assert previewed.timer.remaining == 200 and previewed.pinned == "Coffee at 10"


def test_a_log_entry_out_of_order_or_for_an_unknown_activity_is_refused() -> None:
    start = WorkshopState(id=1, title="W", language="en", code="123456")
    with pytest.raises(ValueError, match="expected seq 1, got 2"):
        start.apply(LogEntry(2, None, "WorkshopClosed", {}))
    with pytest.raises(ValueError, match="unknown activity 99"):
        start.apply(LogEntry(1, 99, "DotCast", {}))

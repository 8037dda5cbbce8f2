"""The workshop's own events, the events of its activities, and the log entry both are stored as.

The workshop's events (people joining, leaving and returning; the agenda; which activity runs;
the shared timer and controls; closing) are frozen dataclasses named in the past tense, like an
activity's own. ``encode`` and ``decode`` are the one translation between them and a log entry's
``type`` and ``data``: the type is the class name and the data are the fields, by name.

Logs written by every earlier version must still fold, so the class names and field names are
the log's type names and data keys as they have always been stored: that is why a person's and
an activity's id are stored as ``id``, and why ``ResultsHiddenFromAll`` is so long. Rename
nothing here without a migration of the stored logs; tests/test_workshop_events.py pins them.

Pure: the fold (piiri/domain/state.py) takes ``LogEntry`` values, never database rows; the store
in piiri/log/ turns its rows into entries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piiri.activities import activity_kind

# A field added to an event after logs were written with it: stored only when it holds
# something, so an event without it is stored exactly as earlier versions wrote it (and read
# back with its default).
LATER: Mapping[str, bool] = {"added_later": True}


@dataclass(frozen=True)
class LogEntry:
    """One entry of a workshop's log as plain values: what the fold reads.

    ``activity_id`` is None for the workshop's own events; otherwise the entry is one of that
    activity's events. ``actor`` is the ``Actor.label`` of who sent the command.
    """

    seq: int
    activity_id: int | None
    type: str
    data: Mapping[str, Any]
    actor: str = ""
    at: datetime | None = None


# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantJoined:
    """Someone joined with their phone, or the facilitator added a person without one."""

    id: int
    name: str
    in_room: bool
    by_proxy: bool


@dataclass(frozen=True)
class ParticipantLeft:
    """The person left (or was taken out of the room); they stay in the workshop as absent."""

    id: int


@dataclass(frozen=True)
class ParticipantReturned:
    """Back in the workshop: by their own join, or let back in by the facilitator."""

    id: int


@dataclass(frozen=True)
class ParticipantWaiting:
    """Someone asked to join a workshop where the facilitator admits people."""

    id: int
    name: str
    in_room: bool


@dataclass(frozen=True)
class ParticipantAdmitted:
    id: int


@dataclass(frozen=True)
class ParticipantRemoved:
    """The facilitator took the person out (or refused them while waiting); they are kept out
    until let back in. ``withdrawn`` is how many of their inputs were withdrawn with them."""

    id: int
    withdrawn: int


@dataclass(frozen=True)
class ParticipantErased:
    """The person's name and everything they wrote were erased (the stored events' text was
    overwritten: the one exception to append-only, docs/security.md)."""

    id: int


@dataclass(frozen=True)
class JoinRulesSet:
    """Who may join: "open", "admit" (the facilitator admits each) or "closed" (nobody new);
    ``cap`` people at most (None: the server's PARTICIPANT_CAP)."""

    policy: str
    cap: int | None


# -- the agenda --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityAdded:
    id: int
    kind: str
    title: str
    position: int
    config: Mapping[str, Any]
    # The title in the workshop's other languages (language -> title); older logs have none.
    titles: Mapping[str, str] = field(default_factory=dict, metadata=LATER)


@dataclass(frozen=True)
class ActivityEdited:
    id: int
    title: str
    config: Mapping[str, Any]
    titles: Mapping[str, str] = field(default_factory=dict, metadata=LATER)


@dataclass(frozen=True)
class ActivityRemoved:
    id: int


@dataclass(frozen=True)
class ActivityRestored:
    id: int


@dataclass(frozen=True)
class AgendaReordered:
    """Every activity's id (removed ones too), in their new order."""

    order: tuple[int, ...]

    def __post_init__(self) -> None:
        # A decoded log entry brings a JSON list; equal orders must compare equal.
        object.__setattr__(self, "order", tuple(self.order))


@dataclass(frozen=True)
class ActivityStarted:
    id: int


@dataclass(frozen=True)
class ActivityStopped:
    pass


@dataclass(frozen=True)
class WorkshopClosed:
    pass


@dataclass(frozen=True)
class WorkshopReopened:
    pass


# -- the shared timer and controls ---------------------------------------------------------------


@dataclass(frozen=True)
class TimerStarted:
    """Running until ``ends_at`` (ISO-8601 UTC); ``remaining`` is always None (kept because
    stored logs carry it). ``total`` is the whole time set, extensions included."""

    ends_at: str | None
    remaining: int | None
    total: int


@dataclass(frozen=True)
class TimerExtended:
    """Either running until ``ends_at`` or paused with ``remaining`` seconds, as it was."""

    ends_at: str | None
    remaining: int | None
    total: int


@dataclass(frozen=True)
class TimerPaused:
    remaining: int | None


@dataclass(frozen=True)
class TimerReset:
    pass


@dataclass(frozen=True)
class InputLocked:
    pass


@dataclass(frozen=True)
class InputUnlocked:
    pass


@dataclass(frozen=True)
class ResultsHiddenFromAll:
    pass


@dataclass(frozen=True)
class ResultsShownToAll:
    pass


@dataclass(frozen=True)
class MessagePinned:
    text: str
    # Its other languages (language -> text); older logs have none.
    translations: Mapping[str, str] = field(default_factory=dict, metadata=LATER)


@dataclass(frozen=True)
class LanguagesSet:
    """The workshop's languages besides its own, in the order the facilitator gave them."""

    others: tuple[str, ...]
    # The workshop's title in those languages (language -> title).
    titles: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A decoded log entry brings a JSON list; equal lists of languages must compare equal.
        object.__setattr__(self, "others", tuple(self.others))


@dataclass(frozen=True)
class ScreenLanguagesSet:
    """The room screen's languages: "" (each screen's own) or two side by side, "fi+sv"."""

    languages: str


@dataclass(frozen=True)
class MessageUnpinned:
    pass


@dataclass(frozen=True)
class JoinPanelPlaced:
    """The room screen's join panel (QR code, link and code): "large", "corner" or "hidden"."""

    placement: str


@dataclass(frozen=True)
class ResultsOffered:
    """The published results page's token ("": not published, or the link was taken away)."""

    token: str


@dataclass(frozen=True)
class CallLinkSet:
    """The workshop's video-call address for remote people ("": none)."""

    url: str


WorkshopEvent = (
    ParticipantJoined
    | ParticipantLeft
    | ParticipantReturned
    | ParticipantWaiting
    | ParticipantAdmitted
    | ParticipantRemoved
    | ParticipantErased
    | JoinRulesSet
    | ActivityAdded
    | ActivityEdited
    | ActivityRemoved
    | ActivityRestored
    | AgendaReordered
    | ActivityStarted
    | ActivityStopped
    | WorkshopClosed
    | WorkshopReopened
    | TimerStarted
    | TimerExtended
    | TimerPaused
    | TimerReset
    | InputLocked
    | InputUnlocked
    | ResultsHiddenFromAll
    | ResultsShownToAll
    | MessagePinned
    | MessageUnpinned
    | JoinPanelPlaced
    | LanguagesSet
    | ScreenLanguagesSet
    | ResultsOffered
    | CallLinkSet
)

WORKSHOP_EVENTS: Mapping[str, type[WorkshopEvent]] = {
    cls.__name__: cls
    for cls in (
        ParticipantJoined,
        ParticipantLeft,
        ParticipantReturned,
        ParticipantWaiting,
        ParticipantAdmitted,
        ParticipantRemoved,
        ParticipantErased,
        JoinRulesSet,
        ActivityAdded,
        ActivityEdited,
        ActivityRemoved,
        ActivityRestored,
        AgendaReordered,
        ActivityStarted,
        ActivityStopped,
        WorkshopClosed,
        WorkshopReopened,
        TimerStarted,
        TimerExtended,
        TimerPaused,
        TimerReset,
        InputLocked,
        InputUnlocked,
        ResultsHiddenFromAll,
        ResultsShownToAll,
        MessagePinned,
        MessageUnpinned,
        JoinPanelPlaced,
        LanguagesSet,
        ScreenLanguagesSet,
        ResultsOffered,
        CallLinkSet,
    )
}


@dataclass(frozen=True)
class ActivityEvent:
    """One of an activity's own events, with the activity (and its kind) it belongs to."""

    activity_id: int
    kind: str
    event: Any


LogEvent = WorkshopEvent | ActivityEvent


def encode(event: LogEvent) -> tuple[int | None, str, dict[str, Any]]:
    """The ``activity_id``, ``type`` and JSON-ready ``data`` a log entry stores ``event`` as."""
    if isinstance(event, ActivityEvent):
        type_name, data = activity_kind(event.kind).encode_event(event.event)
        return event.activity_id, type_name, data
    data = {
        f.name: getattr(event, f.name)
        for f in dataclasses.fields(event)
        if not (f.metadata.get("added_later") and not getattr(event, f.name))
    }
    if isinstance(event, AgendaReordered):
        data["order"] = list(event.order)
    if isinstance(event, LanguagesSet):
        data["others"] = list(event.others)
    return None, type(event).__name__, data


def decode(type_name: str, data: Mapping[str, Any]) -> WorkshopEvent:
    """The workshop event a log entry without an activity holds. Raises ValueError for a type
    this version does not know (a log written by a newer one)."""
    cls = WORKSHOP_EVENTS.get(type_name)
    if cls is None:
        raise ValueError(f"unknown workshop event {type_name}")
    return cls(**data)

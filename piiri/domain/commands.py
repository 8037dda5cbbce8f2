"""The workshop's own commands (people, agenda, timer, shared controls), as frozen dataclasses.

``piiri/domain/rules.py`` decides them (``piiri/domain/permissions.py`` says who may send
them); an activity's commands travel as ``ActivityCommand``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Join:
    name: str
    in_room: bool


@dataclass(frozen=True)
class AddProxyPerson:
    name: str


@dataclass(frozen=True)
class LeaveWorkshop:
    """A person leaves (their own button) or the facilitator removes them from the room."""

    participant_id: int


@dataclass(frozen=True)
class ReturnToWorkshop:
    """A person comes back (their own join), or the facilitator lets a removed one back in."""

    participant_id: int


@dataclass(frozen=True)
class RemovePerson:
    """The facilitator takes a person out and keeps them out; ``withdraw``: their input too."""

    participant_id: int
    withdraw: bool


@dataclass(frozen=True)
class RemoveJoinedBetween:
    """Remove everyone who joined between ``earliest`` and ``latest`` minutes ago (a wave of
    scripted joins)."""

    earliest: int
    latest: int
    withdraw: bool


@dataclass(frozen=True)
class SetJoinRules:
    policy: str
    cap: int | None


@dataclass(frozen=True)
class AdmitPeople:
    """Admit these waiting people; None: everyone waiting."""

    participant_ids: tuple[int, ...] | None


@dataclass(frozen=True)
class RefusePerson:
    participant_id: int


@dataclass(frozen=True)
class EraseParticipant:
    participant_id: int


@dataclass(frozen=True)
class AddActivity:
    kind: str
    title: str
    values: dict[str, Any]


@dataclass(frozen=True)
class HarvestActivity:
    """Bring an activity's results on to a new activity of kind ``into``, added right after
    it (a café's notes to an idea wall): the activity's kind gives the new one's add form."""

    activity_id: int
    into: str


@dataclass(frozen=True)
class EditActivity:
    activity_id: int
    title: str
    values: dict[str, Any]


@dataclass(frozen=True)
class DuplicateActivity:
    activity_id: int


@dataclass(frozen=True)
class MoveActivity:
    activity_id: int
    offset: int  # -1: up, +1: down


@dataclass(frozen=True)
class RemoveActivity:
    activity_id: int


@dataclass(frozen=True)
class RestoreActivity:
    activity_id: int


@dataclass(frozen=True)
class StartActivity:
    activity_id: int


@dataclass(frozen=True)
class StopActivity:
    pass


@dataclass(frozen=True)
class NextActivity:
    pass


@dataclass(frozen=True)
class PreviousActivity:
    pass


@dataclass(frozen=True)
class CloseWorkshop:
    """The join code stops letting anyone in; phones stop accepting input."""


@dataclass(frozen=True)
class ReopenWorkshop:
    pass


@dataclass(frozen=True)
class StartTimer:
    """Start the shared timer for ``seconds``; without them, resume a paused timer."""

    seconds: int | None


@dataclass(frozen=True)
class PauseTimer:
    pass


@dataclass(frozen=True)
class ExtendTimer:
    seconds: int


@dataclass(frozen=True)
class ResetTimer:
    pass


@dataclass(frozen=True)
class LockInput:
    pass


@dataclass(frozen=True)
class UnlockInput:
    pass


@dataclass(frozen=True)
class HideResults:
    pass


@dataclass(frozen=True)
class ShowResults:
    pass


@dataclass(frozen=True)
class PinMessage:
    text: str
    # The same message in the workshop's other languages: language -> text ("" or missing:
    # that language's readers see ``text``).
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UnpinMessage:
    pass


@dataclass(frozen=True)
class PlaceJoinPanel:
    """Where the room screen shows how to join: "large", "corner" or "hidden"."""

    placement: str


@dataclass(frozen=True)
class SetLanguages:
    """The languages the workshop runs in besides its own (the first, which never changes):
    what the facilitator's forms offer fields for, and what a reader's text falls back from."""

    others: tuple[str, ...]
    # The workshop's title in those languages (language -> title; empty: as written).
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SetScreenLanguages:
    """What the room screen shows: its own language ("") or two of the workshop's languages
    side by side ("fi+sv")."""

    languages: str


@dataclass(frozen=True)
class OfferResults:
    """The public results page's token while it is published ("": not published): phones
    offer its link and the closed room screen its QR code. Sent by the plan page's publish
    form over HTTP only (a socket cannot name a token)."""

    token: str


@dataclass(frozen=True)
class SetCallLink:
    """The video-call address remote people join in plenary; "" takes it away."""

    url: str


@dataclass(frozen=True)
class ReachDeadline:
    """Sent by the server's deadline task: the running activity's deadline has passed."""


@dataclass(frozen=True)
class ActivityCommand:
    activity_id: int | None  # None: whichever activity is running
    name: str
    values: dict[str, Any]


WorkshopCommand = (
    Join
    | AddProxyPerson
    | LeaveWorkshop
    | ReturnToWorkshop
    | RemovePerson
    | RemoveJoinedBetween
    | SetJoinRules
    | AdmitPeople
    | RefusePerson
    | EraseParticipant
    | AddActivity
    | HarvestActivity
    | EditActivity
    | DuplicateActivity
    | MoveActivity
    | RemoveActivity
    | RestoreActivity
    | StartActivity
    | StopActivity
    | NextActivity
    | PreviousActivity
    | CloseWorkshop
    | ReopenWorkshop
    | StartTimer
    | PauseTimer
    | ExtendTimer
    | ResetTimer
    | LockInput
    | UnlockInput
    | HideResults
    | ShowResults
    | PinMessage
    | UnpinMessage
    | PlaceJoinPanel
    | SetLanguages
    | SetScreenLanguages
    | OfferResults
    | SetCallLink
    | ReachDeadline
    | ActivityCommand
)

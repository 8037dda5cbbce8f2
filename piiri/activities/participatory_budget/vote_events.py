"""The participatory-budgeting activity's commands (what a socket asks for) and events (what the
log keeps), frozen dataclasses; the state they act on is in voting.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piiri.activities.participatory_budget.voting import Channel, Choice

# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenVote:
    pass


@dataclass(frozen=True)
class CloseVote:
    pass


@dataclass(frozen=True)
class ReopenVote:
    pass


@dataclass(frozen=True)
class Reveal:
    everything: bool = False


@dataclass(frozen=True)
class Choose:
    """Put a project on (or take it off) one's draft; for a ranking, add it last."""

    participant_id: int
    project_id: str
    on: bool


@dataclass(frozen=True)
class GivePoints:
    participant_id: int
    project_id: str
    change: int  # +1 or -1


@dataclass(frozen=True)
class MoveProject:
    participant_id: int
    project_id: str
    offset: int  # -1: up (better), +1: down


@dataclass(frozen=True)
class Review:
    participant_id: int


@dataclass(frozen=True)
class Confirm:
    participant_id: int


@dataclass(frozen=True)
class Change:
    participant_id: int


@dataclass(frozen=True)
class EnterBallot:
    """The facilitator enters a whole ballot: a paper one (``for_person`` None) or one for a
    person in the room without a phone."""

    for_person: int | None
    choice: Choice
    reference: str = ""


@dataclass(frozen=True)
class RemovePaperBallot:
    ballot_id: str


Command = (
    OpenVote
    | CloseVote
    | ReopenVote
    | Reveal
    | Choose
    | GivePoints
    | MoveProject
    | Review
    | Confirm
    | Change
    | EnterBallot
    | RemovePaperBallot
)


# -- events ------------------------------------------------------------------------------------


class _Tuples:
    """Lists from the log's JSON back to the tuples the event was made with."""

    def __post_init__(self) -> None:
        for name in ("projects", "points"):
            value: Any = getattr(self, name, None)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True)
class VoteOpened:
    seed: int
    at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class VoteClosed:
    lot_seed: int
    at: str


@dataclass(frozen=True)
class VoteReopened:
    pass


@dataclass(frozen=True)
class OutcomeRevealed:
    shown: int


@dataclass(frozen=True)
class DraftChanged(_Tuples):
    participant_id: int
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()


@dataclass(frozen=True)
class BallotReviewed:
    participant_id: int


@dataclass(frozen=True)
class BallotReopened:
    """Back from the review, or a cast ballot opened for changing (it counts until re-cast)."""

    participant_id: int


@dataclass(frozen=True)
class BallotCast(_Tuples):
    participant_id: int
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()
    channel: str = Channel.ROOM.value
    proxy: bool = False


@dataclass(frozen=True)
class BallotWithdrawn:
    participant_id: int


@dataclass(frozen=True)
class PaperBallotCast(_Tuples):
    ballot_id: str
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()
    reference: str = ""


@dataclass(frozen=True)
class PaperBallotRemoved:
    ballot_id: str


Event = (
    VoteOpened
    | VoteClosed
    | VoteReopened
    | OutcomeRevealed
    | DraftChanged
    | BallotReviewed
    | BallotReopened
    | BallotCast
    | BallotWithdrawn
    | PaperBallotCast
    | PaperBallotRemoved
)

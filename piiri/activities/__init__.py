"""The activity registry: one entry per kind. Adding an activity means adding its module here."""

from __future__ import annotations

from typing import Any

from piiri.activities.breakout.kind import BreakoutPrompts
from piiri.activities.contract import ActivityKind
from piiri.activities.dot_vote.kind import DotVoting
from piiri.activities.interview.kind import AppreciativeInterview
from piiri.activities.round_robin.kind import RoundRobinKind

REGISTRY: dict[str, ActivityKind[Any, Any, Any]] = {
    k.kind: k for k in (DotVoting(), RoundRobinKind(), BreakoutPrompts(), AppreciativeInterview())
}


def activity_kind(kind: str) -> ActivityKind[Any, Any, Any]:
    """The registered kind. Raises KeyError for an unknown one."""
    return REGISTRY[kind]

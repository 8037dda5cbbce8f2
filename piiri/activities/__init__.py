"""The activity registry: the one list of kinds. Adding a kind means adding its line here.

The registry holds kinds whose states, commands and events are of different types; the core
keeps each activity's state as an opaque value that only its own kind ever reads (the state of
an activity comes from its kind's ``initial`` and ``evolve`` and goes back to the same kind), so
the type parameters are erased here, once: ``RegisteredKind``.
"""

from __future__ import annotations

from typing import Any

from piiri.activities.breakout.kind import BreakoutKind
from piiri.activities.cafe.kind import CafeKind
from piiri.activities.contract import ActivityKind
from piiri.activities.crowd_sourcing.kind import CrowdSourcingKind
from piiri.activities.dot_vote.kind import DotVoteKind
from piiri.activities.gradients.kind import GradientsKind
from piiri.activities.idea_wall.kind import IdeaWallKind
from piiri.activities.interview.kind import InterviewKind
from piiri.activities.participatory_budget.kind import ParticipatoryBudgetKind
from piiri.activities.questions.kind import QuestionsKind
from piiri.activities.round_robin.kind import RoundRobinKind

RegisteredKind = ActivityKind[Any, Any, Any]

# In the order the console offers them; the first is the one its add form opens with.
REGISTRY: dict[str, RegisteredKind] = {
    k.kind: k
    for k in (
        DotVoteKind(),
        RoundRobinKind(),
        BreakoutKind(),
        InterviewKind(),
        QuestionsKind(),
        IdeaWallKind(),
        GradientsKind(),
        ParticipatoryBudgetKind(),
        CrowdSourcingKind(),
        CafeKind(),
    )
}


def activity_kind(kind: str) -> RegisteredKind:
    """The registered kind. Raises KeyError for an unknown one."""
    return REGISTRY[kind]

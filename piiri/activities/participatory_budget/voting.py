"""The participatory-budgeting activity's state (frozen dataclasses); its commands and events are
in vote_events.py, the rules that join them in kind.py, the configuration in setup.py.

A vote goes READY -> OPEN -> CLOSED (and back to OPEN if the facilitator reopens it). While it
is open each person edits a draft on their phone (every change is an event, so the budget bar is
the server's and survives a reload), reviews it and casts it; a cast ballot counts until it is
replaced by casting again. The facilitator enters paper ballots and ballots for people in the
room without a phone, whole. Closing computes the outcome once (rules.compute, the code
``piiri pb results`` runs) with a lot seed drawn then, and the room screen reveals it step by step.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from piiri.activities.local_text import LocalText
from piiri.activities.participatory_budget.ballot_rules import BallotRules, BallotType
from piiri.activities.participatory_budget.election import Ballot, Election, Project
from piiri.activities.participatory_budget.lot import draw, shuffled
from piiri.activities.participatory_budget.outcome import Outcome

if TYPE_CHECKING:
    from piiri.activities.participatory_budget.account import Account


class Phase(enum.StrEnum):
    READY = "ready"  # projects shown, no ballots yet
    OPEN = "open"
    CLOSED = "closed"


class Channel(enum.StrEnum):
    """Where a ballot came from: results are shown per channel."""

    ROOM = "room"  # a phone in the room, or the facilitator for someone there without one
    REMOTE = "remote"
    PAPER = "paper"


@dataclass(frozen=True)
class Proposal:
    """A project as the activity shows it: its texts as the facilitator wrote them."""

    id: str
    cost: int
    name: LocalText
    description: LocalText = field(default_factory=lambda: LocalText(""))
    category: str = ""
    link: str = ""

    def project(self) -> Project:
        return Project(
            self.id,
            self.cost,
            self.name.text,
            self.description.text,
            self.category,
            self.link,
        )


@dataclass(frozen=True)
class Choice:
    """What a ballot holds: project ids in order (best first for a ranking) and, for a
    cumulative ballot, the points beside them."""

    projects: tuple[str, ...] = ()
    points: tuple[int, ...] = ()

    def points_on(self, project_id: str) -> int:
        if project_id not in self.projects or not self.points:
            return 0
        return self.points[self.projects.index(project_id)]

    def rank_of(self, project_id: str) -> int | None:
        return self.projects.index(project_id) + 1 if project_id in self.projects else None


@dataclass(frozen=True)
class Cast:
    """A counted ballot: its choice, its channel, whether the facilitator entered it for a
    person without a phone, its place in the order ballots were first cast (anonymous voter
    ids follow it), and a paper ballot's own reference."""

    choice: Choice
    channel: Channel
    proxy: bool = False
    order: int = 0
    reference: str = ""


@dataclass(frozen=True)
class Vote:
    proposals: tuple[Proposal, ...]
    budget: int
    rules: BallotRules
    ballot_type: BallotType
    rule: str
    threshold: int | None = None
    unit: str = ""
    phase: Phase = Phase.READY
    seed: int = 0  # drawn when the vote opens: each phone's order comes from it
    opened_at: str = ""
    closed_at: str = ""
    lot_seed: int = 0  # drawn when the vote closes: settles the last ties
    drafts: Mapping[int, Choice] = field(default_factory=dict)
    reviewing: frozenset[int] = frozenset()
    editing: frozenset[int] = frozenset()  # cast, then chose to change it
    ballots: Mapping[int, Cast] = field(default_factory=dict)
    paper: Mapping[str, Cast] = field(default_factory=dict)
    casts: int = 0  # ballots ever first cast, for their order
    outcome: Outcome | None = None
    revealed: int = 0  # outcome steps the room screen shows

    # -- projects ------------------------------------------------------------------------------

    def proposal(self, project_id: str) -> Proposal | None:
        return self._by_id.get(project_id)

    @cached_property
    def _by_id(self) -> Mapping[str, Proposal]:
        return {p.id: p for p in self.proposals}

    def number_of(self, project_id: str) -> int:
        """The project's place in the configuration (1 first): ids may hold any character but
        a comma, so element ids in the views use this instead."""
        return self._numbers[project_id]

    @cached_property
    def _numbers(self) -> Mapping[str, int]:
        return {p.id: n for n, p in enumerate(self.proposals, 1)}

    @cached_property
    def costs(self) -> Mapping[str, int]:
        return {p.id: p.cost for p in self.proposals}

    def order_for(self, participant_id: int) -> list[Proposal]:
        """The projects in this person's own order, drawn from the vote's seed."""
        return shuffled(self.proposals, draw(self.seed, f"person {participant_id}"))

    # -- ballots ---------------------------------------------------------------------------------

    def draft(self, participant_id: int) -> Choice:
        return self.drafts.get(participant_id, Choice())

    def step(self, participant_id: int) -> str:
        """What this person's phone shows: edit, review or cast."""
        if participant_id in self.reviewing:
            return "review"
        if participant_id in self.ballots and participant_id not in self.editing:
            return "cast"
        return "edit"

    def spent(self, choice: Choice) -> int:
        return sum(self.costs[p] for p in choice.projects)

    @property
    def points(self) -> int:
        return self.rules.max_sum_points or 0

    @property
    def most_projects(self) -> int:
        return self.rules.most_length(len(self.proposals))

    def counted(self) -> list[tuple[str, Cast]]:
        """Every counted ballot with an anonymous voter id (1, 2, ... in the order they were
        first cast), so that no participant id leaves the workshop."""
        every = [*self.ballots.values(), *self.paper.values()]
        return [(str(n), cast) for n, cast in enumerate(sorted(every, key=lambda c: c.order), 1)]

    def election(self) -> Election:
        """The election as the rules and Pabulib see it: every counted ballot, phones as
        ``internet``, paper as ``paper``."""
        ballots = tuple(
            Ballot(
                voter,
                cast.choice.projects,
                cast.choice.points,
                voting_method="paper" if cast.channel is Channel.PAPER else "internet",
            )
            for voter, cast in self.counted()
        )
        return Election(
            budget=self.budget,
            rules=self.rules,
            projects=tuple(p.project() for p in self.proposals),
            ballots=ballots,
            rule=self.rule,
            threshold=self.threshold,
        )

    def channel_ballots(self, channel: Channel) -> list[Ballot]:
        election = self.election()
        by_voter = dict(self.counted())
        return [b for b in election.ballots if by_voter[b.voter_id].channel is channel]

    def count(self, channel: Channel | None = None) -> int:
        every = [*self.ballots.values(), *self.paper.values()]
        return sum(1 for c in every if channel is None or c.channel is channel)

    def count_by(self, channel: str) -> int:
        """Ballots from one channel, named by its value (for the templates)."""
        return self.count(Channel(channel))

    @property
    def proxies(self) -> int:
        return sum(1 for c in self.ballots.values() if c.proxy)

    @cached_property
    def account(self) -> Account | None:
        """The outcome as people read it (account.py); None before the vote closes. Computed
        once per state: every view of one state shares it."""
        # Imported here: account.py reads this module's classes.
        from piiri.activities.participatory_budget.account import account_of

        return account_of(self)

    @property
    def shown(self) -> int:
        """How many of the outcome's steps the screen shows (winners, in their order)."""
        return min(self.revealed, len(self.outcome.selected)) if self.outcome else 0


def with_draft(state: Vote, participant_id: int, choice: Choice) -> Vote:
    drafts = dict(state.drafts)
    drafts[participant_id] = choice
    return replace(state, drafts=drafts)

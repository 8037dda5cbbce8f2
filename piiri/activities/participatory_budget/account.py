"""The outcome as people read it: every project with its cost, support (in all, and per
channel: in the room, remote, paper) and whether it was funded; Equal Shares' rounds (who paid
how much); greedy's steps; the ties and the completion. The templates (screen, phone, console,
report) and the export read this one account, so they never disagree.

Amounts of money here are for showing only: a share of a cost is an exact fraction in the
outcome and is rounded to cents (a float) as the last step before it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from piiri.activities.participatory_budget.outcome import Completion, Outcome
from piiri.activities.participatory_budget.support import support_totals, vote_counts
from piiri.activities.participatory_budget.voting import (
    Channel,
    Proposal,
    Vote,
)


def money(amount: Fraction | int) -> float | int:
    """An amount to print: a whole number as it is, else rounded to cents."""
    if isinstance(amount, int) or amount.denominator == 1:
        return int(amount)
    return round(amount * 100) / 100


@dataclass(frozen=True)
class Line:
    """A project in the results. ``position`` is its place among the winners (1 first)."""

    proposal: Proposal
    support: int
    room: int
    remote: int
    paper: int
    votes: int
    position: int | None

    @property
    def selected(self) -> bool:
        return self.position is not None


@dataclass(frozen=True)
class Paid:
    voters: int
    amount: float | int


@dataclass(frozen=True)
class RoundLine:
    number: int
    proposal: Proposal
    paid: tuple[Paid, ...]

    @property
    def supporters(self) -> int:
        return sum(p.voters for p in self.paid)


@dataclass(frozen=True)
class StepLine:
    proposal: Proposal
    support: int
    decision: str  # outcome.Decision's value
    left: int


@dataclass(frozen=True)
class TieLine:
    step: int
    proposals: tuple[Proposal, ...]
    settled_by: str  # outcome.TieBreak's value


@dataclass(frozen=True)
class CompletionLine:
    start: float | int
    end: float | int
    runs: int
    stop: str  # outcome.Stop's value


@dataclass(frozen=True)
class Account:
    outcome: Outcome
    lines: tuple[Line, ...]  # winners in order, then the rest by support
    rounds: tuple[RoundLine, ...]
    steps: tuple[StepLine, ...]
    ties: tuple[TieLine, ...]
    completion: CompletionLine | None

    @property
    def winners(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.selected)

    def round_of(self, project_id: str) -> RoundLine | None:
        return next((r for r in self.rounds if r.proposal.id == project_id), None)

    def step_of(self, project_id: str) -> StepLine | None:
        return next((s for s in self.steps if s.proposal.id == project_id), None)


def account_of(vote: Vote) -> Account | None:
    """The account of the vote's outcome; None before the vote has closed."""
    outcome = vote.outcome
    if outcome is None:
        return None
    election = vote.election()
    support = dict(outcome.support)
    by_channel = {c: support_totals(election, vote.channel_ballots(c)) for c in Channel}
    votes = vote_counts(election)
    position = {project_id: n for n, project_id in enumerate(outcome.selected, 1)}
    lines = [
        Line(
            proposal=p,
            support=support[p.id],
            room=by_channel[Channel.ROOM][p.id],
            remote=by_channel[Channel.REMOTE][p.id],
            paper=by_channel[Channel.PAPER][p.id],
            votes=votes[p.id],
            position=position.get(p.id),
        )
        for p in vote.proposals
    ]
    lines.sort(
        key=lambda line: (line.position or len(lines) + 1, -line.support, line.proposal.cost)
    )

    def proposal(project_id: str) -> Proposal:
        found = vote.proposal(project_id)
        assert found is not None
        return found

    rounds = tuple(
        RoundLine(
            r.number,
            proposal(r.project),
            tuple(Paid(s.voters, money(s.amount)) for s in r.shares),
        )
        for r in outcome.rounds
    )
    steps = tuple(
        StepLine(proposal(s.project), s.support, s.decision.value, s.left) for s in outcome.steps
    )
    ties = tuple(
        TieLine(t.step, tuple(proposal(p) for p in t.projects), t.settled_by.value)
        for t in outcome.ties
    )
    return Account(outcome, tuple(lines), rounds, steps, ties, _completion(outcome.completion))


def _completion(completion: Completion | None) -> CompletionLine | None:
    if completion is None:
        return None
    return CompletionLine(
        money(completion.start),
        money(completion.voter_budget),
        completion.runs,
        completion.stop.value,
    )

"""Support: what a ballot gives a project.

- approval and knapsack ballots: 1 for each chosen project;
- cumulative ballots: the points given;
- ranking (ordinal) ballots: the score of the rank. Pabulib's ``scoring_fn`` defaults to Borda:
  with rankings of up to k projects, the first gets k, the second k - 1, and so on (a ballot
  longer than k, which a published file may hold, scores from its own length).

Support is what greedy orders projects by, and the utility Equal Shares weighs cost by.
"""

from __future__ import annotations

from collections.abc import Iterable

from piiri.activities.participatory_budget.ballot_rules import BORDA, BallotRules, VoteType
from piiri.activities.participatory_budget.election import Ballot, Election
from piiri.domain.vocabulary import N_, DomainError

Support = tuple[tuple[str, int], ...]


def ballot_support(ballot: Ballot, rules: BallotRules, projects: int) -> Support:
    """What ``ballot`` gives each project it names, in the ballot's order; ``projects`` is how
    many projects the election has (a ranking's default length). Raises DomainError for a
    scoring function other than Borda."""
    if rules.vote_type is VoteType.CUMULATIVE:
        return tuple(zip(ballot.projects, ballot.points, strict=True))
    if rules.vote_type is VoteType.ORDINAL:
        if rules.scoring.lower() != BORDA.lower():
            raise DomainError(
                N_("Piiri scores rankings with Borda, not “{value}”."), value=rules.scoring
            )
        top = max(rules.most_length(projects), len(ballot.projects))
        return tuple((p, top - rank) for rank, p in enumerate(ballot.projects))
    return tuple((p, 1) for p in ballot.projects)


def support_totals(election: Election, ballots: Iterable[Ballot] | None = None) -> dict[str, int]:
    """Every project's total support from ``ballots`` (all the election's when None), in the
    election's project order; a project nobody supported has 0. Pass a subset of the ballots
    (say, the paper ones) for the results of one channel."""
    totals = dict.fromkeys(election.costs, 0)
    count = len(election.projects)
    for ballot in election.ballots if ballots is None else ballots:
        for project_id, support in ballot_support(ballot, election.rules, count):
            totals[project_id] += support
    return totals


def vote_counts(election: Election, ballots: Iterable[Ballot] | None = None) -> dict[str, int]:
    """How many ballots name each project (Pabulib's ``votes`` column), whatever they gave it."""
    counts = dict.fromkeys(election.costs, 0)
    for ballot in election.ballots if ballots is None else ballots:
        for project_id in ballot.projects:
            counts[project_id] += 1
    return counts

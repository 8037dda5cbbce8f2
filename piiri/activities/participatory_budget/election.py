"""The election: projects, a budget, the ballot rules, and the ballots cast.

Everything here is a frozen value. Fields a Pabulib file carries that Piiri does not interpret
(a project's ``votes`` or ``selected`` column, a voter's ``age``, META's ``country``...) ride along
in ``extra``/``meta`` as the strings they were, so that reading a file and writing it back loses
nothing; ``Layout`` remembers the order the file gave them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from piiri.activities.participatory_budget.ballot_rules import BallotRules, check_choice
from piiri.domain.vocabulary import N_, DomainError

# The rule an election declares when nobody chose one: see docs/participatory-budgeting.md.
DEFAULT_RULE = "equalshares/add1"
# Pabulib's voting_method values; Piiri records phones as internet and paper ballots as paper.
INTERNET = "internet"
PAPER = "paper"

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Project:
    """A project on the ballot. ``cost`` is in whole currency units."""

    id: str
    cost: int
    name: str = ""
    description: str = ""
    # Pabulib's category column: one category, or several separated by commas.
    category: str = ""
    link: str = ""
    extra: Pairs = ()

    def extra_value(self, column: str) -> str | None:
        return dict(self.extra).get(column)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot. ``projects`` in the ballot's order (best first for a ranking);
    ``points`` beside them for a cumulative ballot, empty for every other type."""

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()
    voting_method: str = ""
    extra: Pairs = ()


@dataclass(frozen=True)
class Layout:
    """The order of a ``.pb`` file's META keys and of its PROJECTS and VOTES columns, and its line
    ending: what the file looked like, so that it is written back the same way."""

    meta_keys: tuple[str, ...]
    project_columns: tuple[str, ...]
    vote_columns: tuple[str, ...]
    newline: str = "\n"


@dataclass(frozen=True)
class Election:
    """A participatory budget: ``budget`` to spend on ``projects``, and the ``ballots`` cast.

    ``rule`` is the rule the election declares (Pabulib's META ``rule``; see outcome.py for the
    names); ``threshold`` is META's ``min_project_score_threshold``; ``meta`` holds every other
    META pair, in order. ``layout`` is set for an election read from a file.
    """

    budget: int
    rules: BallotRules
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...] = ()
    rule: str = DEFAULT_RULE
    threshold: int | None = None
    meta: Pairs = ()
    layout: Layout | None = None

    @cached_property
    def costs(self) -> Mapping[str, int]:
        return {p.id: p.cost for p in self.projects}

    def project(self, project_id: str) -> Project:
        """The project with this id; raises KeyError for an unknown one."""
        return self.projects[self._index[project_id]]

    @cached_property
    def _index(self) -> Mapping[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}

    def meta_value(self, key: str) -> str | None:
        return dict(self.meta).get(key)


# -- checks ------------------------------------------------------------------------------------

MAX_ID_LENGTH = 100


def check_budget(budget: int) -> None:
    """Raises DomainError unless ``budget`` is a whole number of at least 1."""
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise DomainError(N_("The budget must be a whole number of at least 1."))


def check_cost(project_id: str, cost: object) -> None:
    """Raises DomainError unless ``cost`` is a whole number of zero or more."""
    if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
        raise DomainError(
            N_("The cost of project {project} must be a whole number of zero or more."),
            project=project_id,
        )


def check_projects(projects: Iterable[Project]) -> None:
    """Raises DomainError for an empty or overlong id, a duplicate id or a bad cost."""
    seen: set[str] = set()
    for project in projects:
        project_id = project.id
        if not project_id or len(project_id) > MAX_ID_LENGTH or project_id != project_id.strip():
            raise DomainError(
                N_("A project id is 1 to {length} characters without spaces at either end."),
                length=MAX_ID_LENGTH,
            )
        if "," in project_id:
            # A Pabulib ballot lists project ids separated by commas.
            raise DomainError(N_("A project id may not contain a comma."))
        if project.id in seen:
            raise DomainError(N_("Two projects have the id {project}."), project=project.id)
        seen.add(project.id)
        check_cost(project.id, project.cost)


def check_ballot(election: Election, ballot: Ballot) -> None:
    """Raises DomainError when ``ballot`` breaks the election's ballot rules."""
    check_choice(election.rules, ballot.projects, ballot.points, election.costs)


def check_election(election: Election) -> None:
    """The checks an election built in Piiri must pass: budget, projects, unique voter ids and
    ballots that name known projects. (Ballot rules are checked per ballot as it is cast: a
    published Pabulib file is taken as it was counted.)"""
    check_budget(election.budget)
    check_projects(election.projects)
    voters: set[str] = set()
    for ballot in election.ballots:
        if ballot.voter_id in voters:
            raise DomainError(N_("Two ballots have the voter id {voter}."), voter=ballot.voter_id)
        voters.add(ballot.voter_id)
        unknown = [p for p in ballot.projects if p not in election.costs]
        if unknown:
            raise DomainError(
                N_("There is no project {project} on this ballot."), project=unknown[0]
            )

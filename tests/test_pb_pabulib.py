"""Real Pabulib elections (tests/data/pabulib/README.md): Piiri's outcome of each file's own rule
is the published one, and reading, writing and reading again keeps every field."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from piiri.activities.participatory_budget.ballot_rules import BallotRules, BallotType, VoteType
from piiri.activities.participatory_budget.election import Ballot, Election, Project
from piiri.activities.participatory_budget.pabulib import read_pb, with_outcome, write_pb
from piiri.activities.participatory_budget.rules import compute
from piiri.activities.participatory_budget.support import support_totals, vote_counts
from tests.support.pb_elections import DATA, FILES, checker_results, published, text_of


def test_the_six_elections_are_there() -> None:
    assert len(FILES) == 6
    assert (DATA / "README.md").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_declared_rule_selects_the_published_projects(path: Path) -> None:
    election = read_pb(text_of(path))
    assert election.rule in {"greedy", "greedy-threshold", "equalshares/add1"}

    outcome = compute(election)

    assert set(outcome.selected) == published(election)
    assert outcome.spent <= election.budget
    assert outcome.rule == election.rule


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_support_is_the_files_own_count(path: Path) -> None:
    election = read_pb(text_of(path))
    scores = support_totals(election)
    votes = vote_counts(election)
    for project in election.projects:
        score = project.extra_value("score") or project.extra_value("votes")
        assert score is not None
        assert scores[project.id] == int(score), project.id
        assert votes[project.id] == int(project.extra_value("votes") or -1), project.id


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_read_write_read_keeps_every_field_and_every_byte(path: Path) -> None:
    text = text_of(path)
    election = read_pb(text)

    written = write_pb(election)

    assert read_pb(written) == election
    assert written == text


def test_the_files_ballot_types_are_read() -> None:
    types = {p.stem: read_pb(text_of(p)).rules.ballot_type for p in FILES}
    assert types["Netherlands_Assen_2024"] is BallotType.APPROVAL
    assert types["Poland_Warszawa_2019_Aleksandrow"] is BallotType.KNAPSACK
    assert types["Poland_Katowice_2024_Zarzecze"] is BallotType.CUMULATIVE
    assert types["Poland_Krakow_2020_Swoszowice"] is BallotType.RANKING
    katowice = read_pb(text_of(DATA / "Poland_Katowice_2024_Zarzecze.pb"))
    assert katowice.threshold == 50
    assert katowice.ballots[1].projects == ("L20/04/XI", "L20/03/XI")
    assert katowice.ballots[1].points == (2, 1)
    assert katowice.ballots[1].extra == (("age", "35"), ("sex", "M"))
    krakow = read_pb(text_of(DATA / "Poland_Krakow_2020_Swoszowice.pb"))
    # A quoted name with doubled quotation marks inside.
    assert krakow.project("20").name == '800 darmowych biletów dla seniorów do Kina "Paradox"'
    assert krakow.ballots[0].voting_method == "internet"


def test_assen_add_one_completion_is_recorded() -> None:
    election = read_pb(text_of(DATA / "Netherlands_Assen_2024.pb"))

    outcome = compute(election)

    completion = outcome.completion
    assert completion is not None
    assert completion.start == Fraction(election.budget, len(election.ballots))
    assert completion.voter_budget > completion.start
    assert completion.voter_budget.denominator == 1  # raised in whole euros
    assert [r.project for r in outcome.rounds] == list(outcome.selected)
    for round_ in outcome.rounds:
        assert sum(s.amount * s.voters for s in round_.shares) == round_.cost
    # Without completion, Equal Shares spends less and selects a subset.
    plain = compute(election, "equalshares")
    assert plain.spent < outcome.spent
    assert plain.completion is None


# -- pabulib-checker, the format's own validator -----------------------------------------------


def piiri_election(*, link: str = "") -> Election:
    """An election as Piiri exports one: META the format needs, an outcome in `selected`.
    (The checker wants a description for every project once the column is there.)"""
    projects = (
        Project("1", 60000, "Penkkejä rantapolulle", "Kymmenen penkkiä", "public space", link),
        Project("2", 25000, "Korjauskahvila", "Kerran kuussa kylätalolla", "culture"),
        Project("3", 40000, "Pyörätie koululle", "Valaistu", "public transit and roads"),
    )
    ballots = (
        Ballot("1", ("1", "2"), voting_method="internet"),
        Ballot("2", ("2",), voting_method="paper"),
        Ballot("3", ("1", "3"), voting_method="internet"),
        Ballot("4", ("3", "2"), voting_method="internet"),
    )
    election = Election(
        budget=100000,
        rules=BallotRules.approval(at_least=1, at_most=2),
        projects=projects,
        ballots=ballots,
        meta=(
            ("description", "Lähiöbudjetti"),
            ("country", "Finland"),
            ("unit", "Esimerkkilä"),
            ("instance", "2026"),
            ("date_begin", "01.11.2026"),
            ("date_end", "15.11.2026"),
            ("language", "fi"),
            ("currency", "EUR"),
        ),
    )
    return with_outcome(election, compute(election))


def test_an_exported_election_passes_pabulib_checker() -> None:
    election = piiri_election()
    text = write_pb(election)

    assert checker_results(text) == {"errors": {}, "warnings": {}}
    assert read_pb(text).projects == election.projects
    assert [p.extra_value("selected") for p in election.projects] == ["0", "1", "1"]
    assert [p.extra_value("votes") for p in election.projects] == ["2", "3", "2"]
    assert election.rule == "equalshares/add1"


def test_a_link_is_kept_though_the_checker_does_not_know_the_column() -> None:
    election = piiri_election(link="https://example.org/penkit")
    text = write_pb(election)

    results = checker_results(text)

    # The format allows other fields; its checker names each one it does not know.
    assert results["errors"] == {
        "not known projects fields": {1: "projects contains not known fields: ['link']."}
    }
    assert read_pb(text).project("1").link == "https://example.org/penkit"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_file_written_back_passes_pabulib_checker(path: Path) -> None:
    written = write_pb(read_pb(text_of(path)))

    assert checker_results(written) == {"errors": {}, "warnings": {}}


def test_cumulative_and_ordinal_elections_of_piiris_own_are_written_in_the_formats_order() -> None:
    election = Election(
        budget=10,
        rules=BallotRules.cumulative(5, per_project=3),
        projects=(Project("a", 4, "A"), Project("b", 6, "B")),
        ballots=(Ballot("v1", ("a", "b"), (3, 2)),),
    )
    text = write_pb(election)
    assert text.splitlines()[-2:] == ["voter_id;vote;points", "v1;a,b;3,2"]
    assert read_pb(text).ballots == election.ballots
    assert read_pb(text).rules == election.rules
    assert read_pb(text).rules.vote_type is VoteType.CUMULATIVE


def test_a_points_election_is_published_with_scores() -> None:
    election = Election(
        budget=10,
        rules=BallotRules.cumulative(5),
        projects=(Project("a", 4, "A"), Project("b", 6, "B")),
        ballots=(Ballot("v1", ("a", "b"), (3, 2)), Ballot("v2", ("b",), (5,))),
    )

    published = with_outcome(election, compute(election, "greedy"))

    assert [p.extra for p in published.projects] == [
        (("votes", "1"), ("score", "3"), ("selected", "1")),
        (("votes", "2"), ("score", "7"), ("selected", "1")),
    ]
    assert published.rule == "greedy"
    assert write_pb(published).splitlines()[8:10] == [
        "PROJECTS",
        "project_id;cost;votes;score;name;selected",
    ]

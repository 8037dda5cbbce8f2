"""Bad participatory-budgeting input gets a clear, translated message naming what is wrong (and
for a file, the line and the field), and nothing half-read comes back."""

from __future__ import annotations

from fractions import Fraction

import pytest
from babel.messages.pofile import read_po

from piiri.activities.participatory_budget.ballot_rules import BallotRules, BallotType
from piiri.activities.participatory_budget.election import (
    Ballot,
    Election,
    Project,
    check_ballot,
    check_budget,
    check_election,
    check_projects,
)
from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.projects_csv import read_projects_csv
from piiri.domain.vocabulary import DomainError
from piiri.web.i18n import error_text
from tests.support.catalogues import po_path

GOOD = """META
key;value
description;Test
num_projects;2
num_votes;2
budget;1000
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;600;Penkit
2;300;Korjauskahvila
VOTES
voter_id;vote
v1;1,2
v2;2
"""


def pb_error(text: str) -> DomainError:
    with pytest.raises(DomainError) as raised:
        read_pb(text)
    return raised.value


def test_the_good_file_reads() -> None:
    election = read_pb(GOOD)
    assert [p.name for p in election.projects] == ["Penkit", "Korjauskahvila"]
    assert election.ballots[0].projects == ("1", "2")


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        (("1;600;Penkit", "1;-600;Penkit"), 11, "cost"),
        (("1;600;Penkit", "1;600.5;Penkit"), 11, "cost"),
        (("1;600;Penkit", "1;kuusisataa;Penkit"), 11, "cost"),
        (("2;300;Korjauskahvila", "1;300;Korjauskahvila"), 12, "project_id"),
        (("v2;2", "v2;3"), 16, "vote"),
        (("v2;2", "v2;2,2"), 16, "vote"),
        (("v2;2", "v1;2"), 16, "voter_id"),
        (("budget;1000", "budget;lots"), 6, "budget"),
        (("num_votes;2", "num_votes;3"), 5, "num_votes"),
        (("rule;greedy", "budget;5"), 8, "budget"),
        (("project_id;cost;name", "project_id;cost;cost"), 10, "cost"),
        (("project_id;cost;name", "project_id;name"), 10, "cost"),
        (("voter_id;vote", "voter_id;votes"), 14, "vote"),
        (("budget;1000\n", ""), 1, "budget"),
    ],
)
def test_a_malformed_file_names_the_line_and_the_field(
    change: tuple[str, str], line: int, field: str
) -> None:
    error = pb_error(GOOD.replace(*change, 1))

    assert error.params["line"] == line, error
    assert error.params["field"] == field, error
    assert error.message.startswith("Line {line}: ")


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("1;600;Penkit", "1;600"), 11),  # too few fields
        (("v1;1,2", "v1;1,2;extra"), 15),  # too many
        (("META\n", ""), 1),  # no META
        (("PROJECTS\n", ""), 15),  # a section missing: the last line
        (("key;value", "key;val"), 2),
        (("1;600;Penkit", '1;600;"Penkit'), 11),  # a quotation mark never closed
        (("1;600;Penkit", '1;600;"Pen"kit'), 11),
        (("vote_type;approval", "vote_type;scoring"), 7),
    ],
)
def test_a_malformed_structure_names_the_line(change: tuple[str, str], line: int) -> None:
    error = pb_error(GOOD.replace(*change, 1))

    assert error.params["line"] == line, error


def test_sections_out_of_order_are_named() -> None:
    votes = GOOD.index("VOTES")
    swapped = GOOD[: GOOD.index("PROJECTS")] + GOOD[votes:] + GOOD[GOOD.index("PROJECTS") : votes]
    error = pb_error(swapped)
    assert error.message == (
        "Line {line}: the sections must be META, PROJECTS and VOTES, in this order."
    )


def test_quoted_fields_hold_semicolons_quotes_and_line_breaks() -> None:
    text = GOOD.replace("1;600;Penkit", '1;600;"Penkit; ""uudet""\nja vanhat"')
    election = read_pb(text)
    assert election.project("1").name == 'Penkit; "uudet"\nja vanhat'
    assert election.ballots[1].voter_id == "v2"


def test_messages_are_translated() -> None:
    error = pb_error(GOOD.replace("1;600;Penkit", "1;-600;Penkit"))
    with po_path("fi").open("rb") as fi, po_path("sv").open("rb") as sv:
        finnish, swedish = read_po(fi, locale="fi"), read_po(sv, locale="sv")

    assert finnish.get(error.message) is not None
    assert swedish.get(error.message) is not None
    assert error_text("en", error) == (
        "Line 11: cost must be a whole number of zero or more, not “-600”."
    )
    assert error_text("fi", error).startswith("Rivi 11: ")
    assert error_text("sv", error).startswith("Rad 11: ")


# -- CSV ---------------------------------------------------------------------------------------


def test_a_finnish_spreadsheet_of_projects_reads() -> None:
    text = (
        "\ufeffNimi;Hinta;Kuvaus;Kategoria;Linkki;Muistiinpanot\r\n"
        "Penkit rantapolulle;12 000;Kymmenen penkkiä;ympäristö;https://example.org/p;x\r\n"
        '"Korjauskahvila; kylätalo";3\u00a0500;;kulttuuri;;\r\n'
    )

    projects = read_projects_csv(text)

    assert projects == (
        Project(
            "1",
            12000,
            "Penkit rantapolulle",
            "Kymmenen penkkiä",
            "ympäristö",
            "https://example.org/p",
        ),
        Project("2", 3500, "Korjauskahvila; kylätalo", "", "kulttuuri", ""),
    )


def test_a_comma_separated_file_with_ids_reads() -> None:
    projects = read_projects_csv('id,name,cost\nP1,"Benches, ten",1200\nP2,Repair café,300\n')
    assert [(p.id, p.name, p.cost) for p in projects] == [
        ("P1", "Benches, ten", 1200),
        ("P2", "Repair café", 300),
    ]


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("name;cost\nPenkit;-5\n", 2, "cost"),
        ("name;cost\nPenkit;12,50\n", 2, "cost"),
        ("name;cost\nPenkit;\n", 2, "cost"),
        ("name;description\nPenkit;x\n", 1, "cost"),
        ("cost;description\n5;x\n", 1, "name"),
        ("id;name;cost\n1;A;5\n1;B;6\n", 3, "id"),
        ("name;cost\n;5\n", 2, "name"),
    ],
)
def test_a_bad_spreadsheet_names_the_line_and_the_column(text: str, line: int, field: str) -> None:
    with pytest.raises(DomainError) as raised:
        read_projects_csv(text)
    assert (raised.value.params["line"], raised.value.params["field"]) == (line, field)


def test_an_empty_spreadsheet_has_no_projects() -> None:
    for text in ("", "name;cost\n"):
        with pytest.raises(DomainError) as raised:
            read_projects_csv(text)
        assert raised.value.message == "The file has no projects."


# -- projects and ballots built in Piiri -------------------------------------------------------


@pytest.mark.parametrize(
    ("projects", "message"),
    [
        (
            (Project("1", -1),),
            "The cost of project {project} must be a whole number of zero or more.",
        ),
        (
            (Project("1", 2.5),),  # type: ignore[arg-type]
            "The cost of project {project} must be a whole number of zero or more.",
        ),
        ((Project("1", 5), Project("1", 6)), "Two projects have the id {project}."),
        (
            (Project("", 5),),
            "A project id is 1 to {length} characters without spaces at either end.",
        ),
    ],
)
def test_bad_projects_are_refused(projects: tuple[Project, ...], message: str) -> None:
    with pytest.raises(DomainError) as raised:
        check_projects(projects)
    assert raised.value.message == message


def test_a_budget_is_a_whole_number_of_at_least_one() -> None:
    for budget in (0, -5, 1.5, True):
        with pytest.raises(DomainError):
            check_budget(budget)  # type: ignore[arg-type]
    check_budget(1)


def test_an_election_with_two_ballots_of_one_voter_is_refused() -> None:
    projects = (Project("1", 5), Project("2", 5))
    ballots = (Ballot("v", ("1",)), Ballot("v", ("2",)))
    with pytest.raises(DomainError) as raised:
        check_election(Election(10, BallotRules.approval(), projects, ballots))
    assert raised.value.params == {"voter": "v"}


ELECTION_PROJECTS = (Project("a", 400), Project("b", 300), Project("c", 200), Project("d", 100))


def ballot_error(
    rules: BallotRules, projects: tuple[str, ...], points: tuple[int, ...] = ()
) -> str:
    election = Election(600, rules, ELECTION_PROJECTS)
    with pytest.raises(DomainError) as raised:
        check_ballot(election, Ballot("v", projects, points))
    return raised.value.message


def test_approval_ballots_choose_between_a_and_b_projects() -> None:
    rules = BallotRules.approval(at_least=2, at_most=3)
    assert rules.ballot_type is BallotType.APPROVAL
    check_ballot(Election(600, rules, ELECTION_PROJECTS), Ballot("v", ("a", "b")))
    assert ballot_error(rules, ("a",)).startswith("Too few projects")
    assert ballot_error(rules, ("a", "b", "c", "d")).startswith("Too many projects")
    assert ballot_error(rules, ("a", "a")) == "A project may appear only once on a ballot."
    assert ballot_error(rules, ("a", "x")) == "There is no project {project} on this ballot."


def test_knapsack_ballots_fit_the_budget() -> None:
    rules = BallotRules.knapsack(600, least_share=Fraction(1, 2))
    assert rules.ballot_type is BallotType.KNAPSACK
    assert (rules.min_sum_cost, rules.max_sum_cost) == (300, 600)
    check_ballot(Election(600, rules, ELECTION_PROJECTS), Ballot("v", ("a", "c")))
    assert ballot_error(rules, ("a", "b")).startswith("The projects you chose cost {total}, more")
    assert ballot_error(rules, ("c",)).startswith("The projects you chose cost {total}; choose")


def test_cumulative_ballots_spread_points() -> None:
    rules = BallotRules.cumulative(10, per_project=5)
    assert rules.ballot_type is BallotType.CUMULATIVE
    check_ballot(Election(600, rules, ELECTION_PROJECTS), Ballot("v", ("a", "b"), (5, 5)))
    assert ballot_error(rules, ("a", "b", "c"), (5, 5, 1)).startswith("You gave {total} points")
    assert ballot_error(rules, ("a",), (6,)) == "A project gets at most {count} points."
    assert ballot_error(rules, ("a",), (0,)) == "A project gets at least {count} points or none."
    assert ballot_error(rules, ("a", "b"), (5,)) == "Give points to each project you chose."
    approval = BallotRules.approval()
    assert ballot_error(approval, ("a",), (1,)) == "Only a cumulative ballot gives points."


def test_ranking_ballots_rank_up_to_k_projects() -> None:
    rules = BallotRules.ranking(2)
    assert rules.ballot_type is BallotType.RANKING
    check_ballot(Election(600, rules, ELECTION_PROJECTS), Ballot("v", ("b", "a")))
    assert ballot_error(rules, ("a", "b", "c")).startswith("Too many projects")

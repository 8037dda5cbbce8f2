"""The participatory-budgeting activity's rules: given events, when a command, then events or a
translated refusal (and nothing stored). Configuration, phones' ballots (cast, changed,
refused), paper and proxy ballots, closing, and the exported .pb file recomputed by
`piiri pb results` and checked by pabulib-checker."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from piiri.activities import REGISTRY
from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.rules import compute
from piiri.activities.participatory_budget.vote_events import (
    BallotCast,
    DraftChanged,
    PaperBallotCast,
    VoteClosed,
    VoteOpened,
)
from piiri.activities.participatory_budget.voting import (
    Channel,
    Phase,
    Vote,
)
from piiri.domain.vocabulary import Actor, Context, DomainError, Person
from piiri.settings import LANGUAGES
from piiri.web.i18n import error_text
from tests.support.kind_views import views, workshop
from tests.support.pb_elections import checker_results
from tests.support.processes import piiri_pb

KIND = REGISTRY["participatory_budget"]
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PEOPLE: Mapping[int, Person] = {
    1: Person(1, "Aino", in_room=True, by_proxy=False),
    2: Person(2, "Bertta", in_room=False, by_proxy=False),
    3: Person(3, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=1)
# The worked example of docs/participatory-budgeting.md: a budget of 1,000.
PROJECTS = """name;cost;description
Playground;400;By the school
Skate park;300;Beside the field
Library hours;200;Open till eight
Bike racks;250;At the station
Benches;150;Along the shore
Repair café;100;Once a month"""


def config(**values: str) -> dict[str, Any]:
    return KIND.parse_config(
        {"ballot": "approval", "budget": "1000", "projects": PROJECTS, **values}
    )


def context(new_id: str = "c0ffee", *, current: bool = True) -> Context:
    return Context(now=NOW, new_id=new_id, people=PEOPLE, is_current=current)


def fold(cfg: Mapping[str, Any], events: list[Any]) -> Vote:
    state: Vote = KIND.initial(cfg)
    for event in events:
        state = KIND.evolve(state, event)
    return state


def send(state: Vote, name: str, who: int | None = None, /, **values: str) -> list[Any]:
    actor = FACILITATOR if who is None else Actor("participant", participant_id=who)
    command = KIND.parse_command(name, {**values}, actor)
    events: list[Any] = KIND.decide(state, command, context())
    return events


def run(state: Vote, name: str, who: int | None = None, /, **values: str) -> Vote:
    for event in send(state, name, who, **values):
        state = KIND.evolve(state, event)
    return state


def refused(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    """The message of the DomainError ``call`` raises, in every language (all different)."""
    with pytest.raises(DomainError) as raised:
        call(*args, **kwargs)
    said = {language: error_text(language, raised.value) for language in LANGUAGES}
    assert len(set(said.values())) == 3, said
    return said


def opened(**values: str) -> Vote:
    return run(fold(config(**values), []), "open_vote")


def cast(state: Vote, who: int, *projects: str) -> Vote:
    for project in projects:
        state = run(state, "choose", who, project=project, on="1")
    return run(run(state, "review", who), "confirm", who)


# -- configuration ----------------------------------------------------------------------------


def test_projects_typed_without_a_header_or_with_one_give_the_same_configuration() -> None:
    plain = "\n".join(PROJECTS.splitlines()[1:])
    typed = config(projects=plain)
    assert typed == config()
    assert [p["cost"] for p in typed["projects"]] == [400, 300, 200, 250, 150, 100]
    assert typed["rule"] == "equalshares/add1"  # the core's default
    assert KIND.parse_config(KIND.config_form(typed)) == typed


def test_projects_come_from_an_uploaded_pabulib_file_or_spreadsheet() -> None:
    pb = (Path(__file__).parent / "data" / "pabulib").glob("*.pb")
    text = next(iter(sorted(pb))).read_text(encoding="utf-8")
    election = read_pb(text)
    from_pb = KIND.parse_config({"ballot": "approval", "projects_file": text, "budget": ""})
    assert from_pb["budget"] == election.budget
    assert [p["id"] for p in from_pb["projects"]] == [p.id for p in election.projects]
    spreadsheet = "nimi,hinta,kuvaus\nPenkit,12 000,Rannalle\nKahvila,8000,Kylätalolle\n"
    from_csv = KIND.parse_config(
        {"ballot": "knapsack", "budget": "20000", "projects_file": spreadsheet}
    )
    assert [(p["name"], p["cost"]) for p in from_csv["projects"]] == [
        ("Penkit", 12000),
        ("Kahvila", 8000),
    ]


@pytest.mark.parametrize(
    ("projects", "said"),
    [
        ("Penkit;-600;x\nKahvila;100;y", "Line 1: cost must be a whole number of zero or more"),
        ("Penkit;12.5;x\nKahvila;100;y", "Line 1: cost must be a whole number of zero or more"),
        ("id;name;cost\n1;Penkit;100\n1;Kahvila;200", "Line 3: id: the project id 1 appears twice"),
    ],
)
def test_a_bad_cost_or_a_duplicate_id_is_refused_naming_the_line_and_field(
    projects: str, said: str
) -> None:
    messages = refused(
        KIND.parse_config, {"ballot": "approval", "budget": "1000", "projects": projects}
    )
    assert messages["en"].startswith(said), messages
    # A file has its header line: the same mistake one line further down.
    upload = projects if projects.startswith("id") else f"name;cost;description\n{projects}"
    file = refused(
        KIND.parse_config, {"ballot": "approval", "budget": "1", "projects_file": upload}
    )
    assert file["en"].startswith(said if upload == projects else said.replace("1:", "2:"))


def test_a_malformed_pb_file_is_refused_naming_the_line_and_field() -> None:
    bad = (
        "META\nkey;value\nbudget;1000\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\n1;-5\nVOTES\nvoter_id;vote\n"
    )
    said = refused(KIND.parse_config, {"ballot": "approval", "projects_file": bad})
    assert said["en"] == "Line 7: cost must be a whole number of zero or more, not “-5”."


# -- phones ------------------------------------------------------------------------------------


def test_each_phone_has_its_own_order_drawn_from_the_seed_the_log_stores() -> None:
    state = fold(config(), [])
    [opened_event] = KIND.decide(state, KIND.parse_command("open_vote", {}, FACILITATOR), context())
    assert isinstance(opened_event, VoteOpened)
    other = KIND.decide(state, KIND.parse_command("open_vote", {}, FACILITATOR), context("beef"))
    assert other[0].seed != opened_event.seed  # from the context, not a random module
    state = KIND.evolve(state, opened_event)
    orders = {who: [p.id for p in state.order_for(who)] for who in range(1, 9)}
    assert len({tuple(o) for o in orders.values()}) > 1
    assert all(sorted(o) == sorted(p.id for p in state.proposals) for o in orders.values())
    assert orders == {who: [p.id for p in state.order_for(who)] for who in range(1, 9)}


def test_a_ballot_is_drafted_reviewed_cast_and_changed_one_ballot_per_person() -> None:
    state = opened(max_projects="2")
    assert refused(send, state, "choose", 9, project="1", on="1")
    state = run(state, "choose", 1, project="1", on="1")
    state = run(state, "choose", 1, project="3", on="1")
    assert state.draft(1).projects == ("1", "3") and state.count() == 0
    before = state
    said = refused(send, state, "choose", 1, project="5", on="1")
    assert said["en"] == "Too many projects: the most you may choose is 2."
    assert state == before  # nothing stored
    refused(send, state, "confirm", 1)  # not reviewed yet
    state = run(run(state, "review", 1), "confirm", 1)
    assert state.ballots[1].choice.projects == ("1", "3")
    assert state.ballots[1].channel is Channel.ROOM
    assert state.step(1) == "cast"
    # Changed until the vote closes: the first ballot counts until the new one is cast.
    state = run(state, "change", 1)
    state = run(state, "choose", 1, project="1", on="0")
    assert state.ballots[1].choice.projects == ("1", "3")
    state = run(run(state, "review", 1), "confirm", 1)
    assert state.ballots[1].choice.projects == ("3",)
    assert state.count() == 1
    state = cast(state, 2, "4")
    assert state.ballots[2].channel is Channel.REMOTE and state.count() == 2


def test_an_empty_or_short_ballot_is_refused_at_review() -> None:
    state = opened(min_projects="2")
    assert refused(send, state, "review", 1)["en"].startswith("Your ballot is empty")
    state = run(state, "choose", 1, project="1", on="1")
    said = refused(send, state, "review", 1)
    assert said["en"] == "Too few projects: the least you may choose is 2."


def test_a_knapsack_ballot_over_the_budget_is_refused() -> None:
    state = opened(ballot="knapsack")
    for project in ("1", "2", "3"):
        state = run(state, "choose", 1, project=project, on="1")
    said = refused(send, state, "choose", 1, project="4", on="1")
    assert said["en"] == "The projects you chose cost 1150, more than the budget of 1000."
    assert state.spent(state.draft(1)) == 900


def test_points_and_a_ranking_need_no_dragging() -> None:
    state = opened(ballot="cumulative", points="3", max_points="2")
    state = run(state, "points", 1, project="2", change="1")
    state = run(state, "points", 1, project="2", change="1")
    refused(send, state, "points", 1, project="2", change="1")  # at most 2 on one
    state = run(state, "points", 1, project="5", change="1")
    refused(send, state, "points", 1, project="6", change="1")  # 3 points spent
    state = run(state, "points", 1, project="2", change="-1")
    assert state.draft(1).projects == ("2", "5") and state.draft(1).points == (1, 1)
    ranking = opened(ballot="ranking", max_projects="3")
    for project in ("4", "1", "6"):
        ranking = run(ranking, "choose", 1, project=project, on="1")
    ranking = run(ranking, "move", 1, project="6", offset="-1")
    ranking = run(ranking, "move", 1, project="6", offset="-1")
    assert ranking.draft(1).projects == ("6", "4", "1")
    refused(send, ranking, "choose", 1, project="2", on="1")  # up to 3
    ranking = cast(ranking, 1)
    assert ranking.ballots[1].choice.projects == ("6", "4", "1")


def test_phones_cannot_vote_before_the_vote_opens_after_it_closes_or_when_not_running() -> None:
    ready = fold(config(), [])
    assert (
        refused(send, ready, "choose", 1, project="1", on="1")["en"]
        == "The vote has not opened yet."
    )
    state = opened()
    command = KIND.parse_command("choose", {"project": "1", "on": "1"}, Actor("participant", 1))
    with pytest.raises(DomainError):
        KIND.decide(state, command, context(current=False))
    closed = run(state, "close_vote")
    assert closed.phase is Phase.CLOSED
    refused(send, closed, "choose", 1, project="1", on="1")


# -- paper and proxy ---------------------------------------------------------------------------


def test_the_facilitator_enters_paper_ballots_and_ballots_for_people_without_a_phone() -> None:
    state = opened(max_projects="2")
    events = send(
        state, "enter_ballot", **{"for": "paper", "reference": "Kirjasto 7", "choose-2": "on"}
    )
    assert isinstance(events[0], PaperBallotCast) and events[0].reference == "Kirjasto 7"
    state = run(state, "enter_ballot", **{"for": "paper", "choose-2": "on", "choose-5": "on"})
    state = run(state, "enter_ballot", **{"for": "3", "choose-1": "on"})
    assert state.ballots[3].proxy and state.ballots[3].channel is Channel.ROOM
    assert state.count(Channel.PAPER) == 1 and state.count(Channel.ROOM) == 1
    said = refused(send, state, "enter_ballot", **{"for": "1", "choose-1": "on"})
    assert said["en"].startswith("That person has a phone of their own")
    over = refused(
        send,
        state,
        "enter_ballot",
        **{"for": "paper", "choose-1": "on", "choose-2": "on", "choose-3": "on"},
    )
    assert over["en"] == "Too many projects: the most you may choose is 2."
    [paper_id] = state.paper
    state = run(state, "remove_paper", ballot=paper_id)
    assert state.count(Channel.PAPER) == 0


# -- the outcome -------------------------------------------------------------------------------


def worked_example() -> Vote:
    """Six voters approve 1, 2 and 3; four approve 4, 5 and 6 (docs' example), from phones in
    the room, remote phones, a proxy and paper."""
    state = opened()
    people = {**PEOPLE, **{n: Person(n, f"P{n}", n % 2 == 0, False) for n in range(4, 11)}}
    for n in (1, 2, 4, 5, 6, 7, 8, 9, 10):
        choice = ("1", "2", "3") if n <= 7 else ("4", "5", "6")
        channel = "room" if people[n].in_room else "remote"
        state = KIND.evolve(state, BallotCast(n, choice, (), channel))
    paper = {"for": "paper", "choose-4": "on", "choose-5": "on", "choose-6": "on"}
    state = run(state, "enter_ballot", **paper)
    return state


def test_closing_computes_the_outcome_piiri_pb_results_recomputes_from_the_exported_file(
    tmp_path: Path,
) -> None:
    state = worked_example()
    assert state.count() == 10
    state = run(state, "close_vote")
    assert state.outcome is not None
    assert state.outcome == compute(state.election(), seed=state.lot_seed)
    assert set(state.outcome.selected) == {"2", "3", "4", "5", "6"}  # as the docs work it out
    export = KIND.export(state, PEOPLE)
    pb = export.file("ballots.pb")
    assert pb is not None
    seed = re.search(r"the lot's seed is (\d+)", pb.text)
    assert seed
    path = tmp_path / "ballots.pb"
    path.write_text(pb.text, encoding="utf-8")
    result = piiri_pb(str(path), "--seed", seed.group(1))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == list(state.outcome.selected)
    assert checker_results(pb.text) == {"errors": {}, "warnings": {}}
    voters = [b.voting_method for b in read_pb(pb.text).ballots]
    assert voters.count("paper") == 1 and voters.count("internet") == 9
    assert [b.voter_id for b in read_pb(pb.text).ballots] == [str(n) for n in range(1, 11)]
    # The report's table: every project, its support per channel, selected or not, the rule.
    (projects,) = [t for t in export.tables if t.name == "projects"]
    rows = {row[0]: row for row in projects.rows}
    assert rows["4"][3:9] == (4, 2, 1, 1, "yes", "equalshares/add1")
    assert rows["1"][3:8] == (6, 3, 3, 0, "no")


def test_the_screen_reveals_the_winners_one_at_a_time() -> None:
    state = run(worked_example(), "close_vote")
    assert state.shown == 0
    state = run(state, "reveal_next")
    assert state.shown == 1
    account = state.account
    assert account is not None
    first = account.winners[0]
    (round_one,) = [r for r in account.rounds if r.number == 1]
    assert round_one.proposal == first.proposal
    assert [(p.voters, p.amount) for p in round_one.paid] == [(6, 33.33)]
    state = run(state, "reveal_all")
    assert state.shown == len(state.outcome.selected) if state.outcome else False
    assert send(state, "reveal_next") == []
    reopened = run(state, "reopen_vote")
    assert reopened.outcome is None and reopened.phase is Phase.OPEN


def test_a_removed_person_s_ballot_is_withdrawn() -> None:
    state = cast(opened(), 1, "2")
    events = KIND.withdraw(state, PEOPLE[1])
    for event in events:
        state = KIND.evolve(state, event)
    assert state.count() == 0 and KIND.withdraw(state, PEOPLE[1]) == []


def test_events_round_trip_with_tuples() -> None:
    for event in (DraftChanged(1, ("a", "b"), (2, 1)), VoteClosed(5, NOW.isoformat())):
        name, data = KIND.encode_event(event)
        assert KIND.decode_event(name, json.loads(json.dumps(data))) == event


# -- every ballot type renders ------------------------------------------------------------------


@pytest.mark.parametrize("ballot", ["approval", "knapsack", "cumulative", "ranking"])
def test_every_ballot_type_renders_on_every_view_in_every_language(ballot: str) -> None:
    values = {"ballot": ballot, "points": "4", "max_points": "2", "max_projects": "3"}
    state = opened(**values)
    if ballot == "cumulative":
        state = run(state, "points", 1, project="2", change="1")
        state = run(state, "points", 2, project="4", change="1")
    else:
        for who in (1, 2):
            state = run(state, "choose", who, project="2", on="1")
            state = run(state, "choose", who, project="4", on="1")
    if ballot == "ranking":
        state = run(state, "move", 1, project="4", offset="-1")
    state = run(state, "review", 2)  # Bertta reviews, Aino still edits
    seen = []
    for current in (state, run(run(state, "confirm", 2), "close_vote")):
        shown = run(current, "reveal_all") if current.phase is Phase.CLOSED else current
        running = workshop(KIND, config(**values), shown)
        for language in LANGUAGES:
            rendered = views(running, language)
            assert "None" not in rendered["phone_personal 1"]
            seen.append(rendered)
    aino = seen[0]["phone_personal 1"]
    if ballot == "ranking":
        assert "Move" in aino and 'id="pb-up-' in aino
    elif ballot == "cumulative":
        assert 'id="pb-more-' in aino and "You have 3 of 4 points left." in aino
    else:
        assert 'aria-pressed="true"' in aino
    assert 'id="pb-confirm"' in seen[0]["phone_personal 2"]
    assert "pb-winners" in seen[3]["phone"] and "pb-screen-latest" in seen[3]["screen"]

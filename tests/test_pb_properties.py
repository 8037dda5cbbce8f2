"""Properties of the participatory-budgeting rules over generated elections (Hypothesis).

Equal Shares is checked against a plain reference written from the definition (equalshares.net):
every voter one by one, every project priced afresh every round, add-one completion one whole unit
at a time. Piiri's groups, budget classes, lazy pricing and skipped budgets must change nothing.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from piiri.activities.participatory_budget.ballot_rules import BallotRules
from piiri.activities.participatory_budget.candidates import field_of
from piiri.activities.participatory_budget.completion import add_one
from piiri.activities.participatory_budget.election import Ballot, Election, Project
from piiri.activities.participatory_budget.equal_shares import equal_shares, prepare
from piiri.activities.participatory_budget.pabulib import read_pb, write_pb
from piiri.activities.participatory_budget.rules import RULES, compute
from piiri.activities.participatory_budget.support import ballot_support
from tests.support.examples import examples

# Deeper runs (thousands of examples) were made while writing the rules; these keep watch.
SETTINGS = settings(max_examples=examples(100), deadline=None)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    count = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(0, 60), min_size=count, max_size=count))
    projects = tuple(Project(f"p{i}", cost, f"Project {i}") for i, cost in enumerate(costs))
    ids = [p.id for p in projects]
    kind = draw(st.sampled_from(["approval", "cumulative", "ranking"]))
    ballots = []
    for voter in range(draw(st.integers(0, 12))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=count))
        points = tuple(draw(st.integers(1, 3)) for _ in chosen) if kind == "cumulative" else ()
        ballots.append(Ballot(str(voter), tuple(chosen), points))
    rules = {
        "approval": BallotRules.approval(at_least=0),
        "cumulative": BallotRules.cumulative(3 * count),
        "ranking": BallotRules.ranking(count),
    }[kind]
    budget = draw(st.integers(1, 150))
    threshold = draw(st.integers(0, 6))
    return Election(budget, rules, projects, tuple(ballots), threshold=threshold)


# -- the reference -----------------------------------------------------------------------------


def reference_equal_shares(election: Election, seed: int, voter_budget: Fraction) -> list[str]:
    field = field_of(election, seed)
    candidate = {c.id: c for c in field.candidates}
    count = len(election.projects)
    utility = [dict(ballot_support(b, election.rules, count)) for b in election.ballots]
    budget = [voter_budget] * len(election.ballots)
    remaining = {c.id for c in field.candidates if c.support > 0}
    selected: list[str] = []
    while True:
        best: tuple[Fraction, tuple[int, int, int]] | None = None
        best_id = ""
        prices: dict[str, Fraction] = {}
        for project in sorted(remaining):
            cost = candidate[project].cost
            backers = [i for i, u in enumerate(utility) if u.get(project, 0) > 0]
            if sum(budget[i] for i in backers) < cost:
                remaining.discard(project)
                continue
            if cost == 0:
                price = Fraction(0)
                rho = Fraction(0)
            else:
                backers.sort(key=lambda i: budget[i] / utility[i][project])
                rest, total = Fraction(cost), sum(utility[i][project] for i in backers)
                for i in backers:
                    if rest / total * utility[i][project] <= budget[i]:
                        break
                    rest -= budget[i]
                    total -= utility[i][project]
                price = rest / total
                rho = price / cost
            prices[project] = price
            key = (rho, candidate[project].tie_key)
            if best is None or key < best:
                best, best_id = key, project
        if best is None:
            return selected
        selected.append(best_id)
        remaining.discard(best_id)
        for i, u in enumerate(utility):
            if u.get(best_id, 0) > 0:
                budget[i] -= min(budget[i], prices[best_id] * u[best_id])


def reference_add_one(election: Election, seed: int) -> list[str]:
    voters = max(len(election.ballots), 1)
    costs = election.costs
    current = reference_equal_shares(election, seed, Fraction(election.budget, voters))
    # Past the total cost of all projects no budget runs out: nothing changes any more.
    ceiling = sum(costs.values()) + 1
    for raised in range(math.floor(Fraction(election.budget, voters)) + 1, ceiling + 1):
        trial = reference_equal_shares(election, seed, Fraction(raised))
        if sum(costs[p] for p in trial) > election.budget:
            break
        current = trial
    return current


# -- properties --------------------------------------------------------------------------------


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_no_rule_spends_more_than_the_budget(election: Election, seed: int) -> None:
    for rule in RULES:
        outcome = compute(election, rule, seed=seed)
        assert outcome.spent == sum(election.costs[p] for p in outcome.selected)
        assert outcome.spent <= election.budget, rule
        assert len(set(outcome.selected)) == len(outcome.selected)


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_equal_shares_is_the_definition(election: Election, seed: int) -> None:
    share = Fraction(election.budget, max(len(election.ballots), 1))

    outcome = compute(election, "equalshares", seed=seed)

    assert list(outcome.selected) == reference_equal_shares(election, seed, share)


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_add_one_completion_is_the_definition(election: Election, seed: int) -> None:
    outcome = compute(election, "equalshares/add1", seed=seed)

    assert list(outcome.selected) == reference_add_one(election, seed)


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_skipping_budgets_changes_nothing(election: Election, seed: int) -> None:
    prepared = prepare(election, field_of(election, seed))
    for exhaustive in (False, True):
        skipping, how = add_one(prepared, election.budget, exhaustive=exhaustive)
        every, every_how = add_one(prepared, election.budget, exhaustive=exhaustive, skip=False)
        assert skipping == every
        assert how.voter_budget == every_how.voter_budget
        assert how.stop == every_how.stop
        assert how.runs <= every_how.runs


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_a_run_holds_until_it_says_it_changes(election: Election, seed: int) -> None:
    prepared = prepare(election, field_of(election, seed))
    start = Fraction(election.budget, max(len(election.ballots), 1))
    run = equal_shares(prepared, start)
    last = run.stable_until if run.stable_until is not None else start + 50
    for budget in (start + (last - start) * k / 4 for k in range(1, 4)):
        assert equal_shares(prepared, budget).selected == run.selected


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_equal_shares_is_exact(election: Election, seed: int) -> None:
    outcome = compute(election, "equalshares/add1", seed=seed)
    for round_ in outcome.rounds:
        assert isinstance(round_.price, Fraction)
        assert all(isinstance(s.amount, Fraction) for s in round_.shares)
        # Supporters pay exactly the cost: not a cent more or less.
        assert sum(s.amount * s.voters for s in round_.shares) == round_.cost


@SETTINGS
@given(elections(), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_outcome(election: Election, seed: int) -> None:
    for rule in RULES:
        assert compute(election, rule, seed=seed) == compute(election, rule, seed=seed)


@SETTINGS
@given(elections(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_the_order_of_projects_and_ballots_does_not_matter(
    election: Election, seed: int, random: st.SearchStrategy[object]
) -> None:
    projects = list(election.projects)
    ballots = list(election.ballots)
    random.shuffle(projects)  # type: ignore[attr-defined]
    random.shuffle(ballots)  # type: ignore[attr-defined]
    shuffled = Election(
        election.budget,
        election.rules,
        tuple(projects),
        tuple(ballots),
        threshold=election.threshold,
    )
    for rule in RULES:
        assert set(compute(shuffled, rule, seed=seed).selected) == set(
            compute(election, rule, seed=seed).selected
        )


# -- Pabulib round trip ------------------------------------------------------------------------

# What Piiri lets into an election: any text but control characters (cleaned where text enters),
# line breaks allowed. Semicolons, quotation marks and line breaks must survive quoting.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from([";", '"', "\n", ",", " "]),
    max_size=12,
)
IDS = st.text("abcdefghij0123456789-_/", min_size=1, max_size=6)
META_KEYS = st.sampled_from(["description", "country", "unit", "instance", "comment", "x_note"])


@st.composite
def pabulib_elections(draw: st.DrawFn) -> Election:
    ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    # A column a file has, every row has: extra fields are all there or all absent.
    counted, aged = draw(st.booleans()), draw(st.booleans())
    projects = tuple(
        Project(
            project_id,
            draw(st.integers(0, 10**9)),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            extra=(("votes", str(draw(st.integers(0, 99)))),) if counted else (),
        )
        for project_id in ids
    )
    kind = draw(st.sampled_from(["approval", "knapsack", "cumulative", "ranking"]))
    rules = {
        "approval": BallotRules.approval(at_least=draw(st.integers(0, 2))),
        "knapsack": BallotRules.knapsack(draw(st.integers(1, 10**9))),
        "cumulative": BallotRules.cumulative(draw(st.integers(1, 9))),
        "ranking": BallotRules.ranking(draw(st.integers(1, 5))),
    }[kind]
    ballots = []
    for voter in draw(st.lists(IDS, unique=True, max_size=6)):
        chosen = tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))))
        points = tuple(draw(st.integers(0, 9)) for _ in chosen) if kind == "cumulative" else ()
        method = draw(st.sampled_from(["", "internet", "paper"]))
        extra = (("age", draw(TEXT)),) if aged else ()
        ballots.append(Ballot(voter, chosen, points, method, extra))
    meta = tuple(draw(st.dictionaries(META_KEYS, TEXT, max_size=3)).items())
    return Election(
        budget=draw(st.integers(1, 10**12)),
        rules=rules,
        projects=projects,
        ballots=tuple(ballots),
        rule=draw(st.sampled_from(sorted(RULES))),
        threshold=draw(st.none() | st.integers(0, 50)),
        meta=meta,
    )


@SETTINGS
@given(pabulib_elections())
def test_write_then_read_keeps_every_field(election: Election) -> None:
    read = read_pb(write_pb(election))

    # Reading remembers the file's layout (the format's order of META keys, for an election of
    # Piiri's own); everything else is the election written.
    assert replace(read, layout=None, meta=election.meta) == election
    assert dict(read.meta) == dict(election.meta)
    assert read_pb(write_pb(read)) == read
    assert write_pb(read) == write_pb(election)


def test_add_one_that_funds_everything_funds_it_in_the_order_the_raised_budgets_give() -> None:
    """Found by Hypothesis: at the first voter budget all four projects are already funded, the
    cheap one first (p3, rho 1/6 before p1's 1.8/7); raised further, p1 (rho 1/9) comes first.
    Add-one raises for ever here (everything fits), so the order is the raised budgets' one."""
    projects = tuple(Project(f"p{i}", cost, f"Project {i}") for i, cost in enumerate((0, 7, 0, 1)))
    ranked = [(), ("p1",), ("p1",), ("p3",), ("p0", "p2", "p3", "p1")]
    ballots = tuple(Ballot(str(n), chosen, ()) for n, chosen in enumerate(ranked))
    election = Election(13, BallotRules.ranking(4), projects, ballots, threshold=0)
    outcome = compute(election, "equalshares/add1", seed=0)
    assert list(outcome.selected) == reference_add_one(election, 0) == ["p0", "p2", "p1", "p3"]

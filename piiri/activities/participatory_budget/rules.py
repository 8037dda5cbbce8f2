"""The rules by name, and the one function that computes an outcome: the activity, the report and
``piiri pb results`` all call ``compute``, so a published outcome can be recomputed by anyone.

Names follow Pabulib's META ``rule`` values where it has one:

============================  ==============================================================
greedy                        by support, skipping what does not fit
greedy-no-skip                by support, stopping at the first project that does not fit
greedy-threshold              greedy over projects with at least min_project_score_threshold
equalshares                   Method of Equal Shares, cost utilities, no completion
equalshares/add1              ... with add-one completion (Piiri's default)
equalshares/add1-exhaustive   ... add-one stopping as soon as nothing more fits
equalshares/add1-greedy       ... add-one, then greedy spends what is left
equalshares/add1-exhaustive-greedy  both
============================  ==============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from piiri.activities.participatory_budget.candidates import field_of
from piiri.activities.participatory_budget.completion import add_one
from piiri.activities.participatory_budget.election import Election
from piiri.activities.participatory_budget.equal_shares import equal_shares, prepare
from piiri.activities.participatory_budget.greedy import greedy
from piiri.activities.participatory_budget.outcome import Completion, Outcome
from piiri.domain.vocabulary import N_, DomainError

GREEDY = "greedy"
EQUAL_SHARES = "equalshares"
ADD_ONE = "add1"


@dataclass(frozen=True)
class Rule:
    """A rule name taken apart."""

    name: str
    equal_shares: bool
    skip: bool = True
    threshold: bool = False
    add_one: bool = False
    exhaustive: bool = False
    fill: bool = False


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("greedy", equal_shares=False),
        Rule("greedy-no-skip", equal_shares=False, skip=False),
        Rule("greedy-threshold", equal_shares=False, threshold=True),
        Rule("equalshares", equal_shares=True),
        Rule("equalshares/add1", equal_shares=True, add_one=True),
        Rule("equalshares/add1-exhaustive", equal_shares=True, add_one=True, exhaustive=True),
        Rule("equalshares/add1-greedy", equal_shares=True, add_one=True, fill=True),
        Rule(
            "equalshares/add1-exhaustive-greedy",
            equal_shares=True,
            add_one=True,
            exhaustive=True,
            fill=True,
        ),
    )
}


def rule_named(name: str) -> Rule:
    """The rule called ``name``; raises DomainError for a name Piiri does not compute."""
    try:
        return RULES[name]
    except KeyError:
        raise DomainError(
            N_("Piiri does not compute the rule “{rule}”. It computes: {rules}."),
            rule=name,
            rules=", ".join(RULES),
        ) from None


def compute(election: Election, rule: str | None = None, *, seed: int = 0) -> Outcome:
    """The outcome of ``rule`` (the election's own rule when None) with the lot drawn from
    ``seed``. Raises DomainError for an unknown rule, a threshold rule without a threshold, or
    ballots Piiri cannot score."""
    name = rule or election.rule
    if not name:
        raise DomainError(N_("The election names no rule: choose one."))
    chosen = rule_named(name)
    field = field_of(election, seed)
    common = {"rule": name, "budget": election.budget, "seed": seed, "lot": field.lot}
    ids = [c.id for c in field.candidates]
    costs = election.costs
    if not chosen.equal_shares:
        threshold = 0
        if chosen.threshold:
            if election.threshold is None:
                raise DomainError(
                    N_("The rule {rule} needs a least support (min_project_score_threshold)."),
                    rule=name,
                )
            threshold = election.threshold
        selected, steps, ties = greedy(
            field.candidates, election.budget, skip=chosen.skip, threshold=threshold
        )
        spent = sum(costs[p] for p in selected)
        return Outcome(
            selected=selected,
            spent=spent,
            support=field.support(),
            steps=steps,
            ties=ties,
            **common,
        )
    prepared = prepare(election, field)
    completion: Completion | None = None
    if chosen.add_one:
        run, completion = add_one(prepared, election.budget, exhaustive=chosen.exhaustive)
    else:
        run = equal_shares(prepared, prepared_share(election.budget, prepared.voters))
    selected = tuple(ids[p] for p in run.selected)
    steps: tuple = ()
    if chosen.fill:
        filled, steps, _ = greedy(field.candidates, election.budget, already=selected)
        selected += filled
    spent = sum(costs[p] for p in selected)
    return Outcome(
        selected=selected,
        spent=spent,
        support=field.support(),
        rounds=run.rounds,
        ties=run.ties,
        steps=steps,
        completion=completion,
        **common,
    )


def prepared_share(budget: int, voters: int) -> Fraction:
    return Fraction(budget, max(voters, 1))

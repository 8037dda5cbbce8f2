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

from piiri.activities.participatory_budget.candidates import Field, field_of
from piiri.activities.participatory_budget.completion import add_one
from piiri.activities.participatory_budget.election import Election
from piiri.activities.participatory_budget.equal_shares import equal_shares, prepare
from piiri.activities.participatory_budget.greedy import greedy
from piiri.activities.participatory_budget.outcome import Completion, Outcome, Step
from piiri.domain.vocabulary import N_, DomainError


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
    if chosen.equal_shares:
        return _equal_shares(election, chosen, field, seed)
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
    return Outcome(
        rule=name,
        budget=election.budget,
        selected=selected,
        spent=sum(election.costs[p] for p in selected),
        support=field.support(),
        seed=seed,
        lot=field.lot,
        ties=ties,
        steps=steps,
    )


def _equal_shares(election: Election, chosen: Rule, field: Field, seed: int) -> Outcome:
    prepared = prepare(election, field)
    completion: Completion | None = None
    if chosen.add_one:
        run, completion = add_one(prepared, election.budget, exhaustive=chosen.exhaustive)
    else:
        run = equal_shares(prepared, Fraction(election.budget, max(prepared.voters, 1)))
    selected = tuple(field.candidates[p].id for p in run.selected)
    steps: tuple[Step, ...] = ()
    ties = run.ties
    if chosen.fill:
        filled, steps, fill_ties = greedy(field.candidates, election.budget, already=selected)
        selected += filled
        ties += fill_ties
    return Outcome(
        rule=chosen.name,
        budget=election.budget,
        selected=selected,
        spent=sum(election.costs[p] for p in selected),
        support=field.support(),
        seed=seed,
        lot=field.lot,
        ties=ties,
        rounds=run.rounds,
        steps=steps,
        completion=completion,
    )

"""Greedy by support: the most supported project first, as long as the money lasts.

Projects are taken in order of support (ties: lower cost, then the lot). A project that costs
more than what is left is skipped and the next one tried; with ``skip=False`` ("greedy-no-skip")
the count stops at the first project that does not fit. With a ``threshold``
(Pabulib's ``min_project_score_threshold``, "greedy-threshold") a project needs at least that
much support to be funded at all. As in Pabulib, a project is funded whatever its support when
there is no threshold and the money is there.

The same pass fills what Equal Shares leaves (``already`` holds its selection).
"""

from __future__ import annotations

from collections.abc import Sequence

from piiri.activities.participatory_budget.candidates import Candidate, settled_by
from piiri.activities.participatory_budget.outcome import Decision, Step, Tie


def greedy_order(candidates: Sequence[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.support, *c.tie_key))


def greedy(
    candidates: Sequence[Candidate],
    budget: int,
    *,
    skip: bool = True,
    threshold: int = 0,
    already: Sequence[str] = (),
) -> tuple[tuple[str, ...], tuple[Step, ...], tuple[Tie, ...]]:
    """The projects greedy adds to ``already`` within ``budget`` (the whole budget, of which
    ``already`` has spent its part), greedy's steps, and the ties among projects of equal support
    that it met (a tie matters only if its order did)."""
    taken = set(already)
    left = budget - sum(c.cost for c in candidates if c.id in taken)
    order = greedy_order(candidates)
    selected: list[str] = []
    steps: list[Step] = []
    stopped = False
    for candidate in order:
        if candidate.id in taken:
            decision = Decision.ALREADY_SELECTED
        elif stopped:
            decision = Decision.AFTER_STOP
        elif candidate.support < threshold:
            decision = Decision.BELOW_THRESHOLD
        elif candidate.cost <= left:
            decision = Decision.SELECTED
            selected.append(candidate.id)
            left -= candidate.cost
        else:
            decision = Decision.DOES_NOT_FIT
            stopped = not skip
        steps.append(Step(candidate.id, candidate.support, candidate.cost, decision, left))
    return tuple(selected), tuple(steps), _ties(order, steps)


def _ties(order: list[Candidate], steps: list[Step]) -> tuple[Tie, ...]:
    """Runs of equal support in which the projects were not all treated alike."""
    ties: list[Tie] = []
    start = 0
    for end in range(1, len(order) + 1):
        if end < len(order) and order[end].support == order[start].support:
            continue
        run = order[start:end]
        if len({steps[i].decision for i in range(start, end)}) > 1:
            ties.append(Tie(start + 1, tuple(c.id for c in run), settled_by(run)))
        start = end
    return tuple(ties)

"""``python -m bench.pb``: how long participatory budgeting's rules take on a large election.

The election is generated from a fixed seed: 10,000 voters, 100 projects, a budget of 1,000,000,
costs drawn uniformly between 10,000 and 100,000, and each voter approving 1 to 8 projects drawn
(without repeats) with weights falling as 1/rank of a project's popularity. It reports the time of
greedy, and of the Method of Equal Shares with add-one completion: how many full runs of Equal
Shares completion took, how many whole-unit budgets it skipped (they could not change the
outcome), and the time per run. Target: Equal Shares with add-one under 10 s on one core.
Prints a table, then one ``BENCH_PB {json}`` line.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from typing import Any

from piiri.activities.participatory_budget.ballot_rules import BallotRules
from piiri.activities.participatory_budget.election import Ballot, Election, Project
from piiri.activities.participatory_budget.rules import compute

SEED = 2026
TARGET_SECONDS = 10.0


def generated_election(
    *, voters: int = 10_000, projects: int = 100, budget: int = 1_000_000, seed: int = SEED
) -> Election:
    """The benchmark's election (see the module docstring); the same for the same arguments."""
    draw = random.Random(seed)
    costs = [draw.randint(10_000, 100_000) for _ in range(projects)]
    ids = [str(i + 1) for i in range(projects)]
    # Popularity is independent of cost: the k-th most popular project has weight 1/k.
    by_popularity = draw.sample(ids, projects)
    weights = {project: 1 / (rank + 1) for rank, project in enumerate(by_popularity)}
    ballots = []
    for voter in range(voters):
        wanted = draw.randint(1, 8)
        chosen: list[str] = []
        pool = list(by_popularity)
        while len(chosen) < wanted:
            pick = draw.choices(pool, weights=[weights[p] for p in pool])[0]
            pool.remove(pick)
            chosen.append(pick)
        ballots.append(Ballot(str(voter + 1), tuple(chosen), voting_method="internet"))
    return Election(
        budget=budget,
        rules=BallotRules.approval(at_least=1, at_most=8),
        projects=tuple(Project(i, c, f"Project {i}") for i, c in zip(ids, costs, strict=True)),
        ballots=tuple(ballots),
    )


def timed(election: Election, rule: str) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of computing the outcome, and the outcome. The CPU time is what
    one core spent, whatever else the machine was doing; the target is judged on it."""
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = compute(election, rule, seed=SEED)
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pb", description=__doc__)
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--budget", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    election = generated_election(voters=args.voters, projects=args.projects, budget=args.budget)
    generated = time.perf_counter() - started
    greedy_s, greedy_cpu, greedy = timed(election, "greedy")
    mes_s, mes_cpu, mes = timed(election, "equalshares/add1")
    completion = mes.completion
    figures = {
        "voters": args.voters,
        "projects": args.projects,
        "budget": args.budget,
        "generate_s": round(generated, 3),
        "greedy_s": round(greedy_s, 4),
        "greedy_cpu_s": round(greedy_cpu, 4),
        "greedy_selected": len(greedy.selected),
        "greedy_spent": greedy.spent,
        "equal_shares_add1_s": round(mes_s, 3),
        "equal_shares_add1_cpu_s": round(mes_cpu, 3),
        "equal_shares_selected": len(mes.selected),
        "equal_shares_spent": mes.spent,
        "add1_runs": completion.runs,
        "add1_skipped_budgets": completion.skipped,
        "add1_cpu_s_per_run": round(mes_cpu / completion.runs, 4),
        "voter_budget_start": float(completion.start),
        "voter_budget_end": float(completion.voter_budget),
        "add1_stop": completion.stop.value,
        "under_target": mes_cpu < TARGET_SECONDS,
    }
    print(f"machine: Python {platform.python_version()}, {platform.machine()}, one core")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key.ljust(width)}  {value}")
    print("BENCH_PB " + json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Participatory budgeting: the pure core under the activity kind.

An election (projects with costs, a budget, ballots) and what can be computed from it, with no
I/O, no clock and no global randomness (tests/test_activity_purity.py):

- election.py: projects, ballots, the election, and the checks that keep them sound;
- ballot_rules.py: the four ballot types (approval, knapsack, cumulative, ranking) and their
  constraints;
- pabulib_text.py, pabulib.py: the Pabulib ``.pb`` format (pabulib.org/format), read and
  written without losing a field;
- projects_csv.py: a list of projects from a spreadsheet (CSV);
- support.py: what each ballot gives each project (approvals, points, Borda scores);
- lot.py: the seeded lot that breaks the last ties, and per-person shuffles;
- greedy.py, equal_shares.py, completion.py: the rules;
- outcome.py: rule names, and the one function that computes an outcome from an election.

Money is in whole currency units (ints); everything the rules derive from it is exact
(ints and ``fractions.Fraction``), so an outcome can be recomputed anywhere and come out the same.
"""

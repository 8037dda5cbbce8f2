"""``piiri pb results FILE.pb [--rule RULE]``: recompute a participatory budget's outcome.

Reads a Pabulib ``.pb`` file and prints the ids of the selected projects as one JSON array, in
the order the rule selected them, computed by the same code as the activity
(piiri/activities/participatory_budget/rules.py). Without ``--rule`` the file's own META ``rule``
is used; ``--seed`` gives the seed of the lot that settles exact ties (the activity records its
seed with the outcome). Needs no database and no settings: anyone can run it on a published file.
"""

from __future__ import annotations

import argparse
import json
import sys

from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.rules import RULES, compute
from piiri.domain.vocabulary import DomainError
from piiri.settings import LANGUAGES


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pb`` and its ``results`` subcommand to the ``piiri`` command."""
    pb = commands.add_parser("pb", help="participatory budgeting: recompute a published outcome")
    actions = pb.add_subparsers(dest="pb_command", required=True)
    results = actions.add_parser(
        "results", help="print the selected project ids of a Pabulib .pb file as JSON"
    )
    results.add_argument("file", help="a Pabulib .pb file (pabulib.org/format)")
    results.add_argument(
        "--rule", choices=tuple(RULES), default=None, help="the rule (default: the file's own)"
    )
    results.add_argument("--seed", type=int, default=0, help="the seed of the tie-breaking lot")
    results.add_argument("--language", choices=LANGUAGES, default="en", help="of error messages")
    results.set_defaults(run=results_command)


def results_command(args: argparse.Namespace) -> int:
    from piiri.web.i18n import error_text

    try:
        with open(args.file, encoding="utf-8", newline="") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"piiri: {args.file}: {error}", file=sys.stderr)
        return 2
    try:
        outcome = compute(read_pb(text), args.rule, seed=args.seed)
    except DomainError as error:
        print(f"piiri: {args.file}: {error_text(args.language, error)}", file=sys.stderr)
        return 1
    print(json.dumps(list(outcome.selected), ensure_ascii=False))
    return 0

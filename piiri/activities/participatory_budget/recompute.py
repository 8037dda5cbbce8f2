"""``piiri pb results FILE.pb [--rule RULE]``: recompute a participatory budget's outcome.

Reads a Pabulib ``.pb`` file and gives the ids of the selected projects as one JSON array, in
the order the rule selected them, computed by the same code as the activity (rules.py). Without
``--rule`` the file's own META ``rule`` is used; ``--seed`` gives the seed of the lot that
settles exact ties (the activity records its seed with the outcome). Needs no database and no
settings: anyone can run it on a published file. Pure: the core's command line reads the file
and prints the answer (piiri/cli.py, through the contract's ``FileCommand``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.contract import FileCommand, FileOption
from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.rules import RULES, compute


def selected_ids(text: str, options: Mapping[str, Any]) -> list[str]:
    """The selected project ids of the election in ``text``, in the order selected. Raises
    DomainError (naming the line and the field) for a file it cannot read."""
    outcome = compute(read_pb(text), options.get("rule"), seed=int(options.get("seed") or 0))
    return list(outcome.selected)


RESULTS = FileCommand(
    group="pb",
    group_help="participatory budgeting: recompute a published outcome",
    name="results",
    help="print the selected project ids of a Pabulib .pb file as JSON",
    file_help="a Pabulib .pb file (pabulib.org/format)",
    options=(
        FileOption("rule", "the rule (default: the file's own)", choices=tuple(RULES)),
        FileOption("seed", "the seed of the tie-breaking lot", default=0, whole_number=True),
    ),
    run=selected_ids,
)

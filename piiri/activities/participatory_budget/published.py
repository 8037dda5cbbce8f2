"""What a participatory budget leaves for the downloads and the report: every project with its
cost, support (in all and per channel), and whether it was selected, under the rule; Equal
Shares' rounds; and the collected ballots as a Pabulib ``.pb`` file, which ``piiri pb results``
recomputes to the same outcome (its META ``comment`` names the lot's seed for ``--seed``).

Voter ids in the file are anonymous: 1, 2, ... in the order ballots were first cast.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from piiri.activities.exports import Export, ExportFile, Table
from piiri.activities.participatory_budget.pabulib import with_outcome, write_pb
from piiri.activities.participatory_budget.voting import (
    Channel,
    Phase,
    Vote,
)

PROJECT_HEADERS = (
    "project_id",
    "project",
    "cost",
    "support",
    "support_in_room",
    "support_remote",
    "support_paper",
    "selected",
    "rule",
)
ROUND_HEADERS = ("round", "project_id", "project", "cost", "supporters", "paid_each")
PB_FILE = "ballots.pb"
PB_MEDIA_TYPE = "text/plain; charset=utf-8"


def vote_export(state: Vote) -> Export:
    """The projects with their support and outcome, the rounds, and the .pb file. Before the
    vote closes: the projects and the ballot counts, support left empty (nobody should learn a
    running count from a download; the .pb file holds the ballots for whoever must count)."""
    account = state.account
    counts = {
        "ballots": state.count(),
        "in_room": state.count(Channel.ROOM),
        "remote": state.count(Channel.REMOTE),
        "paper": state.count(Channel.PAPER),
        "by_proxy": state.proxies,
    }
    data: dict[str, object] = {
        "ballot": state.ballot_type.value,
        "budget": state.budget,
        "rule": state.rule,
        "phase": state.phase.value,
        "ballots": counts,
        "seed": state.seed,
    }
    rows: list[tuple[str | int, ...]] = []
    round_rows: list[tuple[str | int, ...]] = []
    if account is None:
        data["projects"] = [
            {"id": p.id, "name": p.name.text, "cost": p.cost} for p in state.proposals
        ]
        rows = [
            (p.id, p.name.text, p.cost, "", "", "", "", "", state.rule) for p in state.proposals
        ]
    else:
        outcome = account.outcome
        data.update(
            lot_seed=outcome.seed,
            selected=list(outcome.selected),
            spent=outcome.spent,
            completion=None
            if account.completion is None
            else {
                "start": account.completion.start,
                "end": account.completion.end,
                "runs": account.completion.runs,
                "stop": account.completion.stop,
            },
        )
        data["projects"] = [
            {
                "id": line.proposal.id,
                "name": line.proposal.name.text,
                "cost": line.proposal.cost,
                "support": line.support,
                "support_by_channel": {
                    "in_room": line.room,
                    "remote": line.remote,
                    "paper": line.paper,
                },
                "selected": line.selected,
            }
            for line in account.lines
        ]
        rows = [
            (
                line.proposal.id,
                line.proposal.name.text,
                line.proposal.cost,
                line.support,
                line.room,
                line.remote,
                line.paper,
                "yes" if line.selected else "no",
                state.rule,
            )
            for line in account.lines
        ]
        round_rows = [
            (
                r.number,
                r.proposal.id,
                r.proposal.name.text,
                r.proposal.cost,
                r.supporters,
                " + ".join(f"{p.voters} × {p.amount}" for p in r.paid),
            )
            for r in account.rounds
        ]
    tables = (
        Table("projects", PROJECT_HEADERS, tuple(rows)),
        Table("rounds", ROUND_HEADERS, tuple(round_rows)),
    )
    return Export(
        data=data, tables=tables, files=(ExportFile(PB_FILE, PB_MEDIA_TYPE, pb_file(state)),)
    )


def _date(moment: str) -> str:
    return datetime.fromisoformat(moment).strftime("%d.%m.%Y") if moment else ""


def pb_file(state: Vote) -> str:
    """The collected ballots as a Pabulib file; with the outcome (votes, score, selected, the
    rule) once the vote has closed."""
    election = state.election()
    begin = _date(state.opened_at)
    end = _date(state.closed_at) or begin
    unit = state.unit or "Piiri"
    meta = [
        ("description", f"Participatory budget: {unit}"),
        ("country", "Finland"),
        ("unit", unit),
        ("instance", begin[-4:] if begin else ""),
    ]
    meta += [("date_begin", begin), ("date_end", end)] if begin else []
    meta += [("currency", "EUR")]
    if state.phase is Phase.CLOSED and state.outcome is not None:
        meta.append(("comment", f"#1: Piiri; the lot's seed is {state.lot_seed}"))
        election = with_outcome(election, state.outcome)
    return write_pb(replace(election, meta=tuple((k, v) for k, v in meta if v)))

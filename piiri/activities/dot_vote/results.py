"""What a dot-vote leaves for the downloads and the report: the ranking."""

from __future__ import annotations

from piiri.activities.dot_vote.model import DotVote
from piiri.activities.exports import Export, Table

RANKING_HEADERS = ("rank", "tied", "option", "dots", "dots_cast", "voters")


def dot_vote_export(state: DotVote) -> Export:
    """The options by dots, most first; ties share a rank and are marked. Option texts as
    written. Who voted for what stays out: a vote is each person's own."""
    ranking = state.ranking()
    data = {
        "dots_per_person": state.budget,
        "max_per_option": state.cap,
        "locked": state.locked,
        "revealed": state.revealed,
        "dots_cast": state.dots_cast,
        "dots_cast_by_proxy": state.proxy_dots,
        "voters": state.voters,
        "ranking": [
            {
                "rank": r.rank,
                "tied": r.tied,
                "option_id": r.option.id,
                "option": r.option.label.text,
                "dots": r.dots,
            }
            for r in ranking
        ],
    }
    rows = tuple(
        (
            r.rank,
            "yes" if r.tied else "no",
            r.option.label.text,
            r.dots,
            state.dots_cast,
            state.voters,
        )
        for r in ranking
    )
    return Export(data=data, tables=(Table("ranking", RANKING_HEADERS, rows),))

"""What 25/10 leaves for the downloads and the report: every idea with its total, mean and
number of scores (ranked), and every score. Who wrote an idea and who gave a score stay out,
as in the room: the cards go round without names."""

from __future__ import annotations

from typing import Any

from piiri.activities.crowd_sourcing.model import CrowdSourcing
from piiri.activities.exports import Export, Table

IDEA_HEADERS = ("rank", "tied", "number", "idea", "total", "scores", "mean", "by_proxy")
SCORE_HEADERS = ("round", "idea_number", "score", "by_proxy")


def crowd_sourcing_export(state: CrowdSourcing) -> Export:
    ranking = state.ranking()
    data: dict[str, Any] = {
        "prompt": state.prompt.text,
        "rounds": state.rounds,
        "rounds_scored": state.round,
        "stage": state.stage,
        "revealed": state.revealed,
        "scores_given": state.scores_given,
        "withdrawn": state.withdrawn,
        "ideas": [
            {
                "rank": r.rank,
                "tied": r.tied,
                "number": r.idea.number,
                "text": r.idea.text,
                "total": r.total,
                "scores": r.count,
                "mean": round(r.mean, 2),
                "by_proxy": r.idea.proxy,
            }
            for r in ranking
        ],
        "top": [r.idea.number for r in state.top()],
        "progress": [
            {"round": number, "scored": scored, "dealt": dealt}
            for number, scored, dealt in state.progress()
        ],
    }
    idea_rows = tuple(
        (
            r.rank,
            "yes" if r.tied else "no",
            r.idea.number,
            r.idea.text,
            r.total,
            r.count,
            f"{r.mean:.2f}",
            "yes" if r.idea.proxy else "no",
        )
        for r in ranking
    )
    numbers = {a: i.number for a, i in state.ideas.items()}
    cards = sorted(
        (c for c in state.cards.values() if c.score is not None and c.idea in numbers),
        key=lambda c: (c.round, numbers[c.idea], c.reader),
    )
    score_rows = tuple(
        (c.round, numbers[c.idea], c.score or 0, "yes" if c.proxy else "no") for c in cards
    )
    data["scores"] = [
        {"round": c.round, "idea_number": numbers[c.idea], "score": c.score, "by_proxy": c.proxy}
        for c in cards
    ]
    return Export(
        data=data,
        tables=(
            Table("ideas", IDEA_HEADERS, idea_rows),
            Table("scores", SCORE_HEADERS, score_rows),
        ),
    )

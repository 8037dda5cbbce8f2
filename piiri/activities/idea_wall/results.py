"""What an idea wall leaves for the downloads and the report: its themes, every idea with its
theme and likes. Nobody's name: the wall is the group's."""

from __future__ import annotations

from typing import Any

from piiri.activities.exports import Export, Table
from piiri.activities.idea_wall.model import IdeaWall

IDEA_HEADERS = ("number", "idea", "theme", "likes", "status", "by_proxy")


def idea_wall_export(state: IdeaWall) -> Export:
    def theme(theme_id: str) -> str:
        found = state.theme(theme_id)
        return found.name.text if found else ""

    ideas = sorted(state.ideas.values(), key=lambda i: i.number)
    data: dict[str, Any] = {
        "prompt": state.prompt.text,
        "premoderated": state.premoderated,
        "themes": [t.name.text for t in state.themes],
        "likes": state.like_count,
        "ideas": [
            {
                "number": i.number,
                "text": i.text,
                "theme": theme(i.theme),
                "likes": state.likes_for(i.id),
                "status": i.status,
                "by_proxy": i.proxy,
            }
            for i in ideas
        ],
        "top": [i.number for i in state.top()],
    }
    rows = tuple(
        (
            i.number,
            i.text,
            theme(i.theme),
            state.likes_for(i.id),
            i.status,
            "yes" if i.proxy else "no",
        )
        for i in ideas
    )
    return Export(data=data, tables=(Table("ideas", IDEA_HEADERS, rows),))

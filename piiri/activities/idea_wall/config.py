"""The idea wall's add form, checked (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.idea_wall.model import (
    MAX_IDEA_LENGTH,
    MAX_IDEAS,
    MAX_PROMPT_LENGTH,
    MAX_THEME_LENGTH,
    MAX_THEMES,
)
from piiri.activities.local_text import LocalText
from piiri.activities.text import lines, one_line
from piiri.domain.vocabulary import N_, DomainError


def idea_wall_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """The open question (empty: a general one, translated), themes and ideas to start with
    (a café's harvest gives its notes), and whether ideas wait for the facilitator before they
    go on the wall."""
    prompt = one_line(
        values.get("prompt"),
        limit=MAX_PROMPT_LENGTH,
        too_long=N_("The question can be at most {limit} characters long."),
    )
    themes: list[str] = []
    for line in lines(values.get("themes", "")):
        if len(line) > MAX_THEME_LENGTH:
            raise DomainError(
                N_("A theme's name can be at most {limit} characters long."),
                limit=MAX_THEME_LENGTH,
            )
        if line.casefold() in (t.casefold() for t in themes):
            raise DomainError(N_("“{name}” is already a theme."), name=line)
        themes.append(line)
    if len(themes) > MAX_THEMES:
        raise DomainError(N_("A wall can have at most {limit} themes."), limit=MAX_THEMES)
    ideas = lines(values.get("ideas", ""))
    if any(len(idea) > MAX_IDEA_LENGTH for idea in ideas):
        raise DomainError(
            N_("An idea can be at most {limit} characters long."), limit=MAX_IDEA_LENGTH
        )
    if len(ideas) > MAX_IDEAS:
        raise DomainError(N_("A wall can take at most {limit} ideas."), limit=MAX_IDEAS)
    premoderated = values.get("premoderated")
    # Only a wall given ideas stores them: a wall stored before ideas could be given reads
    # back the same, so editing its title alone is still only a title's edit.
    return {
        **({"ideas": ideas} if ideas else {}),
        "prompt": LocalText(prompt).to_json(),
        "themes": [LocalText(t).to_json() for t in themes],
        "premoderated": bool(premoderated) and str(premoderated).lower() not in ("off", "false"),
    }

"""What a breakout leaves for the downloads and the report: every group with its prompts and
members, and every note (removed ones marked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.breakout.model import Breakout
from piiri.activities.exports import Export, Table, Voices
from piiri.domain.vocabulary import Person

GROUP_HEADERS = ("group", "prompts", "members")
NOTE_HEADERS = ("group", "note", "author", "by_proxy", "removed")


def breakout_export(state: Breakout, people: Mapping[int, Person]) -> Export:
    """Prompts and notes as written; an empty prompt list means the default prompt."""

    def name(participant_id: int | None) -> str:
        person = people.get(participant_id or 0)
        return person.name if person else ""

    data: dict[str, Any] = {
        "mixing": state.mixing,
        "stage": state.stage,
        "default_prompt": not state.prompts,
        "groups": [
            {
                "group": g.number,
                "prompts": [p.text for p in g.prompts],
                "members": [
                    {
                        "id": m,
                        "name": name(m),
                        "in_room": people[m].in_room if m in people else None,
                    }
                    for m in state.members(g)
                ],
                "notes": [
                    {
                        "id": n.id,
                        "text": n.text,
                        "author": n.author,
                        "proxy": n.proxy,
                        "revision": n.revision,
                    }
                    for n in g.live_notes
                ],
                "removed_notes": [{"id": n.id, "text": n.text} for n in g.notes if n.removed],
            }
            for g in state.groups
        ],
    }
    groups = tuple(
        (
            g.number,
            " / ".join(p.text for p in g.prompts),
            ", ".join(name(m) for m in state.members(g)),
        )
        for g in state.groups
    )
    notes = tuple(
        (
            g.number,
            n.text,
            name(n.author),
            "yes" if n.proxy else "no",
            "yes" if n.removed else "no",
        )
        for g in state.groups
        for n in g.notes
    )
    return Export(
        data=data,
        tables=(Table("groups", GROUP_HEADERS, groups), Table("notes", NOTE_HEADERS, notes)),
    )


def breakout_voices(state: Breakout) -> Voices:
    """Each note kept on a board is one contribution of its author (the facilitator's own
    notes have none)."""
    notes: dict[int, int] = {}
    for group in state.groups:
        for note in group.live_notes:
            if note.author is not None:
                notes[note.author] = notes.get(note.author, 0) + 1
    return Voices({}, notes)

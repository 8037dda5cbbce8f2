"""What a café leaves for the downloads and the report: each round's question and who sat at
which table, and every note with its round and table (removed ones marked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.cafe.model import Cafe
from piiri.activities.exports import Export, Table, Voices
from piiri.domain.vocabulary import Person

SEATING_HEADERS = ("round", "question", "table", "members")
NOTE_HEADERS = ("round", "table", "note", "author", "recorded_for", "removed")


def group_label(state: Cafe, group_id: str) -> str:
    """A table's name, or a 1-2-4-All group's id ("r2g5": stage 2, group 5)."""
    table = state.table(group_id)
    return table.name if table is not None else group_id


def cafe_export(state: Cafe, people: Mapping[int, Person]) -> Export:
    def name(participant_id: int | None) -> str:
        person = people.get(participant_id or 0)
        return person.name if person else ""

    rounds: list[dict[str, Any]] = []
    seating_rows = []
    for index, membership in enumerate(state.seated):
        question = state.rounds[index].question.text
        rounds.append(
            {
                "round": index + 1,
                "question": question,
                "minutes": state.rounds[index].minutes,
                "groups": [
                    {"group": group_label(state, gid), "members": list(members)}
                    for gid, members in membership.groups
                ],
            }
        )
        seating_rows += [
            (index + 1, question, group_label(state, gid), ", ".join(name(m) for m in members))
            for gid, members in membership.groups
        ]
    data: dict[str, Any] = {
        "template": state.template,
        "recorder": state.recorder,
        "seating": state.seating,
        "tables": [
            {
                "name": t.name,
                "capacity": t.capacity,
                "where": t.where,
                "language": t.language,
                "step_free": t.step_free,
                "remote": t.remote,
                "host": state.hosts.get(t.id),
            }
            for t in state.tables
        ],
        "kept_together": [list(k) for k, rule in state.pairs.items() if rule == "together"],
        "kept_apart": [list(k) for k, rule in state.pairs.items() if rule == "apart"],
        "rounds": rounds,
        "notes": [
            {
                "round": n.round + 1,
                "group": group_label(state, n.group),
                "text": n.text,
                "author": n.author,
                "recorded_for": n.for_person,
            }
            for n in state.live_notes
        ],
        "removed_notes": [{"id": n.id, "text": n.text} for n in state.notes if n.removed],
    }
    note_rows = tuple(
        (
            n.round + 1,
            group_label(state, n.group),
            n.text,
            name(n.author),
            name(n.for_person),
            "yes" if n.removed else "no",
        )
        for n in state.notes
    )
    return Export(
        data=data,
        tables=(
            Table("seating", SEATING_HEADERS, tuple(seating_rows)),
            Table("notes", NOTE_HEADERS, note_rows),
        ),
    )


def cafe_voices(state: Cafe) -> Voices:
    """Each note kept is one contribution: of the person it was recorded for, else its
    recorder (the facilitator's own notes have none)."""
    notes: dict[int, int] = {}
    for note in state.live_notes:
        who = note.for_person if note.for_person is not None else note.author
        if who is not None:
            notes[who] = notes.get(who, 0) + 1
    return Voices({}, notes)

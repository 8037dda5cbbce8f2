"""What an interview leaves for the downloads and the report: the guide, the pairs, the
themes and every capture (removed ones marked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.exports import Export, Table, Voices
from piiri.activities.interview.model import Interview
from piiri.domain.vocabulary import Person

PAIR_HEADERS = ("pair", "members", "swaps")
CAPTURE_HEADERS = (
    "pair",
    "phase",
    "question",
    "capture",
    "text",
    "by",
    "about",
    "theme",
    "by_proxy",
    "removed",
)


def interview_export(state: Interview, people: Mapping[int, Person]) -> Export:
    """The guide's texts as written (for the default guide, its English msgids)."""

    def person(participant_id: int | None) -> dict[str, Any] | None:
        if participant_id is None:
            return None
        found = people.get(participant_id)
        return {
            "id": participant_id,
            "name": found.name if found else "",
            "in_room": found.in_room if found else None,
        }

    pair_numbers = state.pair_number_by_id
    theme_names = {t.id: t.name.text for t in state.themes}
    captures = [
        {
            "id": c.id,
            "pair": pair_numbers.get(c.pair_id),
            "kind": c.kind,
            "text": c.text,
            "by": person(c.by),
            "about": person(c.about),
            "phase": state.step(c.step).phase.name.text,
            "question": state.step(c.step).question.text,
            "theme": theme_names.get(c.theme_id),
            "proxy": c.proxy,
            "removed": c.removed,
        }
        for c in state.captures
    ]
    data = {
        "stage": state.stage,
        "pairing": state.pairing,
        "default_guide": state.default_guide,
        "phases": [
            {"name": p.name.text, "questions": [q.text for q in p.questions]} for p in state.phases
        ],
        "pairs": [
            {"pair": p.number, "members": [person(m) for m in state.members(p)], "swaps": p.turn}
            for p in state.pairs
        ],
        "themes": [
            {"theme": t.name.text, "captures": [c.id for c in state.themed(t.id)]}
            for t in state.themes
        ],
        "captures": captures,
    }

    def name(participant_id: int | None) -> str:
        found = people.get(participant_id) if participant_id is not None else None
        return found.name if found else ""

    pairs = tuple(
        (p.number, ", ".join(name(m) for m in state.members(p)), p.turn) for p in state.pairs
    )
    rows = tuple(
        (
            pair_numbers.get(c.pair_id, ""),
            state.step(c.step).phase.name.text,
            state.step(c.step).question.text,
            c.kind,
            c.text,
            name(c.by),
            name(c.about),
            theme_names.get(c.theme_id, ""),
            "yes" if c.proxy else "no",
            "yes" if c.removed else "no",
        )
        for c in state.captures
    )
    return Export(
        data=data,
        tables=(Table("pairs", PAIR_HEADERS, pairs), Table("captures", CAPTURE_HEADERS, rows)),
    )


def interview_voices(state: Interview) -> Voices:
    """Each capture kept is one contribution of the person it quotes or is about (what an
    interview brings out is the interviewee's), else of who wrote it."""
    captures: dict[int, int] = {}
    for capture in state.captures:
        person = capture.about if capture.about is not None else capture.by
        if person is not None and not capture.removed:
            captures[person] = captures.get(person, 0) + 1
    return Voices({}, captures)

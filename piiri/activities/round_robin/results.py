"""What a round-robin leaves for the downloads and the report: every turn, and the share of
speaking time in the room and remote."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.exports import Export, Table, Voices
from piiri.activities.round_robin.model import RoundRobin
from piiri.domain.vocabulary import Person

TURN_HEADERS = ("round", "speaker", "where", "seconds", "outcome", "note")
SHARE_HEADERS = ("where", "speaking_seconds", "share")


def round_robin_export(state: RoundRobin, people: Mapping[int, Person]) -> Export:
    seconds = state.speaking_seconds(people)
    total = sum(seconds.values())
    share = {where: (round(value / total, 3) if total else 0.0) for where, value in seconds.items()}
    turns: list[dict[str, Any]] = []
    for turn in state.turns:
        person = people.get(turn.person_id)
        turns.append(
            {
                "round": turn.round,
                "person_id": turn.person_id,
                "speaker": person.name if person else "",
                "in_room": person.in_room if person else None,
                "by_proxy": person.by_proxy if person else None,
                "started_at": turn.started_at,
                "seconds": turn.seconds,
                "outcome": turn.outcome,
                "note": turn.note,
            }
        )
    data = {
        "rounds": state.round,
        "seconds_per_speaker": state.seconds_per_speaker,
        "ordering": state.ordering,
        "turns": turns,
        "speaking_seconds": seconds,
        "speaking_share": share,
    }
    turn_rows = tuple(
        (
            t["round"],
            t["speaker"],
            {True: "in_room", False: "remote", None: ""}[t["in_room"]],
            "" if t["seconds"] is None else t["seconds"],
            t["outcome"],
            t["note"],
        )
        for t in turns
    )
    share_rows = tuple((where, value, f"{share[where]:.3f}") for where, value in seconds.items())
    return Export(
        data=data,
        tables=(
            Table("turns", TURN_HEADERS, turn_rows),
            Table("speaking_share", SHARE_HEADERS, share_rows),
        ),
    )


def round_robin_voices(state: RoundRobin) -> Voices:
    """Seconds each person spoke, and each turn they spoke in as one contribution."""
    seconds: dict[int, int] = {}
    turns: dict[int, int] = {}
    for turn in state.turns:
        if turn.seconds:
            seconds[turn.person_id] = seconds.get(turn.person_id, 0) + turn.seconds
            turns[turn.person_id] = turns.get(turn.person_id, 0) + 1
    return Voices(seconds, turns)

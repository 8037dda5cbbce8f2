"""A process's report as a JSON-ready document, built from its workshops' own results documents
(each exactly what the workshop's JSON export holds) and what the process itself holds: its
plan, its narrative sections, its stakeholder groups and its members' attendance.

Every total is the sum of the workshops' figures (tests/test_process_report.py compares them
with the sum of the workshops' JSON exports). People are counted once per session: a juror who
came to three sessions counts three times in "all sessions together"; members are also counted
as people (``members``, with their attendance per session). A group formed by people's answers
on joining is shown only when the process has at least ``MIN_GROUP`` people in it, counted over
all sessions, as in a workshop's report. Pure: the caller reads everything and passes it in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from piiri.domain.report import Group, Plan, plan_section, shown_count
from piiri.domain.results import CHANNELS, local_time

PROCESS_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Session:
    """One workshop of the process with its results document."""

    workshop_id: int
    title: str
    code: str
    document: Mapping[str, Any]


@dataclass(frozen=True)
class Member:
    id: int
    name: str


def process_document(
    *,
    process_id: int,
    title: str,
    plan: Plan,
    zone: tzinfo,
    exported_at: datetime,
    sessions: Sequence[Session],
    groups: Sequence[Group] = (),
    group_answers: Mapping[str, int] | None = None,
    members: Sequence[Member] = (),
    attendance: Mapping[int, Mapping[int, str]] | None = None,
    sections: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The process report's document. ``group_answers`` counts the people who chose each group
    (by group id, as a string) over all sessions; ``attendance`` gives, per member, the
    sessions they joined with their channel (``{member_id: {workshop_id: "in_room"}}``);
    ``sections`` are the process's narrative sections, (heading, text) in order."""
    attendance = attendance or {}
    by_channel = dict.fromkeys(CHANNELS, 0)
    for session in sessions:
        counts = session.document["participation"]["by_channel"]
        for name in CHANNELS:
            by_channel[name] += int(counts[name])
    group_answers = group_answers or {}
    return {
        "schema": "piiri-process-report",
        "schema_version": PROCESS_SCHEMA_VERSION,
        "exported_at": local_time(exported_at, zone),
        "process": {"id": process_id, "title": title},
        "plan": plan_section(plan, zone),
        "sections": [{"heading": heading, "text": text} for heading, text in sections],
        "participation": {"by_channel": by_channel, "total": sum(by_channel.values())},
        "groups": [
            {"id": g.id, "name": g.name, "target": g.target, **shown_count(group_answers, g.id)}
            for g in groups
        ],
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "sessions": [
                    s.workshop_id for s in sessions if s.workshop_id in attendance.get(m.id, {})
                ],
                "attended": sum(1 for s in sessions if s.workshop_id in attendance.get(m.id, {})),
            }
            for m in members
        ],
        "sessions": [
            {
                "workshop_id": s.workshop_id,
                "title": s.title,
                "code": s.code,
                "members": sum(1 for m in members if s.workshop_id in attendance.get(m.id, {})),
                "people": s.document["participation"]["total"],
            }
            for s in sessions
        ],
        "members_taking_part": sum(1 for m in members if attendance.get(m.id)),
    }

"""The audit trail: who did what to a workshop or a process, and when, for its facilitators.

Two sources, one list. What the event log records (closing and reopening, the join rules,
removing, admitting, refusing and erasing people) is read from the log itself, whose every
entry names its actor and time. What happens beside the log (sharing the workshop, downloads,
replacing the screen link, deleting the workshop) is written as an ``AuditEntry``. Neither holds
a person's name or text: erasure has nothing to find here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from piiri.db.models import AuditEntry, Event, Facilitator

# Log entries that belong in the trail (the workshop's own events, by type).
LOGGED_ACTIONS = {
    "WorkshopClosed": "close",
    "WorkshopReopened": "reopen",
    "JoinRulesSet": "join_rules",
    "ParticipantRemoved": "remove",
    "ParticipantAdmitted": "admit",
    "ParticipantErased": "erase",
}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    who: str  # the facilitator's e-mail address, or "" for the server itself
    action: str
    detail: str


def record(
    *,
    session: Session,
    workshop_id: int | None,
    facilitator_id: int | None,
    action: str,
    detail: str = "",
    process_id: int | None = None,
) -> None:
    """Write one entry (``detail``: ids and counts only, never a person's name or text); a
    process's own action gives ``process_id`` (and a workshop it concerns, if any)."""
    session.add(
        AuditEntry(
            workshop_id=workshop_id,
            process_id=process_id,
            facilitator_id=facilitator_id,
            action=action,
            detail=detail[:200],
        )
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def trail(*, session: Session, workshop_id: int, limit: int = 500) -> list[AuditLine]:
    """The newest ``limit`` lines, newest first."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.workshop_id == workshop_id)
        .order_by(col(AuditEntry.at).desc())
        .limit(limit)
    ).all()
    logged = session.exec(
        select(Event)
        .where(
            Event.workshop_id == workshop_id,
            col(Event.activity_id).is_(None),
            col(Event.type).in_(list(LOGGED_ACTIONS)),
        )
        .order_by(col(Event.seq).desc())
        .limit(limit)
    ).all()

    def actor_id(label: str) -> int | None:
        found = label.removeprefix("facilitator:")
        return int(found) if found.isdigit() else None

    ids = {e.facilitator_id for e in entries} | {actor_id(e.actor) for e in logged}
    emails = {
        f.id: f.email
        for f in session.exec(select(Facilitator).where(col(Facilitator.id).in_(ids - {None})))
    }

    def who(facilitator_id: int | None) -> str:
        return emails.get(facilitator_id, "") if facilitator_id is not None else ""

    lines = [AuditLine(_aware(e.at), who(e.facilitator_id), e.action, e.detail) for e in entries]
    for event in logged:
        facilitator_id = actor_id(event.actor)
        detail = ""
        if "id" in event.data:
            detail = f"participant {event.data['id']}"
        if event.type == "ParticipantRemoved" and event.data.get("withdrawn"):
            detail += f", {event.data['withdrawn']} inputs withdrawn"
        if event.type == "JoinRulesSet":
            detail = f"{event.data.get('policy')}, cap {event.data.get('cap') or 'default'}"
        lines.append(
            AuditLine(
                _aware(event.created_at), who(facilitator_id), LOGGED_ACTIONS[event.type], detail
            )
        )
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:limit]


def process_trail(*, session: Session, process_id: int, limit: int = 200) -> list[AuditLine]:
    """The process's own entries (creating it, its workshops, plan, members and their links),
    newest first."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.process_id == process_id)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
    ).all()
    ids = {e.facilitator_id for e in entries} - {None}
    emails = {
        f.id: f.email for f in session.exec(select(Facilitator).where(col(Facilitator.id).in_(ids)))
    }
    return [
        AuditLine(_aware(e.at), emails.get(e.facilitator_id, ""), e.action, e.detail)
        for e in entries
    ]

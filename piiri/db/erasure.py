"""Taking people's data out of the database: erasing one participant, deleting a workshop
with everything in it, and purging workshops past the retention period.

Erasure is the one exception to the append-only log (docs/security.md): the stored events keep
their place, their seq and their type, but the text the person wrote is overwritten with "",
and the name they joined with too. Which fields hold text is each activity kind's
``text_fields``; the workshop's own events hold a person's text only as their name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from piiri.activities import activity_kind
from piiri.db.models import (
    Activity,
    Event,
    Participant,
    SecretLink,
    Workshop,
    WorkshopFacilitator,
)


def erase_participant_text(*, session: Session, workshop_id: int, participant_id: int) -> int:
    """Overwrite the participant's name and every text they wrote in the stored events of the
    workshop, and their name on the participant row; how many events were changed."""
    participant = session.get(Participant, participant_id)
    if participant is not None and participant.workshop_id == workshop_id:
        participant.name = ""
        session.add(participant)
    kinds = {
        a.id: a.kind
        for a in session.exec(select(Activity).where(Activity.workshop_id == workshop_id)).all()
    }
    rows = session.exec(
        select(Event).where(
            Event.workshop_id == workshop_id,
            or_(
                col(Event.actor) == f"participant:{participant_id}",
                col(Event.type).in_(("ParticipantJoined", "ParticipantWaiting")),
            ),
        )
    ).all()
    changed = 0
    for row in rows:
        data: dict[str, Any] = dict(row.data)
        if row.activity_id is None:
            if data.get("id") != participant_id or not data.get("name"):
                continue
            data["name"] = ""
        else:
            kind = kinds.get(row.activity_id)
            if kind is None:
                continue
            fields = activity_kind(kind).text_fields
            if not any(data.get(f) for f in fields):
                continue
            data = {k: ("" if k in fields and isinstance(v, str) else v) for k, v in data.items()}
        row.data = data
        session.add(row)
        changed += 1
    return changed


def delete_workshop(*, session: Session, workshop_id: int) -> bool:
    """Delete the workshop and everything in it (its log, people, activities, links, who may
    facilitate it); whether there was one. The audit trail's entries stay (no personal data)."""
    if session.get(Workshop, workshop_id) is None:
        return False
    for table in (Event, Participant, Activity, SecretLink, WorkshopFacilitator):
        session.execute(delete(table).where(col(table.workshop_id) == workshop_id))
    session.execute(delete(Workshop).where(col(Workshop.id) == workshop_id))
    return True


def purge_closed(*, session: Session, days: int, now: datetime | None = None) -> list[int]:
    """Delete every workshop closed more than ``days`` days ago; their ids."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    due = session.exec(
        select(Workshop.id).where(col(Workshop.closed).is_(True), col(Workshop.closed_at) < cutoff)
    ).all()
    deleted = [workshop_id for workshop_id in due if workshop_id is not None]
    for workshop_id in deleted:
        delete_workshop(session=session, workshop_id=workshop_id)
    return deleted

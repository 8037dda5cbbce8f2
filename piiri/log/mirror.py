"""The lookup rows kept in step with the log, in the command's own transaction.

The log is the source of truth; the workshop, activity and participant rows are what other
tables and quick lookups need (a participant's and an activity's id, which activity runs, whether
the workshop has closed). Only the database gives a new row its id, so a command that creates a
person or an activity first takes one (``reserve``: an empty row, inserted before the pure rules
decide), and every row is then written from the decided events (``mirror``). A refused command
or a lost race for a seq rolls the transaction back, the reserved row with it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from piiri.db.erasure import erase_participant_text
from piiri.db.models import Activity, Participant, Workshop, utcnow
from piiri.domain.events import (
    ActivityAdded,
    ActivityEdited,
    ActivityStarted,
    ActivityStopped,
    AgendaReordered,
    LogEvent,
    ParticipantErased,
    ParticipantJoined,
    ParticipantWaiting,
    WorkshopClosed,
    WorkshopReopened,
)
from piiri.domain.rules import NewRecord
from piiri.log.store import UnknownWorkshop


def reserve(session: Session, workshop_id: int, record: NewRecord) -> int:
    """A fresh id for a new ``record`` of the workshop: an empty row, filled in by ``mirror``
    from the event that creates it."""
    row: Participant | Activity
    if record == "participant":
        row = Participant(workshop_id=workshop_id)
    else:
        row = Activity(workshop_id=workshop_id, kind="", title="")
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def mirror(session: Session, workshop_id: int, events: Iterable[LogEvent]) -> None:
    """Write what ``events`` change in the lookup rows. Raises UnknownWorkshop."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise UnknownWorkshop(workshop_id)
    for event in events:
        match event:
            case ParticipantJoined(person_id, name, in_room, by_proxy):
                person = session.get(Participant, person_id)
                if person is not None:
                    person.name, person.in_room, person.by_proxy = name, in_room, by_proxy
                    session.add(person)
            case ParticipantWaiting(person_id, name, in_room):
                person = session.get(Participant, person_id)
                if person is not None:
                    person.name, person.in_room = name, in_room
                    session.add(person)
            case ParticipantErased(person_id):
                # The stored events' text is overwritten here, in the same transaction as the
                # event that records the erasure (piiri/db/erasure.py).
                erase_participant_text(
                    session=session, workshop_id=workshop_id, participant_id=person_id
                )
            case ActivityAdded(activity_id, kind, title, position, config):
                activity = session.get(Activity, activity_id)
                if activity is not None:
                    activity.kind, activity.title = kind, title
                    activity.position, activity.config = position, dict(config)
                    session.add(activity)
            case ActivityEdited(activity_id, title, config):
                activity = session.get(Activity, activity_id)
                if activity is not None:
                    activity.title, activity.config = title, dict(config)
                    session.add(activity)
            case AgendaReordered(order):
                for position, activity_id in enumerate(order):
                    activity = session.get(Activity, activity_id)
                    if activity is not None:
                        activity.position = position
                        session.add(activity)
            case ActivityStarted(activity_id):
                workshop.current_activity_id = activity_id
            case ActivityStopped():
                workshop.current_activity_id = None
            case WorkshopClosed() | WorkshopReopened():
                workshop.closed = isinstance(event, WorkshopClosed)
                workshop.closed_at = utcnow() if workshop.closed else None
    session.add(workshop)

"""A scripted workshop with every registered kind on its agenda and people who took part in
each: for the exports and the report.

People join through the real write path (phones in the room and remote, a person without a
phone added by the facilitator, one who leaves), every kind's activity is added through the
console's form with its sample configuration, and each activity is run: started through the
service and stopped, then its kind's ``sample`` events appended to the log as the service would
store them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.db.engine import session_scope
from piiri.db.models import Event
from piiri.domain.commands import (
    AddActivity,
    AddProxyPerson,
    Join,
    LeaveWorkshop,
    StartActivity,
    StopActivity,
    WorkshopCommand,
)
from piiri.domain.events import ActivityEvent, encode
from piiri.domain.vocabulary import Actor
from tests.support.workshop import facilitator_account, log_in, new_workshop

# Who takes part: (name, in the room); "Eero" leaves before the end; "Pekka" has no phone.
PEOPLE = (("Aino", True), ("Bertta", False), ("Celia", True), ("Daniel", False), ("Eero", False))
PROXY = "Pekka"
# When the script runs: the log's times are these, so the report's agenda shows them.
STARTED = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Scripted:
    workshop_id: int
    code: str
    activity_ids: tuple[int, ...]


def run(client: TestClient, workshop_id: int, actor: Actor, command: WorkshopCommand) -> Any:
    piiri = client.app.state.piiri  # type: ignore[attr-defined]
    assert client.portal is not None, "use the client inside `with FormClient(app)`"
    return client.portal.call(piiri.service.run, workshop_id, actor, command)


def scripted_workshop(
    app: Starlette,
    client: TestClient,
    *,
    title: str = "Kirjaston tulevaisuus",
    language: str = "en",
) -> Scripted:
    facilitator_id = facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title=title, language=language)
    facilitator = Actor("facilitator", facilitator_id=facilitator_id)
    joined = [
        run(client, workshop_id, Actor("participant"), Join(name=name, in_room=in_room))
        for name, in_room in PEOPLE
    ]
    run(client, workshop_id, facilitator, AddProxyPerson(name=PROXY))
    piiri = app.state.piiri
    people = piiri.service.state(workshop_id).people
    ids = []
    for name, kind in REGISTRY.items():
        sample = kind.sample({pid: p for pid, p in people.items()})
        values = {"title": f"{kind.label} ({name})", **kind.config_form(sample.config)}
        outcome = run(client, workshop_id, facilitator, AddActivity(name, values["title"], values))
        ids.append(outcome.activity_id)
    for n, (activity_id, kind) in enumerate(zip(ids, REGISTRY.values(), strict=True)):
        run(client, workshop_id, facilitator, StartActivity(activity_id))
        run(client, workshop_id, facilitator, StopActivity())
        # After the stop: the sample's own times then stand (a turn the stop ended would run
        # from the sample's time to the clock's).
        _append(app, workshop_id, activity_id, kind.kind, kind.sample(people).events)
        _retime(app, workshop_id, STARTED + timedelta(minutes=20 * n))
    eero = joined[-1].participant_id
    run(client, workshop_id, facilitator, LeaveWorkshop(participant_id=eero))
    piiri.store.forget(workshop_id)
    state = piiri.service.state(workshop_id)
    return Scripted(workshop_id, state.code, tuple(ids))


def _append(
    app: Starlette, workshop_id: int, activity_id: int, kind: str, events: tuple[Any, ...]
) -> None:
    with session_scope(app.state.piiri.engine) as session:
        seq = _last_seq(session, workshop_id)
        for n, event in enumerate(events, start=seq + 1):
            activity, type_name, data = encode(ActivityEvent(activity_id, kind, event))
            session.add(
                Event(
                    workshop_id=workshop_id,
                    seq=n,
                    activity_id=activity,
                    type=type_name,
                    data=data,
                    actor="facilitator:script",
                )
            )
    app.state.piiri.store.forget(workshop_id)


def _retime(app: Starlette, workshop_id: int, at: datetime) -> None:
    """Give the entries written since the last call (none retimed yet) the time ``at``, and the
    activity's stop fifteen minutes later: an activity that ran for a quarter of an hour."""
    with session_scope(app.state.piiri.engine) as session:
        rows = session.exec(
            select(Event)
            .where(Event.workshop_id == workshop_id, col(Event.created_at) > STARTED + _LATE)
            .order_by(col(Event.seq))
        ).all()
        for row in rows:
            stop = row.type == "ActivityStopped"
            row.created_at = at + timedelta(minutes=15) if stop else at
            session.add(row)


# Entries written now are years after STARTED; those retimed are within this of it.
_LATE = timedelta(days=30)


def _last_seq(session: Session, workshop_id: int) -> int:
    seqs = session.exec(select(Event.seq).where(Event.workshop_id == workshop_id)).all()
    return max(seqs, default=0)

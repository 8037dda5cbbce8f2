"""The workshop service: the one write path.

Every change to a workshop goes through ``WorkshopService.run``: it loads the state, decides the
events (activities decide their own), appends them to the log in one transaction at the next
seqs, and only after the commit announces ``(workshop, seq)``. The unique (workshop, seq) pair is
the lock: when another process took the seq first, the insert fails and the command is decided
again on the newer state, so a budget can never be overspent by a race.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from piiri.activities import REGISTRY, activity_kind
from piiri.activities.base import N_, Actor, Context, DomainError
from piiri.database import session_scope
from piiri.models import Activity, Event, Participant, Workshop
from piiri.store import UnknownWorkshop, WorkshopStore
from piiri.workshop_state import (
    ACTIVITY_ADDED,
    ACTIVITY_STARTED,
    ACTIVITY_STOPPED,
    PARTICIPANT_JOINED,
    WORKSHOP_CLOSED,
    WORKSHOP_REOPENED,
    WorkshopState,
)

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 80
MAX_TITLE_LENGTH = 200
MAX_COMMAND_ID_LENGTH = 64
# A command loses the race for a seq only when another command on the same workshop committed
# in between; ten losses in a row means something is wrong, not busy.
MAX_ATTEMPTS = 10

Announce = Callable[[int, int], Awaitable[None]]


# -- workshop commands -------------------------------------------------------------------------


@dataclass(frozen=True)
class Join:
    name: str
    in_room: bool


@dataclass(frozen=True)
class AddProxyPerson:
    name: str


@dataclass(frozen=True)
class AddActivity:
    kind: str
    title: str
    values: dict[str, Any]


@dataclass(frozen=True)
class StartActivity:
    activity_id: int


@dataclass(frozen=True)
class StopActivity:
    pass


@dataclass(frozen=True)
class CloseWorkshop:
    """The join code stops letting anyone in; phones stop accepting input."""


@dataclass(frozen=True)
class ReopenWorkshop:
    pass


@dataclass(frozen=True)
class ActivityCommand:
    activity_id: int | None  # None: whichever activity is running
    name: str
    values: dict[str, Any]


WorkshopCommand = (
    Join
    | AddProxyPerson
    | AddActivity
    | StartActivity
    | StopActivity
    | CloseWorkshop
    | ReopenWorkshop
    | ActivityCommand
)


@dataclass(frozen=True)
class Outcome:
    seq: int
    events: int
    duplicate: bool = False
    participant_id: int | None = None
    activity_id: int | None = None


@dataclass
class _Planned:
    activity_id: int | None
    type: str
    data: dict[str, Any]


class ServiceBusy(RuntimeError):
    """The command lost the race for a seq too many times in a row."""


def clean_text(value: object, *, limit: int, required: str | None = None) -> str:
    """Collapse whitespace; raise DomainError when empty (if ``required``) or too long."""
    text = " ".join(str(value or "").split())
    if required is not None and not text:
        raise DomainError(required)
    if len(text) > limit:
        raise DomainError(N_("This can be at most {limit} characters long."), limit=limit)
    return text


class WorkshopService:
    def __init__(self, engine: Engine, store: WorkshopStore, announce: Announce) -> None:
        self.engine = engine
        self.store = store
        self._announce = announce
        # One writer per workshop at a time in this process: its own commands never race each
        # other for a seq (the seq lock then arbitrates only between processes). Weak: a lock
        # lives only while a command holds or waits for it.
        self._writing: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def run(
        self,
        workshop_id: int,
        actor: Actor,
        command: WorkshopCommand,
        *,
        command_id: str | None = None,
        now: datetime | None = None,
    ) -> Outcome:
        """Decide and store ``command``; announce it after the commit.

        Raises DomainError for an illegal command (nothing is stored), UnknownWorkshop, and
        ServiceBusy. A command whose ``command_id`` is already in the log is not applied again:
        the outcome says ``duplicate``.
        """
        if command_id is not None and len(command_id) > MAX_COMMAND_ID_LENGTH:
            raise DomainError(N_("That message was not understood."))
        lock = self._writing.setdefault(workshop_id, asyncio.Lock())
        async with lock:
            outcome = await run_in_threadpool(
                self._run, workshop_id, actor, command, command_id, now or datetime.now(UTC)
            )
        if outcome.events:
            await self._announce(workshop_id, outcome.seq)
        return outcome

    def state(self, workshop_id: int) -> WorkshopState:
        """The workshop at its latest seq (reads the log). Raises UnknownWorkshop."""
        with Session(self.engine) as session:
            return self.store.load(session, workshop_id)

    def latest_seqs(self, workshop_ids: list[int]) -> dict[int, int]:
        """The newest seq in the log of each workshop that has one."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Event.workshop_id, func.max(Event.seq))
                .where(col(Event.workshop_id).in_(workshop_ids))
                .group_by(col(Event.workshop_id))
            ).all()
        return {workshop_id: seq for workshop_id, seq in rows}

    def _run(
        self,
        workshop_id: int,
        actor: Actor,
        command: WorkshopCommand,
        command_id: str | None,
        now: datetime,
    ) -> Outcome:
        for _attempt in range(MAX_ATTEMPTS):
            try:
                return self._attempt(workshop_id, actor, command, command_id, now)
            except IntegrityError:
                log.debug("workshop %s: lost the race for a seq, deciding again", workshop_id)
            except OperationalError as error:
                # SQLite reports a writer that waited out busy_timeout this way.
                if "locked" not in str(error):
                    raise
        raise ServiceBusy(workshop_id)

    def _attempt(
        self,
        workshop_id: int,
        actor: Actor,
        command: WorkshopCommand,
        command_id: str | None,
        now: datetime,
    ) -> Outcome:
        with session_scope(self.engine) as session:
            if command_id is not None:
                seen = session.exec(
                    select(Event.seq).where(
                        Event.workshop_id == workshop_id,
                        Event.command_id == command_id,
                        Event.actor == actor.label,
                    )
                ).first()
                if seen is not None:
                    return Outcome(seq=seen, events=0, duplicate=True)
            state = self.store.load(session, workshop_id)
            planned, extra = self._plan(session, state, actor, command, now)
            rows = [
                Event(
                    workshop_id=workshop_id,
                    seq=state.seq + i,
                    activity_id=p.activity_id,
                    type=p.type,
                    data=p.data,
                    command_id=command_id,
                    actor=actor.label,
                    created_at=now,
                )
                for i, p in enumerate(planned, start=1)
            ]
            session.add_all(rows)
            session.flush()
            new_state = state
            for row in rows:
                new_state = new_state.apply(row)
        self.store.offer(new_state)
        return Outcome(seq=new_state.seq, events=len(rows), **extra)

    def _plan(
        self,
        session: Session,
        state: WorkshopState,
        actor: Actor,
        command: WorkshopCommand,
        now: datetime,
    ) -> tuple[list[_Planned], dict[str, Any]]:
        match command:
            case ActivityCommand(activity_id, name, values):
                if activity_id is None:
                    activity_id = state.current_activity_id
                    if activity_id is None:
                        raise DomainError(N_("No activity is running."))
                info = state.activity(activity_id)
                if info is None:
                    raise DomainError(N_("That activity is not in this workshop."))
                kind = activity_kind(info.kind)
                if actor.role != "facilitator":
                    if name not in kind.participant_commands:
                        raise DomainError(N_("Only the facilitator can do that."))
                    if state.closed:
                        raise DomainError(N_("This workshop has closed."))
                parsed = kind.parse_command(name, values, actor)
                context = Context(
                    now=now,
                    new_id=secrets.token_hex(4),
                    people=state.people,
                    is_current=state.current_activity_id == activity_id,
                )
                events = kind.decide(state.activity_state(activity_id), parsed, context)
                planned = []
                for event in events:
                    type_name, data = kind.encode_event(event)
                    planned.append(_Planned(activity_id, type_name, data))
                return planned, {"activity_id": activity_id}
            case Join(name, in_room):
                if state.closed:
                    raise DomainError(N_("This workshop has closed."))
                return self._add_person(session, state, name, in_room=in_room, by_proxy=False)
            case AddProxyPerson(name):
                clean_text(
                    name,
                    limit=MAX_NAME_LENGTH,
                    required=N_("Give the person's name so that their dots can be told apart."),
                )
                return self._add_person(session, state, name, in_room=True, by_proxy=True)
            case AddActivity(kind_name, title, values):
                if kind_name not in REGISTRY:
                    raise DomainError(N_("There is no such activity."))
                kind = activity_kind(kind_name)
                clean_title = clean_text(
                    title, limit=MAX_TITLE_LENGTH, required=N_("An activity needs a title.")
                )
                config = kind.parse_config(values)
                position = max((a.position for a in state.activities), default=-1) + 1
                activity = Activity(
                    workshop_id=state.id,
                    position=position,
                    kind=kind_name,
                    title=clean_title,
                    config=config,
                )
                session.add(activity)
                session.flush()
                data = {
                    "id": activity.id,
                    "kind": kind_name,
                    "title": clean_title,
                    "position": position,
                    "config": config,
                }
                return [_Planned(None, ACTIVITY_ADDED, data)], {"activity_id": activity.id}
            case StartActivity(activity_id):
                if state.activity(activity_id) is None:
                    raise DomainError(N_("That activity is not in this workshop."))
                if state.current_activity_id == activity_id:
                    return [], {"activity_id": activity_id}
                self._set_current(session, state.id, activity_id)
                return [_Planned(None, ACTIVITY_STARTED, {"id": activity_id})], {}
            case CloseWorkshop() | ReopenWorkshop():
                closing = isinstance(command, CloseWorkshop)
                if state.closed == closing:
                    return [], {}
                workshop = session.get(Workshop, state.id)
                if workshop is None:
                    raise UnknownWorkshop(state.id)
                workshop.closed = closing
                session.add(workshop)
                kind_name = WORKSHOP_CLOSED if closing else WORKSHOP_REOPENED
                return [_Planned(None, kind_name, {})], {}
            case StopActivity():
                if state.current_activity_id is None:
                    return [], {}
                self._set_current(session, state.id, None)
                return [_Planned(None, ACTIVITY_STOPPED, {})], {}
        raise DomainError(N_("That action is not available here."))

    @staticmethod
    def _set_current(session: Session, workshop_id: int, activity_id: int | None) -> None:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise UnknownWorkshop(workshop_id)
        workshop.current_activity_id = activity_id
        session.add(workshop)

    @staticmethod
    def _add_person(
        session: Session, state: WorkshopState, name: str, *, in_room: bool, by_proxy: bool
    ) -> tuple[list[_Planned], dict[str, Any]]:
        clean_name = clean_text(name, limit=MAX_NAME_LENGTH)
        person = Participant(
            workshop_id=state.id, name=clean_name, in_room=in_room, by_proxy=by_proxy
        )
        session.add(person)
        session.flush()
        data = {"id": person.id, "name": clean_name, "in_room": in_room, "by_proxy": by_proxy}
        return [_Planned(None, PARTICIPANT_JOINED, data)], {"participant_id": person.id}

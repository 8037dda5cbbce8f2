"""The workshop service: the one write path.

Every change to a workshop goes through ``WorkshopService.run``: it loads the state, decides the
events (activities decide their own), appends them to the log in one transaction at the next
seqs, and only after the commit announces ``(workshop, seq)``. The unique (workshop, seq) pair is
the lock: when another process took the seq first, the insert fails and the command is decided
again on the newer state, so a budget can never be overspent by a race.

Deciding is pure (piiri/domain/rules.py): this module gives it the state, the time, a fresh
token and, for a command that creates a person or an activity, the id of the row it reserved;
then it encodes the decided events into log rows and writes the lookup rows from them
(piiri/log/mirror.py), all in the one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from piiri.db.engine import session_scope, wait_to_write
from piiri.db.models import Event
from piiri.domain.commands import WorkshopCommand
from piiri.domain.events import encode
from piiri.domain.rules import DEFAULT_PARTICIPANT_CAP, Decision, WorkshopRules, new_record
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.log.fanout import Fanout, NoFanout
from piiri.log.mirror import mirror, reserve
from piiri.log.store import WorkshopStore, erases, fold
from piiri.metrics import APPLIED, BUSY, DUPLICATE, FAILED, REFUSED, Metrics

log = logging.getLogger(__name__)

MAX_COMMAND_ID_LENGTH = 64
# A command loses the race for a seq only when another command on the same workshop committed
# in between; ten losses in a row means something is wrong, not busy.
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class Outcome:
    """What ``WorkshopService.run`` did: the log's seq after it, how many events it appended,
    whether the command had already been applied, and the participant or activity the decision
    concerns (the one created, started or edited; see ``Decision``)."""

    seq: int
    events: int
    duplicate: bool = False
    participant_id: int | None = None
    activity_id: int | None = None
    # time.perf_counter() just after the commit: the fan-out measures its delay from here.
    committed_at: float = 0.0


class ServiceBusy(RuntimeError):
    """The command lost the race for a seq too many times in a row."""


class WorkshopService:
    def __init__(
        self,
        engine: Engine,
        store: WorkshopStore,
        fanout: Fanout | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.metrics = metrics or Metrics()
        # The hop after a commit: realtime/delivery.py in a server, nothing in the CLI.
        self.fanout: Fanout = fanout or NoFanout()
        # One writer per workshop at a time in this process: its own commands never race each
        # other for a seq, nor hold a database connection while they wait (between processes,
        # wait_to_write queues them on PostgreSQL). Weak: a lock lives only while a command
        # holds or waits for it.
        self._writing: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        # The most people a workshop takes unless it says otherwise (PARTICIPANT_CAP).
        self.default_cap = DEFAULT_PARTICIPANT_CAP

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
        try:
            async with lock:
                outcome = await run_in_threadpool(
                    self._run, workshop_id, actor, command, command_id, now or datetime.now(UTC)
                )
        except DomainError:
            self.metrics.command(command, REFUSED)
            raise
        except ServiceBusy:
            self.metrics.command(command, BUSY)
            raise
        except Exception:
            self.metrics.command(command, FAILED)
            raise
        self.metrics.command(command, DUPLICATE if outcome.duplicate else APPLIED)
        if outcome.events:
            await self.fanout.announce_committed(
                workshop_id, outcome.seq, committed_at=outcome.committed_at
            )
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
        for attempt in range(MAX_ATTEMPTS):
            try:
                return self._attempt(workshop_id, actor, command, command_id, now)
            except IntegrityError:
                log.debug("workshop %s: lost the race for a seq, deciding again", workshop_id)
            except OperationalError as error:
                # SQLite reports a writer that waited out busy_timeout this way.
                if "locked" not in str(error):
                    raise
            self.metrics.db_lost_races.inc()
            # Another process won the seq. Trying again at once would mostly meet the same
            # burst (2,000 phones joining on two processes did, ten times in a row): wait a
            # random, growing few milliseconds so that the writers spread out. This runs in a
            # worker thread, never on the event loop.
            time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
        raise ServiceBusy(workshop_id)

    def _attempt(
        self,
        workshop_id: int,
        actor: Actor,
        command: WorkshopCommand,
        command_id: str | None,
        now: datetime,
    ) -> Outcome:
        with self.metrics.db_write_seconds.time(), session_scope(self.engine) as session:
            wait_to_write(session, workshop_id)
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
            decision = self._decide(session, state, actor, command, now)
            mirror(session, workshop_id, decision.events)
            rows = []
            for seq, event in enumerate(decision.events, start=state.seq + 1):
                activity_id, type_name, data = encode(event)
                row = Event(
                    workshop_id=workshop_id,
                    seq=seq,
                    activity_id=activity_id,
                    type=type_name,
                    data=data,
                    command_id=command_id,
                    actor=actor.label,
                    created_at=now,
                )
                rows.append(row)
            session.add_all(rows)
            session.flush()
            if erases(rows):
                # Older events' text was overwritten: this state is folded afresh.
                self.store.forget(workshop_id)
                new_state = self.store.load(session, workshop_id)
            else:
                # Folded from the rows as written, as a later load will fold them.
                new_state = fold(state, rows)
        committed_at = time.perf_counter()
        self.store.offer(new_state, replace=True)
        return Outcome(
            seq=new_state.seq,
            events=len(rows),
            participant_id=decision.participant_id,
            activity_id=decision.activity_id,
            committed_at=committed_at,
        )

    def _decide(
        self,
        session: Session,
        state: WorkshopState,
        actor: Actor,
        command: WorkshopCommand,
        now: datetime,
    ) -> Decision:
        record = new_record(command)
        default_cap = self.default_cap
        rules = WorkshopRules(
            now=now,
            token=secrets.token_hex(4),
            record_id=None if record is None else reserve(session, state.id, record),
            default_cap=default_cap,
        )
        return rules.decide(state, actor, command)

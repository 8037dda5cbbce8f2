"""The one write path, over a real database: the seq lock, resends, and what is refused."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from piiri.db.accounts import create_facilitator
from piiri.db.engine import make_engine, session_scope
from piiri.db.migrate import upgrade
from piiri.db.models import Activity, Event, Workshop
from piiri.db.workshops import create_workshop
from piiri.domain.commands import (
    ActivityCommand,
    AddActivity,
    EditActivity,
    Join,
    MoveActivity,
    NextActivity,
    StartActivity,
)
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor, DomainError
from piiri.log.fanout import NoFanout
from piiri.log.service import WorkshopService
from piiri.log.store import WorkshopStore
from tests.support.databases import database_url

pytestmark = pytest.mark.db  # the one write path, on a migrated test database


def empty_workshop(tmp_path: Path) -> tuple[Engine, int, int]:
    """A migrated database with one facilitator and one empty workshop: engine and ids."""
    url = database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        owner = create_facilitator(session=session, email="f@example.org", password="x" * 12)
        assert owner.id is not None
        workshop = create_workshop(session=session, owner_id=owner.id, title="W", language="en")
        assert workshop.id is not None
        return engine, workshop.id, owner.id


class LaggingStore(WorkshopStore):
    """A process that read the log just before another process committed its newest event.

    Its first answer is the workshop one seq behind the log; after that it reads as usual.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lag_once = True

    def load(self, session: Session, workshop_id: int) -> WorkshopState:
        fresh = super().load(session, workshop_id)
        if not self.lag_once:
            return fresh
        self.lag_once = False
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        behind = WorkshopState.empty(workshop)
        for row in session.exec(
            select(Event).where(Event.workshop_id == workshop_id).order_by(col(Event.seq))
        ).all()[: fresh.seq - 1]:
            behind = behind.apply(row)
        return behind


def test_a_writer_that_decided_on_a_stale_view_loses_and_decides_again(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    announced: list[int] = []

    class Recorded(NoFanout):
        async def announce_committed(self, workshop_id: int, seq: int) -> None:
            announced.append(seq)

    announce = Recorded()

    a = WorkshopService(engine, WorkshopStore(), announce)
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> None:
        added = await a.run(
            workshop_id,
            facilitator,
            AddActivity("dot_vote", "Q", {"options": "A\nB\nC\nD", "dots_per_person": "2"}),
        )
        assert added.activity_id is not None
        await a.run(workshop_id, facilitator, StartActivity(added.activity_id))
        joined = await a.run(workshop_id, Actor("participant"), Join("Aino", True))
        aino = Actor("participant", participant_id=joined.participant_id)
        cast = ActivityCommand(added.activity_id, "cast_dot", {"option": "o1"})
        await a.run(workshop_id, aino, cast, command_id="tab-1")
        await a.run(workshop_id, aino, cast, command_id="tab-1b")
        # Aino's second tab, on another process that has not yet seen her second dot: there
        # she has one dot left. The seq it would write is taken, so it decides again, on the
        # log as it is, and refuses.
        b = WorkshopService(engine, LaggingStore(), announce)
        with pytest.raises(DomainError) as refused:
            await b.run(workshop_id, aino, cast, command_id="tab-2")
        assert refused.value.params == {"budget": 2}
        state = b.state(workshop_id)
        assert state.activity_state(added.activity_id).used_by(joined.participant_id) == 2

    asyncio.run(scenario())
    with Session(engine) as session:
        seqs = session.exec(select(Event.seq).where(Event.workshop_id == workshop_id)).all()
    assert sorted(seqs) == list(range(1, len(seqs) + 1))  # dense and unique
    assert announced == sorted(set(announced))  # every commit announced its own seq
    engine.dispose()


def test_a_resent_command_is_applied_once_even_on_another_process(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)

    a, b = (WorkshopService(engine, WorkshopStore()) for _ in range(2))
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> None:
        added = await a.run(
            workshop_id, facilitator, AddActivity("dot_vote", "Q", {"options": "A\nB\nC"})
        )
        assert added.activity_id is not None
        await a.run(workshop_id, facilitator, StartActivity(added.activity_id))
        joined = await a.run(workshop_id, Actor("participant"), Join("", False))
        aino = Actor("participant", participant_id=joined.participant_id)
        command = ActivityCommand(added.activity_id, "cast_dot", {"option": "o2"})
        first = await a.run(workshop_id, aino, command, command_id="same-cid")
        again = await b.run(workshop_id, aino, command, command_id="same-cid")
        assert (first.duplicate, again.duplicate) == (False, True)
        assert again.seq == first.seq
        # The same client id from someone else is their own command.
        other = await a.run(workshop_id, Actor("participant"), Join("", True))
        bertil = Actor("participant", participant_id=other.participant_id)
        theirs = await b.run(workshop_id, bertil, command, command_id="same-cid")
        assert theirs.duplicate is False
        state = b.state(workshop_id)
        assert state.activity_state(added.activity_id).totals()["o2"] == 2

    asyncio.run(scenario())
    engine.dispose()


def test_the_lookup_rows_follow_the_agenda_events(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)

    service = WorkshopService(engine, WorkshopStore())
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> tuple[int, int]:
        vote = await service.run(
            workshop_id, facilitator, AddActivity("dot_vote", "Q", {"options": "A\nB"})
        )
        circle = await service.run(workshop_id, facilitator, AddActivity("round_robin", "R", {}))
        assert vote.activity_id is not None and circle.activity_id is not None
        await service.run(workshop_id, facilitator, MoveActivity(circle.activity_id, -1))
        await service.run(workshop_id, facilitator, NextActivity())
        await service.run(
            workshop_id, facilitator, EditActivity(vote.activity_id, "Q2", {"options": "A\nC"})
        )
        return vote.activity_id, circle.activity_id

    vote_id, circle_id = asyncio.run(scenario())
    with Session(engine) as session:
        rows = session.exec(select(Activity).order_by(col(Activity.position))).all()
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        assert [r.id for r in rows] == [circle_id, vote_id]
        assert workshop.current_activity_id == circle_id
        assert (rows[1].title, [o["label"] for o in rows[1].config["options"]]) == (
            "Q2",
            ["A", "C"],
        )
    # A process starting afresh folds the same agenda from the log.
    fresh = WorkshopService(engine, WorkshopStore()).state(workshop_id)
    assert [a.id for a in fresh.agenda] == [circle_id, vote_id]
    assert fresh.current_activity_id == circle_id
    engine.dispose()


def test_the_store_keeps_the_workshops_used_last_and_folds_a_dropped_one_again(
    tmp_path: Path,
) -> None:
    engine, first, owner_id = empty_workshop(tmp_path)
    with session_scope(engine) as session:
        more = [
            create_workshop(session=session, owner_id=owner_id, title=t, language="fi").id
            for t in ("Second", "Third")
        ]
    second, third = more
    assert second is not None and third is not None

    store = WorkshopStore(capacity=2)
    service = WorkshopService(engine, store)
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> None:
        for workshop_id in (first, second):
            await service.run(
                workshop_id, facilitator, AddActivity("dot_vote", "Q", {"options": "A\nB"})
            )
        service.state(first)  # used last: the second is now the one to go
        await service.run(third, facilitator, AddActivity("round_robin", "R", {}))

    asyncio.run(scenario())
    assert len(store) == 2
    assert store.cached(second) is None
    assert store.cached(first) is not None and store.cached(third) is not None
    # Asked for again, the second is folded from its log as it was.
    again = service.state(second)
    assert again.title == "Second" and [a.title for a in again.agenda] == ["Q"]
    assert store.cached(second) is again
    assert len(store) == 2
    with pytest.raises(ValueError, match="at least one"):
        WorkshopStore(capacity=0)
    engine.dispose()

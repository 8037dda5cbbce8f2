"""The one write path, over a real database: the seq lock, resends, and what is refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from piiri.db.accounts import create_facilitator
from piiri.db.engine import make_engine, session_scope, wait_to_write
from piiri.db.models import Activity, Event, Participant, Workshop
from piiri.db.workshops import create_workshop
from piiri.domain.commands import (
    ActivityCommand,
    AddActivity,
    AddProxyPerson,
    CloseWorkshop,
    EditActivity,
    HideResults,
    Join,
    LeaveWorkshop,
    LockInput,
    MoveActivity,
    NextActivity,
    PinMessage,
    StartActivity,
    StartTimer,
)
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor, DomainError
from piiri.log.fanout import NoFanout
from piiri.log.service import WorkshopService
from piiri.log.store import WorkshopStore, fold, state_before_log
from tests.support.databases import database_url, test_databases, upgrade

pytestmark = pytest.mark.db  # the one write path, on a migrated test database

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


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
        rows = session.exec(
            select(Event).where(Event.workshop_id == workshop_id).order_by(col(Event.seq))
        ).all()
        return fold(state_before_log(workshop), rows[: fresh.seq - 1])


def test_a_writer_that_decided_on_a_stale_view_loses_and_decides_again(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    announced: list[int] = []

    class Recorded(NoFanout):
        async def announce_committed(
            self, workshop_id: int, seq: int, *, committed_at: float | None = None
        ) -> None:
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
        # /metrics counts the lost race and the refusal (piiri/metrics.py).
        figures = b.metrics.registry.get_sample_value
        assert figures("piiri_db_lost_races_total") == 1
        assert figures("piiri_commands_total", {"kind": "cast_dot", "outcome": "refused"}) == 1
        state = b.state(workshop_id)
        assert state.activity_state(added.activity_id).used_by(joined.participant_id) == 2

    asyncio.run(scenario())
    with Session(engine) as session:
        seqs = session.exec(select(Event.seq).where(Event.workshop_id == workshop_id)).all()
    assert sorted(seqs) == list(range(1, len(seqs) + 1))  # dense and unique
    assert announced == sorted(set(announced))  # every commit announced its own seq
    engine.dispose()


def test_a_writer_waits_while_another_process_writes_the_same_workshop(tmp_path: Path) -> None:
    """On PostgreSQL writers of one workshop queue (an advisory lock) rather than race for the
    seq: a busy other process can then never make a command lose ten races in a row ("Busy").
    SQLite has one writer per file and no such queue: there the command goes straight on."""
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    other_engine = make_engine(str(engine.url.render_as_string(hide_password=False)))
    service = WorkshopService(engine, WorkshopStore())
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> None:
        with session_scope(other_engine) as other_process:
            wait_to_write(other_process, workshop_id)  # its write transaction is under way
            command = AddActivity("dot_vote", "Q", {"options": "A\nB", "dots_per_person": "1"})
            running = asyncio.create_task(service.run(workshop_id, facilitator, command))
            await asyncio.sleep(0.5)
            assert running.done() is (test_databases.kind == "sqlite")
        added = await running  # the other process committed: this one goes on
        assert added.seq == 1 and added.events == 1
        lost = service.metrics.registry.get_sample_value("piiri_db_lost_races_total")
        assert lost == 0

    asyncio.run(scenario())
    other_engine.dispose()
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


# -- the log as earlier versions wrote it ------------------------------------------------------

DOTS: dict[str, Any] = {
    "options": [{"id": "o1", "label": "A"}, {"id": "o2", "label": "B"}],
    "dots_per_person": None,
    "max_per_option": None,
}
TURNS = {"seconds_per_speaker": 60, "ordering": "join", "auto_advance": False}


def old_log(aino: int, pekka: int, vote: int, circle: int) -> list[tuple[int | None, str, Any]]:
    """A workshop's log as Piiri wrote it while its own events were string constants: the type
    names and data keys are literals, as stored, never produced by today's encoder."""
    return [
        (
            None,
            "ParticipantJoined",
            {"id": aino, "name": "Aino", "in_room": True, "by_proxy": False},
        ),
        (
            None,
            "ParticipantJoined",
            {"id": pekka, "name": "Pekka", "in_room": True, "by_proxy": True},
        ),
        (
            None,
            "ActivityAdded",
            {"id": vote, "kind": "dot_vote", "title": "Q", "position": 0, "config": DOTS},
        ),
        (
            None,
            "ActivityAdded",
            {"id": circle, "kind": "round_robin", "title": "R", "position": 1, "config": TURNS},
        ),
        (None, "AgendaReordered", {"order": [circle, vote]}),
        (None, "ActivityEdited", {"id": vote, "title": "Q2", "config": DOTS}),
        (None, "ActivityStarted", {"id": vote}),
        (vote, "DotCast", {"participant_id": aino, "option_id": "o1", "proxy": False}),
        (
            None,
            "TimerStarted",
            {"ends_at": "2026-03-02T09:35:00+00:00", "remaining": None, "total": 300},
        ),
        (None, "TimerPaused", {"remaining": 200}),
        (None, "TimerExtended", {"ends_at": None, "remaining": 260, "total": 360}),
        (None, "InputLocked", {}),
        (None, "InputUnlocked", {}),
        (None, "ResultsHiddenFromAll", {}),
        (None, "ResultsShownToAll", {}),
        (None, "ResultsHiddenFromAll", {}),
        (None, "MessagePinned", {"text": "Coffee at 10"}),
        (None, "MessageUnpinned", {}),
        (None, "MessagePinned", {"text": "Lunch"}),
        (None, "ActivityRemoved", {"id": circle}),
        (None, "ActivityRestored", {"id": circle}),
        (None, "ActivityRemoved", {"id": circle}),
        (None, "ParticipantLeft", {"id": aino}),
        (None, "ParticipantReturned", {"id": aino}),
        (None, "ParticipantLeft", {"id": pekka}),
        (None, "ActivityStopped", {}),
        (None, "TimerReset", {}),
        (None, "WorkshopClosed", {}),
        (None, "WorkshopReopened", {}),
    ]


def test_a_log_written_by_an_earlier_version_still_folds(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    with session_scope(engine) as session:
        people = [Participant(workshop_id=workshop_id, name=n) for n in ("Aino", "Pekka")]
        activities = [
            Activity(workshop_id=workshop_id, kind=k, title=t, position=i)
            for i, (k, t) in enumerate((("dot_vote", "Q2"), ("round_robin", "R")))
        ]
        session.add_all([*people, *activities])
        session.flush()
        aino, pekka = (p.id for p in people)
        vote, circle = (a.id for a in activities)
        assert aino and pekka and vote and circle
        log = old_log(aino, pekka, vote, circle)
        session.add_all(
            Event(workshop_id=workshop_id, seq=seq, activity_id=a, type=t, data=d, actor="x")
            for seq, (a, t, d) in enumerate(log, start=1)
        )

    service = WorkshopService(engine, WorkshopStore())
    state = service.state(workshop_id)

    assert state.seq == len(log)
    assert [(p.name, p.present, p.by_proxy) for p in state.people.values()] == [
        ("Aino", True, False),
        ("Pekka", False, True),
    ]
    assert [(a.id, a.title) for a in state.agenda] == [(vote, "Q2")]
    assert [a.id for a in state.removed] == [circle]
    assert state.activity_state(vote).dots_cast == 1
    assert (state.current_activity_id, state.closed, state.input_locked) == (None, False, False)
    assert (state.results_hidden, state.pinned, state.timer.idle) == (True, "Lunch", True)

    # Today's version carries on from where the old log ends.
    facilitator = Actor("facilitator", facilitator_id=owner_id)
    asyncio.run(service.run(workshop_id, facilitator, StartActivity(vote)))
    again = WorkshopService(engine, WorkshopStore()).state(workshop_id)
    assert again.current_activity_id == vote and again.seq == len(log) + 1
    engine.dispose()


def test_the_log_is_written_in_the_format_earlier_versions_read(tmp_path: Path) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    service = WorkshopService(engine, WorkshopStore())
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> tuple[int, int, int]:
        vote = await service.run(
            workshop_id, facilitator, AddActivity("dot_vote", "Q", {"options": "A\nB"})
        )
        circle = await service.run(workshop_id, facilitator, AddActivity("round_robin", "R", {}))
        joined = await service.run(workshop_id, Actor("participant"), Join(" Aino ", True))
        assert vote.activity_id and circle.activity_id and joined.participant_id
        for command in (
            MoveActivity(circle.activity_id, -1),
            StartActivity(vote.activity_id),
            StartTimer(300),
            LockInput(),
            HideResults(),
            PinMessage("Lunch"),
            LeaveWorkshop(joined.participant_id),
            CloseWorkshop(),
        ):
            await service.run(workshop_id, facilitator, command, now=T0)
        return vote.activity_id, circle.activity_id, joined.participant_id

    vote, circle, aino = asyncio.run(scenario())
    with Session(engine) as session:
        rows = session.exec(
            select(Event).where(Event.workshop_id == workshop_id).order_by(col(Event.seq))
        ).all()
    written = [(row.activity_id, row.type, row.data) for row in rows]
    assert [(a, t, sorted(d)) for a, t, d in written[:2]] == [
        (None, "ActivityAdded", ["config", "id", "kind", "position", "title"]),
        (None, "ActivityAdded", ["config", "id", "kind", "position", "title"]),
    ]
    ends_at = (T0 + timedelta(seconds=300)).isoformat()
    assert written[2:] == [
        (
            None,
            "ParticipantJoined",
            {"id": aino, "name": "Aino", "in_room": True, "by_proxy": False},
        ),
        (None, "AgendaReordered", {"order": [circle, vote]}),
        (None, "ActivityStarted", {"id": vote}),
        (None, "TimerStarted", {"ends_at": ends_at, "remaining": None, "total": 300}),
        (None, "InputLocked", {}),
        (None, "ResultsHiddenFromAll", {}),
        (None, "MessagePinned", {"text": "Lunch"}),
        (None, "ParticipantLeft", {"id": aino}),
        (None, "WorkshopClosed", {}),
    ]
    engine.dispose()


def test_a_new_person_or_activity_row_is_filled_from_its_event_or_not_kept(
    tmp_path: Path,
) -> None:
    engine, workshop_id, owner_id = empty_workshop(tmp_path)
    service = WorkshopService(engine, WorkshopStore())
    facilitator = Actor("facilitator", facilitator_id=owner_id)

    async def scenario() -> tuple[int, int]:
        joined = await service.run(workshop_id, Actor("participant"), Join("  Aino  ", False))
        proxy = await service.run(workshop_id, facilitator, AddProxyPerson("Pekka"))
        added = await service.run(workshop_id, facilitator, AddActivity("round_robin", "R", {}))
        assert joined.participant_id and proxy.participant_id and added.activity_id
        with pytest.raises(DomainError):
            await service.run(workshop_id, facilitator, AddActivity("round_robin", " ", {}))
        await service.run(workshop_id, facilitator, CloseWorkshop())
        with pytest.raises(DomainError, match="closed"):
            await service.run(workshop_id, Actor("participant"), Join("Late", True))
        return joined.participant_id, added.activity_id

    aino, circle = asyncio.run(scenario())
    with Session(engine) as session:
        people = session.exec(select(Participant).order_by(col(Participant.id))).all()
        activities = session.exec(select(Activity)).all()
    assert [(p.id == aino, p.name, p.in_room, p.by_proxy) for p in people] == [
        (True, "Aino", False, False),
        (False, "Pekka", True, True),
    ]
    assert [(a.id, a.kind, a.title, a.position) for a in activities] == [
        (circle, "round_robin", "R", 0)
    ]
    info = service.state(workshop_id).activity(circle)
    assert info is not None and activities[0].config == info.config
    engine.dispose()
